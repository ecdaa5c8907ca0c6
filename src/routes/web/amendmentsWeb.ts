/**
 * The amendment pages (Dutch, server-rendered, no JavaScript needed): the list per document, proposing
 * a change to the draft's Markdown, one amendment (redline, mergeability with its conflicts side by
 * side, discussion anchored to sentences, co-signing, revisions and their comparison, reviews, the
 * decision, withdrawal), a new revision, and resolving the conflicts of "bijwerken".
 *
 * Each handler translates: the form's fields into a command's input (the command finds the amendment,
 * authorizes with it as target, validates and guards its state, so a wrong role gets 401/403 and never a
 * form error), or the request into a query (queries/amendmentPages.ts) whose answer a presenter
 * (presenters/amendmentPages.ts) turns into the page. A failed form (400 invalid input, 409 conflict or
 * stale revision) renders the page again with the state as it is now, the values the person typed, and
 * the Dutch message.
 *
 * Forms post flat urlencoded fields (the web router parses with `extended: false`), so the principle
 * rows are numbered: `bestand_<i>` (hidden), `tekst_<i>`, `verwijder_<i>`; an optional new principle
 * is `nieuwBestand` + `nieuwTekst`. Only rows whose text differs from the text they were edited
 * against (after the same normalisation the commands apply) are sent to the command.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { commentOnAmendment } from '../../commands/amendments/commentOnAmendment.js';
import { cosignAmendment, withdrawCosign } from '../../commands/amendments/cosignAmendment.js';
import { decideAmendment } from '../../commands/amendments/decideAmendment.js';
import { proposeAmendment } from '../../commands/amendments/proposeAmendment.js';
import { reviewAmendment } from '../../commands/amendments/reviewAmendment.js';
import { reviseAmendment } from '../../commands/amendments/reviseAmendment.js';
import { updateAmendment } from '../../commands/amendments/updateAmendment.js';
import { withdrawAmendment } from '../../commands/amendments/withdrawAmendment.js';
import { AMENDMENT_STATUSES, currentRevision } from '../../domain/amendmentModel.js';
import { canAct, requireAction } from '../../domain/amendmentState.js';
import { isPrincipleFile, parseDocumentFiles } from '../../domain/documentModel.js';
import { normaliseMarkdown } from '../../domain/sentences.js';
import { Conflict, InvalidInput, MergeConflict, NotFound, StaleHead, type FieldError } from '../../errors.js';
import {
  amendmentListModel,
  amendmentPageModel,
  proposeFormModel,
  resolveFormModel,
  reviseFormModel,
  rowIndexes,
  rowsFor,
  rowsFromBody,
  rowValues,
  type AmendmentPageForm,
  type PageOptions,
} from '../../presenters/amendmentPages.js';
import { amendmentListData, amendmentPageData, ownAmendmentForm, proposeFormData, resolveData } from '../../queries/amendmentPages.js';
import type { Stores } from '../../storage/stores.js';
import type { AmendmentSettings } from '../deps.js';
import { fieldErrors } from '../../validation.js';
import { emptyForm, type FormState } from './forms.js';
import { amendmentNumberSchema, proposeSchema } from '../../schemas/amendments.js';

type Body = Record<string, unknown>;

const listFilterSchema = z.object({
  status: z
    .union([z.literal(''), z.enum(AMENDMENT_STATUSES)], { error: 'Kies een status uit de lijst.' })
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  principe: z
    .union([z.literal(''), z.string().regex(/^\d{2}-[a-z0-9-]+\.md$/)], { error: 'Kies een principe uit de lijst.' })
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});

/** The message when the draft moved while the proposer resolved conflicts against it. */
const DRAFT_MOVED = 'Het concept is intussen gewijzigd. Hieronder staat uw amendement opnieuw samengevoegd met het huidige concept; controleer de tekst en sla opnieuw op.';

function queryString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function bodyOf(req: Request): Body {
  const b: unknown = req.body;
  return typeof b === 'object' && b !== null ? (b as Body) : {};
}

