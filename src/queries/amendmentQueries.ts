/**
 * Read side of amendments: the list (filter by status and principle), one amendment with its redline
 * against its basis, its mergeability on the current draft (memoised per basis/revision/draft), the
 * other open amendments that touch the same sentences, its reviews with validity, its revisions and
 * the change between any two of them.
 */
import { overlaps, touchedSentences } from '../domain/amendmentChange.js';
import { AMENDMENT_STATUSES, currentRevision, type AmendmentRecord, type AmendmentStatus } from '../domain/amendmentModel.js';
import { compareDocuments, type DocumentComparison } from '../domain/compare.js';
import { parseDocumentFiles, type DocumentText } from '../domain/documentModel.js';
import { mergeFileSets, type FileConflict, type SentenceConflict } from '../domain/threeWayMerge.js';
import { NotFound } from '../errors.js';
import { mapLimited, READ_FAN_OUT } from '../collections.js';
import { reviewStates, validApprovals, type ReviewState } from '../domain/reviewRules.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { Stores } from '../storage/stores.js';
import { listQuerySchema } from '../schemas/amendments.js';
import { parseInput } from '../validation.js';
import { paginate } from './paginate.js';

/** An amendment of a document with its repository; 404 for an unknown document or number. */
export function findAmendment(stores: Stores, slug: string, nummer: number): { repo: DocumentRepository; record: AmendmentRecord } {
  const repo = stores.documents.get(slug);
  const record = stores.amendments.get(repo.slug, nummer);
  if (!record) throw new NotFound(`Amendement ${nummer} bestaat niet.`);
  return { repo, record };
}

export interface Mergeability {
  samenvoegbaar: boolean;
  /** The draft commit this was computed against. */
  concept: string;
  conflicten: SentenceConflict[];
  bestandsconflicten: FileConflict[];
}

const mergeCache = new WeakMap<DocumentRepository, Map<string, Mergeability>>();
const touchCache = new WeakMap<DocumentRepository, Map<string, { bestand: string; zin: string }[]>>();

function memo<V>(cache: WeakMap<DocumentRepository, Map<string, V>>, repo: DocumentRepository, key: string, make: () => Promise<V>): Promise<V> {
  let m = cache.get(repo);
  if (!m) {
    m = new Map();
    cache.set(repo, m);
  }
  const hit = m.get(key);
  if (hit !== undefined) return Promise.resolve(hit);
  return make().then((v) => {
    if ((m?.size ?? 0) > 5000) m?.clear();
    m?.set(key, v);
    return v;
  });
}

/** Whether the current revision merges cleanly into the current draft (three-way, basis as base). */
export function mergeability(repo: DocumentRepository, record: AmendmentRecord): Promise<Mergeability> {
  const rev = currentRevision(record);
  const head = repo.head().oid;
  return memo(mergeCache, repo, `${rev.basis}:${rev.commit}:${head}`, async () => {
    if (head === rev.basis) return { samenvoegbaar: true, concept: head, conflicten: [], bestandsconflicten: [] };
    const [base, draft, tip] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(head), repo.readFiles(rev.commit)]);
    const r = mergeFileSets(base, draft, tip);
    return r.ok
      ? { samenvoegbaar: true, concept: head, conflicten: [], bestandsconflicten: [] }
      : { samenvoegbaar: false, concept: head, conflicten: r.conflicts, bestandsconflicten: r.fileConflicts };
  });
}

/** The sentences of its basis that the amendment's current revision changes. */
export function touched(repo: DocumentRepository, record: AmendmentRecord): Promise<{ bestand: string; zin: string }[]> {
  const rev = currentRevision(record);
  if (rev.geraakt !== undefined) return Promise.resolve(rev.geraakt);
  return memo(touchCache, repo, `${rev.basis}:${rev.commit}`, async () => {
    const [base, tip] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(rev.commit)]);
    return touchedSentences(parseDocumentFiles(base), parseDocumentFiles(tip));
  });
}

const filesCache = new WeakMap<DocumentRepository, Map<string, string[]>>();

/**
 * The files the amendment's current revision changes compared with its basis (added, changed or
 * removed). Not derived from `touched`: an added principle touches no sentence of the basis, but it
 * is a change to that principle.
 */
export function changedFiles(repo: DocumentRepository, record: AmendmentRecord): Promise<string[]> {
  const rev = currentRevision(record);
  return memo(filesCache, repo, `${rev.basis}:${rev.commit}`, async () => {
    const [base, tip] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(rev.commit)]);
    const paths = new Set([...base.keys(), ...tip.keys()]);
    return [...paths].filter((p) => base.get(p) !== tip.get(p)).sort();
  });
}

export interface ListFilter {
  status?: AmendmentStatus | undefined;
  /** A principle file: only amendments that change it. */
  bestand?: string | undefined;
}

