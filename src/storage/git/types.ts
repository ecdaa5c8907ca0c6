/**
 * The shapes a document repository takes and gives (see repository.ts). Plain data, frozen where the
 * repository hands it out: commits and versions are shared between callers and caches.
 */

export interface Signature {
  name: string;
  email: string;
  /** Unix seconds. */
  timestamp: number;
  /** Minutes, as isomorphic-git (and JS `Date#getTimezoneOffset`): -120 means UTC+02:00. */
  timezoneOffset: number;
}

export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** The commit message without its final newline. */
  message: string;
}

export interface VersionInfo {
  /** `1.0` */
  naam: string;
  /** `v1.0` */
  tag: string;
  /** The annotated tag object's oid. */
  tagOid: string;
  commit: string;
  tree: string;
  /** The tag message without its final newline. */
  message: string;
  tagger: Signature;
}

export type ResolvedRef =
  | { soort: 'concept'; commit: CommitInfo }
  | { soort: 'versie'; versie: VersionInfo; commit: CommitInfo }
  | { soort: 'commit'; commit: CommitInfo };

/** `content: null` deletes the file. */
export interface FileChange {
  path: string;
  content: string | null;
}

export interface InitialContent {
  files: Record<string, string>;
  author: Signature;
  message: string;
  version: { naam: string; message: string; tagger: Signature };
}

export interface RepositoryOptions {
  /** fsync written files and folders before a write resolves (default true). See repository.ts. */
  fsync?: boolean;
  /** Refuse every write with ReadOnlyMode and change nothing on disk at open (inspection of a damaged store). */
  readOnly?: boolean;
}

export interface CommitOptions {
  /** `main` or another branch, e.g. `amendementen/3`. */
  branch: string;
  /** The branch tip the caller based its change on; StaleHead when the branch has moved. */
  parent: string | null;
  changes: FileChange[];
  author: Signature;
  /** Defaults to the author. */
  committer?: Signature;
  message: string;
  /** When the branch does not exist yet: the commit to start it at (otherwise `parent` is used). */
  base?: string;
  /**
   * Extra parents after the first, for a merge commit (e.g. the amendment branch tip when merging it
   * into `main`). The new tree is still the first parent's tree plus `changes`.
   */
  mergeParents?: string[];
}

/**
 * Where a history page starts, as the previous page left it: the tip that page was taken from (so
 * commits added on top later neither shift nor repeat items) and the first commit not yet listed. The
 * query layer turns it into an opaque cursor for clients (src/queries/cursors.ts).
 */
export interface HistoryPosition {
  tip: string;
  next: string;
}

export interface HistoryOptions {
  /** `concept` (default), a version name, or a commit oid (see DocumentRepository.resolve). */
  ref?: string;
  limit: number;
  /** The `next` position of a previous page of the same ref, mode and path. */
  from?: HistoryPosition;
  /** Only commits that changed this top-level file, as `git log -- <path>` (history simplification). */
  path?: string;
  /** Follow first parents only, as `git log --first-parent`: for `main`, the draft's own line. */
  firstParent?: boolean;
}

export interface HistoryPage {
  items: CommitInfo[];
  /** Where the following page starts, or null when this page is the last. */
  next: HistoryPosition | null;
}
