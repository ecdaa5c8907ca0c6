/**
 * Read endpoints for documents, versions, history and comparison, and naming a version.
 * Each handler: validate -> (authorize: reads are public) -> query -> present.
 */
import { Router } from 'express';
import { mapLimited, READ_FAN_OUT } from '../../collections.js';
import { presentComparison, presentHistoryItem, presentDocument, presentDocumentAt, presentVersionSummary, versionStatusOf } from '../../presenters/apiPresenters.js';
import { compareRefs, documentAt, documentHistory } from '../../queries/documentQueries.js';
import { nameVersion } from '../../commands/versions/nameVersion.js';
import type { Stores } from '../../storage/stores.js';
import { refSchema } from '../../schemas/common.js';
import { compareQuerySchema, historyQuerySchema, nameVersionSchema } from '../../schemas/documents.js';
import { parseInput } from '../../validation.js';

export function documentsApi(stores: Stores): Router {
  const store = stores.documents;
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/documenten', async (_req, res) => {
    const items = await mapLimited(store.list(), READ_FAN_OUT, async (repo) => presentDocument(repo, await documentAt(store, repo.slug, 'concept'), stores.db.data.versies));
    res.json({ items, volgende: null });
  });

  r.get('/documenten/:document', async (req, res) => {
    const draft = await documentAt(store, req.params.document, 'concept');
    res.json(presentDocument(draft.repo, draft, stores.db.data.versies));
  });

  r.get('/documenten/:document/versies', (req, res) => {
    const repo = store.get(req.params.document);
    const states = stores.db.data.versies;
    res.json({ items: repo.versions().map((v) => presentVersionSummary(repo.slug, v, versionStatusOf(states, repo.slug, v.naam))), volgende: null });
  });

  // Name the current draft as a version (secretaris, beheerder).
  r.post('/documenten/:document/versies', async (req, res) => {
    const repo = store.get(req.params.document);
    const input = parseInput(nameVersionSchema, req.body, 'De versie');
    const version = await nameVersion(stores, res.locals.user, repo.slug, input);
    res.status(201).location(`/api/v1/documenten/${repo.slug}/versies/${version.naam}`).json(presentVersionSummary(repo.slug, version));
  });

  r.get('/documenten/:document/versies/:versie', async (req, res) => {
    const repo = store.get(req.params.document);
    const ref = parseInput(refSchema, req.params.versie, 'De versie');
    res.json(presentDocumentAt(repo.slug, await documentAt(store, repo.slug, ref), stores.db.data.versies));
  });

  r.get('/documenten/:document/geschiedenis', async (req, res) => {
    const repo = store.get(req.params.document);
    const q = parseInput(historyQuerySchema, req.query, 'De zoekvraag');
    const page = await documentHistory(stores, repo.slug, q);
    res.json({ items: page.items.map(presentHistoryItem), volgende: page.next, weergave: page.weergave });
  });

  r.get('/documenten/:document/vergelijking', async (req, res) => {
    const repo = store.get(req.params.document);
    const q = parseInput(compareQuerySchema, req.query, 'De vergelijking');
    const { van, naar, diff } = await compareRefs(store, repo.slug, q.van, q.naar);
    res.json(presentComparison(repo.slug, van, naar, diff));
  });

  return r;
}
