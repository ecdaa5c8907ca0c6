/**
 * One document = one bare git repository (`<store>/documents/<slug>.git`), written without a working tree:
 * blobs, trees, commits and annotated tags are built in memory and written with isomorphic-git
 * (`init`, `writeBlob`/`writeTree`/`writeCommit`/`writeTag` for a new repository and for versions,
 * `writeObject` for the objects of `commit()` which we serialise ourselves for speed, see "Git object
 * codec" below, and `writeRef` for every ref). Stock `git clone` works and `git fsck --strict` is clean.
 *
 * - `main` is the draft (concept); a version is an annotated tag `v<major>.<minor>`; an amendment is a
 *   branch such as `amendementen/3`.
 * - The app is the only writer. An in-memory {@link CommitIndex} of all commits and refs is built once at
 *   open and updated on every write; reads of history, versions and refs never walk the repository on disk.
 * - All writes to one repository are serialised by one {@link AsyncLock}; concurrent writers with a stale
 *   expected parent get {@link StaleHead}.
 *
 * Durability (what a resolved write promise guarantees): every file isomorphic-git writes goes through
 * {@link DurableFs}: it is written to a temporary file in the same folder, fsynced, and renamed into place,
 * so no reader (this process or stock git) ever sees a half-written object or ref. Before a ref is moved,
 * the new objects and their folders are fsynced; after the ref file is renamed, its folder is fsynced.
 * So when `commit()`/`nameVersion()`/`init()` resolve, the objects and the ref survive a crash or power
 * loss (as far as the OS and disk honour fsync). A crash before that leaves at most unreferenced objects
 * or `tmp_obj_*` files, which git ignores. Pass `{ fsync: false }` to skip the fsyncs (bulk imports,
 * benchmarks): writes stay atomic (rename) but are then only as durable as the page cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import git from 'isomorphic-git';
import type { PromiseFsClient, TreeEntry } from 'isomorphic-git';
import { Conflict, InvalidInput, NotFound, ReadOnlyMode, StaleHead } from '../errors.js';
import { StoreDamaged } from './storeDamaged.js';
import { AsyncLock } from './asyncLock.js';
import { ConcurrencyLimit, compareText, LruCache, mapLimited } from '../collections.js';
import { CommitIndex } from './commitIndex.js';

// ---------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------

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
  /** fsync written files and folders before a write resolves (default true). See the file comment. */
  fsync?: boolean;
  /** Refuse every write with ReadOnlyMode and change nothing on disk at open (inspection of a damaged store). */
  readOnly?: boolean;
}

export interface CommitOptions {
  /** `main` or another branch, e.g. `amendementen/3`. */
  branch: string;
  /** The branch tip the caller based its change on; {@link StaleHead} when the branch has moved. */
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

export interface HistoryOptions {
  /** `concept` (default), a version name, or a commit oid (see {@link DocumentRepository.resolve}). */
  ref?: string;
  limit: number;
  /** The `next` value of a previous page. */
  cursor?: string;
  /** Only commits that changed this top-level file, as `git log -- <path>` (history simplification). */
  path?: string;
  /** Follow first parents only, as `git log --first-parent`: for `main`, the draft's own line. */
  firstParent?: boolean;
}

/** One step of a history walk: show the commit or not, and which parents to go on with. */
interface Step {
  readonly show: boolean;
  readonly follow: readonly string[];
}

/**
 * Memoised steps, one map per walk mode and path, keyed by commit oid (the oid strings come from the
 * index, so lookups hash nothing new: replaying a cursor's walk over thousands of commits stays cheap).
 * At most `capacity` steps in all: beyond that, the least recently used path's map is dropped.
 */
class StepMemo {
  private readonly paths = new Map<string, Map<string, Step>>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  forPath(key: string): ReadonlyMap<string, Step> {
    let memo = this.paths.get(key);
    if (memo === undefined) memo = new Map();
    else this.paths.delete(key);
    this.paths.set(key, memo); // most recently used last
    return memo;
  }

