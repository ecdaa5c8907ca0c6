/**
 * Messages between the benchmark's processes (run.ts forks build.ts and serve.ts over IPC), and the
 * helper that forks them with the tsx loader.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SLUG = 'digitale-stad';
export const BIG_FILE = '01-infrastructuur-voor-iedereen.md';
export const BIG_BRANCH = 'benchmark/grote-tekst';

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  /** V8 heap reserved (used + free); V8 keeps it after a GC, so rss follows it. */
  heapTotal: number;
  /** Memory of Buffers and other C++ objects bound to JS objects (outside the V8 heap). */
  external: number;
}

export interface BuildRequest {
  tmpDir: string;
  commits: number;
  /** How many commits back from main's tip the version of case (b) is. */
  back: number;
  /** How many distinct old commits case (b, uncached) needs (one per request). */
  distinct: number;
  /** Commits for the fsync-on sample (0 = skip). */
  durableCommits: number;
}

/** What build.ts wrote on main (`main-history.json`), for designing amendments against older bases. */
export interface MainHistory {
  /** Commits on main, oldest (the seed commit) first: `oids[k]` is commit k. */
  oids: string[];
  /** `edits[k - 1]`: the principle file and 0-based line that commit k changed (one word in it). */
  edits: { file: string; line: number }[];
}

export interface BuildResult {
  type: 'built';
  storeDir: string;
  /** Absolute path of the bare repository of the benchmark document. */
  gitDir: string;
  /** A JSON {@link MainHistory}. */
  historyFile: string;
  /** Commits on main on top of the seed commit. */
  commits: number;
  buildMs: number;
  seedMs: number;
  mainTip: string;
  /** The commit `back` commits before main's tip. */
  oldCommit: string;
  back: number;
  /** Commits `back`, `back - 1`, ... before main's tip, for the uncached variant of case (b). */
  oldCommits: string[];
  /** Top-level files of every commit on main (the same names throughout). */
  files: string[];
  big: {
    /** Commit with the ~200 KB text. */
    a: string;
    /** Commit with the same text with 50 scattered word edits. */
    b: string;
    /** Commit with an unrelated ~200 KB text. */
    c: string;
    bytes: { a: number; b: number; c: number };
    sentences: { a: number; c: number };
    wordEdits: number;
    /** The three principle texts written to plain files, for `git diff --no-index`. */
    paths: { a: string; b: string; c: string };
  };
  durable: { commits: number; ms: number } | null;
}

export interface ServeReady {
  type: 'ready';
  port: number;
  openMs: number;
  /** After a full GC, before DocumentStore.open. */
  before: MemorySnapshot;
  /** After DocumentStore.open and a full GC. */
  afterOpen: MemorySnapshot;
}

export interface ServeMemory {
  type: 'memory';
  memory: MemorySnapshot;
  /** Same, after a full GC. */
  afterGc: MemorySnapshot;
}

export type ServeRequest = { type: 'memory' } | { type: 'stop' } | ServeMergeRequest | ServeWritesRequest;

