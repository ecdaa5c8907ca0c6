/**
 * Documents, versions, history and comparison (reads are public), and naming the draft as a version.
 * Each handler translates: validate the query -> query (or command, which authorizes) -> present.
 */
import { Router } from 'express';
import { nameVersion } from '../../commands/versions/nameVersion.js';
import { presentComparison, presentDocument, presentDocumentAt, presentHistoryItem, presentVersionSummary } from '../../presenters/apiPresenters.js';
import { documentHistory } from '../../queries/documentQueries.js';
import { compareVersions, documentAtRef, documentDrafts, documentSlug, versionStates, versionsWithStatus } from '../../queries/versionQueries.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { refSchema } from '../../schemas/common.js';
import { compareQuerySchema, historyQuerySchema } from '../../schemas/documents.js';

export function documentsApi(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/documenten', async (_req, res) => {
    const drafts = await documentDrafts(stores);
    const states = versionStates(stores);
    res.json({ items: drafts.map((draft) => presentDocument(draft.repo, draft, states)), volgende: null });
  });

  r.get('/documenten/:document', async (req, res) => {
    const draft = await documentAtRef(stores, req.params.document, 'concept');
    res.json(presentDocument(draft.repo, draft, versionStates(stores)));
  });

  r.get('/documenten/:document/versies', (req, res) => {
    const { slug, versions } = versionsWithStatus(stores, req.params.document);
    res.json({ items: versions.map((v) => presentVersionSummary(slug, v, v.status)), volgende: null });
  });

  // Name the current draft as a version (secretaris, beheerder).
  r.post('/documenten/:document/versies', async (req, res) => {
    const slug = req.params.document;
    const version = await nameVersion(stores, res.locals.user, slug, req.body);
    res.status(201).location(`/api/v1/documenten/${slug}/versies/${version.naam}`).json(presentVersionSummary(slug, version));
  });

  r.get('/documenten/:document/versies/:versie', async (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    const ref = parseInput(refSchema, req.params.versie, 'De versie');
    res.json(presentDocumentAt(slug, await documentAtRef(stores, slug, ref), versionStates(stores)));
  });

  r.get('/documenten/:document/geschiedenis', async (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    const q = parseInput(historyQuerySchema, req.query, 'De zoekvraag');
    const page = await documentHistory(stores, slug, q);
    res.json({ items: page.items.map(presentHistoryItem), volgende: page.next, weergave: page.weergave });
  });

  r.get('/documenten/:document/vergelijking', async (req, res) => {
    const slug = documentSlug(stores, req.params.document);
    const q = parseInput(compareQuerySchema, req.query, 'De vergelijking');
    const { van, naar, diff } = await compareVersions(stores, slug, q.van, q.naar);
    res.json(presentComparison(slug, van, naar, diff));
  });

  return r;
}