  add(key: string, oid: string, step: Step): void {
    const memo = this.paths.get(key);
    if (memo === undefined || memo.has(oid)) return; // dropped meanwhile: the walk goes on without it
    memo.set(oid, step);
    this.size++;
    for (const [key, oldest] of this.paths) {
      if (this.size <= this.capacity) break;
      this.size -= oldest.size;
      oldest.clear();
      this.paths.delete(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Validation (pure)
// ---------------------------------------------------------------------------------------------------

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 100;
const FULL_OID = /^[0-9a-f]{40}$/;
const ABBREVIATED_OID = /^[0-9a-fA-F]{7,40}$/;
const VERSION_REF = /^v?(\d+)\.(\d+)$/;
/** Canonical version names for new tags: no leading zeros, so `1.0` and `01.0` cannot both exist. */
const VERSION_NAME = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
/**
 * Top-level file names we write: start with a letter or digit (so never `.`, `..`, `.git*`, or a name
 * git fsck would flag), then letters, digits, `.`, `_`, `-`. Documents only need `document.yml` and `NN-slug.md`.
 */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const BRANCH_COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const MAIN = 'main';
const BARE_CONFIG = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n';
const MAX_TIMESTAMP = 253402300799; // 9999-12-31T23:59:59Z

function invalid(name: string, reason: string, detail = 'De opgegeven gegevens zijn ongeldig.'): InvalidInput {
  return new InvalidInput(detail, [{ name, reason }]);
}

export function isValidSlug(slug: unknown): slug is string {
  return typeof slug === 'string' && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

export function isValidFileName(name: unknown): name is string {
  return typeof name === 'string' && FILE_NAME.test(name);
}

/** Branch names we accept: `main`, or `/`-separated components like `amendementen/3` (git ref rules, stricter). */
export function isValidBranchName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return false;
  if (name === 'HEAD') return false;
  return name
    .split('/')
    .every((c) => BRANCH_COMPONENT.test(c) && !c.toLowerCase().endsWith('.lock'));
}

function checkSignature(sig: unknown, field: string): Signature {
  if (typeof sig !== 'object' || sig === null) throw invalid(field, 'Ontbreekt.');
  const s = sig as Partial<Record<keyof Signature, unknown>>;
  const name = typeof s.name === 'string' ? s.name.trim() : '';
  // git identities cannot contain angle brackets or line breaks; fsck also wants a non-empty name.
  if (name.length === 0 || name.length > 200 || /[<>\u0000-\u001f\u007f]/.test(name)) {
    throw invalid(`${field}.name`, 'Een naam is verplicht en mag geen <, > of regeleinden bevatten.');
  }
  const email = typeof s.email === 'string' ? s.email.trim() : '';
  if (email.length > 254 || /[<>\s\u0000-\u001f\u007f]/.test(email)) {
    throw invalid(`${field}.email`, 'Een e-mailadres mag geen <, > of witruimte bevatten.');
  }
  const { timestamp, timezoneOffset } = s;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw invalid(`${field}.timestamp`, 'Moet een geheel aantal seconden sinds 1970 zijn.');
  }
  if (typeof timezoneOffset !== 'number' || !Number.isInteger(timezoneOffset) || Math.abs(timezoneOffset) > 1440) {
    throw invalid(`${field}.timezoneOffset`, 'Moet een geheel aantal minuten tussen -1440 en 1440 zijn.');
  }
  return Object.freeze({ name, email, timestamp, timezoneOffset });
}

/** Normalises like git's message cleanup: LF line ends, no trailing spaces, no leading or trailing blank lines. */
function checkMessage(message: unknown, field: string): string {
  if (typeof message !== 'string') throw invalid(field, 'Ontbreekt.');
  const text = message
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
  if (text.length === 0) throw invalid(field, 'Mag niet leeg zijn.');
  if (text.includes('\u0000')) throw invalid(field, 'Mag geen NUL-tekens bevatten.');
  return text;
}

function checkOid(oid: unknown, field: string): string {
  if (typeof oid !== 'string' || !FULL_OID.test(oid)) throw invalid(field, 'Moet een volledige commit-id (40 hex-tekens) zijn.');
  return oid;
}

function checkChanges(changes: unknown): FileChange[] {
  if (!Array.isArray(changes)) throw invalid('changes', 'Moet een lijst zijn.');
  const seen = new Set<string>();
  return changes.map((raw: unknown, i) => {
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof FileChange, unknown>>;
    if (!isValidFileName(c.path)) throw invalid(`changes.${i}.path`, 'Ongeldige bestandsnaam.');
    if (seen.has(c.path)) throw invalid(`changes.${i}.path`, 'Dit bestand komt meer dan eens voor.');
    seen.add(c.path);
    if (c.content !== null && typeof c.content !== 'string') throw invalid(`changes.${i}.content`, 'Moet tekst of null zijn.');
    return { path: c.path, content: c.content };
  });
}

function messageOf(raw: string): string {
  return raw.replace(/\n+$/, '');
}

function freezeCommit(info: CommitInfo): CommitInfo {
  Object.freeze(info.parents);
  Object.freeze(info.author);
  Object.freeze(info.committer);
  return Object.freeze(info);
}

function versionOrder(a: VersionInfo, b: VersionInfo): number {
  if (a.tagger.timestamp !== b.tagger.timestamp) return b.tagger.timestamp - a.tagger.timestamp;
  const [am = 0, an = 0] = a.naam.split('.').map(Number);
  const [bm = 0, bn = 0] = b.naam.split('.').map(Number);
  return bm - am || bn - an;
}

/** Natural order for branch names (`amendementen/2` before `amendementen/10`). */
const branchCollator = new Intl.Collator('en', { numeric: true });

/** A top-level tree entry as we keep it in memory. */
interface Entry {
  readonly mode: string;
  readonly oid: string;
  readonly type: 'blob' | 'tree' | 'commit';
}
type Entries = ReadonlyMap<string, Entry>;

// ---- history cursor: opaque, base64url of [version byte][snapshot tip][next commit] ----

const CURSOR_VERSION = 1;

function encodeCursor(tip: string, next: string): string {
  return Buffer.concat([Buffer.from([CURSOR_VERSION]), Buffer.from(tip, 'hex'), Buffer.from(next, 'hex')]).toString('base64url');
}

function decodeCursor(cursor: unknown): { tip: string; next: string } {
  const bad = (): InvalidInput => invalid('cursor', 'Onbekende of verlopen cursor.', 'De opgegeven cursor is ongeldig.');
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]{55}$/.test(cursor)) throw bad();
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length !== 41 || bytes[0] !== CURSOR_VERSION || bytes.toString('base64url') !== cursor) throw bad();
  return { tip: bytes.subarray(1, 21).toString('hex'), next: bytes.subarray(21, 41).toString('hex') };
}

// ---------------------------------------------------------------------------------------------------
// Git object codec
//
// isomorphic-git's own writeBlob/writeTree/writeCommit hash with WebCrypto and deflate with a
// CompressionStream on Node 20: about 1 ms of thread-pool round trips per object. For the hot path
// (`commit()`, thousands of times) we serialise the objects ourselves in git's exact format, hash and
// deflate them synchronously (microseconds) and hand them to isomorphic-git's `writeObject` in
// `deflated` form with their oid. Reading loose objects likewise skips the stream inflate; packed
// objects (after a manual `git gc`) fall back to isomorphic-git. `git fsck --strict` in the tests checks
// every object we write.
// ---------------------------------------------------------------------------------------------------

type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

interface GitObject {
  type: ObjectType;
  content: Buffer;
}

interface PreparedObject {
  oid: string;
  type: ObjectType;
  deflated: Buffer;
}

const TREE_MODE = '40000';

function prepareObject(type: ObjectType, content: Buffer): PreparedObject {
  const wrapped = Buffer.concat([Buffer.from(`${type} ${content.length}\u0000`, 'latin1'), content]);
  return { oid: createHash('sha1').update(wrapped).digest('hex'), type, deflated: deflateSync(wrapped) };
}

function isObjectType(t: string | undefined): t is ObjectType {
  return t === 'blob' || t === 'tree' || t === 'commit' || t === 'tag';
}

/** Inflates and verifies a loose object file (header, size and SHA-1). */
function decodeLooseObject(oid: string, deflated: Buffer): GitObject {
  const wrapped = inflateSync(deflated);
  const nul = wrapped.indexOf(0);
  const [type, size] = wrapped.subarray(0, Math.max(nul, 0)).toString('latin1').split(' ');
  if (nul < 0 || !isObjectType(type) || Number(size) !== wrapped.length - nul - 1) {
    throw new Error(`Corrupt git object ${oid}: bad header.`);
  }
  if (createHash('sha1').update(wrapped).digest('hex') !== oid) throw new Error(`Corrupt git object ${oid}: checksum mismatch.`);
  return { type, content: wrapped.subarray(nul + 1) };
}

function looseObjectPath(gitdir: string, oid: string): string {
  return path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
}

/**
 * How many object files this process reads or writes at once, over all repositories and callers. Reading
 * a 10,000-file tree with one unbounded `Promise.all` opened 10,000 files at once and failed with EMFILE
 * (and took the listening socket's `accept` down with it); the thread pool does at most 4 file operations
 * at a time anyway, so a small bound costs nothing.
 */
export const FILE_CONCURRENCY = 16;
const objectFiles = new ConcurrencyLimit(FILE_CONCURRENCY);

async function readPackedObject(gitdir: string, oid: string, cache: object): Promise<GitObject> {
  const r = await objectFiles.run(() => git.readObject({ fs, gitdir, oid, format: 'content', cache }));
  if (r.format !== 'content') throw new Error(`Unexpected object format for ${oid}.`);
  return { type: r.type, content: Buffer.from(r.object.buffer, r.object.byteOffset, r.object.byteLength) };
}

/** Reads an object: loose file first (async I/O), then packs through isomorphic-git. */
async function readObject(gitdir: string, oid: string, cache: object): Promise<GitObject> {
  let data: Buffer | undefined;
  try {
    data = await objectFiles.run(() => fs.promises.readFile(looseObjectPath(gitdir, oid)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return data !== undefined ? decodeLooseObject(oid, data) : readPackedObject(gitdir, oid, cache);
}

/** Synchronous variant for `open()` (start-up, before the server listens): ~20x faster per small file. */
function readLooseObjectSync(gitdir: string, oid: string): GitObject | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(looseObjectPath(gitdir, oid));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return decodeLooseObject(oid, data);
}

/** As isomorphic-git: offset in minutes with the sign of `Date#getTimezoneOffset` (-120 = +0200). */
function formatTimezone(offset: number): string {
  const minutes = offset === 0 ? offset : -offset; // keeps -0 as "-0000"
  const sign = Math.sign(minutes) || (Object.is(minutes, -0) ? -1 : 1);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign < 0 ? '-' : '+'}${hh}${mm}`;
}

function formatIdent(sig: Signature): string {
  return `${sig.name} <${sig.email}> ${sig.timestamp} ${formatTimezone(sig.timezoneOffset)}`;
}

function parseIdent(value: string): Signature {
  const m = /^(.*) <(.*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (m === null) return Object.freeze({ name: value, email: '', timestamp: 0, timezoneOffset: 0 });
  const minutes = (m[4] === '+' ? 1 : -1) * (Number(m[5]) * 60 + Number(m[6]));
  return Object.freeze({
    name: m[1] as string,
    email: m[2] as string,
    timestamp: Number(m[3]),
    timezoneOffset: minutes === 0 ? minutes : -minutes,
  });
}

function serializeCommit(c: Omit<CommitInfo, 'oid'>): Buffer {
  let text = `tree ${c.tree}\n`;
  for (const p of c.parents) text += `parent ${p}\n`;
  text += `author ${formatIdent(c.author)}\ncommitter ${formatIdent(c.committer)}\n\n${c.message}\n`;
  return Buffer.from(text, 'utf8');
}

function parseCommit(oid: string, content: Buffer): CommitInfo {
  const text = content.toString('utf8');
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  let tree: string | undefined;
  const parents: string[] = [];
  let author: Signature | undefined;
  let committer: Signature | undefined;
  for (const line of head.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue; // continuation lines of multi-line headers (gpgsig, mergetag) start with a space
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parseIdent(value);
    else if (key === 'committer') committer = parseIdent(value);
  }
  if (tree === undefined || !FULL_OID.test(tree) || author === undefined || !parents.every((p) => FULL_OID.test(p))) {
    throw new Error(`Corrupt commit ${oid}.`);
  }
  return freezeCommit({
    oid,
    tree,
    parents,
    author,
    committer: committer ?? author,
    message: messageOf(split < 0 ? '' : text.slice(split + 2)),
  });
}

function entryType(mode: string): Entry['type'] {
  return mode === TREE_MODE || mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
}

function parseTree(oid: string, content: Buffer): Entries {
  const entries = new Map<string, Entry>();
  let i = 0;
  while (i < content.length) {
    const sp = content.indexOf(0x20, i);
    const nul = content.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 21 > content.length) throw new Error(`Corrupt tree ${oid}.`);
    const mode = content.subarray(i, sp).toString('latin1');
    const name = content.subarray(sp + 1, nul).toString('utf8');
    const entryOid = content.subarray(nul + 1, nul + 21).toString('hex');
    entries.set(name, Object.freeze({ mode, oid: entryOid, type: entryType(mode) }));
    i = nul + 21;
  }
  return entries;
}

/** git's tree order: by bytes of the name, with `/` appended to folder names. */
function serializeTree(entries: Entries): Buffer {
  const rows = [...entries].map(([name, e]) => ({
    name: Buffer.from(name, 'utf8'),
    sortKey: Buffer.from(e.type === 'tree' ? `${name}/` : name, 'utf8'),
    mode: e.type === 'tree' ? TREE_MODE : e.mode,
    oid: e.oid,
  }));
  rows.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
  return Buffer.concat(
    rows.flatMap((r) => [Buffer.from(`${r.mode} `, 'latin1'), r.name, Buffer.from([0]), Buffer.from(r.oid, 'hex')]),
  );
}

// ---------------------------------------------------------------------------------------------------
// Durable file writes for isomorphic-git
// ---------------------------------------------------------------------------------------------------

function fsyncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

let tmpCounter = 0;

function isLooseObjectPath(file: string): boolean {
  return /^[0-9a-f]{38}$/.test(path.basename(file)) && /^[0-9a-f]{2}$/.test(path.basename(path.dirname(file)));
}

/** Runs a synchronous fs call, turning a throw into a rejection (isomorphic-git expects promises). */
async function syncCall<T>(call: () => T): Promise<T> {
  return call();
}

/**
 * The fs client isomorphic-git writes through. `writeFile` writes a temporary file next to the target
 * (`tmp_obj_*` for loose objects, which git ignores; `<file>.lock` otherwise, git's own convention),
 * fsyncs it and renames it over the target, so readers never see a partial file. Folders whose entries
 * changed are remembered and fsynced by {@link flush}.
 *
 * The small open/write/close/rename/stat calls are synchronous: they hit the page cache and take
 * microseconds, where each async call costs a thread-pool round trip (~50 us). The fsyncs, which wait
 * for the disk, are asynchronous so the event loop keeps serving other requests meanwhile.
 */
class DurableFs {
  readonly client: PromiseFsClient;
  private readonly dirtyDirs = new Set<string>();

  constructor(private readonly sync: boolean) {
    const p = fs.promises;
    this.client = {
      promises: {
        readFile: p.readFile,
        writeFile: (file: string, data: string | Uint8Array) => this.writeFile(file, data),
        unlink: p.unlink,
        readdir: p.readdir,
        mkdir: (dir: string, options?: fs.MakeDirectoryOptions) => this.mkdir(dir, options),
        rmdir: p.rmdir,
        stat: (file: string) => syncCall(() => fs.statSync(file)),
        lstat: (file: string) => syncCall(() => fs.lstatSync(file)),
        readlink: p.readlink,
        symlink: p.symlink,
        chmod: p.chmod,
      },
    };
  }

  /** Atomic, durable replacement of one file (temp file, fsync, rename; the folder is fsynced by flush). */
  async writeFile(file: string, data: string | Uint8Array): Promise<void> {
    const dir = path.dirname(file);
    const object = isLooseObjectPath(file);
    const tmp = object
      ? path.join(dir, `tmp_obj_${process.pid}_${++tmpCounter}_${randomBytes(4).toString('hex')}`)
      : `${file}.lock`;
    // ENOENT (missing folder) propagates: isomorphic-git then creates the folder and retries.
    const fd = fs.openSync(tmp, object ? 'wx' : 'w', object ? 0o444 : 0o644);
    try {
      try {
        fs.writeFileSync(fd, data);
        if (this.sync) await fsyncFd(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    this.dirtyDirs.add(dir);
  }

  private async mkdir(dir: string, options?: fs.MakeDirectoryOptions): Promise<string | undefined> {
    const made = fs.mkdirSync(dir, options);
    this.dirtyDirs.add(path.dirname(dir));
    return made;
  }

  /** fsyncs every folder that gained entries since the last flush. */
  async flush(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    this.dirtyDirs.clear();
    if (!this.sync) return;
    await mapLimited(dirs, FILE_CONCURRENCY, fsyncDir);
  }
}

async function pathExists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Removes `*.lock` files a crashed write may have left under `refs/` (they would block stock git). */
async function removeStaleLocks(gitdir: string): Promise<void> {
  const visit = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await visit(full);
      else if (e.name.endsWith('.lock')) await fs.promises.rm(full, { force: true });
    }
  };
  await visit(path.join(gitdir, 'refs'));
  for (const f of ['HEAD.lock', 'packed-refs.lock', 'config.lock']) await fs.promises.rm(path.join(gitdir, f), { force: true });
}

const OID = /^[0-9a-f]{40}$/;

/**
 * Every ref under `prefix` (`refs/heads/` or `refs/tags/`), by name without the prefix, read the way git
 * does: `packed-refs` once, then the loose ref files, which win over packed ones. Asking isomorphic-git's
 * resolveRef per ref re-reads `packed-refs` for every ref: 2,000 amendment branches took 0.9 s loose and
 * 1.9 s after `git gc` had packed them (quadratic); this reads each file once. A symbolic ref (`ref: ...`,
 * which this service never writes) is resolved through isomorphic-git.
 */
async function readRefs(gitdir: string, prefix: 'refs/heads/' | 'refs/tags/'): Promise<Map<string, string>> {
  const refs = new Map<string, string>();
  let packed = '';
  try {
    packed = await fs.promises.readFile(path.join(gitdir, 'packed-refs'), 'utf8');
  } catch {
    // No packed refs.
  }
  for (const line of packed.split('\n')) {
    // `<oid> <ref>`; `#` starts the header, `^<oid>` is the peeled object of the tag above.
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    const oid = line.slice(0, space);
    const ref = line.slice(space + 1).trim();
    if (OID.test(oid) && ref.startsWith(prefix)) refs.set(ref.slice(prefix.length), oid);
  }
  const visit = async (dir: string, name: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const refName = name === '' ? e.name : `${name}/${e.name}`;
      if (e.isDirectory()) await visit(full, refName);
      else if (e.isFile() && !e.name.endsWith('.lock')) {
        const content = (await fs.promises.readFile(full, 'utf8')).trim();
        if (OID.test(content)) refs.set(refName, content);
        else if (content.startsWith('ref: ')) refs.set(refName, await git.resolveRef({ fs, gitdir, ref: `${prefix}${refName}` }));
      }
    }
  };
  await visit(path.join(gitdir, prefix), '');
  return refs;
}