function text(body: Body, name: string): string {
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** An empty form field is a missing one for the command (its schema names what is missing). */
function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

function nummerOf(req: Request): number {
  const parsed = amendmentNumberSchema.safeParse(req.params.nummer);
  if (!parsed.success) throw new NotFound(`Amendement ${String(req.params.nummer)} bestaat niet.`);
  return parsed.data;
}

/** A conflict's message for a person: stale revisions say what to do instead of showing commit ids. */
function conflictMessage(e: Conflict): string {
  if (e instanceof StaleHead) {
    return 'Het amendement is intussen gewijzigd: er is een nieuwere revisie dan de tekst die u zag. Bekijk de huidige tekst hieronder en probeer het opnieuw.';
  }
  return e.detail;
}

function renameErrors(errors: readonly FieldError[], names: Record<string, string>): FieldError[] {
  return errors.map((e) => ({ ...e, name: names[e.name] ?? e.name }));
}

// ---------------------------------------------------------------------------------------------------
// From the principle rows of the propose / revise / resolve form to the commands' principle edits

interface PrincipleEditsFromForm {
  principes: { bestand: string; tekst: string | null }[];
  /** For the edit at position i: the form fields its `bestand` and `tekst` errors belong to. */
  fields: { bestand: string; tekst: string }[];
}

/**
 * The principle edits a form asks for, against `reference` (the files the form was edited against):
 * removed rows, rows whose normalised text differs, and the optional new principle. Throws
 * InvalidInput with the form's field names when nothing changed or the new principle is incomplete.
 *
 * `sendAll` (resolving onto the draft): every row is sent, also one left equal to the draft, because
 * `reviseAmendment` with `opConcept` merges the amendment's own change back into every file that is
 * not sent; a proposer who restores the draft's text of a principle means to drop that change.
 */
function editsFromForm(body: Body, reference: ReadonlyMap<string, string>, opts: { allowNew: boolean; sendAll: boolean }): PrincipleEditsFromForm {
  const { allowNew, sendAll } = opts;
  const out: PrincipleEditsFromForm = { principes: [], fields: [] };
  const errors: FieldError[] = [];
  for (const index of rowIndexes(body)) {
    const bestand = text(body, `bestand_${index}`).trim();
    const tekst = text(body, `tekst_${index}`);
    const inReference = reference.has(bestand);
    if (text(body, `verwijder_${index}`) === 'ja') {
      if (inReference) {
        out.principes.push({ bestand, tekst: null });
        out.fields.push({ bestand: `verwijder_${index}`, tekst: `verwijder_${index}` });
      }
      continue;
    }
    if (!inReference && tekst.trim() === '') continue;
    if (!sendAll && inReference && normaliseIfPossible(tekst) === reference.get(bestand)) continue;
    out.principes.push({ bestand, tekst });
    out.fields.push({ bestand: `tekst_${index}`, tekst: `tekst_${index}` });
  }
  if (allowNew) {
    const nieuwBestand = text(body, 'nieuwBestand').trim();
    const nieuwTekst = text(body, 'nieuwTekst');
    if (nieuwBestand !== '' || nieuwTekst.trim() !== '') {
      if (nieuwBestand === '') errors.push({ name: 'nieuwBestand', reason: 'Geef de bestandsnaam van het nieuwe principe, zoals 05-nieuw-principe.md.' });
      else if (!isPrincipleFile(nieuwBestand)) errors.push({ name: 'nieuwBestand', reason: 'Een principebestand heet zoals 05-nieuw-principe.md (twee cijfers, een streepje, kleine letters, .md).' });
      else if (reference.has(nieuwBestand)) errors.push({ name: 'nieuwBestand', reason: `${nieuwBestand} bestaat al: wijzig dat principe hierboven, of kies een andere naam.` });
      if (nieuwTekst.trim() === '') errors.push({ name: 'nieuwTekst', reason: 'Geef de tekst van het nieuwe principe; de eerste regel is de titel, zoals "# Nieuw principe".' });
      out.principes.push({ bestand: nieuwBestand, tekst: nieuwTekst });
      out.fields.push({ bestand: 'nieuwBestand', tekst: 'nieuwTekst' });
    }
  }
  if (errors.length === 0 && out.principes.length === 0) {
    errors.push({ name: 'principes', reason: 'U hebt geen principe gewijzigd: wijzig, verwijder of voeg ten minste één principe toe.' });
  }
  if (errors.length > 0) throw new InvalidInput('Het voorstel is niet geldig.', errors);
  return out;
}

/** The text as the commands will store it; unparseable input is left for the command to refuse. */
function normaliseIfPossible(tekst: string): string {
  try {
    return normaliseMarkdown(tekst);
  } catch {
    return tekst;
  }
}

/** Maps `principes.<i>.bestand|tekst` (the commands' and schemas' names) to the form's fields. */
function principleFieldNames(errors: readonly FieldError[], fields: PrincipleEditsFromForm['fields']): FieldError[] {
  return errors.map((e) => {
    const m = /^principes\.(\d+)\.(bestand|tekst)$/.exec(e.name);
    const f = m ? fields[Number(m[1])] : undefined;
    if (m && f) return { ...e, name: m[2] === 'bestand' ? f.bestand : f.tekst };
    return e;
  });
}

async function withPrincipleFields<T>(fields: PrincipleEditsFromForm['fields'], action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    if (e instanceof InvalidInput) throw new InvalidInput(e.detail, principleFieldNames(e.errors, fields));
    throw e;
  }
}

