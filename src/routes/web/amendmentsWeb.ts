/**
 * The amendment pages (Dutch, server-rendered, no JavaScript needed): the list per document, proposing
 * a change to the draft's Markdown, one amendment (redline, mergeability with its conflicts side by
 * side, discussion anchored to sentences, co-signing, revisions and their comparison, reviews, the
 * decision, withdrawal), a new revision, and resolving the conflicts of "bijwerken".
 *
 * Each handler: validate -> authorize (with the amendment as target, before anything else, so a
 * wrong role gets 403 and never a form error) -> command or query -> redirect (303) or render.
 * A failed form (400 invalid input, 409 conflict or stale revision) renders the page again with the
 * state as it is now, the values the person typed, and the Dutch message.
 *
 * Forms post flat urlencoded fields (the web router parses with `extended: false`), so the principle
 * rows are numbered: `bestand_<i>` (hidden), `tekst_<i>`, `verwijder_<i>`; an optional new principle
 * is `nieuwBestand` + `nieuwTekst`. Only rows whose text differs from the text they were edited
 * against (after the same normalisation the commands apply) are sent to the command.
 */
import { anchorLocator, isOutdated } from '../../domain/commentAnchors.js';
import { Router, type Request, type Response } from 'express';
import { mapLimited, READ_FAN_OUT } from '../../collections.js';
import { z } from 'zod';
import { commentOnAmendment } from '../../commands/amendments/commentOnAmendment.js';
import { cosignAmendment, withdrawCosign } from '../../commands/amendments/cosignAmendment.js';
import { decideAmendment } from '../../commands/amendments/decideAmendment.js';
import { proposeAmendment } from '../../commands/amendments/proposeAmendment.js';
import { reviewAmendment } from '../../commands/amendments/reviewAmendment.js';
import { reviseAmendment } from '../../commands/amendments/reviseAmendment.js';
import { updateAmendment } from '../../commands/amendments/updateAmendment.js';
import { withdrawAmendment } from '../../commands/amendments/withdrawAmendment.js';
import { AMENDMENT_STATUSES, AMENDMENT_STATUS_LABEL, type AmendmentRecord, type CommentRecord } from '../../domain/amendmentModel.js';
import { compareTexts, type DocumentComparison } from '../../domain/compare.js';
import { isPrincipleFile, parseDocumentFiles, principleTitle, type DocumentText } from '../../domain/documentModel.js';
import { normaliseMarkdown } from '../../domain/sentences.js';
import { mergeFileSets, mergeTextPreferTheirs, type FileConflict, type SentenceConflict } from '../../domain/threeWayMerge.js';
import { Conflict, InvalidInput, MergeConflict, NotFound, StaleHead, type FieldError } from '../../errors.js';
import { authorize, can } from '../../policies/policies.js';
import { proposerTarget } from '../../commands/amendments/amendmentSupport.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { amendmentDetail, compareRevisions, listAmendments, mergeability, type AmendmentDetail } from '../../queries/amendmentQueries.js';
import type { DocumentRepository } from '../../storage/git/repository.js';
import type { Stores } from '../../storage/stores.js';
import type { AmendmentSettings } from '../deps.js';
import { fieldErrors, parseInput } from '../../validation.js';
import { emptyForm, type FormState } from './forms.js';
import { amendmentNumberSchema, commentSchema, decisionSchema, proposeSchema, reviewSchema, reviseSchema, updateSchema, withdrawSchema } from '../../schemas/amendments.js';

type Body = Record<string, unknown>;

/** The forms on the amendment page; each can come back with its own errors. */
export type AmendmentPageForm = 'reactie' | 'beoordeling' | 'besluit' | 'intrekking' | 'mede-indiening' | 'bijwerken';

const FORM_LABEL: Record<AmendmentPageForm, string> = {
  reactie: 'Uw reactie is niet geplaatst',
  beoordeling: 'Uw beoordeling is niet opgeslagen',
  besluit: 'Het besluit is niet vastgelegd',
  intrekking: 'Het amendement is niet ingetrokken',
  'mede-indiening': 'De mede-indiening is niet gelukt',
  bijwerken: 'Het bijwerken is niet gelukt',
};

const FORM_ANCHOR: Record<AmendmentPageForm, string> = {
  reactie: 'reageren',
  beoordeling: 'beoordelen',
  besluit: 'besluiten',
  intrekking: 'intrekken',
  'mede-indiening': 'mede-indienen',
  bijwerken: 'samenvoegen',
};

/** Messages after a successful action (`?melding=`); only these keys are shown. */
const NOTICES: Record<string, string> = {
  ingediend: 'Uw amendement is ingediend.',
  revisie: 'De nieuwe revisie is opgeslagen.',
  bijgewerkt: 'Het amendement is bijgewerkt naar het huidige concept.',
  'mede-ingediend': 'Uw organisatie is nu mede-indiener van dit amendement.',
  'mede-ingetrokken': 'De mede-indiening van uw organisatie is ingetrokken.',
  reactie: 'Uw reactie is geplaatst.',
  beoordeeld: 'Uw beoordeling is opgeslagen.',
  overgenomen: 'Het amendement is overgenomen in het concept.',
  verworpen: 'Het amendement is verworpen.',
  ingetrokken: 'Het amendement is ingetrokken.',
};

