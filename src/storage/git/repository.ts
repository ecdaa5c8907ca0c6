/**
 * One document = one bare git repository (`<store>/documents/<slug>.git`), written without a working tree.
 * Stock `git clone` works and `git fsck --strict` is clean.
 *
 * - `main` is the draft (concept); a version is an annotated tag `v<major>.<minor>`; an amendment is a
 *   branch such as `amendementen/3`.
 * - The app is the only writer. An in-memory CommitIndex (commitIndex.ts) of all commits and refs is
 *   built once at open and updated on every write; reads of history, versions and refs never walk the
 *   repository on disk. Trees and texts are cached (trees.ts); history pages are walked on the index
 *   (history.ts).
 * - All writes to one repository are serialised by one AsyncLock; concurrent writers with a stale
 *   expected parent get StaleHead.
 * - The parts, one concern each: input checks (names.ts), the object format (objects.ts), object files
 *   (looseObjects.ts), refs (refs.ts), durable writes (gitFs.ts on ../durableFile.ts).
 *
 * Durability (what a resolved write promise guarantees): every file is written to a temporary file in the
 * same folder, fsynced, and renamed into place (gitFs.ts), so no reader (this process or stock git) ever
 * sees a half-written object or ref. Before a ref is moved, the new objects and their folders are
 * fsynced; after the ref file is renamed, its folder is fsynced. So when `commit()`/`nameVersion()`/
 * `init()` resolve, the objects and the ref survive a crash or power loss (as far as the OS and disk
 * honour fsync). A crash before that leaves at most unreferenced objects or `tmp_obj_*` files, which git
 * ignores. Pass `{ fsync: false }` to skip the fsyncs (bulk imports, benchmarks): writes stay atomic
 * (rename) but are then only as durable as the page cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import git from 'isomorphic-git';
import { Conflict, NotFound, ReadOnlyMode, StaleHead } from '../../errors.js';
import { compareText, mapLimited } from '../../collections.js';
import { AsyncLock } from '../asyncLock.js';
import { makeFolderDurably, renameDurably } from '../durableFile.js';
import { FILE_CONCURRENCY } from '../fileLimit.js';
import { StoreDamaged } from '../storeDamaged.js';
import { CommitIndex } from './commitIndex.js';
import { GitFs } from './gitFs.js';
import { HistoryWalker } from './history.js';
import { ObjectStore } from './looseObjects.js';
import {
  ABBREVIATED_OID,
  checkChanges,
  checkMessage,
  checkOid,
  checkSignature,
  checkVersion,
  invalid,
  isValidBranchName,
  isValidFileName,
  isValidSlug,
  VERSION_REF,
} from './names.js';
import {
  FILE_MODE,
  freezeCommit,
  parseCommit,
  parseTag,
  prepareObject,
  serializeCommit,
  serializeTag,
  serializeTree,
  type PreparedObject,
  type TreeEntries,
  type TreeEntry,
} from './objects.js';
import { createRef, readRefs, removeStaleLocks, setRef } from './refs.js';
import { TreeReader } from './trees.js';
import type {
  CommitInfo,
  CommitOptions,
  FileChange,
  HistoryOptions,
  HistoryPage,
  InitialContent,
  RepositoryOptions,
  ResolvedRef,
  Signature,
  VersionInfo,
} from './types.js';

const MAIN = 'main';
const BARE_CONFIG = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n';

function versionOrder(a: VersionInfo, b: VersionInfo): number {
  if (a.tagger.timestamp !== b.tagger.timestamp) return b.tagger.timestamp - a.tagger.timestamp;
  const [am = 0, an = 0] = a.naam.split('.').map(Number);
  const [bm = 0, bn = 0] = b.naam.split('.').map(Number);
  return bm - am || bn - an;
}

/** Natural order for branch names (`amendementen/2` before `amendementen/10`). */
const branchCollator = new Intl.Collator('en', { numeric: true });