export function snapshot(): MemorySnapshot {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

/** A full GC when the process runs with --expose-gc (the children do). */
export function fullGc(): void {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

/** Forks `bench/<script>` with the tsx loader, --expose-gc and an IPC channel; its stdout/stderr go to ours. */
export function forkBench(script: string, args: readonly string[], extraExecArgv: readonly string[] = []): ChildProcess {
  return fork(path.join(BENCH_DIR, script), [...args], {
    execArgv: ['--import', import.meta.resolve('tsx'), '--expose-gc', ...extraExecArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function hasType(m: unknown): m is { type: string } {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

/** Resolves with the first message of type `type` from the child; rejects when the child exits first. */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      if (hasType(m) && m.type === type) {
        cleanup();
        resolve(m as T);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`bench child exited (code ${code}, signal ${signal}) before sending '${type}'`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

// ---------------------------------------------------------------------------------------------------
// Amendments (amend.ts)

export interface AmendRequest {
  storeDir: string;
  historyFile: string;
  /** Amendments already in the store (an earlier stage); numbering and the seed of the design go on from there. */
  from: number;
  /** Amendments in the store when this stage is done. */
  amendments: number;
  /** Unix seconds of the first amendment (one minute apart after that): after main's last commit. */
  startTime: number;
}

/**
 * How an amendment was designed: `concept` = written against the current draft (the merge is trivial);
 * `clean` = an older basis, changing a sentence that main has not touched (nor its neighbours) since
 * (in this history that is only possible for recent bases: every sentence is edited every ~16 commits);
 * `deep` = an old basis (20 to 9,000 commits back), changing a principle's title, the one line main
 * never edits here, so it merges cleanly; `conflict` = an older basis, changing a sentence that main
 * has changed since.
 */
export type AmendmentKind = 'concept' | 'clean' | 'deep' | 'conflict';
export const AMENDMENT_KINDS: readonly AmendmentKind[] = ['concept', 'clean', 'deep', 'conflict'];

export interface BuiltAmendment {
  nummer: number;
  kind: AmendmentKind;
  /** The basis commit (main's tip for `concept`). */
  basis: string;
  /** Commits between the basis and main's tip. */
  depth: number;
  file: string;
  line: number;
  /** Time of proposeAmendment for this one (ms). */
  ms: number;
}

/** The write-time curve: one bucket per `size` amendments. */
export interface AmendBucket {
  /** Amendments stored at the end of this bucket. */
  upTo: number;
  size: number;
  /** Per amendment in this bucket (ms): mean, median, max of proposeAmendment as a whole. */
  mean: number;
  median: number;
  max: number;
  /** Per amendment (mean ms) inside proposeAmendment: the git branch and commit, the record write, the audit append. */
  git: number;
  record: number;
  audit: number;
  /** Size of the last record file written and of audit.jsonl at the end of the bucket. */
  recordBytes: number;
  auditBytes: number;
}

export interface AmendResult {
  type: 'amended';
  /** Amendments in the store now. */
  count: number;
  /** Seeding the register of organisations and creating the users (not part of the build time). */
  setupMs: number;
  users: number;
  /** The amendments of this stage through proposeAmendment (the real write path, fsync on). */
  buildMs: number;
  buckets: AmendBucket[];
  /** Sum over the amendments of this stage of the size of the record file each one wrote. */
  recordBytesWritten: number;
  amendments: BuiltAmendment[];
}

/**
 * Amendment writes timed in the serving process (bench/serve.ts), each with a probe of the event loop
 * (a chain of setImmediate callbacks; the longest gap between two is the longest time the loop could
 * not run anything else). `verb`: commentOnAmendment as a whole (lock, lookup, checks, the record
 * write, the audit append); `put`: the amendment store's write alone (one record file, fsynced);
 * `lowdb`: the reference, the write of the layout before (JsonDb.update of one file holding every
 * record, as `amendementen.json` was), on a scratch copy of the same records.
 */
export interface WritesTimed {
  type: 'written';
  records: number;
  verb: number[];
  verbBlock: number[];
  /**
   * The reference for `verb`, timed right after each one: the same two writes (a record file and an audit
   * entry, both fsynced) into a control store of 10 amendments beside the data folder. Its size never
   * changes, so comment / control shows what the store's size adds, whatever the disk does at that moment.
   */
  control: number[];
  /**
   * The same probe over an idle wait as long as each comment took: what the machine alone does to the
   * probe (other processes, the garbage collector), to read the blocks above against.
   */
  idleBlock: number[];
  put: number[];
  putBlock: number[];
  lowdb: number[];
  lowdbBlock: number[];
  /** Bytes of the scratch lowdb file (all records) and of one record file. */
  lowdbBytes: number;
  recordBytes: number;
}

export type ServeWritesRequest = { type: 'writes'; count: number; lowdbRuns: number };

export interface MergeTimed {
  type: 'merged';
  nummer: number;
  /** In-process time of `mergeability(repo, record)`. */
  ms: number;
  samenvoegbaar: boolean;
  /** Files with a sentence or file conflict, sorted. */
  bestanden: string[];
}

export type ServeMergeRequest = { type: 'merge'; nummer: number };
