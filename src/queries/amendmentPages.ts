/**
 * What the amendment pages show, fetched: the list with each open amendment's mergeability, one
 * amendment with its detail and the comparison of two revisions asked for, the texts a form of the
 * proposer is edited against, and the amendment merged onto the current draft as far as a three-way
 * merge goes (the resolve form). How it is shown is in presenters/amendmentPages.ts.
 *
 * The forms of the proposer (edit, resolve) and of a new amendment show text that only those who may
 * act see a form for, so these queries authorize like the commands they lead to (401/403).
 */
import { z } from 'zod';
import { currentRevision, type AmendmentRecord } from '../domain/amendmentModel.js';
import type { DocumentComparison } from '../domain/compare.js';
import { isPrincipleFile, parseDocumentFiles, type DocumentText } from '../domain/documentModel.js';
import { mergeFileSets, mergeTextPreferTheirs, type FileConflict, type SentenceConflict } from '../domain/threeWayMerge.js';
import { NotFound } from '../errors.js';
import { proposerTarget } from '../policies/amendmentTarget.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { authorize } from '../policies/policies.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { Stores } from '../storage/stores.js';
import { amendmentDetail, compareRevisions, findAmendment, listAmendments, withMergeability, type AmendmentDetail, type ListFilter } from './amendmentQueries.js';

async function draftText(repo: DocumentRepository): Promise<{ files: Map<string, string>; text: DocumentText }> {
  const files = await repo.readFiles(repo.head().oid);
  return { files, text: parseDocumentFiles(files) };
}

/** The list page: the draft (for the filter's principles and the title) and the amendments the filter asks for (none for an invalid filter). */
export async function amendmentListData(stores: Stores, slug: string, filter: ListFilter | null) {
  const repo = stores.documents.get(slug);
  const draft = (await draftText(repo)).text;
  const items = filter === null ? [] : await withMergeability(repo, await listAmendments(stores, repo.slug, filter));
  return { slug: repo.slug, draft, items };
}

const oidSchema = z.string().regex(/^[0-9a-f]{7,40}$/);

export interface RevisionComparison {
  /** The two revisions the compare form shows (the ones asked for, else the previous and the current). */
  query: { van: string; naar: string };
  result: { van: string; naar: string; diff: DocumentComparison } | null;
  error: string | null;
}

async function revisionComparison(stores: Stores, record: AmendmentRecord, asked: { van?: string | undefined; naar?: string | undefined }): Promise<RevisionComparison> {
  const rev = currentRevision(record);
  const previous = record.revisies.at(-2)?.commit ?? rev.commit;
  const van = oidSchema.safeParse(asked.van);
  const naar = oidSchema.safeParse(asked.naar);
  const query = { van: van.success ? van.data : previous, naar: naar.success ? naar.data : rev.commit };
  if (asked.van === undefined && asked.naar === undefined) return { query, result: null, error: null };
  if (!van.success || !naar.success) return { query, result: null, error: 'Kies twee revisies van dit amendement om te vergelijken.' };
  try {
    return { query, result: { van: van.data, naar: naar.data, diff: await compareRevisions(stores, record.document, record.nummer, van.data, naar.data) }, error: null };
  } catch (e) {
    if (!(e instanceof NotFound)) throw e;
    return { query, result: null, error: e.detail };
  }
}

export interface AmendmentPageData {
  detail: AmendmentDetail;
  headOid: string;
  docTitel: string;
  /** The named version the current revision is written against, if it is one. */
  basisVersion: string | null;
  compare: RevisionComparison;
}

/** One amendment's page: its detail, the draft's head and title, its basis, and the comparison of two revisions asked for (`?van=&naar=`). */
export async function amendmentPageData(stores: Stores, slug: string, nummer: number, asked: { van?: string | undefined; naar?: string | undefined } = {}): Promise<AmendmentPageData> {
  const detail = await amendmentDetail(stores, slug, nummer);
  const { repo, record } = detail;
  const basis = currentRevision(record).basis;
  return {
    detail,
    headOid: repo.head().oid,
    docTitel: (await draftText(repo)).text.meta.titel,
    basisVersion: repo.versions().find((v) => v.commit === basis)?.naam ?? null,
    compare: await revisionComparison(stores, record, asked),
  };
}

/** The form for a new amendment: its basis (the draft commit the form showed, else the current draft) and that text. Only for those who may propose. */
export async function proposeFormData(stores: Stores, user: CurrentUser | null, slug: string, basisAsked: string | null) {
  const repo = stores.documents.get(slug);
  authorize(user, 'amendment:propose');
  const head = repo.head().oid;
  const basis = basisAsked !== null && /^[0-9a-f]{40}$/.test(basisAsked) && repo.isAncestor(basisAsked, head) ? basisAsked : head;
  const files = await repo.readFiles(basis);
  return { slug: repo.slug, basis, files, doc: parseDocumentFiles(files) };
}

export interface OwnAmendmentForm {
  slug: string;
  record: AmendmentRecord;
  headOid: string;
  docTitel: string;
  draftFiles: Map<string, string>;
  /** The files of the current revision. */
  revisionFiles: Map<string, string>;
}

/** The proposer's forms of an amendment (a new text, resolving conflicts): 404, then only whoever may change it (401/403). */
export async function ownAmendmentForm(stores: Stores, user: CurrentUser | null, slug: string, nummer: number): Promise<OwnAmendmentForm> {
  const { repo, record } = findAmendment(stores, slug, nummer);
  authorize(user, 'amendment:own', proposerTarget(record));
  const draft = await draftText(repo);
  return { slug: repo.slug, record, headOid: repo.head().oid, docTitel: draft.text.meta.titel, draftFiles: draft.files, revisionFiles: await repo.readFiles(currentRevision(record).commit) };
}

/** One file of the resolve form: the text the amendment wants on the current draft (null: removed), and the draft's. */
export interface ResolveFile {
  bestand: string;
  wanted: string | null;
  draft: string | undefined;
  conflict: boolean;
}

export interface ResolveData {
  record: AmendmentRecord;
  draftOid: string;
  conflicts: SentenceConflict[];
  fileConflicts: FileConflict[];
  /** Every file whose merged text (conflicts as the amendment's) differs from the draft, in file order. */
  files: ResolveFile[];
  draftFiles: Map<string, string>;
}

/**
 * The amendment brought onto the current draft as far as a three-way merge goes, with each conflict
 * written as the amendment's lines (`mergeTextPreferTheirs`), so that the proposer starts from their
 * own text and only has to look at the listed sentences.
 */
export async function resolveData(stores: Stores, slug: string, nummer: number): Promise<ResolveData> {
  const { repo, record } = findAmendment(stores, slug, nummer);
  const rev = currentRevision(record);
  const head = repo.head().oid;
  const [baseFiles, draftFiles, tipFiles] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(head), repo.readFiles(rev.commit)]);
  const merged = mergeFileSets(baseFiles, draftFiles, tipFiles);
  const conflicts = merged.ok ? [] : merged.conflicts;
  const fileConflicts = merged.ok ? [] : merged.fileConflicts;
  const conflicting = new Set([...conflicts.map((c) => c.bestand), ...fileConflicts.map((c) => c.bestand)]);
  const paths = [...new Set([...baseFiles.keys(), ...draftFiles.keys(), ...tipFiles.keys()])].filter(isPrincipleFile).sort();
  const files: ResolveFile[] = [];
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
    files.push({ bestand, wanted, draft: o, conflict: conflicting.has(bestand) });
  }
  return { record, draftOid: head, conflicts, fileConflicts, files, draftFiles };
}
