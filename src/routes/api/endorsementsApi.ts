/**
 * Endorsements: open data (JSON and CSV, filters `versie`, `organisatie`, `status`), one endorsement,
 * the verifiable audit export, endorsing a named version for one's own organisation, and withdrawing.
 * Each handler translates: the request to a query, or to a command (which authorizes with the
 * organisation as target before it looks at the body), the result to JSON or CSV. Mounted by apiRouter
 * under /api/v1.
 */
import { Router, type Request, type Response } from 'express';
import { endorseVersion } from '../../commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../../commands/endorsements/withdrawEndorsement.js';
import { endorsementsCsv, presentEndorsement } from '../../presenters/endorsementPresenters.js';
import { endorsementAuditExport, endorsementsRevision, findEndorsement, listEndorsements } from '../../queries/endorsementQueries.js';
import { paginate } from '../../queries/paginate.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { weakEtag } from '../etag.js';
import { endorsementListQuerySchema } from '../../schemas/endorsements.js';

const base = '/documenten/:document/onderschrijvingen';

export function endorsementLocation(slug: string, id: string): string {
  return `/api/v1/documenten/${slug}/onderschrijvingen/${id}`;
}

/** CSV when asked for with `?formaat=csv`, or with `Accept: text/csv` preferred over JSON (and no `formaat=json`). */
function wantsCsv(req: Request, formaat: 'json' | 'csv' | undefined): boolean {
  if (formaat !== undefined) return formaat === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
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
      const state = JSON.stringify(['csv', req.params.document, endorsementsRevision(stores), q.versie ?? null, q.organisatie ?? null, q.status ?? null]);
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
    res.json(presentEndorsement(findEndorsement(stores, req.params.document, req.params.id)));
  });

  r.post('/documenten/:document/versies/:versie/onderschrijvingen', async (req, res) => {
    const record = await endorseVersion(stores, res.locals.user, req.params.document, req.params.versie, req.body);
    res.status(201).location(endorsementLocation(record.document, record.id)).json(presentEndorsement(record));
  });

  r.post(`${base}/:id/intrekking`, async (req, res) => {
    const record = await withdrawEndorsement(stores, res.locals.user, req.params.document, req.params.id, req.body);
    res.json(presentEndorsement(record));
  });

  return r;
}