async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function repositoryExists(slug: string): Conflict {
  return new Conflict(`Er bestaat al een document-repository voor '${slug}'.`, { slug });
}

function versionExists(naam: string): Conflict {
  return new Conflict(`Versie ${naam} bestaat al en wordt nooit verplaatst.`, { naam });
}

/** A commit's objects, built in memory: its new blobs, its tree and the commit itself. */
interface BuiltCommit {
  objects: PreparedObject[];
  entries: TreeEntries;
  info: CommitInfo;
}

/** The commit of `changes` on top of `base` (the first parent's tree entries; empty for a root commit). */
function buildCommit(base: TreeEntries, changes: readonly FileChange[], meta: Omit<CommitInfo, 'oid' | 'tree'>): BuiltCommit {
  const entries = new Map<string, TreeEntry>(base);
  const objects: PreparedObject[] = [];
  for (const c of changes) {
    if (c.content === null) {
      entries.delete(c.path);
    } else {
      const blob = prepareObject('blob', Buffer.from(c.content, 'utf8'));
      objects.push(blob);
      entries.set(c.path, Object.freeze({ mode: FILE_MODE, oid: blob.oid, type: 'blob' }));
    }
  }
  const treeObject = prepareObject('tree', serializeTree(entries));
  const tree = treeObject.oid;
  const { parents, author, committer, message } = meta;
  const commitObject = prepareObject('commit', serializeCommit({ tree, parents, author, committer, message }));
  objects.push(treeObject, commitObject);
  return { objects, entries, info: freezeCommit({ oid: commitObject.oid, tree, parents, author, committer, message }) };
}

/**
 * The write order that makes a write durable: all objects (in parallel, their fsyncs overlap) and their
 * folders, then the refs that name them and their folders. A crash in between leaves unreferenced
 * objects only.
 */
async function writeObjectsThenRefs(objects: ObjectStore, gitFs: GitFs, prepared: readonly PreparedObject[], writeRefs: () => Promise<void>): Promise<void> {
  await objects.write(prepared);
  await gitFs.flush();
  await writeRefs();
  await gitFs.flush();
}

export class DocumentRepository {
  readonly slug: string;
  /** Absolute path of the bare repository. */
  readonly dir: string;

  private readonly lock = new AsyncLock();
  private readonly trees: TreeReader;
  private readonly walker: HistoryWalker;

  private constructor(
    slug: string,
    dir: string,
    private readonly index: CommitIndex,
    private readonly gitFs: GitFs,
    private readonly objects: ObjectStore,
    private readonly readOnly = false,
  ) {
    this.slug = slug;
    this.dir = dir;
    this.trees = new TreeReader(objects);
    this.walker = new HistoryWalker(index, this.trees);
  }

  // ---- lifecycle ----

