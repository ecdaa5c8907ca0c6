/**
 * How the amendment pages show what queries/amendmentPages.ts fetched (views/pages/amendments.ejs,
 * amendment.ejs, amendment-form.ejs): the list's rows, the amendment page's model (what each person
 * may do there, the sentences with their comments, the revisions, the forms that came back), the rows
 * of the principle forms, and the conflicts side by side.
 */
import { canAct } from '../domain/amendmentState.js';
import { AMENDMENT_STATUSES, AMENDMENT_STATUS_LABEL, currentRevision, type AmendmentRecord, type CommentRecord } from '../domain/amendmentModel.js';
import { anchorLocator, isOutdated } from '../domain/commentAnchors.js';
import { compareTexts } from '../domain/compare.js';
import { parseDocumentFiles, principleTitle, type DocumentText } from '../domain/documentModel.js';
import type { FileConflict, SentenceConflict } from '../domain/threeWayMerge.js';
import type { FieldError } from '../errors.js';
import { proposerTarget } from '../policies/amendmentTarget.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { can } from '../policies/policies.js';
import type { Mergeability } from '../queries/amendmentQueries.js';
import type { AmendmentPageData, ResolveData } from '../queries/amendmentPages.js';

type Values = Record<string, unknown>;

/** A form's state as the pages show it: the values typed, the errors per field, a message for the whole. */
export interface FormView {
  values: Values;
  errors: FieldError[];
  message?: string;
}

const empty = (values: Values = {}): FormView => ({ values, errors: [] });

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

const WEERGAVEN = ['inline', 'naast-elkaar'] as const;

function text(values: Values, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : '';
}

export function partyLabel(p: { naam: string; organisatie: { naam: string } | null }): string {
  return p.organisatie ? `${p.naam} (${p.organisatie.naam})` : p.naam;
}

// ---- the list --------------------------------------------------------------------------------------

export function amendmentListModel(data: { slug: string; draft: DocumentText; items: { record: AmendmentRecord; merge: Mergeability | null }[] }, query: { status: string; principe: string }, user: CurrentUser | null) {
  return {
    title: 'Amendementen',
    slug: data.slug,
    docTitel: data.draft.meta.titel,
    statusOptions: AMENDMENT_STATUSES.map((s) => ({ value: s, label: AMENDMENT_STATUS_LABEL[s] })),
    principleOptions: data.draft.principes.map((p) => ({ value: p.bestand, label: `Principe ${p.nummer}: ${p.titel}` })),
    query,
    mayPropose: can(user, 'amendment:propose'),
    items: data.items.map(({ record: a, merge }) => ({
      nummer: a.nummer,
      titel: a.titel,
      status: a.status,
      statusLabel: AMENDMENT_STATUS_LABEL[a.status],
      indiener: partyLabel(a.indiener),
      medeIndieners: a.medeIndieners.filter((m) => m.ingetrokken === null).length,
      revisies: a.revisies.length,
      samenvoegbaar: merge ? merge.samenvoegbaar : null,
      gewijzigd: a.gewijzigd,
      basis: currentRevision(a).basis,
    })),
  };
}

// ---- principle rows of the propose / revise / resolve form ------------------------------------------

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

export function rowsFor(doc: DocumentText): PrincipleRow[] {
  return doc.principes.map((p, i) => ({ index: i + 1, bestand: p.bestand, nummer: p.nummer, titel: p.titel, tekst: p.tekst, bestaat: true, verwijderd: false, conflict: false }));
}

/** Values of a freshly opened form: the rows' texts under their field names. */
export function rowValues(rows: readonly PrincipleRow[]): Values {
  const values: Values = {};
  for (const r of rows) {
    values[`bestand_${r.index}`] = r.bestand;
    values[`tekst_${r.index}`] = r.tekst;
    if (r.verwijderd) values[`verwijder_${r.index}`] = 'ja';
  }
  return values;
}

