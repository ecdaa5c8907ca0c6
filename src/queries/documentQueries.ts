/**
 * Read-side operations shared by the API and the web pages: a document at a ref, its history and
 * the comparison of two refs. No writes here; everything comes from the git store's in-memory index
 * plus (memoised) tree and blob reads.
 */
import { compareDocuments, type DocumentComparison } from '../domain/compare.js';
import { parseDocumentFiles, type DocumentText } from '../domain/documentModel.js';
import type { DocumentStore } from '../storage/documentStore.js';
import type { CommitInfo, DocumentRepository, ResolvedRef } from '../storage/gitStore.js';

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