export async function listAmendments(stores: Stores, slug: string, filter: ListFilter = {}): Promise<AmendmentRecord[]> {
  const repo = stores.documents.get(slug);
  const all = stores.amendments.list(repo.slug).filter((a) => !filter.status || a.status === filter.status);
  const out: AmendmentRecord[] = [];
  for (const a of all) {
    if (filter.bestand !== undefined) {
      if (!(await changedFiles(repo, a)).includes(filter.bestand)) continue;
    }
    out.push(a);
  }
  return out.sort((a, b) => b.nummer - a.nummer);
}

/** Each amendment with its mergeability on the current draft (open ones only; a decided one has none). */
export function withMergeability(repo: DocumentRepository, records: readonly AmendmentRecord[]): Promise<{ record: AmendmentRecord; merge: Mergeability | null }[]> {
  return mapLimited(records, READ_FAN_OUT, async (record) => ({ record, merge: record.status === 'ingediend' ? await mergeability(repo, record) : null }));
}

/** A page of the API's list: `query` is checked with listQuerySchema (400) once the document is known (404). */
export async function amendmentListPage(stores: Stores, slug: string, query: unknown): Promise<{ items: { record: AmendmentRecord; merge: Mergeability | null }[]; next: string | null }> {
  const repo = stores.documents.get(slug);
  const q = parseInput(listQuerySchema, query, 'De zoekvraag');
  const items = await listAmendments(stores, repo.slug, { status: q.status, bestand: q.bestand });
  const page = paginate(items, (a) => String(a.nummer), q.limit, q.cursor);
  return { items: await withMergeability(repo, page.items), next: page.next };
}

export interface AmendmentDetail {
  repo: DocumentRepository;
  record: AmendmentRecord;
  basisText: DocumentText;
  revisionText: DocumentText;
  diff: DocumentComparison;
  mergeability: Mergeability;
  /** Other open amendments that touch the same sentences. */
  raaktOok: number[];
  reviews: ReviewState[];
  validApprovals: number;
}

export async function amendmentDetail(stores: Stores, slug: string, nummer: number): Promise<AmendmentDetail> {
  const { repo, record } = findAmendment(stores, slug, nummer);
  const rev = currentRevision(record);
  const [baseFiles, tipFiles] = await Promise.all([repo.readFiles(rev.basis), repo.readFiles(rev.commit)]);
  const basisText = parseDocumentFiles(baseFiles);
  const revisionText = parseDocumentFiles(tipFiles);
  const diff = compareDocuments(basisText, revisionText);
  const merge = record.status === 'ingediend' ? await mergeability(repo, record) : { samenvoegbaar: false, concept: repo.head().oid, conflicten: [], bestandsconflicten: [] };
  const raaktOok = record.status === 'ingediend' ? await alsoTouching(stores, repo, record) : [];
  return { repo, record, basisText, revisionText, diff, mergeability: merge, raaktOok, reviews: reviewStates(record), validApprovals: validApprovals(record) };
}

/**
 * "Raakt ook": the other open amendments whose current revision touches a sentence this one touches
 * (same file, same sentence text in each one's own basis), in number order. One index lookup per
 * touched sentence (domain/amendmentTouchIndex.ts), so the page costs the same at 10 and at 10,000 open
 * amendments, and the first page after a start as much as any other. Only open amendments recorded
 * before the touched sentences were kept are compared from their texts; the start-up backfill records
 * theirs, so normally there are none.
 */
async function alsoTouching(stores: Stores, repo: DocumentRepository, record: AmendmentRecord): Promise<number[]> {
  const mine = await touched(repo, record);
  const found = new Set(stores.amendments.touching(repo.slug, mine).map((o) => o.nummer));
  const unknown = stores.amendments.openWithoutTouched(repo.slug).filter((o) => o.nummer !== record.nummer);
  const theirs = await mapLimited(unknown, READ_FAN_OUT, (o) => touched(repo, o));
  unknown.forEach((o, i) => {
    if (overlaps(mine, theirs[i] ?? [])) found.add(o.nummer);
  });
  found.delete(record.nummer);
  return [...found].sort((a, b) => a - b);
}

/** The change between two revisions (commits) of one amendment. */
export async function compareRevisions(stores: Stores, slug: string, nummer: number, van: string, naar: string): Promise<DocumentComparison> {
  const { repo, record } = findAmendment(stores, slug, nummer);
  const find = (ref: string) => {
    const r = record.revisies.find((x) => x.commit === ref || (ref.length >= 7 && x.commit.startsWith(ref)));
    if (!r) throw new NotFound(`Revisie ${ref} hoort niet bij amendement ${nummer}.`);
    return r.commit;
  };
  const [a, b] = await Promise.all([repo.readFiles(find(van)), repo.readFiles(find(naar))]);
  return compareDocuments(parseDocumentFiles(a), parseDocumentFiles(b));
}

export function isAmendmentStatus(v: unknown): v is AmendmentStatus {
  return typeof v === 'string' && (AMENDMENT_STATUSES as readonly string[]).includes(v);
}
