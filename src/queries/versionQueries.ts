/**
 * Read side of documents and their named versions: the named version a path names, the ALV records of
 * the versions (db.json `versies`), and what the document pages fetch (start page, documents, versions,
 * the document at a version). Shared by the API, the pages, the commands (which look up the version
 * they act on here) and the adoption document.
 */
import { mapLimited, READ_FAN_OUT } from '../collections.js';
import type { AmendmentRecord } from '../domain/amendmentModel.js';
import { findVersionState, namedVersionStatus, type VersionStateRecord, type VersionStatus, type NamedVersionStatus } from '../domain/versionStatus.js';
import { Conflict, NotFound } from '../errors.js';
import type { DocumentRepository } from '../storage/git/repository.js';
import type { CommitInfo, ResolvedRef, VersionInfo } from '../storage/git/types.js';
import type { Stores } from '../storage/stores.js';
import { amendmentOfRevision, compareRefs, documentAt, refName, type Comparison, type DocumentAtRef } from './documentQueries.js';
import { versionNaming, type VersionNaming } from './versionNaming.js';

/** A named version (a tag `v<naam>`) of a document. */
export interface NamedVersion {
  repo: DocumentRepository;
  version: VersionInfo;
}

function resolveOr(repo: DocumentRepository, versie: string, notFound: () => NotFound): ResolvedRef {
  try {
    return repo.resolve(versie);
  } catch (e) {
    throw e instanceof NotFound ? notFound() : e;
  }
}

/** The named version `versie` (`1.0` or `v1.0`) of a document; the draft, a commit oid or an unknown name is 404. */
export function findNamedVersion(stores: Stores, slug: string, versie: string): NamedVersion {
  const repo = stores.documents.get(slug);
  const notFound = (): NotFound => new NotFound(`Versie ${versie.slice(0, 40)} bestaat niet; alleen een benoemde versie (zoals 1.0) kan worden vastgesteld.`, { versie: versie.slice(0, 40) });
  if (!/^v?\d{1,4}\.\d{1,4}$/.test(versie)) throw notFound();
  const resolved = resolveOr(repo, versie, notFound);
  if (resolved.soort !== 'versie') throw notFound();
  return { repo, version: resolved.versie };
}

/**
 * The named version `versie` of `repo` to endorse: an unknown one is 404; the draft and a bare commit
 * exist but cannot be endorsed (409), since only a named version stays the same text.
 */
export function versionToEndorse(repo: DocumentRepository, versie: string): VersionInfo {
  const resolved = resolveOr(repo, versie, () => new NotFound(`Versie ${versie.slice(0, 40)} van ${repo.slug} bestaat niet.`, { versie: versie.slice(0, 40) }));
  if (resolved.soort !== 'versie') {
    throw new Conflict(
      resolved.soort === 'concept'
        ? 'Het concept kan niet worden onderschreven: het verandert nog. Onderschrijf een benoemde versie, zoals 1.0.'
        : 'Alleen een benoemde versie (zoals 1.0) kan worden onderschreven, geen losse commit.',
      { versie: versie.slice(0, 40) },
    );
  }
  return resolved.versie;
}

/** The ALV records of every named version (db.json `versies`). */
export function versionStates(stores: Stores): readonly VersionStateRecord[] {
  return stores.db.data.versies;
}

/** The slug of the document a path names; 404 for an unknown document (before anything else is looked at). */
export function documentSlug(stores: Stores, slug: string): string {
  return stores.documents.get(slug).slug;
}

/** Two refs of a document and the comparison of their texts. */
export function compareVersions(stores: Stores, slug: string, van: string, naar: string): Promise<Comparison> {
  return compareRefs(stores.documents, slug, van, naar);
}

/** The document at a ref (`concept`, a version name or a commit); 404 for an unknown document or ref. */
export function documentAtRef(stores: Stores, slug: string, ref: string): Promise<DocumentAtRef> {
  return documentAt(stores.documents, slug, ref);
}

/** The status of what `at` shows; a named version's comes from its ALV record. */
export function statusOf(at: DocumentAtRef, states: readonly VersionStateRecord[]): VersionStatus {
  if (at.ref.soort === 'concept') return 'concept';
  if (at.ref.soort === 'versie') return namedVersionStatus(findVersionState(states, at.repo.slug, at.ref.versie.naam));
  // Only a commit that once was the draft is a historical text of the document; any other is an amendment's.
  return at.repo.isOnDraftLine(at.ref.commit.oid) ? 'historisch' : 'amendement';
}

