/**
 * Amendments: list, propose, one amendment with its diff and mergeability,
 * revisions, co-signing, comments, reviews, decision, withdrawal. The route translates the request
 * (path, body) for a command or a query and presents the answer; the command finds the amendment (404),
 * authorizes with it as target (401/403), validates the body (400) and guards its state (409).
 */
import { Router, type Request } from 'express';
import { commentOnAmendment } from '../../commands/amendments/commentOnAmendment.js';
import { cosignAmendment, withdrawCosign } from '../../commands/amendments/cosignAmendment.js';
import { decideAmendment } from '../../commands/amendments/decideAmendment.js';
import { proposeAmendment } from '../../commands/amendments/proposeAmendment.js';
import { reviewAmendment } from '../../commands/amendments/reviewAmendment.js';
import { reviseAmendment } from '../../commands/amendments/reviseAmendment.js';
import { updateAmendment } from '../../commands/amendments/updateAmendment.js';
import { withdrawAmendment } from '../../commands/amendments/withdrawAmendment.js';
import { NotFound } from '../../errors.js';
import { presentAmendment, presentAmendmentDetail } from '../../presenters/amendmentPresenters.js';
import { amendmentDetail, amendmentListPage, compareRevisions } from '../../queries/amendmentQueries.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { amendmentNumberSchema, revisionCompareQuerySchema } from '../../schemas/amendments.js';
import type { AmendmentSettings } from '../deps.js';

function nummerOf(req: Request): number {
  const parsed = amendmentNumberSchema.safeParse(req.params.nummer);
  if (!parsed.success) throw new NotFound(`Amendement ${String(req.params.nummer)} bestaat niet.`);
  return parsed.data;
}

const base = '/documenten/:document/amendementen';

export function amendmentsApi(stores: Stores, settings: AmendmentSettings): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const location = (slug: string, nummer: number) => `/api/v1/documenten/${slug}/amendementen/${nummer}`;
  const detail = async (slug: string, nummer: number) => presentAmendmentDetail(await amendmentDetail(stores, slug, nummer));

  r.get(base, async (req, res) => {
    const page = await amendmentListPage(stores, req.params.document, req.query);
    res.json({ items: page.items.map((a) => presentAmendment(a.record, a.merge ?? undefined)), volgende: page.next });
  });

  r.post(base, async (req, res) => {
    const record = await proposeAmendment(stores, res.locals.user, req.params.document, req.body);
    res.status(201).location(location(record.document, record.nummer)).json(await detail(record.document, record.nummer));
  });

  r.get(`${base}/:nummer`, async (req, res) => {
    res.json(await detail(req.params.document, nummerOf(req)));
  });

  r.get(`${base}/:nummer/revisies`, async (req, res) => {
    const d = await amendmentDetail(stores, req.params.document, nummerOf(req));
    res.json({ items: presentAmendmentDetail(d).revisies, volgende: null });
  });

  r.get(`${base}/:nummer/vergelijking`, async (req, res) => {
    const nummer = nummerOf(req);
    const q = parseInput(revisionCompareQuerySchema, req.query, 'De vergelijking');
    const diff = await compareRevisions(stores, req.params.document, nummer, q.van, q.naar);
    res.json({ van: q.van, naar: q.naar, gewijzigd: diff.gewijzigd, afgebroken: diff.afgebroken, principes: diff.principes });
  });

  r.post(`${base}/:nummer/revisies`, async (req, res) => {
    const nummer = nummerOf(req);
    const body: unknown = req.body;
    // `{verwachteRevisie}` alone means "bijwerken naar het huidige concept"; with `principes` it is a new text.
    if (typeof body === 'object' && body !== null && !('principes' in body)) await updateAmendment(stores, res.locals.user, req.params.document, nummer, body);
    else await reviseAmendment(stores, res.locals.user, req.params.document, nummer, body);
    res.status(201).location(location(req.params.document, nummer)).json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/mede-indieners`, async (req, res) => {
    const nummer = nummerOf(req);
    await cosignAmendment(stores, res.locals.user, req.params.document, nummer);
    res.status(201).location(location(req.params.document, nummer)).json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/mede-indieners/intrekking`, async (req, res) => {
    const nummer = nummerOf(req);
    await withdrawCosign(stores, res.locals.user, req.params.document, nummer);
    res.json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/reacties`, async (req, res) => {
    const nummer = nummerOf(req);
    const comment = await commentOnAmendment(stores, res.locals.user, req.params.document, nummer, req.body);
    res.status(201).location(`${location(req.params.document, nummer)}#${comment.id}`).json({ id: comment.id, tekst: comment.tekst, anker: comment.anker, tijdstip: comment.tijdstip, door: { naam: comment.door.naam, organisatie: comment.door.organisatie } });
  });

  r.post(`${base}/:nummer/beoordelingen`, async (req, res) => {
    const nummer = nummerOf(req);
    await reviewAmendment(stores, res.locals.user, req.params.document, nummer, req.body);
    res.status(201).location(location(req.params.document, nummer)).json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/besluit`, async (req, res) => {
    const nummer = nummerOf(req);
    await decideAmendment(stores, res.locals.user, req.params.document, nummer, req.body, settings);
    res.json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/intrekking`, async (req, res) => {
    const nummer = nummerOf(req);
    await withdrawAmendment(stores, res.locals.user, req.params.document, nummer, req.body);
    res.json(await detail(req.params.document, nummer));
  });

  return r;
}