/** The row numbers of a posted form (its hidden `bestand_<i>` fields), in order. */
export function rowIndexes(values: Values): number[] {
  return Object.keys(values)
    .map((k) => /^bestand_(\d{1,3})$/.exec(k)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Rows as posted (hidden `bestand_<i>` fields), titled from the posted text, for re-rendering. */
export function rowsFromBody(values: Values, reference: ReadonlyMap<string, string>, conflicting: ReadonlySet<string>): PrincipleRow[] {
  const numbered = parseDocumentFiles(reference).principes;
  return rowIndexes(values).map((index) => {
    const bestand = text(values, `bestand_${index}`);
    const tekst = text(values, `tekst_${index}`);
    const known = numbered.find((p) => p.bestand === bestand);
    return {
      index,
      bestand,
      nummer: known?.nummer ?? null,
      titel: known?.titel ?? principleTitle(bestand, tekst),
      tekst,
      bestaat: reference.has(bestand),
      verwijderd: text(values, `verwijder_${index}`) === 'ja',
      conflict: conflicting.has(bestand),
    };
  });
}

// ---- conflicts and the resolve form ----------------------------------------------------------------

function titlesOf(doc: DocumentText, titles = new Map<string, string>()): Map<string, string> {
  for (const p of doc.principes) if (!titles.has(p.bestand)) titles.set(p.bestand, `Principe ${p.nummer}: ${p.titel}`);
  return titles;
}

/** Each conflict with the word-level change of both sides against the base, for the side-by-side table. */
function conflictViews(conflicts: readonly SentenceConflict[], titles: ReadonlyMap<string, string>) {
  return conflicts.map((c) => {
    const basis = c.basis.join('\n');
    return { ...c, titel: titles.get(c.bestand) ?? c.bestand, amendementRegels: compareTexts(basis, c.amendement.join('\n')).regels, conceptRegels: compareTexts(basis, c.concept.join('\n')).regels };
  });
}

function fileConflictViews(conflicts: readonly FileConflict[], titles: ReadonlyMap<string, string>) {
  return conflicts.map((c) => ({ ...c, titel: titles.get(c.bestand) ?? c.bestand }));
}

/** The prefilled rows of the resolve form: every file whose merged text differs from the draft. */
function resolveRows(data: ResolveData): PrincipleRow[] {
  const draftDoc = parseDocumentFiles(data.draftFiles);
  return data.files.map((f, i) => {
    const known = draftDoc.principes.find((p) => p.bestand === f.bestand);
    return {
      index: i + 1,
      bestand: f.bestand,
      nummer: known?.nummer ?? null,
      titel: principleTitle(f.bestand, f.wanted ?? f.draft ?? ''),
      tekst: f.wanted ?? f.draft ?? '',
      bestaat: f.draft !== undefined,
      verwijderd: f.wanted === null,
      conflict: f.conflict,
    };
  });
}

/**
 * The resolve form for the conflicts with the current draft: posted rows come back as typed (titled
 * against the current draft); otherwise the form starts from the merged text.
 */
export function resolveFormModel(data: ResolveData, form: FormView | null) {
  const record = data.record;
  const draftDoc = parseDocumentFiles(data.draftFiles);
  const titles = titlesOf(draftDoc);
  const merged = resolveRows(data);
  const conflicting = new Set(merged.filter((x) => x.conflict).map((x) => x.bestand));
  const posted = form !== null && rowIndexes(form.values).length > 0;
  const rows = posted ? rowsFromBody(form.values, data.draftFiles, conflicting) : merged;
  const shown: FormView = posted ? form : { ...(form ?? empty()), values: rowValues(rows) };
  return {
    title: `Amendement ${record.nummer} bijwerken`,
    slug: record.document,
    docTitel: draftDoc.meta.titel,
    mode: 'oplossen',
    record,
    verwachteRevisie: currentRevision(record).commit,
    resolve: { draftOid: data.draftOid, conflicts: conflictViews(data.conflicts, titles), fileConflicts: fileConflictViews(data.fileConflicts, titles) },
    rows,
    form: shown,
  };
}

/** The edit form of a new text (its rows from the current revision, or as posted). */
export function reviseFormModel(record: AmendmentRecord, docTitel: string, rows: PrincipleRow[], form: FormView) {
  return { title: `Amendement ${record.nummer} wijzigen`, slug: record.document, docTitel, mode: 'bewerken', record, verwachteRevisie: currentRevision(record).commit, resolve: null, rows, form };
}

/** The form of a new amendment on `basis`. */
export function proposeFormModel(data: { slug: string; basis: string; doc: DocumentText }, rows: PrincipleRow[], form: FormView) {
  return { title: 'Wijziging voorstellen', slug: data.slug, docTitel: data.doc.meta.titel, mode: 'voorstellen', basis: data.basis, record: null, resolve: null, rows, form };
}

// ---- one amendment ---------------------------------------------------------------------------------

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

/** What the request asks the page to show: `?weergave=`, `?melding=`, and the sentence of a "Reageer op deze zin" link (GET only). */
export interface PageRequest {
  weergave?: string | undefined;
  melding?: string | undefined;
  bestand?: string | undefined;
  zin?: string | undefined;
}

export interface PageOptions {
  status?: number;
  forms?: Partial<Record<AmendmentPageForm, FormView>>;
}

/** The model of views/pages/amendment.ejs. */
export function amendmentPageModel(data: AmendmentPageData, user: CurrentUser | null, asked: PageRequest, opts: PageOptions, minApprovals: number) {
  const d = data.detail;
  const record = d.record;
  const rev = currentRevision(record);
  // One question to the state machine: every verb on the page is allowed exactly while the amendment is open.
  const open = canAct(record.status, 'reageren');
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
    update: open && can(user, 'amendment:own', target) && rev.basis !== data.headOid,
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
  const titles = titlesOf(d.basisText, titlesOf(d.revisionText));

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

  const weergave = (WEERGAVEN as readonly string[]).includes(asked.weergave ?? '') ? (asked.weergave as (typeof WEERGAVEN)[number]) : 'inline';
  const forms = opts.forms ?? {};
  const reactieForm = forms.reactie ?? empty();
  // The sentence to comment on: the form as posted, else the `?bestand=&zin=` of a "Reageer op deze zin" link.
  const wantedBestand = forms.reactie ? text(reactieForm.values, 'ankerBestand') : (asked.bestand ?? '');
  const wantedZin = forms.reactie ? text(reactieForm.values, 'ankerZin') : (asked.zin ?? '');
  const ankerId = wantedZin !== '' ? sentenceIdOf(wantedBestand, wantedZin) : null;
  const anker = ankerId !== null ? { bestand: wantedBestand, zin: wantedZin, titel: titles.get(wantedBestand) ?? wantedBestand, id: ankerId } : null;
  const ankerOnbekend = wantedZin !== '' && anker === null;

  const revisionLabel = (commit: string): string => {
    const n = revisionNumber.get(commit) ?? record.revisies.findIndex((x) => x.commit.startsWith(commit)) + 1;
    return n > 0 ? `revisie ${n}` : `commit ${commit.slice(0, 10)}`;
  };
  const basisLabel = data.basisVersion !== null ? `versie ${data.basisVersion}` : data.headOid === rev.basis ? 'het huidige concept' : 'een eerder concept';
  const failed = (Object.keys(forms) as AmendmentPageForm[]).map((key) => ({ key, label: FORM_LABEL[key], anchor: FORM_ANCHOR[key], form: forms[key] ?? empty() }));

  return {
    title: `Amendement ${record.nummer}: ${record.titel}`,
    slug: record.document,
    docTitel: data.docTitel,
    record,
    statusLabel: AMENDMENT_STATUS_LABEL[record.status],
    rev,
    revisieNummer: record.revisies.length,
    headOid: data.headOid,
    basis: { label: basisLabel, oid: rev.basis },
    indiener: partyLabel(record.indiener),
    medeIndieners: activeCosign,
    detail: d,
    conflicts: conflictViews(d.mergeability.conflicten, titles),
    fileConflicts: fileConflictViews(d.mergeability.bestandsconflicten, titles),
    titleOf: (bestand: string): string => titles.get(bestand) ?? bestand,
    minApprovals,
    permissions,
    weergave,
    sentences,
    comments,
    outdated: comments.filter((c) => c.verouderd),
    anker,
    ankerOnbekend,
    revisions: record.revisies.map((x, i) => ({ ...x, nummer: i + 1, soortLabel: REVISION_KIND_LABEL[x.soort], door: partyLabel(x.door) })),
    revisionOptions: record.revisies.map((x, i) => ({ value: x.commit, label: `Revisie ${i + 1} (${REVISION_KIND_LABEL[x.soort]}, ${x.commit.slice(0, 10)})` })),
    revisionQuery: data.compare.query,
    revisionCompare: data.compare.result,
    revisionCompareError: data.compare.error,
    revisionLabel,
    reviews: d.reviews.map((b) => ({ ...b, door: partyLabel(b.door), revisieNummer: revisionNumber.get(b.revisie) ?? null })),
    notice: NOTICES[asked.melding ?? ''],
    failed,
    forms: {
      reactie: reactieForm,
      beoordeling: forms.beoordeling ?? empty(),
      besluit: forms.besluit ?? empty(),
      intrekking: forms.intrekking ?? empty(),
    },
    besluitDoor: record.besluit ? partyLabel(record.besluit.door) : null,
    mergedCommit: record.besluit?.commit,
    partyLabel,
  };
}