export type VersionWithStatus = VersionInfo & { status: NamedVersionStatus };

/** A document's named versions, newest first, each with its status (gepubliceerd, ter-vaststelling, vastgesteld). */
export function versionsWithStatus(stores: Stores, slug: string): { slug: string; versions: VersionWithStatus[] } {
  const repo = stores.documents.get(slug);
  const states = versionStates(stores);
  return { slug: repo.slug, versions: repo.versions().map((v) => ({ ...v, status: namedVersionStatus(findVersionState(states, repo.slug, v.naam)) })) };
}

/** What the versions page shows: the versions with their status, the draft's commit, and what the next version may be called. */
export function versionsPage(stores: Stores, slug: string): { slug: string; versions: VersionWithStatus[]; head: CommitInfo; naming: VersionNaming } {
  const repo = stores.documents.get(slug);
  return { ...versionsWithStatus(stores, repo.slug), head: repo.head(), naming: versionNaming(repo) };
}

/** Everything the page of the document at a ref shows besides the text. */
export interface VersionPageData {
  at: DocumentAtRef;
  status: VersionStatus;
  /** The ALV record of a named version; undefined otherwise or when none. */
  alv: VersionStateRecord | undefined;
  /** For the text of an amendment's commit (never the draft): the amendment it belongs to, when known. */
  amendment: AmendmentRecord | null;
  versions: VersionInfo[];
  head: CommitInfo;
}

export async function versionPage(stores: Stores, slug: string, ref: string): Promise<VersionPageData> {
  return versionPageAt(stores, await documentAtRef(stores, slug, ref));
}

function versionPageAt(stores: Stores, at: DocumentAtRef): VersionPageData {
  const repo = at.repo;
  const states = versionStates(stores);
  const status = statusOf(at, states);
  return {
    at,
    status,
    alv: at.ref.soort === 'versie' ? findVersionState(states, repo.slug, at.ref.versie.naam) : undefined,
    amendment: status === 'amendement' ? amendmentOfRevision(stores, repo.slug, at.ref.commit.oid) : null,
    versions: repo.versions(),
    head: repo.head(),
  };
}

/** The page of a named version that carries the ALV forms: 404 unless `versie` is a named version. */
export async function namedVersionPage(stores: Stores, slug: string, versie: string): Promise<VersionPageData> {
  const { repo, version } = findNamedVersion(stores, slug, versie);
  return versionPage(stores, repo.slug, version.naam);
}

/** The start page: the first document at its newest version (the draft while there is none), or nothing. */
export async function homePage(stores: Stores): Promise<{ page: VersionPageData | null; documents: string[] }> {
  const repos = stores.documents.list();
  const first = repos[0];
  if (first === undefined) return { page: null, documents: [] };
  return { page: await versionPage(stores, first.slug, first.versions()[0]?.naam ?? 'concept'), documents: repos.map((d) => d.slug) };
}

/** The documents page: each document's title and description (from its draft) and its versions. */
export function documentsOverview(stores: Stores) {
  return mapLimited(stores.documents.list(), READ_FAN_OUT, async (repo) => {
    const at = await documentAtRef(stores, repo.slug, 'concept');
    return { slug: repo.slug, titel: at.text.meta.titel, beschrijving: at.text.meta.beschrijving, versies: versionsWithStatus(stores, repo.slug).versions };
  });
}

/** Every document at its draft, for the API's list of documents. */
export function documentDrafts(stores: Stores): Promise<DocumentAtRef[]> {
  return mapLimited(stores.documents.list(), READ_FAN_OUT, (repo) => documentAtRef(stores, repo.slug, 'concept'));
}

/** The version a reader lands on for a document: its newest named version, or the draft. */
export function defaultRef(stores: Stores, slug: string): { slug: string; ref: string } {
  const repo = stores.documents.get(slug);
  return { slug: repo.slug, ref: repo.versions()[0]?.naam ?? 'concept' };
}

/** The name of the ref `versie` resolves to in a document (`concept`, `1.0` or a commit oid): for the version switcher. */
export function resolvedRefName(stores: Stores, slug: string, versie: string): { slug: string; naam: string } {
  const repo = stores.documents.get(slug);
  return { slug: repo.slug, naam: refName(repo.resolve(versie)) };
}

/** The draft and every named version of a document, for the version switcher and the compare form. */
export function refChoices(stores: Stores, slug: string): { slug: string; versions: VersionInfo[] } {
  const repo = stores.documents.get(slug);
  return { slug: repo.slug, versions: repo.versions() };
}
