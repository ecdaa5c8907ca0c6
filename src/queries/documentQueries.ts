/**
 * Read-side operations shared by the API and the web pages: a document at a ref, its history and
 * the comparison of two refs. No writes here; everything comes from the git store's in-memory index
 * plus (memoised) tree and blob reads.
 */
import type { AmendmentRecord } from '../domain/amendmentModel.js';
import { compareDocuments, type DocumentComparison } from '../domain/compare.js';
import { parseDocumentFiles, type DocumentText } from '../domain/documentModel.js';
import type { HISTORY_VIEWS } from '../schemas/documents.js';
import type { DocumentStore } from '../storage/documentStore.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { CommitInfo, ResolvedRef, VersionInfo } from '../storage/git/types.js';
import type { Stores } from '../storage/stores.js';
import { historyPage } from './cursors.js';

export interface DocumentAtRef {
  repo: DocumentRepository;
  ref: ResolvedRef;
  text: DocumentText;
}

export async function documentAt(store: DocumentStore, slug: string, ref: string): Promise<DocumentAtRef> {
  const repo = store.get(slug);
  const resolved = repo.resolve(ref);
  const text = parseDocumentFiles(await repo.readFiles(resolved.commit.oid));
  return { repo, ref: resolved, text };
}

export interface Comparison {
  van: DocumentAtRef;
  naar: DocumentAtRef;
  diff: DocumentComparison;
}

export async function compareRefs(store: DocumentStore, slug: string, van: string, naar: string): Promise<Comparison> {
  const a = await documentAt(store, slug, van);
  const b = await documentAt(store, slug, naar);
  return { van: a, naar: b, diff: compareDocuments(a.text, b.text) };
}

/** The name a reader knows a resolved ref by: `concept`, `1.0`, or the commit oid. */
export function refName(ref: ResolvedRef): string {
  if (ref.soort === 'concept') return 'concept';
  if (ref.soort === 'versie') return ref.versie.naam;
  return ref.commit.oid;
}

/** The first line of a commit message. */
export function summary(commit: CommitInfo): string {
  return commit.message.split('\n', 1)[0]?.trim() ?? '';
}

/**
 * Which commits a history shows: `concept`, the draft's own line (`git log --first-parent main`: every
 * state the draft had, a merged amendment as the secretary's decision), or `alles`, every commit
 * reachable from the draft, including the amendments' own revisions (`git log main`).
 */
export type HistoryView = (typeof HISTORY_VIEWS)[number];

/**
 * One commit in a history, with what it was:
 * - `wijziging`: a change on the draft's own line (such as the import of the source text);
 * - `besluit`: a merge on the draft's line, the secretary's decision to take over amendment `amendement`
 *   (decided by its committer, proposed by its author);
 * - `amendement`: a commit of an amendment's branch (its proposal, a revision, an update onto the
 *   draft) that was never the draft itself, so never a historical text of the document.
 * `amendement` is null when the metadata does not know the commit (the commit still says what it is).
 */
export interface HistoryItem {
  commit: CommitInfo;
  soort: 'wijziging' | 'besluit' | 'amendement';
  amendement: AmendmentRecord | null;
  /** Named versions on this commit. */
  versions: VersionInfo[];
}

export interface HistoryPage {
  items: HistoryItem[];
  next: string | null;
  weergave: HistoryView;
}

/**
 * A page of the draft's history, newest first, exactly as stock git lists it (see
 * DocumentRepository.history): for a principle (`bestand`) `git log main -- <bestand>` by default, for
 * the document the draft's own line by default (`weergave` chooses).
 */
export async function documentHistory(
  stores: Stores,
  slug: string,
  opts: { limit: number; cursor?: string | undefined; bestand?: string | undefined; weergave?: HistoryView | undefined },
): Promise<HistoryPage> {
  const repo = stores.documents.get(slug);
  const weergave = opts.weergave ?? (opts.bestand === undefined ? 'concept' : 'alles');
  const page = await historyPage(repo, {
    limit: opts.limit,
    firstParent: weergave === 'concept',
    ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}),
    ...(opts.bestand !== undefined ? { path: opts.bestand } : {}),
  });
  const versionsAt = new Map<string, VersionInfo[]>();
  for (const v of repo.versions()) versionsAt.set(v.commit, [...(versionsAt.get(v.commit) ?? []), v]);
  const amendmentOf = (oid: string): AmendmentRecord | null => stores.amendments.ofCommit(repo.slug, oid) ?? null;
  const items = page.items.map((commit): HistoryItem => {
    const versions = versionsAt.get(commit.oid) ?? [];
    if (!repo.isOnDraftLine(commit.oid)) return { commit, soort: 'amendement', amendement: amendmentOf(commit.oid), versions };
    if (commit.parents.length > 1) return { commit, soort: 'besluit', amendement: amendmentOf(commit.oid), versions };
    return { commit, soort: 'wijziging', amendement: null, versions };
  });
  return { items, next: page.next, weergave };
}

/** The amendment that `oid` is a revision of, or null. */
export function amendmentOfRevision(stores: Stores, slug: string, oid: string): AmendmentRecord | null {
  const record = stores.amendments.ofCommit(slug, oid);
  return record !== undefined && record.revisies.some((r) => r.commit === oid) ? record : null;
}