  /**
   * Creates the bare repository with one commit on `main` holding `content.files`, tagged `v<naam>`.
   * The repository is assembled in a temporary sibling folder and renamed into place, so a crash never
   * leaves a half-made repository at `dir`. Conflict when `dir` exists.
   */
  static async init(dir: string, slug: string, content: InitialContent, options: RepositoryOptions = {}): Promise<DocumentRepository> {
    if (!isValidSlug(slug)) throw invalid('slug', 'Alleen kleine letters, cijfers en losse koppeltekens.');
    if (typeof content !== 'object' || content === null) throw invalid('content', 'Ontbreekt.');
    const fileNames = typeof content.files === 'object' && content.files !== null ? Object.keys(content.files) : [];
    if (fileNames.length === 0) throw invalid('files', 'Een document heeft minstens één bestand.');
    const changes = checkChanges(fileNames.map((p) => ({ path: p, content: content.files[p] })));
    if (changes.some((c) => c.content === null)) throw invalid('files', 'Bestanden moeten tekst bevatten.');
    const author = checkSignature(content.author, 'author');
    const message = checkMessage(content.message, 'message');
    const version = content.version as Partial<InitialContent['version']> | undefined;
    if (typeof version !== 'object' || version === null) throw invalid('version', 'Ontbreekt.');
    const { naam, message: tagMessage, tagger } = checkVersion(version, 'version.');

    const sync = options.fsync !== false;
    const target = path.resolve(dir);
    if (await pathExists(target)) throw repositoryExists(slug);
    const parent = path.dirname(target);
    await makeFolderDurably(parent, sync);
    const tmp = path.join(parent, `.creating-${path.basename(target)}-${randomBytes(6).toString('hex')}`);
    const gitFs = new GitFs(sync);
    try {
      await git.init({ fs: gitFs.client, dir: tmp, bare: true, defaultBranch: MAIN });
      // isomorphic-git's config says ignorecase/no filemode/no symlinks (browser defaults); use what
      // `git init --bare` writes on Linux so stock git treats the repository normally.
      await gitFs.writeFile(path.join(tmp, 'config'), BARE_CONFIG);
      const root = buildCommit(new Map(), changes, { parents: [], author, committer: author, message });
      const tag = `v${naam}`;
      const tagObject = prepareObject('tag', serializeTag({ object: root.info.oid, tag, tagger, message: tagMessage }));
      await writeObjectsThenRefs(new ObjectStore(tmp, gitFs), gitFs, [...root.objects, tagObject], async () => {
        await setRef(gitFs, tmp, `refs/heads/${MAIN}`, root.info.oid);
        await setRef(gitFs, tmp, `refs/tags/${tag}`, tagObject.oid);
      });
      if (await pathExists(target)) throw repositoryExists(slug);
      try {
        await renameDurably(tmp, target, sync);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') throw repositoryExists(slug);
        throw e;
      }
    } catch (e) {
      await fs.promises.rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return DocumentRepository.open(target, slug, options);
  }

  /** Opens an existing bare repository and builds the in-memory index (reads every commit once). */
  static async open(dir: string, slug: string, options: RepositoryOptions = {}): Promise<DocumentRepository> {
    const gitdir = path.resolve(dir);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(gitdir);
    } catch {
      throw new NotFound(`Document-repository '${slug}' bestaat niet.`, { slug });
    }
    if (!stat.isDirectory() || !(await pathExists(path.join(gitdir, 'HEAD'))) || !(await pathExists(path.join(gitdir, 'objects')))) {
      throw new StoreDamaged(gitdir, 'is not a bare git repository (HEAD or objects/ is missing)');
    }
    if (options.readOnly !== true) await removeStaleLocks(gitdir);
    const gitFs = new GitFs(options.fsync !== false);
    const objects = new ObjectStore(gitdir, gitFs);
    /** Any failure to read a ref or object at open names the repository and the object (StoreDamaged). */
    const damaged = (what: string, e: unknown): StoreDamaged =>
      e instanceof StoreDamaged ? e : new StoreDamaged(gitdir, `${what} is missing or damaged (${e instanceof Error ? e.message.replace(/\s+/g, ' ').trim() : String(e)})`);

    // Refs first, then every commit reachable from them, each read once.
    let heads: Map<string, string>;
    let tagRefs: Map<string, string>;
    try {
      heads = await readRefs(gitdir, 'refs/heads/');
      tagRefs = await readRefs(gitdir, 'refs/tags/');
    } catch (e) {
      throw damaged('a ref under refs/', e);
    }
    // Every document has its draft on main: without it the service would start with a document that
    // answers 404 everywhere, so that is damage too.
    if (!heads.has(MAIN)) throw new StoreDamaged(gitdir, `has no branch ${MAIN} (refs/heads/${MAIN} is missing or holds no commit id)`);
    const tags: { tag: string; tagOid: string; commit: string; message: string; tagger: Signature }[] = [];
    for (const [name, tagOid] of [...tagRefs].sort(([a], [b]) => compareText(a, b))) {
      // Only annotated `v<major>.<minor>` tags on commits are versions; anything else is not ours.
      if (!VERSION_REF.test(name) || !name.startsWith('v')) continue;
      let fields: ReturnType<typeof parseTag>;
      try {
        const obj = await objects.readAtOpen(tagOid);
        fields = obj.type === 'tag' ? parseTag(tagOid, obj.content) : null;
      } catch (e) {
        throw damaged(`git object ${tagOid} (the tag refs/tags/${name})`, e);
      }
      if (fields === null) continue;
      tags.push({ tag: name, tagOid, commit: fields.object, message: fields.message, tagger: fields.tagger });
    }

    // Every commit reachable from a ref, each read once. Loose objects are read synchronously (see
    // ObjectStore.readAtOpen); a linear history is a chain of dependent reads, so parallelism would not help.
    const commits: CommitInfo[] = [];
    /** Per commit, the ref it was reached from (to name it when an object is missing). */
    const seen = new Map<string, string>();
    const pending: string[] = [];
    const enqueue = (oid: string, from: string): void => {
      if (!seen.has(oid)) {
        seen.set(oid, from);
        pending.push(oid);
      }
    };
    for (const [name, oid] of heads) enqueue(oid, `refs/heads/${name}`);
    for (const t of tags) enqueue(t.commit, `refs/tags/${t.tag}`);
    for (let oid = pending.pop(); oid !== undefined; oid = pending.pop()) {
      const from = seen.get(oid) as string;
      let info: CommitInfo;
      try {
        const obj = await objects.readAtOpen(oid);
        if (obj.type !== 'commit') throw new Error(`it is a ${obj.type}, not a commit`);
        info = parseCommit(oid, obj.content);
      } catch (e) {
        throw damaged(`git object ${oid} (a commit reachable from ${from})`, e);
      }
      commits.push(info);
      for (const p of info.parents) enqueue(p, from);
    }

    const index = CommitIndex.build(commits);
    for (const [name, oid] of heads) index.setHead(name, oid);
    for (const t of tags) {
      const c = index.get(t.commit) as CommitInfo;
      index.setVersion(Object.freeze({ naam: t.tag.slice(1), tag: t.tag, tagOid: t.tagOid, commit: t.commit, tree: c.tree, message: t.message, tagger: t.tagger }));
    }
    const repo = new DocumentRepository(slug, gitdir, index, gitFs, objects, options.readOnly === true);
    await repo.checkObjects((what, e) => damaged(what, e));
    return repo;
  }

