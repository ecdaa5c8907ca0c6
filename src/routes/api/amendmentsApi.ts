/**
 * Amendments: list, propose, one amendment with its diff and mergeability,
 * revisions, co-signing, comments, reviews, decision, withdrawal. validate -> authorize (inside the
 * command, with the amendment as target) -> command -> present.
 */
import { Router, type Request } from 'express';
import { mapLimited, READ_FAN_OUT } from '../../collections.js';
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
import { amendmentDetail, compareRevisions, listAmendments, mergeability } from '../../queries/amendmentQueries.js';
import { paginate } from '../../queries/paginate.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import {
  amendmentNumberSchema,
  commentSchema,
  decisionSchema,
  listQuerySchema,
  revisionCompareQuerySchema,
  proposeSchema,
  reviewSchema,
  reviseSchema,
  updateSchema,
  withdrawSchema,
} from '../../schemas/amendments.js';
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
    const repo = stores.documents.get(req.params.document);
    const q = parseInput(listQuerySchema, req.query, 'De zoekvraag');
    const items = await listAmendments(stores, repo.slug, { status: q.status, bestand: q.bestand });
    const page = paginate(items, (a) => String(a.nummer), q.limit, q.cursor);
    const shown = await mapLimited(page.items, READ_FAN_OUT, async (a) => presentAmendment(a, a.status === 'ingediend' ? await mergeability(repo, a) : undefined));
    res.json({ items: shown, volgende: page.next });
  });

  r.post(base, async (req, res) => {
    const repo = stores.documents.get(req.params.document);
    const input = parseInput(proposeSchema, req.body, 'Het amendement');
    const record = await proposeAmendment(stores, res.locals.user, repo.slug, input);
    res.status(201).location(location(repo.slug, record.nummer)).json(await detail(repo.slug, record.nummer));
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
    if (typeof body === 'object' && body !== null && !('principes' in body)) {
      const input = parseInput(updateSchema, body, 'Het bijwerken');
      await updateAmendment(stores, res.locals.user, req.params.document, nummer, input);
    } else {
      const input = parseInput(reviseSchema, body, 'De revisie');
      await reviseAmendment(stores, res.locals.user, req.params.document, nummer, input);
    }
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
    const input = parseInput(commentSchema, req.body, 'De reactie');
    const comment = await commentOnAmendment(stores, res.locals.user, req.params.document, nummer, input);
    res.status(201).location(`${location(req.params.document, nummer)}#${comment.id}`).json({ id: comment.id, tekst: comment.tekst, anker: comment.anker, tijdstip: comment.tijdstip, door: { naam: comment.door.naam, organisatie: comment.door.organisatie } });
  });

  r.post(`${base}/:nummer/beoordelingen`, async (req, res) => {
    const nummer = nummerOf(req);
    const input = parseInput(reviewSchema, req.body, 'De beoordeling');
    await reviewAmendment(stores, res.locals.user, req.params.document, nummer, input);
    res.status(201).location(location(req.params.document, nummer)).json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/besluit`, async (req, res) => {
    const nummer = nummerOf(req);
    const input = parseInput(decisionSchema, req.body, 'Het besluit');
    await decideAmendment(stores, res.locals.user, req.params.document, nummer, input, settings);
    res.json(await detail(req.params.document, nummer));
  });

  r.post(`${base}/:nummer/intrekking`, async (req, res) => {
    const nummer = nummerOf(req);
    const input = parseInput(withdrawSchema, req.body, 'De intrekking');
    await withdrawAmendment(stores, res.locals.user, req.params.document, nummer, input);
    res.json(await detail(req.params.document, nummer));
  });

  return r;
}