const REVISION_KIND_LABEL: Record<AmendmentRecord['revisies'][number]['soort'], string> = {
  voorstel: 'voorstel',
  tekst: 'nieuwe tekst',
  bijwerken: 'bijgewerkt naar het concept',
};

const weergaveSchema = z.enum(['inline', 'naast-elkaar']).catch('inline');
const oidSchema = z.string().regex(/^[0-9a-f]{7,40}$/);

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

function nummerOf(req: Request): number {
  const parsed = amendmentNumberSchema.safeParse(req.params.nummer);
  if (!parsed.success) throw new NotFound(`Amendement ${String(req.params.nummer)} bestaat niet.`);
  return parsed.data;
}

function findRecord(stores: Stores, repo: DocumentRepository, nummer: number): AmendmentRecord {
  const record = stores.amendments.get(repo.slug, nummer);
  if (!record) throw new NotFound(`Amendement ${nummer} bestaat niet.`);
  return record;
}

function currentRev(record: AmendmentRecord) {
  const rev = record.revisies.at(-1);
  if (!rev) throw new Error(`amendment ${record.nummer} has no revision`);
  return rev;
}

/** The policy target of an amendment (the same one the commands pass to `authorize`). */
function partyLabel(p: { naam: string; organisatie: { naam: string } | null }): string {
  return p.organisatie ? `${p.naam} (${p.organisatie.naam})` : p.naam;
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
// Principle rows of the propose / revise / resolve form

export interface PrincipleRow {
  /** 1-based row number in the form (`tekst_<index>`). */
  index: number;
  bestand: string;
  /** Position and title in the text the row was prefilled from. */
  nummer: number | null;
  titel: string;
  /** The prefilled Markdown. */
  tekst: string;
  /** The file exists in the text the form is edited against (so it can be removed). */
  bestaat: boolean;
  /** Prefilled as removed. */
  verwijderd: boolean;
  /** A conflicting file (resolve form). */
  conflict: boolean;
}

function rowsFor(doc: DocumentText): PrincipleRow[] {
  return doc.principes.map((p, i) => ({
    index: i + 1,
    bestand: p.bestand,
    nummer: p.nummer,
    titel: p.titel,
    tekst: p.tekst,
    bestaat: true,
    verwijderd: false,
    conflict: false,
  }));
}

/** Values of a freshly opened form: the rows' texts under their field names. */
function rowValues(rows: readonly PrincipleRow[]): Body {
  const values: Body = {};
  for (const r of rows) {
    values[`bestand_${r.index}`] = r.bestand;
    values[`tekst_${r.index}`] = r.tekst;
    if (r.verwijderd) values[`verwijder_${r.index}`] = 'ja';
  }
  return values;
}

/** Rows as posted (hidden `bestand_<i>` fields), titled from the posted text, for re-rendering. */
function rowsFromBody(body: Body, reference: ReadonlyMap<string, string>, conflicting: ReadonlySet<string>): PrincipleRow[] {
  const rows: PrincipleRow[] = [];
  const numbered = parseDocumentFiles(reference).principes;
  for (const index of rowIndexes(body)) {
    const bestand = text(body, `bestand_${index}`);
    const tekst = text(body, `tekst_${index}`);
    const known = numbered.find((p) => p.bestand === bestand);
    rows.push({
      index,
      bestand,
      nummer: known?.nummer ?? null,
      titel: known?.titel ?? principleTitle(bestand, tekst),
      tekst,
      bestaat: reference.has(bestand),
      verwijderd: text(body, `verwijder_${index}`) === 'ja',
      conflict: conflicting.has(bestand),
    });
  }
  return rows;
}

function rowIndexes(body: Body): number[] {
  return Object.keys(body)
    .map((k) => /^bestand_(\d{1,3})$/.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

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

// ---------------------------------------------------------------------------------------------------
// Resolving conflicts with the current draft

export interface ResolveModel {
  draftOid: string;
  conflicts: SentenceConflict[];
  fileConflicts: FileConflict[];
  /** Prefilled rows: every file whose merged text (conflicts as the amendment's) differs from the draft. */
  rows: PrincipleRow[];
  draftFiles: Map<string, string>;
}

/**
 * The amendment brought onto the current draft as far as a three-way merge goes, with each conflict
 * written as the amendment's lines (`mergeTextPreferTheirs`), so that the proposer starts from their
 * own text and only has to look at the listed sentences.
 */
async function resolveModel(repo: DocumentRepository, record: AmendmentRecord): Promise<ResolveModel> {
  const rev = currentRev(record);
  const head = repo.head().oid;
  const [baseFiles, draftFiles, tipFiles] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(head), repo.readFiles(rev.commit)]);
  const merged = mergeFileSets(baseFiles, draftFiles, tipFiles);
  const conflicts = merged.ok ? [] : merged.conflicts;
  const fileConflicts = merged.ok ? [] : merged.fileConflicts;
  const conflicting = new Set([...conflicts.map((c) => c.bestand), ...fileConflicts.map((c) => c.bestand)]);
  const paths = [...new Set([...baseFiles.keys(), ...draftFiles.keys(), ...tipFiles.keys()])].filter(isPrincipleFile).sort();
  const draftDoc = parseDocumentFiles(draftFiles);
  const rows: PrincipleRow[] = [];
  for (const bestand of paths) {
    const b = baseFiles.get(bestand);
    const o = draftFiles.get(bestand);
    const t = tipFiles.get(bestand);
    let wanted: string | null;
    if (b !== undefined && o !== undefined && t !== undefined) wanted = mergeTextPreferTheirs(b, o, t).text;
    // Added on one or both sides: the amendment's text wins.
    else if (b === undefined) wanted = t ?? o ?? null;
    // Removed by the draft: gone when the amendment left it alone, else the amendment's text (a conflict).
    else if (o === undefined) wanted = t === undefined || t === b ? null : t;
    // Removed by the amendment (cleanly, or against a change in the draft: the amendment's choice).
    else wanted = null;
    if (wanted === (o ?? null)) continue;
    const known = draftDoc.principes.find((p) => p.bestand === bestand);
    rows.push({
      index: rows.length + 1,
      bestand,
      nummer: known?.nummer ?? null,
      titel: principleTitle(bestand, wanted ?? o ?? ''),
      tekst: wanted ?? o ?? '',
      bestaat: o !== undefined,
      verwijderd: wanted === null,
      conflict: conflicting.has(bestand),
    });
  }
  return { draftOid: head, conflicts, fileConflicts, rows, draftFiles };
}

/** Each conflict with the word-level change of both sides against the base, for the side-by-side table. */
function conflictViews(conflicts: readonly SentenceConflict[], titles: ReadonlyMap<string, string>) {
  return conflicts.map((c) => {
    const basis = c.basis.join('\n');
    return {
      ...c,
      titel: titles.get(c.bestand) ?? c.bestand,
      amendementRegels: compareTexts(basis, c.amendement.join('\n')).regels,
      conceptRegels: compareTexts(basis, c.concept.join('\n')).regels,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// The amendment page model

interface CommentView {
  comment: CommentRecord;
  /** The revision number the comment was anchored on (1-based), if anchored. */
  revisieNummer: number | null;
  /** Anchored to a sentence that no current sentence matches. */
  verouderd: boolean;
  /** The id of the sentence on the page, when still present. */
  zinId: string | null;
}

interface SentenceView {
  id: string;
  regel: number;
  zin: string;
  reacties: CommentView[];
}

function sentenceId(bestand: string, regel: number): string {
  return `zin-${bestand.replace(/\.md$/, '')}-${regel}`;
}

function basisDescription(repo: DocumentRepository, basis: string): { label: string; oid: string } {
  const version = repo.versions().find((v) => v.commit === basis);
  if (version) return { label: `versie ${version.naam}`, oid: basis };
  if (repo.head().oid === basis) return { label: 'het huidige concept', oid: basis };
  return { label: 'een eerder concept', oid: basis };
}

interface PageOptions {
  status?: number;
  forms?: Partial<Record<AmendmentPageForm, FormState>>;
}

export function amendmentsWeb(stores: Stores, settings: AmendmentSettings): Router {
  const store = stores.documents;
  const r = Router({ strict: true, caseSensitive: true });
  const base = '/documenten/:document/amendementen';
  const pageUrl = (slug: string, nummer: number) => `/documenten/${slug}/amendementen/${nummer}`;

  async function documentTitle(repo: DocumentRepository): Promise<string> {
    return parseDocumentFiles(await repo.readFiles(repo.head().oid)).meta.titel;
  }

  async function renderAmendmentPage(req: Request, res: Response, slug: string, nummer: number, opts: PageOptions = {}): Promise<void> {
    const detail = await amendmentDetail(stores, slug, nummer);
    const model = await amendmentPageModel(req, res.locals.user, detail, opts);
    res.status(opts.status ?? 200).render('pages/amendment', model);
  }

  async function amendmentPageModel(req: Request, user: CurrentUser | null, d: AmendmentDetail, opts: PageOptions) {
    const { repo, record } = d;
    const rev = currentRev(record);
    const head = repo.head();
    const open = record.status === 'ingediend';
    const target = proposerTarget(record);
    const activeCosign = record.medeIndieners.filter((m) => m.ingetrokken === null);
    const mayCosign = open && can(user, 'amendment:cosign', target);
    const isCosigner = user?.organisatie != null && activeCosign.some((m) => m.organisatie.code === user.organisatie?.code);
    const permissions = {
      own: open && can(user, 'amendment:own', target),
      cosign: mayCosign && !isCosigner,
      withdrawCosign: mayCosign && isCosigner,
      comment: open && can(user, 'amendment:comment'),
      review: open && can(user, 'amendment:review', target),
      decide: open && can(user, 'amendment:decide', target),
      // A secretary who proposed or co-signed it: say why there is no decision form.
      decideOwn: open && can(user, 'amendment:decide') && !can(user, 'amendment:decide', target),
      update: open && can(user, 'amendment:own', target) && rev.basis !== head.oid,
    };
    const revisionNumber = new Map(record.revisies.map((x, i) => [x.commit, i + 1]));

    // Sentences of the current revision, per file: the lists under each redline and the comment form's anchor.
    const linesOf = new Map(d.revisionText.principes.map((p) => [p.bestand, p.tekst.split('\n')]));
    const sentenceIdOf = (bestand: string, zin: string): string | null => {
      const i = linesOf.get(bestand)?.indexOf(zin) ?? -1;
      return i >= 0 ? sentenceId(bestand, i + 1) : null;
    };
    // Where each anchored comment sits in the current revision (or that it is outdated).
    const locate = anchorLocator(d.revisionText);
    const comments: CommentView[] = record.reacties.map((c) => {
      const at = locate(c);
      return {
        comment: c,
        revisieNummer: c.anker ? (revisionNumber.get(c.anker.revisie) ?? null) : null,
        verouderd: isOutdated(c, locate),
        zinId: at === null ? null : sentenceId(at.bestand, at.regel),
      };
    });
    const commentsAt = new Map<string, CommentView[]>();
    for (const c of comments) {
      if (c.zinId === null) continue;
      const list = commentsAt.get(c.zinId) ?? [];
      list.push(c);
      commentsAt.set(c.zinId, list);
    }
    const titles = new Map(d.revisionText.principes.map((p) => [p.bestand, `Principe ${p.nummer}: ${p.titel}`]));
    for (const p of d.basisText.principes) if (!titles.has(p.bestand)) titles.set(p.bestand, `Principe ${p.nummer}: ${p.titel}`);

    // The sentence lists shown under each principle's redline (principles the amendment changes,
    // or that have comments on their sentences).
    const sentences = new Map<string, SentenceView[]>();
    for (const pc of d.diff.principes) {
      if (pc.naar === null) continue;
      const bestand = pc.naar.bestand;
      const lines = linesOf.get(bestand) ?? [];
      const views: SentenceView[] = [];
      lines.forEach((zin, i) => {
        if (zin.trim() === '') return;
        const id = sentenceId(bestand, i + 1);
        views.push({ id, regel: i + 1, zin, reacties: commentsAt.get(id) ?? [] });
      });
      if (pc.soort !== 'ongewijzigd' || views.some((v) => v.reacties.length > 0)) sentences.set(bestand, views);
    }

    const q: Record<string, unknown> = req.method === 'GET' ? req.query : {};
    const weergave = weergaveSchema.parse(queryString(q.weergave) ?? 'inline');
    const forms = opts.forms ?? {};
    const reactieForm = forms.reactie ?? emptyForm();
    // The sentence to comment on: the form as posted, else the `?bestand=&zin=` of a "Reageer op deze zin" link.
    const wantedBestand = forms.reactie ? text(reactieForm.values, 'ankerBestand') : (queryString(q.bestand) ?? '');
    const wantedZin = forms.reactie ? text(reactieForm.values, 'ankerZin') : (queryString(q.zin) ?? '');
    const anker = wantedZin !== '' && sentenceIdOf(wantedBestand, wantedZin) !== null ? { bestand: wantedBestand, zin: wantedZin, titel: titles.get(wantedBestand) ?? wantedBestand, id: sentenceIdOf(wantedBestand, wantedZin) } : null;
    const ankerOnbekend = wantedZin !== '' && anker === null;

    // Comparing two revisions (GET form on the page).
    const revisionOptions = record.revisies.map((x, i) => ({ value: x.commit, label: `Revisie ${i + 1} (${REVISION_KIND_LABEL[x.soort]}, ${x.commit.slice(0, 10)})` }));
    const previous = record.revisies.at(-2)?.commit ?? rev.commit;
    const van = oidSchema.safeParse(queryString(q.van));
    const naar = oidSchema.safeParse(queryString(q.naar));
    let revisionCompare: { van: string; naar: string; diff: DocumentComparison } | null = null;
    let revisionCompareError: string | null = null;
    if (queryString(q.van) !== undefined || queryString(q.naar) !== undefined) {
      if (!van.success || !naar.success) {
        revisionCompareError = 'Kies twee revisies van dit amendement om te vergelijken.';
      } else {
        try {
          revisionCompare = { van: van.data, naar: naar.data, diff: await compareRevisions(stores, repo.slug, record.nummer, van.data, naar.data) };
        } catch (e) {
          if (!(e instanceof NotFound)) throw e;
          revisionCompareError = e.detail;
        }
      }
    }
    const revisionLabel = (commit: string): string => {
      const n = revisionNumber.get(commit) ?? record.revisies.findIndex((x) => x.commit.startsWith(commit)) + 1;
      return n > 0 ? `revisie ${n}` : `commit ${commit.slice(0, 10)}`;
    };

    const notice = req.method === 'GET' ? NOTICES[queryString(q.melding) ?? ''] : undefined;
    const failed = (Object.keys(forms) as AmendmentPageForm[]).map((key) => ({ key, label: FORM_LABEL[key], anchor: FORM_ANCHOR[key], form: forms[key] ?? emptyForm() }));
    const mergedCommit = record.besluit?.commit;

    return {
      title: `Amendement ${record.nummer}: ${record.titel}`,
      slug: repo.slug,
      docTitel: await documentTitle(repo),
      record,
      statusLabel: AMENDMENT_STATUS_LABEL[record.status],
      rev,
      revisieNummer: record.revisies.length,
      headOid: head.oid,
      basis: basisDescription(repo, rev.basis),
      indiener: partyLabel(record.indiener),
      medeIndieners: activeCosign,
      detail: d,
      conflicts: conflictViews(d.mergeability.conflicten, titles),
      fileConflicts: d.mergeability.bestandsconflicten.map((c) => ({ ...c, titel: titles.get(c.bestand) ?? c.bestand })),
      titleOf: (bestand: string): string => titles.get(bestand) ?? bestand,
      minApprovals: settings.minApprovals,
      permissions,
      weergave,
      sentences,
      comments,
      outdated: comments.filter((c) => c.verouderd),
      anker,
      ankerOnbekend,
      revisions: record.revisies.map((x, i) => ({ ...x, nummer: i + 1, soortLabel: REVISION_KIND_LABEL[x.soort], door: partyLabel(x.door) })),
      revisionOptions,
      revisionQuery: { van: van.success ? van.data : previous, naar: naar.success ? naar.data : rev.commit },
      revisionCompare,
      revisionCompareError,
      revisionLabel,
      reviews: d.reviews.map((b) => ({ ...b, door: partyLabel(b.door), revisieNummer: revisionNumber.get(b.revisie) ?? null })),
      notice,
      failed,
      forms: {
        reactie: reactieForm,
        beoordeling: forms.beoordeling ?? emptyForm(),
        besluit: forms.besluit ?? emptyForm(),
        intrekking: forms.intrekking ?? emptyForm(),
      },
      besluitDoor: record.besluit ? partyLabel(record.besluit.door) : null,
      mergedCommit,
      partyLabel,
    };
  }

  /**
   * Runs a form action of the amendment page: on success a 303 to `redirect`; on invalid input (400)
   * or a conflict (409) the page again, in its current state, with this form's values and message.
   */
  async function pageAction(
    req: Request,
    res: Response,
    at: { slug: string; nummer: number },
    key: AmendmentPageForm,
    values: Body,
    names: Record<string, string>,
    action: () => Promise<string>,
  ): Promise<void> {
    const { slug, nummer } = at;
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
    const repo = store.get(req.params.document);
    const draft = parseDocumentFiles(await repo.readFiles(repo.head().oid));
    const principleOptions = draft.principes.map((p) => ({ value: p.bestand, label: `Principe ${p.nummer}: ${p.titel}` }));
    const parsed = listFilterSchema.safeParse({ status: queryString(req.query.status), principe: queryString(req.query.principe) });
    const query = { status: queryString(req.query.status) ?? '', principe: queryString(req.query.principe) ?? '' };
    const locals = {
      title: 'Amendementen',
      slug: repo.slug,
      docTitel: draft.meta.titel,
      statusOptions: AMENDMENT_STATUSES.map((s) => ({ value: s, label: AMENDMENT_STATUS_LABEL[s] })),
      principleOptions,
      query,
      mayPropose: can(res.locals.user, 'amendment:propose'),
    };
    if (!parsed.success) {
      res.status(400).render('pages/amendments', { ...locals, errors: fieldErrors(parsed.error), items: [] });
      return;
    }
    const records = await listAmendments(stores, repo.slug, { status: parsed.data.status, bestand: parsed.data.principe });
    const items = await mapLimited(
      records,
      READ_FAN_OUT,
      async (a) => {
        const rev = currentRev(a);
        const merge = a.status === 'ingediend' ? await mergeability(repo, a) : null;
        return {
          nummer: a.nummer,
          titel: a.titel,
          status: a.status,
          statusLabel: AMENDMENT_STATUS_LABEL[a.status],
          indiener: partyLabel(a.indiener),
          medeIndieners: a.medeIndieners.filter((m) => m.ingetrokken === null).length,
          revisies: a.revisies.length,
          samenvoegbaar: merge ? merge.samenvoegbaar : null,
          gewijzigd: a.gewijzigd,
          basis: rev.basis,
        };
      },
    );
    res.render('pages/amendments', { ...locals, errors: [], items });
  });

  // --- Propose ---------------------------------------------------------------------------------------

  const proposeLocals = async (repo: DocumentRepository, basis: string) => {
    const files = await repo.readFiles(basis);
    const doc = parseDocumentFiles(files);
    return { files, doc, locals: { title: 'Wijziging voorstellen', slug: repo.slug, docTitel: doc.meta.titel, mode: 'voorstellen', basis, record: null, resolve: null } };
  };

  r.get(`${base}/nieuw`, async (req, res) => {
    const repo = store.get(req.params.document);
    authorize(res.locals.user, 'amendment:propose');
    const { doc, locals } = await proposeLocals(repo, repo.head().oid);
    const rows = rowsFor(doc);
    res.render('pages/amendment-form', { ...locals, rows, form: emptyForm({ ...rowValues(rows), namens: 'organisatie' }) });
  });

  r.post(base, async (req, res) => {
    const repo = store.get(req.params.document);
    authorize(res.locals.user, 'amendment:propose');
    const body = bodyOf(req);
    const basisRaw = text(body, 'basis');
    // The basis is the draft commit the form showed; an unknown one falls back to the current draft.
    const basis = /^[0-9a-f]{40}$/.test(basisRaw) && repo.isAncestor(basisRaw, repo.head().oid) ? basisRaw : repo.head().oid;
    const { files, locals } = await proposeLocals(repo, basis);
    try {
      const errors: FieldError[] = [];
      let edits: PrincipleEditsFromForm = { principes: [], fields: [] };
      try {
        edits = editsFromForm(body, files, { allowNew: true, sendAll: false });
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
      const input = parseInput(proposeSchema, { titel: body.titel, toelichting: body.toelichting, basis, principes: edits.principes, namens }, 'Het amendement');
      const record = await withPrincipleFields(edits.fields, () => proposeAmendment(stores, res.locals.user, repo.slug, input));
      res.redirect(303, `${pageUrl(repo.slug, record.nummer)}?melding=ingediend`);
    } catch (e) {
      if (!(e instanceof InvalidInput || e instanceof Conflict)) throw e;
      const status = e instanceof InvalidInput ? 400 : 409;
      const errors = e instanceof InvalidInput ? e.errors : [];
      const message = e instanceof InvalidInput ? 'Controleer de gemarkeerde velden.' : conflictMessage(e);
      res.status(status).render('pages/amendment-form', { ...locals, rows: rowsFromBody(body, files, new Set()), form: { values: body, errors, message } });
    }
  });

  // --- One amendment ---------------------------------------------------------------------------------

  r.get(`${base}/:nummer`, async (req, res) => {
    const repo = store.get(req.params.document);
    await renderAmendmentPage(req, res, repo.slug, nummerOf(req));
  });

  // --- New revision (proposer) -------------------------------------------------------------------

  const reviseLocals = (repo: DocumentRepository, record: AmendmentRecord, docTitel: string) => ({
    title: `Amendement ${record.nummer} wijzigen`,
    slug: repo.slug,
    docTitel,
    mode: 'bewerken',
    record,
    verwachteRevisie: currentRev(record).commit,
    resolve: null,
  });

  r.get(`${base}/:nummer/bewerken`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:own', proposerTarget(record));
    if (record.status !== 'ingediend') throw new Conflict(`Amendement ${record.nummer} is ${record.status}: er kan niets meer aan veranderen.`);
    const doc = parseDocumentFiles(await repo.readFiles(currentRev(record).commit));
    const rows = rowsFor(doc);
    res.render('pages/amendment-form', { ...reviseLocals(repo, record, await documentTitle(repo)), rows, form: emptyForm(rowValues(rows)) });
  });

  /** The resolve form for the conflicts with the current draft (status 409 after a failed "bijwerken"). */
  async function renderResolve(res: Response, repo: DocumentRepository, record: AmendmentRecord, status: number, form: FormState | null): Promise<void> {
    const model = await resolveModel(repo, record);
    const titles = new Map(parseDocumentFiles(model.draftFiles).principes.map((p) => [p.bestand, `Principe ${p.nummer}: ${p.titel}`]));
    const conflicting = new Set(model.rows.filter((x) => x.conflict).map((x) => x.bestand));
    // Posted rows come back as typed; otherwise the form starts from the merged text.
    const posted = form !== null && rowIndexes(form.values).length > 0;
    const rows = posted ? rowsFromBody(form.values, model.draftFiles, conflicting) : model.rows;
    const shown: FormState = posted ? form : { ...(form ?? emptyForm()), values: rowValues(rows) };
    res.status(status).render('pages/amendment-form', {
      title: `Amendement ${record.nummer} bijwerken`,
      slug: repo.slug,
      docTitel: parseDocumentFiles(model.draftFiles).meta.titel,
      mode: 'oplossen',
      record,
      verwachteRevisie: currentRev(record).commit,
      resolve: {
        draftOid: model.draftOid,
        conflicts: conflictViews(model.conflicts, titles),
        fileConflicts: model.fileConflicts.map((c) => ({ ...c, titel: titles.get(c.bestand) ?? c.bestand })),
      },
      rows,
      form: shown,
    });
  }

  r.get(`${base}/:nummer/oplossen`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:own', proposerTarget(record));
    if (record.status !== 'ingediend') throw new Conflict(`Amendement ${record.nummer} is ${record.status}: er kan niets meer aan veranderen.`);
    if (currentRev(record).basis === repo.head().oid) {
      res.redirect(303, pageUrl(repo.slug, record.nummer));
      return;
    }
    await renderResolve(res, repo, record, 200, null);
  });

  r.post(`${base}/:nummer/revisies`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:own', proposerTarget(record));
    const body = bodyOf(req);
    const opConcept = text(body, 'opConcept') === 'ja';
    const rev = currentRev(record);
    const verwachteRevisie = text(body, 'verwachteRevisie');
    try {
      if (record.status !== 'ingediend') throw new Conflict(`Amendement ${record.nummer} is ${record.status}: er kan niets meer aan veranderen.`);
      // The edits are against the text the form showed: the draft (resolving) or the revision.
      if (opConcept && text(body, 'verwachtConcept') !== repo.head().oid) {
        throw new Conflict('Het concept is intussen gewijzigd. Hieronder staat uw amendement opnieuw samengevoegd met het huidige concept; controleer de tekst en sla opnieuw op.');
      }
      if (verwachteRevisie !== rev.commit) throw new StaleHead(verwachteRevisie, rev.commit);
      const reference = await repo.readFiles(opConcept ? repo.head().oid : rev.commit);
      const edits = editsFromForm(body, reference, { allowNew: !opConcept, sendAll: opConcept });
      const verwachtConcept = opConcept ? text(body, 'verwachtConcept') : undefined;
      const input = parseInput(reviseSchema, { principes: edits.principes, verwachteRevisie, opConcept, verwachtConcept }, 'De revisie');
      await withPrincipleFields(edits.fields, () => reviseAmendment(stores, res.locals.user, repo.slug, record.nummer, input));
      res.redirect(303, `${pageUrl(repo.slug, record.nummer)}?melding=revisie#wijziging`);
    } catch (e) {
      if (!(e instanceof InvalidInput || e instanceof Conflict)) throw e;
      const fresh = findRecord(stores, repo, record.nummer);
      const status = e instanceof InvalidInput ? 400 : 409;
      const errors = e instanceof InvalidInput ? e.errors : [];
      const message = e instanceof InvalidInput ? 'Controleer de gemarkeerde velden.' : conflictMessage(e);
      if (fresh.status !== 'ingediend') {
        await renderAmendmentPage(req, res, repo.slug, record.nummer, { status: 409, forms: { bijwerken: { values: {}, errors: [], message } } });
        return;
      }
      if (opConcept) {
        // A moved draft: the form is rebuilt from the new draft (the posted rows were edits of the old one).
        const draftMoved = text(body, 'verwachtConcept') !== repo.head().oid;
        await renderResolve(res, repo, fresh, status, draftMoved ? { ...emptyForm(), message } : { values: { ...body, verwachteRevisie: currentRev(fresh).commit }, errors, message });
        return;
      }
      const docTitel = await documentTitle(repo);
      const reference = await repo.readFiles(currentRev(fresh).commit);
      res.status(status).render('pages/amendment-form', {
        ...reviseLocals(repo, fresh, docTitel),
        rows: rowsFromBody(body, reference, new Set()),
        form: { values: body, errors, message },
      });
    }
  });

  // "Bijwerken naar het huidige concept": a clean three-way merge, or the resolve form (409).
  r.post(`${base}/:nummer/bijwerken`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:own', proposerTarget(record));
    const body = bodyOf(req);
    try {
      const input = parseInput(updateSchema, { verwachteRevisie: body.verwachteRevisie }, 'Het bijwerken');
      await updateAmendment(stores, res.locals.user, repo.slug, record.nummer, input);
      res.redirect(303, `${pageUrl(repo.slug, record.nummer)}?melding=bijgewerkt`);
    } catch (e) {
      if (e instanceof MergeConflict) {
        await renderResolve(res, repo, findRecord(stores, repo, record.nummer), 409, {
          ...emptyForm(),
          message: 'Het amendement botst met het huidige concept: dezelfde zinnen zijn in het concept en in uw amendement anders gewijzigd. Hieronder staan de conflicterende zinnen naast elkaar; de tekst in het formulier is uw amendement op het huidige concept, met uw eigen versie van de conflicterende zinnen. Pas die aan en sla de tekst op.',
        });
        return;
      }
      if (e instanceof InvalidInput || e instanceof Conflict) {
        const status = e instanceof InvalidInput ? 400 : 409;
        const message = e instanceof Conflict ? conflictMessage(e) : 'Het formulier was niet volledig. Laad de pagina opnieuw en probeer het nog eens.';
        await renderAmendmentPage(req, res, repo.slug, record.nummer, { status, forms: { bijwerken: { values: {}, errors: [], message } } });
        return;
      }
      throw e;
    }
  });

  // --- Co-signing --------------------------------------------------------------------------------

  r.post(`${base}/:nummer/mede-indieners`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:cosign', proposerTarget(record));
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'mede-indiening', {}, {}, async () => {
      await cosignAmendment(stores, res.locals.user, repo.slug, record.nummer);
      return `${pageUrl(repo.slug, record.nummer)}?melding=mede-ingediend`;
    });
  });

  r.post(`${base}/:nummer/mede-indieners/intrekking`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:cosign', proposerTarget(record));
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'mede-indiening', {}, {}, async () => {
      try {
        await withdrawCosign(stores, res.locals.user, repo.slug, record.nummer);
      } catch (e) {
        // Not (or no longer) a co-signer: a conflict with the page the person saw, not a missing page.
        if (e instanceof NotFound) throw new Conflict(e.detail);
        throw e;
      }
      return `${pageUrl(repo.slug, record.nummer)}?melding=mede-ingetrokken`;
    });
  });

  // --- Comments ----------------------------------------------------------------------------------

  r.post(`${base}/:nummer/reacties`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:comment');
    const body = bodyOf(req);
    const values = { tekst: text(body, 'tekst'), ankerBestand: text(body, 'ankerBestand'), ankerZin: text(body, 'ankerZin') };
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'reactie', values, { anker: 'anker', 'anker.zin': 'anker', 'anker.bestand': 'anker' }, async () => {
      const anker = values.ankerZin !== '' ? { bestand: values.ankerBestand, zin: values.ankerZin } : null;
      const input = parseInput(commentSchema, { tekst: values.tekst, anker }, 'De reactie');
      const comment = await commentOnAmendment(stores, res.locals.user, repo.slug, record.nummer, input);
      return `${pageUrl(repo.slug, record.nummer)}?melding=reactie#${comment.id}`;
    });
  });

  // --- Reviews -----------------------------------------------------------------------------------

  r.post(`${base}/:nummer/beoordelingen`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:review', proposerTarget(record));
    const body = bodyOf(req);
    const values = { oordeel: text(body, 'oordeel'), toelichting: text(body, 'toelichting'), revisie: text(body, 'revisie') };
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'beoordeling', values, {}, async () => {
      const input = parseInput(reviewSchema, { oordeel: values.oordeel === '' ? undefined : values.oordeel, toelichting: values.toelichting, revisie: values.revisie === '' ? undefined : values.revisie }, 'De beoordeling');
      await reviewAmendment(stores, res.locals.user, repo.slug, record.nummer, input);
      return `${pageUrl(repo.slug, record.nummer)}?melding=beoordeeld#beoordelingen`;
    });
  });

  // --- Decision (secretary) and withdrawal (proposer) ---------------------------------------------

  r.post(`${base}/:nummer/besluit`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:decide', proposerTarget(record));
    const body = bodyOf(req);
    const values = { besluit: text(body, 'besluit'), reden: text(body, 'reden'), verwachteRevisie: text(body, 'verwachteRevisie') };
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'besluit', values, {}, async () => {
      const input = parseInput(
        decisionSchema,
        { besluit: values.besluit === '' ? undefined : values.besluit, reden: values.reden, verwachteRevisie: values.verwachteRevisie === '' ? undefined : values.verwachteRevisie },
        'Het besluit',
      );
      const updated = await decideAmendment(stores, res.locals.user, repo.slug, record.nummer, input, settings);
      return `${pageUrl(repo.slug, record.nummer)}?melding=${updated.status}`;
    });
  });

  r.post(`${base}/:nummer/intrekking`, async (req, res) => {
    const repo = store.get(req.params.document);
    const record = findRecord(stores, repo, nummerOf(req));
    authorize(res.locals.user, 'amendment:own', proposerTarget(record));
    const body = bodyOf(req);
    const values = { intrekkingReden: text(body, 'intrekkingReden') };
    await pageAction(req, res, { slug: repo.slug, nummer: record.nummer }, 'intrekking', values, { reden: 'intrekkingReden' }, async () => {
      const input = parseInput(withdrawSchema, { reden: values.intrekkingReden }, 'De intrekking');
      await withdrawAmendment(stores, res.locals.user, repo.slug, record.nummer, input);
      return `${pageUrl(repo.slug, record.nummer)}?melding=ingetrokken`;
    });
  });

  return r;
}