  /**
   * At open: the texts the service shows first (the draft and every named version) must be readable,
   * so a lost tree or file object stops the start with its name instead of failing requests later.
   * Trees are read (and so cached for the first requests); files are only checked to exist. Older
   * commits are read when asked for.
   */
  private async checkObjects(damaged: (what: string, e: unknown) => StoreDamaged): Promise<void> {
    const roots = new Map<string, string>([[this.head().tree, `refs/heads/${MAIN}`]]);
    for (const v of this.index.versionList()) if (!roots.has(v.tree)) roots.set(v.tree, `refs/tags/${v.tag}`);
    const blobs = new Map<string, string>();
    for (const [tree, from] of roots) {
      let entries: TreeEntries;
      try {
        entries = await this.trees.entries(tree);
      } catch (e) {
        throw damaged(`git object ${tree} (the tree of ${from})`, e);
      }
      for (const [name, entry] of entries) if (entry.type === 'blob' && !blobs.has(entry.oid)) blobs.set(entry.oid, `${name} in ${from}`);
    }
    for (const [oid, what] of blobs) {
      try {
        await this.objects.check(oid);
      } catch (e) {
        throw damaged(`git object ${oid} (${what})`, e);
      }
    }
  }

  // ---- refs and commits (synchronous, from the index) ----