// ---------------------------------------------------------------------------------------------------
// The repository
// ---------------------------------------------------------------------------------------------------

/**
 * The caches are bounded by size, not by count: a tree of the seed document has 5 entries, one of a
 * 10,000-principle document 10,001, and a count bound sized for the first held gigabytes of the second.
 * Trees: entries in total (~250 bytes each). Texts: characters in total, plus a fixed charge per text.
 */
const TREE_CACHE_ENTRIES = 200_000;
const TEXT_CACHE_CHARS = 16_000_000;
const TEXT_CACHE_CHARGE = 4_096;

function textWeight(texts: ReadonlyMap<string, string>): number {
  let chars = TEXT_CACHE_CHARGE;
  for (const [name, text] of texts) chars += name.length + text.length;
  return chars;
}
/** Commits whose trees a path-filtered history requests ahead of need. */
const HISTORY_LOOKAHEAD = 32;
/** Memoised history-simplification steps, at most this many in all (small records, so many). */
const STEP_CACHE_SIZE = 50_000;

export class DocumentRepository {
  readonly slug: string;
  /** Absolute path of the bare repository. */
  readonly dir: string;

  private readonly lock = new AsyncLock();
  private readonly trees = new LruCache<string, Entries>(TREE_CACHE_ENTRIES, (e) => e.size + 1);
  /** Trees being read now, so concurrent callers share one read. */
  private readonly treeLoads = new Map<string, Promise<Entries>>();
  private readonly texts = new LruCache<string, ReadonlyMap<string, string>>(TEXT_CACHE_CHARS, textWeight);
  private readonly textLoads = new Map<string, Promise<ReadonlyMap<string, string>>>();
  /** Per walk mode and path (`0<file>`, `1<file>` for first-parent): commit oid -> step. See simplify. */
  private readonly steps = new StepMemo(STEP_CACHE_SIZE);

