/**
 * Endorsements: open data (JSON and CSV, filters `versie`, `organisatie`,
 * `status`), one endorsement, the verifiable audit export, endorsing a named version for one's own
 * organisation, and withdrawing. Handlers: validate -> authorize (inside the command, with the
 * organisation as target) -> command or query -> present. Mounted by apiRouter under /api/v1.
 */
import { Router, type Request, type Response } from 'express';
import { authorizeEndorser, endorseVersion, namedVersion } from '../../commands/endorsements/endorseVersion.js';
import { authorize } from '../../policies/policies.js';
import { findEndorsement, withdrawEndorsement } from '../../commands/endorsements/withdrawEndorsement.js';
import { NotFound } from '../../errors.js';
import { endorsementsCsv, presentEndorsement } from '../../presenters/endorsementPresenters.js';
import { endorsementAuditExport, listEndorsements } from '../../queries/endorsementQueries.js';
import { paginate } from '../../queries/paginate.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { weakEtag } from '../etag.js';
import { ENDORSEMENT_ID, endorseSchema, endorsementListQuerySchema, withdrawEndorsementSchema } from '../../schemas/endorsements.js';

const base = '/documenten/:document/onderschrijvingen';

export function endorsementLocation(slug: string, id: string): string {
  return `/api/v1/documenten/${slug}/onderschrijvingen/${id}`;
}

/** CSV when asked for with `?formaat=csv`, or with `Accept: text/csv` preferred over JSON (and no `formaat=json`). */
function wantsCsv(req: Request, formaat: 'json' | 'csv' | undefined): boolean {
  if (formaat !== undefined) return formaat === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function idOf(req: Request): string {
  const id = String(req.params.id);
  if (!ENDORSEMENT_ID.test(id)) throw new NotFound(`Onderschrijving ${id.slice(0, 60)} bestaat niet.`);
  return id;
}

/**
 * Sends the CSV. Its weak ETag names what it holds (the endorsements' revision and the filters), so a
 * client can revalidate (304) and the server does not hash megabytes for it.
 */
function sendCsv(res: Response, slug: string, csv: Buffer, state: string): void {
  res
    .status(200)
    .type('text/csv; charset=utf-8; header=present')
    .setHeader('Content-Disposition', `attachment; filename="onderschrijvingen-${slug}.csv"`)
    .setHeader('ETag', weakEtag(state))
    .send(csv);
}

export function endorsementsApi(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get(base, (req, res) => {
    const q = parseInput(endorsementListQuerySchema, req.query, 'De zoekvraag');
    const items = listEndorsements(stores, req.params.document, { versie: q.versie, organisatie: q.organisatie, status: q.status });
    res.vary('Accept');
    if (wantsCsv(req, q.formaat)) {
      // Open data: the whole (filtered) set in one file, no pages.
      const state = JSON.stringify(['csv', req.params.document, stores.endorsements.changes().length, q.versie ?? null, q.organisatie ?? null, q.status ?? null]);
      sendCsv(res, req.params.document, endorsementsCsv(items), state);
      return;
    }
    const page = paginate(items, (e) => e.id, q.limit, q.cursor);
    res.json({ items: page.items.map(presentEndorsement), volgende: page.next });
  });

  r.get(`${base}/audit`, (req, res) => {
    res.json(endorsementAuditExport(stores, req.params.document));
  });

  r.get(`${base}/:id`, (req, res) => {
    res.json(presentEndorsement(findEndorsement(stores, req.params.document, idOf(req))));
  });

  r.post('/documenten/:document/versies/:versie/onderschrijvingen', async (req, res) => {
    const repo = stores.documents.get(req.params.document);
    const body: unknown = req.body;
    authorizeEndorser(res.locals.user, typeof body === 'object' && body !== null ? (body as Record<string, unknown>).organisatie : undefined);
    // The path before the body: an unknown version is 404 and the draft 409, whatever was sent.
    namedVersion(repo, req.params.versie);
    const input = parseInput(endorseSchema, body, 'De onderschrijving');
    const record = await endorseVersion(stores, res.locals.user, repo.slug, req.params.versie, input);
    res.status(201).location(endorsementLocation(repo.slug, record.id)).json(presentEndorsement(record));
  });

  r.post(`${base}/:id/intrekking`, async (req, res) => {
    const found = findEndorsement(stores, req.params.document, idOf(req));
    authorize(res.locals.user, 'endorsement:give', { organisatie: found.organisatie.code });
    const id = found.id;
    const input = parseInput(withdrawEndorsementSchema, req.body, 'De intrekking');
    const record = await withdrawEndorsement(stores, res.locals.user, req.params.document, id, input);
    res.json(presentEndorsement(record));
  });

  return r;
}