  /** The tip of `main` (the draft). */
  head(): CommitInfo {
    const oid = this.index.head(MAIN);
    const info = oid === undefined ? undefined : this.index.get(oid);
    if (info === undefined) throw new NotFound(`Document '${this.slug}' heeft geen hoofdtak.`, { slug: this.slug });
    return info;
  }

  /**
   * `concept` -> main; `1.0` or `v1.0` -> that version; a full or abbreviated (>= 7 hex) commit oid.
   * Anything else, unknown or ambiguous is NotFound. Never touches the disk.
   */
  resolve(ref: string): ResolvedRef {
    const notFound = (): NotFound =>
      new NotFound('Deze versie of revisie bestaat niet.', { ref: typeof ref === 'string' ? ref.slice(0, 80) : null });
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 40) throw notFound();
    if (ref === 'concept') return { soort: 'concept', commit: this.head() };
    const v = VERSION_REF.exec(ref);
    if (v !== null) {
      const versie = this.index.version(`v${v[1]}.${v[2]}`);
      if (versie === undefined) throw notFound();
      const commit = this.index.get(versie.commit);
      if (commit === undefined) throw notFound();
      return { soort: 'versie', versie, commit };
    }
    if (ABBREVIATED_OID.test(ref)) {
      const hex = ref.toLowerCase();
      const oid = hex.length === 40 ? hex : (() => {
        const m = this.index.findByPrefix(hex);
        return m.kind === 'unique' ? m.oid : undefined;
      })();
      const commit = oid === undefined ? undefined : this.index.get(oid);
      if (commit === undefined) throw notFound();
      return { soort: 'commit', commit };
    }
    throw notFound();
  }

  getCommit(oid: string): CommitInfo {
    const info = typeof oid === 'string' ? this.index.get(oid) : undefined;
    if (info === undefined) throw new NotFound('Deze revisie bestaat niet.', { oid: typeof oid === 'string' ? oid.slice(0, 80) : null });
    return info;
  }

  /** True when `ancestor` equals `descendant` or is one of its ancestors (both must be known commits). */
  isAncestor(ancestor: string, descendant: string): boolean {
    return this.index.isAncestor(ancestor, descendant);
  }

  /**
   * The commits of `to`'s first-parent line after `from`, oldest first (`from` itself excluded): on
   * `main` the draft's own steps, each a merge of an amendment or a direct commit. Null when `from` is
   * not on that line. In memory, one step per commit.
   */
  firstParentLine(from: string, to: string): CommitInfo[] | null {
    this.getCommit(from);
    const line: CommitInfo[] = [];
    let c: CommitInfo | undefined = this.getCommit(to);
    while (c !== undefined && c.oid !== from) {
      line.push(c);
      const parent: string | undefined = c.parents[0];
      c = parent === undefined ? undefined : this.index.get(parent);
    }
    return c === undefined ? null : line.reverse();
  }

  /** Versions, newest first (tagger time, then version number). */
  versions(): VersionInfo[] {
    return this.index.versionList().sort(versionOrder);
  }

  /** Branches (without `refs/heads/`), optionally only those starting with `prefix`, in natural order. */
  branches(prefix?: string): { name: string; oid: string }[] {
    return this.index
      .headEntries()
      .filter(([name]) => prefix === undefined || name.startsWith(prefix))
      .map(([name, oid]) => ({ name, oid }))
      .sort((a, b) => branchCollator.compare(a.name, b.name));
  }

  /** The tip of a branch, or null when it does not exist. */
  branchTip(branch: string): string | null {
    return this.index.head(branch) ?? null;
  }

  // ---- files ----

  /** The top-level files of the commit's tree (path -> UTF-8 text). Subfolders are not included. */
  async readFiles(commitOid: string): Promise<Map<string, string>> {
    const commit = this.getCommit(commitOid);
    return new Map(await this.trees.textsOf(commit.tree));
  }

  /** One top-level file of the commit, or null when the commit has no such file. */
  async readFile(commitOid: string, file: string): Promise<string | null> {
    const commit = this.getCommit(commitOid);
    if (!isValidFileName(file)) return null;
    return this.trees.textOf(commit.tree, file);
  }

  /**
   * The top-level files (optionally only those `include` accepts) whose content differs between two
   * commits, with their texts before and after (null: absent on that side). Only the blobs that differ
   * are read, so the cost follows the size of the change, not of the document. In file-name order.
   */
  async changedFiles(fromCommit: string, toCommit: string, include: (name: string) => boolean = () => true): Promise<{ path: string; before: string | null; after: string | null }[]> {
    const [a, b] = await Promise.all([this.trees.entries(this.getCommit(fromCommit).tree), this.trees.entries(this.getCommit(toCommit).tree)]);
    const blob = (e: TreeEntry | undefined): string | null => (e !== undefined && e.type === 'blob' ? e.oid : null);
    const changed: { path: string; before: string | null; after: string | null }[] = [];
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (!include(name)) continue;
      const before = blob(a.get(name));
      const after = blob(b.get(name));
      if (before !== after) changed.push({ path: name, before, after });
    }
    changed.sort((x, y) => compareText(x.path, y.path));
    const reads = changed.flatMap((c) => [c.before, c.after]);
    const texts = await mapLimited(reads, FILE_CONCURRENCY, (oid) => (oid === null ? Promise.resolve(null) : this.trees.readBlobText(oid)));
    return changed.map((c, i) => ({ path: c.path, before: texts[2 * i] ?? null, after: texts[2 * i + 1] ?? null }));
  }

  /** The blob oid of a top-level file in the commit, or null. Memoised per tree. */
  async blobOid(commitOid: string, file: string): Promise<string | null> {
    const commit = this.getCommit(commitOid);
    if (!isValidFileName(file)) return null;
    return this.trees.blobIn(commit.tree, file);
  }

  // ---- history ----

  /** Whether `oid` was the draft at some moment: it is on the first-parent line of `main`. */
  isOnDraftLine(oid: string): boolean {
    return this.index.onFirstParentLine(oid, this.head().oid);
  }

  /**
   * Commits newest first, exactly as stock git lists them: `git log <ref>` (every commit), with
   * `firstParent` `git log --first-parent <ref>` (the line of the branch itself: for `main`, each
   * state of the draft, with a merged amendment as one merge commit), with `path` `git log <ref> --
   * <path>` (git's default history simplification, see history.ts). `next` is the position the
   * following page starts at, or null. A position pins the tip the first page was taken from, so later
   * commits on top neither shift nor repeat items; `from` must come from this ref's history
   * (PositionNotInHistory otherwise). Everything comes from the in-memory index, plus (memoised) tree
   * reads for a path.
   */
  async history(opts: HistoryOptions): Promise<HistoryPage> {
    const { limit, path: file } = opts;
    if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
      throw invalid('limit', 'Moet een positief geheel getal zijn.');
    }
    if (file !== undefined && !isValidFileName(file)) throw invalid('path', 'Ongeldige bestandsnaam.');
    const tip = this.resolve(opts.ref ?? 'concept').commit.oid;
    return this.walker.page(tip, { limit, path: file, firstParent: opts.firstParent === true, from: opts.from });
  }

  // ---- writes (serialised by the lock) ----

  /**
   * Commits `changes` on top of `branch`. When the branch exists, `parent` must be its tip (StaleHead
   * otherwise). When it does not, it is created at `base` (or `parent`), which must be a known commit.
   * Resolves after objects and ref are durable; returns the new commit.
   */
  async commit(opts: CommitOptions): Promise<CommitInfo> {
    if (typeof opts !== 'object' || opts === null) throw invalid('commit', 'Ontbreekt.');
    if (!isValidBranchName(opts.branch)) throw invalid('branch', 'Ongeldige taknaam.');
    const branch = opts.branch;
    const changes = checkChanges(opts.changes);
    const author = checkSignature(opts.author, 'author');
    const committer = opts.committer === undefined ? author : checkSignature(opts.committer, 'committer');
    const message = checkMessage(opts.message, 'message');
    const expected = opts.parent === null ? null : checkOid(opts.parent, 'parent');
    const base = opts.base === undefined ? undefined : checkOid(opts.base, 'base');
    const mergeParents = (opts.mergeParents ?? []).map((p, i) => checkOid(p, `mergeParents.${i}`));
    if (this.readOnly) throw new ReadOnlyMode();

    return this.lock.run(async () => {
      const tip = this.index.head(branch);
      let first: string;
      if (tip !== undefined) {
        if (expected !== tip) throw new StaleHead(expected ?? '(geen)', tip);
        first = tip;
      } else {
        if (base !== undefined && expected !== null && expected !== base) {
          throw invalid('parent', 'Moet gelijk zijn aan base of leeg zijn bij een nieuwe tak.');
        }
        const start = base ?? expected;
        if (start === null) throw invalid('base', 'Een nieuwe tak heeft een beginpunt nodig.');
        if (!this.index.has(start)) throw new NotFound('De beginrevisie van de tak bestaat niet.', { oid: start });
        const clash = this.index
          .headEntries()
          .find(([name]) => name.startsWith(`${branch}/`) || branch.startsWith(`${name}/`));
        if (clash !== undefined) throw new Conflict(`De tak '${branch}' botst met de bestaande tak '${clash[0]}'.`, { branch });
        first = start;
      }
      const parents = [first];
      for (const p of mergeParents) {
        if (!this.index.has(p)) throw new NotFound('Een samen te voegen revisie bestaat niet.', { oid: p });
        if (!parents.includes(p)) parents.push(p);
      }
      const parentInfo = this.index.get(first) as CommitInfo;
      const built = buildCommit(await this.trees.entries(parentInfo.tree), changes, { parents, author, committer, message });
      const { info } = built;
      await writeObjectsThenRefs(this.objects, this.gitFs, built.objects, () => setRef(this.gitFs, this.dir, `refs/heads/${branch}`, info.oid));

      this.index.add(info);
      this.index.setHead(branch, info.oid);
      this.trees.remember(info.tree, built.entries, parentInfo.tree, changes);
      return info;
    });
  }

  /**
   * Names a version: annotated tag `v<naam>` on `commit` (default: the tip of main), which must be on main.
   * Conflict when the version exists (tags are never moved).
   */
  async nameVersion(opts: { naam: string; message: string; tagger: Signature; commit?: string }): Promise<VersionInfo> {
    if (typeof opts !== 'object' || opts === null) throw invalid('versie', 'Ontbreekt.');
    const { naam, message, tagger } = checkVersion(opts);
    const requested = opts.commit === undefined ? undefined : checkOid(opts.commit, 'commit');
    const tag = `v${naam}`;
    if (this.readOnly) throw new ReadOnlyMode();
    return this.lock.run(async () => {
      if (this.index.version(tag) !== undefined) throw versionExists(naam);
      const mainTip = this.head().oid;
      const target = requested ?? mainTip;
      const commit = this.getCommit(target);
      if (!this.index.isAncestor(target, mainTip)) throw invalid('commit', 'Een versie moet op de hoofdtak (concept) liggen.');
      const tagObject = prepareObject('tag', serializeTag({ object: target, tag, tagger, message }));
      await writeObjectsThenRefs(this.objects, this.gitFs, [tagObject], async () => {
        if (!(await createRef(this.gitFs, this.dir, `refs/tags/${tag}`, tagObject.oid))) throw versionExists(naam);
      });
      const info: VersionInfo = Object.freeze({ naam, tag, tagOid: tagObject.oid, commit: target, tree: commit.tree, message, tagger });
      this.index.setVersion(info);
      return info;
    });
  }
}