  private constructor(
    slug: string,
    dir: string,
    private readonly index: CommitIndex,
    private readonly durable: DurableFs,
    /** isomorphic-git's object cache (pack indexes), shared by every call on this repository. */
    private readonly cache: object,
    private readonly readOnly = false,
  ) {
    this.slug = slug;
    this.dir = dir;
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
    const naam = checkVersionName(version.naam);
    const tagMessage = checkMessage(version.message, 'version.message');
    const tagger = checkSignature(version.tagger, 'version.tagger');

    const target = path.resolve(dir);
    if (await pathExists(target)) throw new Conflict(`Er bestaat al een document-repository voor '${slug}'.`, { slug });
    const parent = path.dirname(target);
    const firstCreated = await fs.promises.mkdir(parent, { recursive: true });
    if (firstCreated !== undefined && options.fsync !== false) {
      // New folders (e.g. `<store>/documents` on first start) must survive a crash as well.
      for (let d = parent; d !== path.dirname(firstCreated); d = path.dirname(d)) await fsyncDir(path.dirname(d));
    }
    const tmp = path.join(parent, `.creating-${path.basename(target)}-${randomBytes(6).toString('hex')}`);
    const durable = new DurableFs(options.fsync !== false);
    const gfs = durable.client;
    try {
      await git.init({ fs: gfs, dir: tmp, bare: true, defaultBranch: MAIN });
      // isomorphic-git's config says ignorecase/no filemode/no symlinks (browser defaults); use what
      // `git init --bare` writes on Linux so stock git treats the repository normally.
      await durable.writeFile(path.join(tmp, 'config'), BARE_CONFIG);
      const tree: TreeEntry[] = [];
      for (const c of changes) {
        const oid = await git.writeBlob({ fs: gfs, gitdir: tmp, blob: Buffer.from(c.content as string, 'utf8') });
        tree.push({ mode: '100644', path: c.path, oid, type: 'blob' });
      }
      const treeOid = await git.writeTree({ fs: gfs, gitdir: tmp, tree });
      const commitOid = await git.writeCommit({
        fs: gfs,
        gitdir: tmp,
        commit: { message, tree: treeOid, parent: [], author, committer: author },
      });
      const tag = `v${naam}`;
      const tagOid = await git.writeTag({
        fs: gfs,
        gitdir: tmp,
        tag: { object: commitOid, type: 'commit', tag, tagger, message: tagMessage },
      });
      await durable.flush();
      await git.writeRef({ fs: gfs, gitdir: tmp, ref: `refs/heads/${MAIN}`, value: commitOid, force: true });
      await git.writeRef({ fs: gfs, gitdir: tmp, ref: `refs/tags/${tag}`, value: tagOid });
      await durable.flush();
      if (await pathExists(target)) throw new Conflict(`Er bestaat al een document-repository voor '${slug}'.`, { slug });
      try {
        await fs.promises.rename(tmp, target);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') {
          throw new Conflict(`Er bestaat al een document-repository voor '${slug}'.`, { slug });
        }
        throw e;
      }
      if (options.fsync !== false) await fsyncDir(parent);
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
    const cache = {};
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
      let obj: Awaited<ReturnType<typeof git.readObject>>;
      try {
        obj = await git.readObject({ fs, gitdir, oid: tagOid, format: 'parsed', cache });
      } catch (e) {
        throw damaged(`git object ${tagOid} (the tag refs/tags/${name})`, e);
      }
      if (obj.format !== 'parsed' || obj.type !== 'tag' || obj.object.type !== 'commit') continue;
      const t = obj.object;
      tags.push({
        tag: name,
        tagOid,
        commit: t.object,
        message: messageOf(t.message),
        tagger: Object.freeze({ ...t.tagger }),
      });
    }