export function amendmentsWeb(stores: Stores, settings: AmendmentSettings): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const base = '/documenten/:document/amendementen';
  const pageUrl = (slug: string, nummer: number) => `/documenten/${slug}/amendementen/${nummer}`;

  async function renderAmendmentPage(req: Request, res: Response, slug: string, nummer: number, opts: PageOptions = {}): Promise<void> {
    // Only a GET shows what its query string asks for (a view, a notice, a sentence, two revisions).
    const q: Record<string, unknown> = req.method === 'GET' ? req.query : {};
    const asked = { weergave: queryString(q.weergave), melding: queryString(q.melding), bestand: queryString(q.bestand), zin: queryString(q.zin) };
    const data = await amendmentPageData(stores, slug, nummer, { van: queryString(q.van), naar: queryString(q.naar) });
    res.status(opts.status ?? 200).render('pages/amendment', amendmentPageModel(data, res.locals.user, asked, opts, settings.minApprovals));
  }

  /** The resolve form for the conflicts with the current draft (status 409 after a failed "bijwerken"). */
  async function renderResolve(res: Response, slug: string, nummer: number, status: number, form: FormState | null): Promise<void> {
    res.status(status).render('pages/amendment-form', resolveFormModel(await resolveData(stores, slug, nummer), form));
  }

  /**
   * Runs a form action of the amendment page: on success a 303 to `redirect`; on invalid input (400)
   * or a conflict (409) the page again, in its current state, with this form's values and message.
   */
  async function pageAction(
    req: Request,
    res: Response,
    key: AmendmentPageForm,
    values: Body,
    names: Record<string, string>,
    action: () => Promise<string>,
  ): Promise<void> {
    const slug = String(req.params.document);
    const nummer = nummerOf(req);
    try {
      res.redirect(303, await action());
    } catch (e) {
      if (e instanceof InvalidInput) {
        await renderAmendmentPage(req, res, slug, nummer, { status: 400, forms: { [key]: { values, errors: renameErrors(e.errors, names), message: 'Controleer de gemarkeerde velden.' } } });
        return;
      }
      if (e instanceof Conflict) {
        await renderAmendmentPage(req, res, slug, nummer, { status: 409, forms: { [key]: { values, errors: [], message: conflictMessage(e) } } });
        return;
      }
      throw e;
    }
  }

  // --- The list ------------------------------------------------------------------------------------

  r.get(base, async (req, res) => {
    const parsed = listFilterSchema.safeParse({ status: queryString(req.query.status), principe: queryString(req.query.principe) });
    const query = { status: queryString(req.query.status) ?? '', principe: queryString(req.query.principe) ?? '' };
    const data = await amendmentListData(stores, req.params.document, parsed.success ? { status: parsed.data.status, bestand: parsed.data.principe } : null);
    const model = amendmentListModel(data, query, res.locals.user);
    if (!parsed.success) {
      res.status(400).render('pages/amendments', { ...model, errors: fieldErrors(parsed.error) });
      return;
    }
    res.render('pages/amendments', { ...model, errors: [] });
  });

  // --- Propose ---------------------------------------------------------------------------------------

  r.get(`${base}/nieuw`, async (req, res) => {
    const data = await proposeFormData(stores, res.locals.user, req.params.document, null);
    const rows = rowsFor(data.doc);
    res.render('pages/amendment-form', proposeFormModel(data, rows, emptyForm({ ...rowValues(rows), namens: 'organisatie' })));
  });

  r.post(base, async (req, res) => {
    const body = bodyOf(req);
    // The basis is the draft commit the form showed; an unknown one falls back to the current draft.
    const data = await proposeFormData(stores, res.locals.user, req.params.document, text(body, 'basis'));
    try {
      const errors: FieldError[] = [];
      let edits: PrincipleEditsFromForm = { principes: [], fields: [] };
      try {
        edits = editsFromForm(body, data.files, { allowNew: true, sendAll: false });
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw e;
        errors.push(...e.errors);
      }
      // Title and motivation are checked together with the principles, so all errors show at once.
      const meta = proposeSchema.pick({ titel: true, toelichting: true }).safeParse({ titel: body.titel, toelichting: body.toelichting });
      if (!meta.success) errors.unshift(...fieldErrors(meta.error));
      if (errors.length > 0) throw new InvalidInput('Het amendement is niet geldig.', errors);
      // Only a working-group member with an organisation chooses; everyone else proposes as the policy says.
      const namens = body.namens === 'organisatie' || body.namens === 'persoon' ? body.namens : undefined;
      const input = { titel: body.titel, toelichting: body.toelichting, basis: data.basis, principes: edits.principes, namens };
      const record = await withPrincipleFields(edits.fields, () => proposeAmendment(stores, res.locals.user, data.slug, input));
      res.redirect(303, `${pageUrl(data.slug, record.nummer)}?melding=ingediend`);
    } catch (e) {
      if (!(e instanceof InvalidInput || e instanceof Conflict)) throw e;
      const status = e instanceof InvalidInput ? 400 : 409;
      const errors = e instanceof InvalidInput ? e.errors : [];
      const message = e instanceof InvalidInput ? 'Controleer de gemarkeerde velden.' : conflictMessage(e);
      res.status(status).render('pages/amendment-form', proposeFormModel(data, rowsFromBody(body, data.files, new Set()), { values: body, errors, message }));
    }
  });

  // --- One amendment ---------------------------------------------------------------------------------

  r.get(`${base}/:nummer`, async (req, res) => {
    await renderAmendmentPage(req, res, req.params.document, nummerOf(req));
  });

  // --- New revision (proposer) -------------------------------------------------------------------

  r.get(`${base}/:nummer/bewerken`, async (req, res) => {
    const form = await ownAmendmentForm(stores, res.locals.user, req.params.document, nummerOf(req));
    requireAction(form.record, 'herzien');
    const rows = rowsFor(parseDocumentFiles(form.revisionFiles));
    res.render('pages/amendment-form', reviseFormModel(form.record, form.docTitel, rows, emptyForm(rowValues(rows))));
  });

  r.get(`${base}/:nummer/oplossen`, async (req, res) => {
    const form = await ownAmendmentForm(stores, res.locals.user, req.params.document, nummerOf(req));
    requireAction(form.record, 'bijwerken');
    if (currentRevision(form.record).basis === form.headOid) {
      res.redirect(303, pageUrl(form.slug, form.record.nummer));
      return;
    }
    await renderResolve(res, form.slug, form.record.nummer, 200, null);
  });

  r.post(`${base}/:nummer/revisies`, async (req, res) => {
    const form = await ownAmendmentForm(stores, res.locals.user, req.params.document, nummerOf(req));
    const { slug, record } = form;
    const body = bodyOf(req);
    const opConcept = text(body, 'opConcept') === 'ja';
    const verwachteRevisie = text(body, 'verwachteRevisie');
    try {
      requireAction(record, 'herzien');
      // The edits are against the text the form showed: the draft (resolving) or the revision. When that
      // is no longer the current one, the rows cannot be compared with it: the form comes back first.
      if (opConcept && text(body, 'verwachtConcept') !== form.headOid) throw new Conflict(DRAFT_MOVED);
      const rev = currentRevision(record);
      if (verwachteRevisie !== rev.commit) throw new StaleHead(verwachteRevisie, rev.commit);
      const edits = editsFromForm(body, opConcept ? form.draftFiles : form.revisionFiles, { allowNew: !opConcept, sendAll: opConcept });
      const verwachtConcept = opConcept ? text(body, 'verwachtConcept') : undefined;
      await withPrincipleFields(edits.fields, () => reviseAmendment(stores, res.locals.user, slug, record.nummer, { principes: edits.principes, verwachteRevisie, opConcept, verwachtConcept }));
      res.redirect(303, `${pageUrl(slug, record.nummer)}?melding=revisie#wijziging`);
    } catch (e) {
      if (!(e instanceof InvalidInput || e instanceof Conflict)) throw e;
      const fresh = await ownAmendmentForm(stores, res.locals.user, slug, record.nummer);
      const status = e instanceof InvalidInput ? 400 : 409;
      const errors = e instanceof InvalidInput ? e.errors : [];
      const draftMoved = opConcept && text(body, 'verwachtConcept') !== fresh.headOid;
      const message = e instanceof InvalidInput ? 'Controleer de gemarkeerde velden.' : draftMoved ? DRAFT_MOVED : conflictMessage(e);
      if (!canAct(fresh.record.status, 'herzien')) {
        await renderAmendmentPage(req, res, slug, record.nummer, { status: 409, forms: { bijwerken: { values: {}, errors: [], message } } });
        return;
      }
      if (opConcept) {
        // A moved draft: the form is rebuilt from the new draft (the posted rows were edits of the old one).
        await renderResolve(res, slug, record.nummer, status, draftMoved ? { ...emptyForm(), message } : { values: { ...body, verwachteRevisie: currentRevision(fresh.record).commit }, errors, message });
        return;
      }
      res.status(status).render('pages/amendment-form', reviseFormModel(fresh.record, fresh.docTitel, rowsFromBody(body, fresh.revisionFiles, new Set()), { values: body, errors, message }));
    }
  });

  // "Bijwerken naar het huidige concept": a clean three-way merge, or the resolve form (409).
  r.post(`${base}/:nummer/bijwerken`, async (req, res) => {
    const slug = req.params.document;
    const nummer = nummerOf(req);
    try {
      await updateAmendment(stores, res.locals.user, slug, nummer, { verwachteRevisie: bodyOf(req).verwachteRevisie });
      res.redirect(303, `${pageUrl(slug, nummer)}?melding=bijgewerkt`);
    } catch (e) {
      if (e instanceof MergeConflict) {
        await renderResolve(res, slug, nummer, 409, {
          ...emptyForm(),
          message: 'Het amendement botst met het huidige concept: dezelfde zinnen zijn in het concept en in uw amendement anders gewijzigd. Hieronder staan de conflicterende zinnen naast elkaar; de tekst in het formulier is uw amendement op het huidige concept, met uw eigen versie van de conflicterende zinnen. Pas die aan en sla de tekst op.',
        });
        return;
      }
      if (e instanceof InvalidInput || e instanceof Conflict) {
        const status = e instanceof InvalidInput ? 400 : 409;
        const message = e instanceof Conflict ? conflictMessage(e) : 'Het formulier was niet volledig. Laad de pagina opnieuw en probeer het nog eens.';
        await renderAmendmentPage(req, res, slug, nummer, { status, forms: { bijwerken: { values: {}, errors: [], message } } });
        return;
      }
      throw e;
    }
  });

  // --- Co-signing --------------------------------------------------------------------------------

  r.post(`${base}/:nummer/mede-indieners`, async (req, res) => {
    const nummer = nummerOf(req);
    await pageAction(req, res, 'mede-indiening', {}, {}, async () => {
      await cosignAmendment(stores, res.locals.user, req.params.document, nummer);
      return `${pageUrl(req.params.document, nummer)}?melding=mede-ingediend`;
    });
  });

  r.post(`${base}/:nummer/mede-indieners/intrekking`, async (req, res) => {
    const nummer = nummerOf(req);
    await pageAction(req, res, 'mede-indiening', {}, {}, async () => {
      await withdrawCosign(stores, res.locals.user, req.params.document, nummer);
      return `${pageUrl(req.params.document, nummer)}?melding=mede-ingetrokken`;
    });
  });

  // --- Comments ----------------------------------------------------------------------------------

  r.post(`${base}/:nummer/reacties`, async (req, res) => {
    const nummer = nummerOf(req);
    const body = bodyOf(req);
    const values = { tekst: text(body, 'tekst'), ankerBestand: text(body, 'ankerBestand'), ankerZin: text(body, 'ankerZin') };
    await pageAction(req, res, 'reactie', values, { anker: 'anker', 'anker.zin': 'anker', 'anker.bestand': 'anker' }, async () => {
      const anker = values.ankerZin !== '' ? { bestand: values.ankerBestand, zin: values.ankerZin } : null;
      const comment = await commentOnAmendment(stores, res.locals.user, req.params.document, nummer, { tekst: values.tekst, anker });
      return `${pageUrl(req.params.document, nummer)}?melding=reactie#${comment.id}`;
    });
  });

  // --- Reviews -----------------------------------------------------------------------------------

  r.post(`${base}/:nummer/beoordelingen`, async (req, res) => {
    const nummer = nummerOf(req);
    const body = bodyOf(req);
    const values = { oordeel: text(body, 'oordeel'), toelichting: text(body, 'toelichting'), revisie: text(body, 'revisie') };
    await pageAction(req, res, 'beoordeling', values, {}, async () => {
      await reviewAmendment(stores, res.locals.user, req.params.document, nummer, { oordeel: optional(values.oordeel), toelichting: values.toelichting, revisie: optional(values.revisie) });
      return `${pageUrl(req.params.document, nummer)}?melding=beoordeeld#beoordelingen`;
    });
  });

  // --- Decision (secretary) and withdrawal (proposer) ---------------------------------------------

  r.post(`${base}/:nummer/besluit`, async (req, res) => {
    const nummer = nummerOf(req);
    const body = bodyOf(req);
    const values = { besluit: text(body, 'besluit'), reden: text(body, 'reden'), verwachteRevisie: text(body, 'verwachteRevisie') };
    await pageAction(req, res, 'besluit', values, {}, async () => {
      const input = { besluit: optional(values.besluit), reden: values.reden, verwachteRevisie: optional(values.verwachteRevisie) };
      const updated = await decideAmendment(stores, res.locals.user, req.params.document, nummer, input, settings);
      return `${pageUrl(req.params.document, nummer)}?melding=${updated.status}`;
    });
  });

  r.post(`${base}/:nummer/intrekking`, async (req, res) => {
    const nummer = nummerOf(req);
    const body = bodyOf(req);
    const values = { intrekkingReden: text(body, 'intrekkingReden') };
    await pageAction(req, res, 'intrekking', values, { reden: 'intrekkingReden' }, async () => {
      await withdrawAmendment(stores, res.locals.user, req.params.document, nummer, { reden: values.intrekkingReden });
      return `${pageUrl(req.params.document, nummer)}?melding=ingetrokken`;
    });
  });

  return r;
}