    // Every commit reachable from a ref, each read once. Loose objects are read synchronously (see
    // readLooseObjectSync); a linear history is a chain of dependent reads, so parallelism would not help.
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
        const obj = readLooseObjectSync(gitdir, oid) ?? (await readPackedObject(gitdir, oid, cache));
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
    const repo = new DocumentRepository(slug, gitdir, index, new DurableFs(options.fsync !== false), cache, options.readOnly === true);
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
      let entries: Entries;
      try {
        entries = await this.treeEntries(tree);
      } catch (e) {
        throw damaged(`git object ${tree} (the tree of ${from})`, e);
      }
      for (const [name, entry] of entries) if (entry.type === 'blob' && !blobs.has(entry.oid)) blobs.set(entry.oid, `${name} in ${from}`);
    }
    for (const [oid, what] of blobs) {
      if (fs.existsSync(looseObjectPath(this.dir, oid))) continue;
      try {
        await readPackedObject(this.dir, oid, this.cache);
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

  // ---- trees and files ----

  private treeEntries(treeOid: string): Promise<Entries> {
    const cached = this.trees.get(treeOid);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.treeLoads.get(treeOid);
    if (pending !== undefined) return pending;
    const loading = readObject(this.dir, treeOid, this.cache).then((obj) => {
      if (obj.type !== 'tree') throw new Error(`Object ${treeOid} is a ${obj.type}, not a tree.`);
      return parseTree(treeOid, obj.content);
    });
    this.treeLoads.set(treeOid, loading);
    // Kept once read; failures (e.g. a transient read error) are not memoised.
    loading.then(
      (entries) => {
        this.trees.set(treeOid, entries);
        this.treeLoads.delete(treeOid);
      },
      () => this.treeLoads.delete(treeOid),
    );
    return loading;
  }

  private prefetchTree(treeOid: string): void {
    this.treeEntries(treeOid).catch(() => undefined); // errors surface when the tree is actually needed
  }

  private async blobInTree(treeOid: string, file: string): Promise<string | null> {
    const entry = (await this.treeEntries(treeOid)).get(file);
    return entry !== undefined && entry.type === 'blob' ? entry.oid : null;
  }

  private async readBlobText(oid: string): Promise<string> {
    const obj = await readObject(this.dir, oid, this.cache);
    if (obj.type !== 'blob') throw new Error(`Object ${oid} is a ${obj.type}, not a blob.`);
    return obj.content.toString('utf8');
  }

  private treeTexts(treeOid: string): Promise<ReadonlyMap<string, string>> {
    const cached = this.texts.get(treeOid);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.textLoads.get(treeOid);
    if (pending !== undefined) return pending;
    const loading = (async () => {
      const entries = await this.treeEntries(treeOid);
      const files = [...entries].filter(([, e]) => e.type === 'blob');
      const texts = await mapLimited(files, FILE_CONCURRENCY, ([, e]) => this.readBlobText(e.oid));
      return new Map(files.map(([name], i) => [name, texts[i] as string])) as ReadonlyMap<string, string>;
    })();
    this.textLoads.set(treeOid, loading);
    loading.then(
      (texts) => {
        this.texts.set(treeOid, texts);
        this.textLoads.delete(treeOid);
      },
      () => this.textLoads.delete(treeOid),
    );
    return loading;
  }

  /** The top-level files of the commit's tree (path -> UTF-8 text). Subfolders are not included. */
  async readFiles(commitOid: string): Promise<Map<string, string>> {
    const commit = this.getCommit(commitOid);
    return new Map(await this.treeTexts(commit.tree));
  }

  /** One top-level file of the commit, or null when the commit has no such file. */
  async readFile(commitOid: string, file: string): Promise<string | null> {
    const commit = this.getCommit(commitOid);
    if (!isValidFileName(file)) return null;
    const cached = this.texts.get(commit.tree);
    if (cached !== undefined) return cached.get(file) ?? null;
    const oid = await this.blobInTree(commit.tree, file);
    return oid === null ? null : this.readBlobText(oid);
  }

  /**
   * The top-level files (optionally only those `include` accepts) whose content differs between two
   * commits, with their texts before and after (null: absent on that side). Only the blobs that differ
   * are read, so the cost follows the size of the change, not of the document. In file-name order.
   */
  async changedFiles(fromCommit: string, toCommit: string, include: (name: string) => boolean = () => true): Promise<{ path: string; before: string | null; after: string | null }[]> {
    const [a, b] = await Promise.all([this.treeEntries(this.getCommit(fromCommit).tree), this.treeEntries(this.getCommit(toCommit).tree)]);
    const blob = (e: Entry | undefined): string | null => (e !== undefined && e.type === 'blob' ? e.oid : null);
    const changed: { path: string; before: string | null; after: string | null }[] = [];
    for (const name of new Set([...a.keys(), ...b.keys()])) {
      if (!include(name)) continue;
      const before = blob(a.get(name));
      const after = blob(b.get(name));
      if (before !== after) changed.push({ path: name, before, after });
    }
    changed.sort((x, y) => compareText(x.path, y.path));
    const reads = changed.flatMap((c) => [c.before, c.after]);
    const texts = await mapLimited(reads, FILE_CONCURRENCY, (oid) => (oid === null ? Promise.resolve(null) : this.readBlobText(oid)));
    return changed.map((c, i) => ({ path: c.path, before: texts[2 * i] ?? null, after: texts[2 * i + 1] ?? null }));
  }

  /** The blob oid of a top-level file in the commit, or null. Memoised per tree. */
  async blobOid(commitOid: string, file: string): Promise<string | null> {
    const commit = this.getCommit(commitOid);
    if (!isValidFileName(file)) return null;
    return this.blobInTree(commit.tree, file);
  }

  // ---- history ----

  /** Whether `oid` was the draft at some moment: it is on the first-parent line of `main`. */
  isOnDraftLine(oid: string): boolean {
    return this.index.onFirstParentLine(oid, this.head().oid);
  }

  /** The entry of top-level `file` in a tree (mode and oid), or null. */
  private async entryIn(treeOid: string, file: string): Promise<Entry | null> {
    return (await this.treeEntries(treeOid)).get(file) ?? null;
  }

  /**
   * git's default history simplification for one path (`git log -- <file>`): a commit that is
   * TREESAME to a parent for `file` (same mode and blob, or absent in both) is not shown and the walk
   * follows only the first such parent; otherwise it is shown and every parent is followed. A root
   * commit is shown when it has the file. With `firstParent`, only the first parent is compared and
   * followed (`git log --first-parent -- <file>`). Memoised: trees never change. On a miss, the trees of
   * the commits ahead are requested first (see prefetchAhead).
   */
  private simplify(c: CommitInfo, file: string, firstParent: boolean, memo: { key: string; steps: ReadonlyMap<string, Step> }, requested: Set<string>): Step | Promise<Step> {
    const cached = memo.steps.get(c.oid);
    if (cached !== undefined) return cached;
    this.prefetchAhead(c, requested);
    return this.compareWithParents(c, file, firstParent).then((step) => {
      this.steps.add(memo.key, c.oid, step);
      return step;
    });
  }

  private async compareWithParents(c: CommitInfo, file: string, firstParent: boolean): Promise<Step> {
    const mine = await this.entryIn(c.tree, file);
    let step: Step | undefined;
    if (c.parents.length === 0) step = { show: mine !== null, follow: [] };
    const candidates = firstParent ? c.parents.slice(0, 1) : c.parents;
    for (const p of candidates) {
      if (step !== undefined) break;
      const theirs = await this.entryIn((this.index.get(p) as CommitInfo).tree, file);
      if (mine === null ? theirs === null : theirs !== null && theirs.oid === mine.oid && theirs.mode === mine.mode) step = { show: false, follow: [p] };
    }
    return step ?? { show: true, follow: candidates };
  }

  /**
   * Commits newest first, exactly as stock git lists them: `git log <ref>` (every commit), with
   * `firstParent` `git log --first-parent <ref>` (the line of the branch itself: for `main`, each
   * state of the draft, with a merged amendment as one merge commit), with `path` `git log <ref> --
   * <path>` (git's default history simplification, see {@link simplify}). `next` is an opaque cursor for
   * the following page, or null. A cursor pins the tip the first page was taken from, so later commits
   * on top neither shift nor repeat items; it must come from this ref's history (InvalidInput 'cursor'
   * otherwise). Everything comes from the in-memory index, plus (memoised) tree reads for a path.
   */
  async history(opts: HistoryOptions): Promise<{ items: CommitInfo[]; next: string | null }> {
    const { limit, path: file } = opts;
    const firstParent = opts.firstParent === true;
    if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) {
      throw invalid('limit', 'Moet een positief geheel getal zijn.');
    }
    if (file !== undefined && !isValidFileName(file)) throw invalid('path', 'Ongeldige bestandsnaam.');
    const tip = this.resolve(opts.ref ?? 'concept').commit.oid;
    const badCursor = (): InvalidInput => invalid('cursor', 'Onbekende of verlopen cursor.', 'De opgegeven cursor is ongeldig.');

    let walkTip = tip;
    let resumeAt: string | null = null;
    if (opts.cursor !== undefined) {
      const c = decodeCursor(opts.cursor);
      if (!this.index.has(c.next) || !this.index.isAncestor(c.tip, tip)) throw badCursor();
      walkTip = c.tip;
      resumeAt = c.next;
    }

    const walk = this.index.walk(walkTip);
    // What to show and which parents to go on with; with a path, trees along the way are requested
    // ahead (in parallel, memoised), so a scan through commits that do not touch the file is not one
    // disk read at a time.
    const requested = new Set<string>();
    const memoKey = `${firstParent ? '1' : '0'}${file ?? ''}`;
    const memo = file === undefined ? undefined : { key: memoKey, steps: this.steps.forPath(memoKey) };
    const step = (c: CommitInfo): Step | Promise<Step> => {
      if (file === undefined || memo === undefined) return { show: true, follow: firstParent && c.parents.length > 1 ? c.parents.slice(0, 1) : c.parents };
      return this.simplify(c, file, firstParent, memo, requested);
    };
    let c = walk.next();
    if (resumeAt !== null) {
      // Replay the walk up to the cursor so that it goes on exactly as the first page's walk would.
      while (c !== undefined && c.oid !== resumeAt) {
        const r = step(c); // memoised steps come back synchronously: no await per replayed commit
        walk.follow((r instanceof Promise ? await r : r).follow);
        c = walk.next();
      }
      if (c === undefined) throw badCursor();
    }
    const items: CommitInfo[] = [];
    let next: string | null = null;
    for (; c !== undefined; c = walk.next()) {
      const r = step(c);
      const s = r instanceof Promise ? await r : r;
      if (s.show) {
        if (items.length === limit) {
          next = encodeCursor(walkTip, c.oid);
          break;
        }
        items.push(c);
      }
      walk.follow(s.follow);
    }
    return { items, next };
  }

  /** Requests the trees of `c`'s parents and of the next commits along first parents (see history). */
  private prefetchAhead(c: CommitInfo, requested: Set<string>): void {
    const request = (info: CommitInfo): void => {
      if (requested.has(info.oid)) return;
      requested.add(info.oid);
      this.prefetchTree(info.tree);
    };
    request(c);
    for (const p of c.parents) request(this.index.get(p) as CommitInfo);
    let cur: CommitInfo | undefined = c;
    for (let i = 0; i < HISTORY_LOOKAHEAD && cur !== undefined; i++) {
      const first: string | undefined = cur.parents[0];
      cur = first === undefined ? undefined : this.index.get(first);
      if (cur !== undefined) request(cur);
    }
  }

  // ---- writes (serialised by the lock) ----

  private get gitdir(): string {
    return this.dir;
  }

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
      const baseEntries = await this.treeEntries(parentInfo.tree);
      const entries = new Map<string, Entry>(baseEntries);
      const objects: PreparedObject[] = [];
      for (const c of changes) {
        if (c.content === null) {
          entries.delete(c.path);
        } else {
          const blob = prepareObject('blob', Buffer.from(c.content, 'utf8'));
          objects.push(blob);
          entries.set(c.path, Object.freeze({ mode: '100644', oid: blob.oid, type: 'blob' }));
        }
      }
      const treeObject = prepareObject('tree', serializeTree(entries));
      const tree = treeObject.oid;
      const commitObject = prepareObject('commit', serializeCommit({ tree, parents, author, committer, message }));
      const oid = commitObject.oid;
      objects.push(treeObject, commitObject);
      // All objects in parallel (their fsyncs overlap), all durable before the ref points at them.
      const unique = [...new Map(objects.map((o) => [o.oid, o])).values()];
      await mapLimited(unique, FILE_CONCURRENCY, (o) => this.writePrepared(o));
      await this.durable.flush();
      await git.writeRef({ fs: this.durable.client, gitdir: this.gitdir, ref: `refs/heads/${branch}`, value: oid, force: true });
      await this.durable.flush();

      const info = freezeCommit({ oid, tree, parents, author, committer, message });
      this.index.add(info);
      this.index.setHead(branch, oid);
      this.trees.set(tree, entries);
      this.primeTexts(parentInfo.tree, tree, changes);
      return info;
    });
  }

  private async writePrepared(o: PreparedObject): Promise<void> {
    await git.writeObject({ fs: this.durable.client, gitdir: this.gitdir, type: o.type, object: o.deflated, format: 'deflated', oid: o.oid });
  }

  /** If the parent's text is cached, the new tree's text is known without reading it back. */
  private primeTexts(parentTree: string, tree: string, changes: FileChange[]): void {
    const parentTexts = this.texts.get(parentTree);
    if (parentTexts === undefined || this.texts.peek(tree) !== undefined) return;
    const next = new Map(parentTexts);
    for (const c of changes) {
      if (c.content === null) next.delete(c.path);
      else next.set(c.path, c.content);
    }
    this.texts.set(tree, next);
  }

  /**
   * Names a version: annotated tag `v<naam>` on `commit` (default: the tip of main), which must be on main.
   * Conflict when the version exists (tags are never moved).
   */
  async nameVersion(opts: { naam: string; message: string; tagger: Signature; commit?: string }): Promise<VersionInfo> {
    if (typeof opts !== 'object' || opts === null) throw invalid('versie', 'Ontbreekt.');
    const naam = checkVersionName(opts.naam);
    const message = checkMessage(opts.message, 'message');
    const tagger = checkSignature(opts.tagger, 'tagger');
    const requested = opts.commit === undefined ? undefined : checkOid(opts.commit, 'commit');
    const tag = `v${naam}`;
    if (this.readOnly) throw new ReadOnlyMode();
    return this.lock.run(async () => {
      if (this.index.version(tag) !== undefined) {
        throw new Conflict(`Versie ${naam} bestaat al en wordt nooit verplaatst.`, { naam });
      }
      const mainTip = this.head().oid;
      const target = requested ?? mainTip;
      const commit = this.getCommit(target);
      if (!this.index.isAncestor(target, mainTip)) throw invalid('commit', 'Een versie moet op de hoofdtak (concept) liggen.');
      const gfs = this.durable.client;
      const tagOid = await git.writeTag({
        fs: gfs,
        gitdir: this.gitdir,
        tag: { object: target, type: 'commit', tag, tagger, message },
      });
      await this.durable.flush();
      try {
        await git.writeRef({ fs: gfs, gitdir: this.gitdir, ref: `refs/tags/${tag}`, value: tagOid });
      } catch (e) {
        if (e instanceof git.Errors.AlreadyExistsError) {
          throw new Conflict(`Versie ${naam} bestaat al en wordt nooit verplaatst.`, { naam });
        }
        throw e;
      }
      await this.durable.flush();
      const info: VersionInfo = Object.freeze({ naam, tag, tagOid, commit: target, tree: commit.tree, message, tagger });
      this.index.setVersion(info);
      return info;
    });
  }
}

function checkVersionName(naam: unknown): string {
  const raw = typeof naam === 'string' && naam.startsWith('v') ? naam.slice(1) : naam;
  if (typeof raw !== 'string' || !VERSION_NAME.test(raw)) {
    throw invalid('naam', 'Een versienaam is <hoofdnummer>.<subnummer>, bijvoorbeeld 1.0.');
  }
  return raw;
}
