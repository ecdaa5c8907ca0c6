/**
 * `npm run bench`: the service against the stock git CLI on the same bare repository.
 * See bench/README.md for what is measured and docs/benchmarks.md for the latest figures.
 *
 * Four processes: this one (orchestrator and the only client: HTTP and git are both timed from here),
 * build.ts (writes the store through the app's write path, then exits), amend.ts (proposes the
 * amendments through proposeAmendment, then exits) and serve.ts (opens the store, builds the commit
 * index, serves createApp on 127.0.0.1:0). Everything lives in one temp folder that is removed at the
 * end. The exit code is 0 when targets fail: this is a report; it is 1 only on a crash.
 *
 * Section 7 (bench/endorsements.ts, child endorseServe.ts) is separate: its own store with 20,000
 * endorsements, the overview page and the CSV export against a bare express handler serving the same
 * bytes, and one endorsement write over HTTP.
 *
 * Section 8 (bench/adoption.ts, child adoptionServe.ts) is separate too: the adoption document of
 * documents with 1,000 and 10,000 principles against git answering the same questions, and memory.
 *
 * Environment: BENCH_COMMITS (default 10000), BENCH_AMENDMENTS (2000; 0 skips the amendment cases), BENCH_AMENDMENT_SIZES (100,2000,10000; 0 skips section 1c),
 * BENCH_ENDORSEMENTS (20000; 0 skips section 7), BENCH_ONLY=onderschrijvingen (section 7 alone),
 * BENCH_ADOPTION_SIZES (1000,10000; 0 skips section 8), BENCH_ADOPTION_AMENDMENTS (20), BENCH_ADOPTION_DIRECT (4),
 * BENCH_ADOPTION_REPS (5), BENCH_ADOPTION_WARMUP (1), BENCH_ONLY=vaststellingsstuk (section 8 alone),
 * BENCH_ONLY=redline (section 9 alone: redlines on the corpus of real revisions, bench/redline.ts),
 * BENCH_REPS (30), BENCH_WARMUP (5), BENCH_DURABLE_COMMITS (200; 0 skips the fsync sample),
 * BENCH_PACKED_COPY (1; 0 skips the packed copy of the repository used for information rows),
 * BENCH_KEEP=1 (keep the temp folder), BENCH_PROFILE_DIR=<dir> (write a V8 CPU profile of the server
 * processes there).
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { amendmentCases, type AmendmentOutcome } from './amendmentCases.js';
import { STARTS as STORE_STARTS, measureAmendmentStore, reportAmendmentStore, type ScaleResult } from './amendmentStore.js';
import {
  AMENDMENT_KINDS,
  BIG_FILE,
  SLUG,
  forkBench,
  nextMessage,
  type AmendRequest,
  type AmendResult,
  type BuildRequest,
  type BuildResult,
  type MemorySnapshot,
  type ServeMemory,
  type ServeReady,
  type ServeRequest,
} from './protocol.js';
import { HttpClient, git, parseCatFileBatch } from './clients.js';
import { check, failedChecks, json, measure, verdict, type Case, type CaseResult } from './cases.js';
import { endorsementSection, type PartOutcome } from './endorsements.js';
import { redlineSection } from './redline.js';
import { adoptionSection } from './adoption.js';
import { mib, ms, now, table, type Summary } from './stats.js';

// ---------------------------------------------------------------------------------------------------
// Settings

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return n;
}

const COMMITS = intEnv('BENCH_COMMITS', 10_000, 10);
const REPS = intEnv('BENCH_REPS', 30, 3);
const WARMUP = intEnv('BENCH_WARMUP', 5, 1);
const DURABLE_COMMITS = intEnv('BENCH_DURABLE_COMMITS', 200, 0);
const AMENDMENTS = intEnv('BENCH_AMENDMENTS', 2_000, 0);
/** Section 1c: the sizes at which the amendment store is measured (the store grows to each in turn). */
const AMENDMENT_SIZES = (process.env.BENCH_AMENDMENT_SIZES ?? '100,2000,10000')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '' && s !== '0')
  .map(Number);
if (AMENDMENT_SIZES.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`BENCH_AMENDMENT_SIZES must be whole numbers >= 10 separated by commas, or 0, got "${process.env.BENCH_AMENDMENT_SIZES ?? ''}"`);
const PACKED_COPY = intEnv('BENCH_PACKED_COPY', 1, 0) > 0;
const ENDORSEMENTS = intEnv('BENCH_ENDORSEMENTS', 20_000, 0);
if (ENDORSEMENTS > 0 && ENDORSEMENTS < 100) throw new Error(`BENCH_ENDORSEMENTS must be 0 (skip) or at least 100, got ${ENDORSEMENTS}`);
const ONLY = process.env.BENCH_ONLY ?? '';
const ONLY_VALUES = ['', 'onderschrijvingen', 'vaststellingsstuk', 'redline'];
if (!ONLY_VALUES.includes(ONLY)) {
  throw new Error(`BENCH_ONLY can only be "onderschrijvingen" (section 7 alone), "vaststellingsstuk" (section 8 alone) or "redline" (section 9 alone), got "${ONLY}"`);
}
const ONLY_ENDORSEMENTS = ONLY === 'onderschrijvingen';
const ONLY_ADOPTION = ONLY === 'vaststellingsstuk';
const ONLY_REDLINE = ONLY === 'redline';
/** Section 8: principles per document whose adoption document is timed; `0` skips the section. */
const ADOPTION_SIZES = (process.env.BENCH_ADOPTION_SIZES ?? '1000,10000')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((n) => n !== 0);
if (ADOPTION_SIZES.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`BENCH_ADOPTION_SIZES must be whole numbers >= 10 separated by commas, or 0, got "${process.env.BENCH_ADOPTION_SIZES ?? ''}"`);
if (ONLY_ADOPTION && ADOPTION_SIZES.length === 0) throw new Error('BENCH_ONLY=vaststellingsstuk with BENCH_ADOPTION_SIZES=0 leaves nothing to run');
const ADOPTION_AMENDMENTS = intEnv('BENCH_ADOPTION_AMENDMENTS', 20, 2);
const ADOPTION_DIRECT = intEnv('BENCH_ADOPTION_DIRECT', 4, 1);
const ADOPTION_REPS = intEnv('BENCH_ADOPTION_REPS', 5, 1);
const ADOPTION_WARMUP = intEnv('BENCH_ADOPTION_WARMUP', 1, 1);
if (ONLY_ENDORSEMENTS && ENDORSEMENTS === 0) throw new Error('BENCH_ONLY=onderschrijvingen with BENCH_ENDORSEMENTS=0 leaves nothing to run');
const KEEP = process.env.BENCH_KEEP === '1';
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** The version of case (b): 9,000 commits back, or 90 % of a smaller history. */
const BACK = Math.min(9_000, Math.floor(COMMITS * 0.9));
const HISTORY_LIMIT = 50;
/** The principle whose history case (a') reads: main's commits change the principles in turn. */
const HISTORY_FILE = '03-open-en-bekende-technologie.md';

// ---------------------------------------------------------------------------------------------------
// Response shapes we check (only the fields we read)

interface HistoryBody {
  items: { commit: string; samenvatting: string }[];
  volgende: string | null;
}
interface VersionBody {
  commit: string;
  principes: { bestand: string; tekst: string }[];
}
interface ComparisonBody {
  afgebroken: boolean;
  principes: { soort: string; naar: { bestand: string } | null; telling: { ingevoegd: number; verwijderd: number; gewijzigd: number }; regels: unknown[] }[];
}

/** Word changes in `git diff --word-diff=porcelain` output: lines starting with `-`/`+` that are not file headers. */
function porcelainCounts(out: Buffer): { removed: number; added: number } {
  let removed = 0;
  let added = 0;
  for (const line of out.toString('utf8').split('\n')) {
    if (line.startsWith('---') || line.startsWith('+++')) continue;
    if (line.startsWith('-')) removed++;
    else if (line.startsWith('+')) added++;
  }
  return { removed, added };
}

// ---------------------------------------------------------------------------------------------------
// Child processes and cleanup

const children = new Set<ChildProcess>();
let tmpDir: string | null = null;

function cleanup(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) child.kill('SIGTERM');
  }
  children.clear();
  if (tmpDir !== null && !KEEP) fs.rmSync(tmpDir, { recursive: true, force: true });
  else if (tmpDir !== null) console.log(`(BENCH_KEEP=1: kept ${tmpDir})`);
  tmpDir = null;
}

process.on('SIGINT', () => {
  console.log('\ninterrupted: cleaning up');
  cleanup();
  process.exit(130);
});

async function runChild<T extends { type: string }>(script: string, req: object, type: T['type']): Promise<T> {
  const child = forkBench(script, [JSON.stringify(req)]);
  children.add(child);
  try {
    return await nextMessage<T>(child, type);
  } finally {
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    children.delete(child);
  }
}

function requestMemory(child: ChildProcess): Promise<ServeMemory> {
  const reply = nextMessage<ServeMemory>(child, 'memory');
  const request: ServeRequest = { type: 'memory' };
  child.send(request);
  return reply;
}

// ---------------------------------------------------------------------------------------------------

function memLine(label: string, m: MemorySnapshot): string {
  return `${label}: rss ${mib(m.rss)}, heapUsed ${mib(m.heapUsed)} (heapTotal ${mib(m.heapTotal)}), external ${mib(m.external)}`;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/** One stage of the amendment build: totals, the mix, the write-time curve. */
function printAmendBuild(a: AmendResult): void {
  const perKind = AMENDMENT_KINDS.map((k) => {
    const of = a.amendments.filter((x) => x.kind === k);
    const depths = of.map((x) => x.depth).sort((p, q) => p - q);
    return `${k} ${of.length}` + (k === 'concept' || depths.length === 0 ? '' : ` (basis ${depths[0]}-${depths.at(-1)} back, median ${depths[depths.length >> 1]})`);
  });
  const files = new Set(a.amendments.map((x) => x.file)).size;
  const sentences = new Set(a.amendments.map((x) => `${x.file}:${x.line}`)).size;
  console.log(`  setup (register of organisations, ${a.users} users through createUser): ${ms(a.setupMs)} ms, not counted below`);
  const added = a.amendments.length;
  console.log(
    `  ${added.toLocaleString('en')} amendments (now ${a.count.toLocaleString('en')} in the store) in ${(a.buildMs / 1000).toFixed(1)} s = ${ms(a.buildMs / added)} ms per amendment on average, ` +
      `all through proposeAmendment (no shortcut); ${files} principles, ${sentences} distinct sentences`,
  );
  console.log(`  kinds: ${perKind.join('; ')}`);
  console.log('  write time per amendment as the store grows (each row: the amendments up to that count since the row above):');
  const rows = a.buckets.map((b) => [
    b.upTo.toLocaleString('en'),
    ms(b.mean),
    ms(b.median),
    ms(b.max),
    ms(b.git),
    ms(b.record),
    ms(b.audit),
    ms(b.mean - b.git - b.record - b.audit),
    `${b.recordBytes.toLocaleString('en')} B`,
    ms((b.mean * 100) / 1000, 2),
  ]);
  console.log(
    table(['stored', 'mean', 'median', 'max', 'git commit', 'record file', 'audit append', 'other', 'record size', 's per 100'], rows, new Set())
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  );
  console.log(
    `  the record files written in this stage add up to ${mib(a.recordBytesWritten)} (each write writes one amendment's file, ` +
      `${kib(a.recordBytesWritten / Math.max(1, added))} on average; the layout before rewrote one file holding every amendment)`,
  );
}

/** The stages of the amendment build put together (the cases of section 6 use every amendment built). */
function mergedAmendResult(a: AmendResult | null, b: AmendResult): AmendResult {
  if (a === null) return b;
  return {
    ...b,
    setupMs: a.setupMs + b.setupMs,
    buildMs: a.buildMs + b.buildMs,
    buckets: [...a.buckets, ...b.buckets],
    recordBytesWritten: a.recordBytesWritten + b.recordBytesWritten,
    amendments: [...a.amendments, ...b.amendments],
  };
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' / ');
}

function section(title: string): void {
  console.log(`\n== ${title}`);
}

function toolVersion(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '(unknown)';
  }
}

/** Steps 1-6: the document (and amendment) cases against the git CLI. */
async function documentPart(tmpDir: string): Promise<PartOutcome> {
  // ---- 1. build ----
  section(`1. Building the store: seed document + ${COMMITS.toLocaleString('en')} commits on main (DocumentRepository.commit, fsync off)`);
  const buildRequest: BuildRequest = { tmpDir, commits: COMMITS, back: BACK, distinct: WARMUP + REPS, durableCommits: DURABLE_COMMITS };
  const built = await runChild<BuildResult>('build.ts', buildRequest, 'built');
  console.log(`  seed import ${ms(built.seedMs)} ms; ${built.commits.toLocaleString('en')} commits in ${(built.buildMs / 1000).toFixed(1)} s = ${ms(built.buildMs / built.commits, 3)} ms/commit`);
  console.log(
    `  branch with the big texts: A ${built.big.bytes.a.toLocaleString('en')} B, ${built.big.sentences.a} sentences; ` +
      `B = A + ${built.big.wordEdits} word edits; C unrelated, ${built.big.bytes.c.toLocaleString('en')} B, ${built.big.sentences.c} sentences`,
  );
  if (built.durable !== null) {
    console.log(
      `  durable sample (fsync on, separate store): ${built.durable.commits} commits in ${(built.durable.ms / 1000).toFixed(2)} s = ${ms(built.durable.ms / built.durable.commits)} ms/commit`,
    );
  }
  const objects = toolVersion('git', [`--git-dir=${built.gitDir}`, 'count-objects', '-v']).replace(/\n/g, ', ');
  console.log(`  git count-objects: ${objects}`);

  // ---- 1b. amendments, in stages; 1c. the amendment store measured at each size of BENCH_AMENDMENT_SIZES ----
  /** The amendments built so far (a holder: the stages add to it from a closure). */
  const progress: { result: AmendResult | null } = { result: null };
  const scale: ScaleResult[] = [];
  const startTime = Math.ceil(Date.now() / 1000) - 86_400 * 30;
  const growTo = async (to: number): Promise<void> => {
    const from = progress.result?.count ?? 0;
    if (to <= from) return;
    section(`1b. amendments ${(from + 1).toLocaleString('en')}-${to.toLocaleString('en')} through proposeAmendment (git branch + record file + audit entry; stores as the server opens them, fsync on)`);
    const amendRequest: AmendRequest = { storeDir: built.storeDir, historyFile: built.historyFile, from, amendments: to, startTime };
    const stage = await runChild<AmendResult>('amend.ts', amendRequest, 'amended');
    printAmendBuild(stage);
    progress.result = mergedAmendResult(progress.result, stage);
    console.log(`  git count-objects: ${toolVersion('git', [`--git-dir=${built.gitDir}`, 'count-objects', '-v']).replace(/\n/g, ', ')}`);
    if (AMENDMENT_SIZES.includes(to)) {
      section(`1c. The amendment store at ${to.toLocaleString('en')} amendments: writes, the first amendment page after a start (${STORE_STARTS} starts), warm pages`);
      scale.push(await measureAmendmentStore({ size: to, storeDir: built.storeDir, amendments: progress.result.amendments, warmup: WARMUP, reps: REPS, children }));
    }
  };
  for (const size of [...new Set([...AMENDMENT_SIZES.filter((n) => n < AMENDMENTS), AMENDMENTS])].sort((p, q) => p - q)) await growTo(size);
  const amended: AmendResult | null = AMENDMENTS > 0 ? progress.result : null;
  let packedGitDir: string | null = null;
  if (amended !== null && PACKED_COPY) {
    const t = now();
    packedGitDir = path.join(tmpDir, 'packed.git');
    execFileSync('git', ['clone', '--quiet', '--mirror', '--no-local', built.gitDir, packedGitDir]);
    execFileSync('git', [`--git-dir=${packedGitDir}`, 'commit-graph', 'write', '--reachable']);
    console.log(`  packed copy for information rows (git clone --mirror --no-local + git commit-graph write --reachable): ${((now() - t) / 1000).toFixed(1)} s; ${packedGitDir}`);
  }

  // ---- 2. re-open and serve ----
  section('2. Re-opening the store (openStores -> DocumentStore.open builds the commit index from disk) and serving createApp');
  const extra = PROFILE_DIR !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE_DIR)}`] : [];
  const server = forkBench('serve.ts', [built.storeDir], extra);
  children.add(server);
  const ready = await nextMessage<ServeReady>(server, 'ready');
  console.log(
    amended === null
      ? `  open ${ms(ready.openMs)} ms (openStores: documents, plus the empty app db and audit log) for ${(built.commits + 4).toLocaleString('en')} commits (main + seed + 3 on the big-text branch)`
      : `  open ${ms(ready.openMs)} ms (openStores: documents, app db, audit log, ${amended.count.toLocaleString('en')} amendment files) for ` +
          `${(built.commits + 4 + amended.count).toLocaleString('en')} commits (main + seed + 3 on the big-text branch + ${amended.count.toLocaleString('en')} amendment branches)`,
  );
  console.log(`  ${memLine('memory before open (after GC)', ready.before)}`);
  console.log(`  ${memLine('memory after open (after GC)', ready.afterOpen)}`);
  console.log(
    `  growth from opening: heapUsed +${mib(ready.afterOpen.heapUsed - ready.before.heapUsed)} (what the index retains), ` +
      `heapTotal +${mib(ready.afterOpen.heapTotal - ready.before.heapTotal)}, rss +${mib(ready.afterOpen.rss - ready.before.rss)}`,
  );
  console.log(`  listening on http://127.0.0.1:${ready.port}`);

  const http = new HttpClient(ready.port);
  const g = built.gitDir;
  const api = `/api/v1/documenten/${SLUG}`;
  const textsDir = path.dirname(built.big.paths.a);
  const catFileInput = (oid: string): string => built.files.map((f) => `${oid}:${f}\n`).join('');

  // ---- checks: both sides answer the same question ----
  section('3. Checks (both sides give the same answer)');
  {
    const r = await http.get(`${api}/geschiedenis?limit=${HISTORY_LIMIT}`);
    const body = json<HistoryBody>(r.body);
    const log = await git([`--git-dir=${g}`, 'log', '--first-parent', `-${HISTORY_LIMIT}`, '--format=%H%x09%an%x09%aI%x09%s', 'main']);
    const gitOids = log.stdout.toString('utf8').trim().split('\n').map((l) => l.split('\t')[0]);
    check('(a) history page = git log --first-parent', r.status === 200 && body.items.length === HISTORY_LIMIT && body.items.every((it, k) => it.commit === gitOids[k]),
      `${body.items.length} commits, same oids in the same order; API ${r.body.length.toLocaleString('en')} B, git ${log.stdout.length.toLocaleString('en')} B`);
  }
  {
    const r = await http.get(`${api}/geschiedenis?bestand=${HISTORY_FILE}&limit=${HISTORY_LIMIT}`);
    const body = json<HistoryBody>(r.body);
    const log = await git([`--git-dir=${g}`, 'log', `-${HISTORY_LIMIT}`, '--format=%H%x09%an%x09%aI%x09%s', 'main', '--', HISTORY_FILE]);
    const gitOids = log.stdout.toString('utf8').trim().split('\n').map((l) => l.split('\t')[0]);
    check("(a') principle history page = git log -- <file>", r.status === 200 && body.items.length === gitOids.length && body.items.length > 0 && body.items.every((it, k) => it.commit === gitOids[k]),
      `${body.items.length} commits of ${HISTORY_FILE}, same oids in the same order; API ${r.body.length.toLocaleString('en')} B, git ${log.stdout.length.toLocaleString('en')} B`);
  }
  {
    const r = await http.get(`${api}/versies/${built.oldCommit}`);
    const body = json<VersionBody>(r.body);
    const cat = parseCatFileBatch((await git([`--git-dir=${g}`, 'cat-file', '--batch'], { stdin: catFileInput(built.oldCommit) })).stdout);
    const byFile = new Map(built.files.map((f, k) => [f, cat[k]?.content.toString('utf8')]));
    const same = body.principes.length > 0 && body.principes.every((p) => byFile.get(p.bestand) === p.tekst);
    check('(b) version = git cat-file', r.status === 200 && body.commit === built.oldCommit && same,
      `${body.principes.length} principles identical to the blobs of ${built.oldCommit.slice(0, 10)} (${built.back.toLocaleString('en')} commits back); API ${r.body.length.toLocaleString('en')} B, git ${cat.reduce((n, o) => n + o.content.length, 0).toLocaleString('en')} B`);
  }
  {
    const r = await http.get(`${api}/vergelijking?van=${built.big.a}&naar=${built.big.b}`);
    const body = json<ComparisonBody>(r.body);
    const p = body.principes.find((x) => x.naar?.bestand === BIG_FILE);
    const d = await git(['diff', '--no-index', '--word-diff=porcelain', 'a.md', 'b.md'], { cwd: textsDir, okCodes: [1] });
    const counts = porcelainCounts(d.stdout);
    check('(c) 50 word edits found', r.status === 200 && p !== undefined && p.telling.gewijzigd === built.big.wordEdits && p.telling.ingevoegd === 0 && p.telling.verwijderd === 0 && !body.afgebroken,
      `API: ${p?.telling.gewijzigd ?? '?'} changed sentences, +${p?.telling.ingevoegd ?? '?'}/-${p?.telling.verwijderd ?? '?'} lines, afgebroken=${body.afgebroken}, ${p?.regels.length ?? '?'} lines returned, ${r.body.length.toLocaleString('en')} B; ` +
        `git: ${counts.removed} removed / ${counts.added} added word runs, ${d.stdout.length.toLocaleString('en')} B`);
  }
  {
    const r = await http.get(`${api}/vergelijking?van=${built.big.b}&naar=${built.big.c}`);
    const body = json<ComparisonBody>(r.body);
    const p = body.principes.find((x) => x.naar?.bestand === BIG_FILE);
    const d = await git(['diff', '--no-index', '--word-diff=porcelain', 'b.md', 'c.md'], { cwd: textsDir, okCodes: [1] });
    const counts = porcelainCounts(d.stdout);
    check('(d) unrelated texts compared', r.status === 200 && p !== undefined,
      `API: ${p?.telling.gewijzigd ?? '?'} changed sentences, +${p?.telling.ingevoegd ?? '?'}/-${p?.telling.verwijderd ?? '?'} lines, afgebroken=${body.afgebroken}, ${r.body.length.toLocaleString('en')} B; ` +
        `git: ${counts.removed} removed / ${counts.added} added word runs, ${d.stdout.length.toLocaleString('en')} B`);
  }

  // ---- timing ----
  const oldAt = (i: number): string => built.oldCommits[i % built.oldCommits.length] ?? built.oldCommit;
  const showEach = async (oid: string): Promise<number> => {
    let total = 0;
    for (const f of built.files) total += (await git([`--git-dir=${g}`, 'show', `${oid}:${f}`])).ms;
    return total;
  };
  const cases: Case[] = [
    {
      id: '(0)',
      title: 'floors: a request that needs no work vs starting git',
      ours: { label: `GET ${api}/versies (a small answer from the in-memory index: HTTP, express and JSON only)`, run: () => http.timed(`${api}/versies`) },
      git: [{ label: 'git --version (process start only)', run: async () => (await git(['--version'])).ms }],
      target: { kind: 'none' },
    },
    {
      id: '(a)',
      title: `first history page (limit=${HISTORY_LIMIT})`,
      ours: { label: `GET ${api}/geschiedenis?limit=${HISTORY_LIMIT}`, run: () => http.timed(`${api}/geschiedenis?limit=${HISTORY_LIMIT}`) },
      git: [{ label: `git log --first-parent -${HISTORY_LIMIT} --format=%H%x09%an%x09%aI%x09%s main`, run: async () => (await git([`--git-dir=${g}`, 'log', '--first-parent', `-${HISTORY_LIMIT}`, '--format=%H%x09%an%x09%aI%x09%s', 'main'])).ms }],
      target: { kind: 'ratio', max: 1 },
    },
    {
      id: "(a')",
      title: `one principle's history page (limit=${HISTORY_LIMIT})`,
      ours: { label: `GET ${api}/geschiedenis?bestand=${HISTORY_FILE}&limit=${HISTORY_LIMIT}`, run: () => http.timed(`${api}/geschiedenis?bestand=${HISTORY_FILE}&limit=${HISTORY_LIMIT}`) },
      git: [{ label: `git log -${HISTORY_LIMIT} --format=%H%x09%an%x09%aI%x09%s main -- ${HISTORY_FILE}`, run: async () => (await git([`--git-dir=${g}`, 'log', `-${HISTORY_LIMIT}`, '--format=%H%x09%an%x09%aI%x09%s', 'main', '--', HISTORY_FILE])).ms }],
      target: { kind: 'ratio', max: 1 },
    },
    {
      id: '(b)',
      title: `version ${BACK.toLocaleString('en')} commits back (same commit each run)`,
      ours: { label: `GET ${api}/versies/<oid>`, run: () => http.timed(`${api}/versies/${built.oldCommit}`) },
      git: [
        { label: `git cat-file --batch, stdin "<oid>:<file>" for all ${built.files.length} files (1 process)`, run: async () => (await git([`--git-dir=${g}`, 'cat-file', '--batch'], { stdin: catFileInput(built.oldCommit) })).ms },
        { short: `git show, 1 process per file`, label: `git show <oid>:<file>, one process per file (${built.files.length} processes, sequential)`, run: () => showEach(built.oldCommit) },
        { short: 'git archive', label: 'git archive --format=tar <oid> (1 process, no file list needed)', run: async () => (await git([`--git-dir=${g}`, 'archive', '--format=tar', built.oldCommit])).ms },
      ],
      target: { kind: 'ratio', max: 1 },
    },
    {
      id: "(b')",
      title: `version ~${BACK.toLocaleString('en')} back, a different commit each run (app caches cold)`,
      ours: { label: `GET ${api}/versies/<oid_i>`, run: (i) => http.timed(`${api}/versies/${oldAt(i)}`) },
      git: [{ label: 'git cat-file --batch, all files of <oid_i> (1 process)', run: async (i) => (await git([`--git-dir=${g}`, 'cat-file', '--batch'], { stdin: catFileInput(oldAt(i)) })).ms }],
      target: { kind: 'ratio', max: 1 },
    },
    {
      id: '(c)',
      title: `compare ~200 KB texts, ${built.big.wordEdits} word edits`,
      ours: { label: `GET ${api}/vergelijking?van=<A>&naar=<B>`, run: () => http.timed(`${api}/vergelijking?van=${built.big.a}&naar=${built.big.b}`) },
      git: [
        { label: 'git diff --no-index --word-diff=porcelain a.md b.md', run: async () => (await git(['diff', '--no-index', '--word-diff=porcelain', 'a.md', 'b.md'], { cwd: textsDir, okCodes: [1] })).ms },
        { short: 'git diff <A> <B> in the repo', label: 'git diff --word-diff=porcelain <A> <B> (in the bare repository)', run: async () => (await git([`--git-dir=${g}`, 'diff', '--word-diff=porcelain', built.big.a, built.big.b])).ms },
        { short: 'git diff --no-index -U1000000', label: 'git diff --no-index --word-diff=porcelain -U1000000 a.md b.md (whole text as context, as the API returns it)', run: async () => (await git(['diff', '--no-index', '--word-diff=porcelain', '-U1000000', 'a.md', 'b.md'], { cwd: textsDir, okCodes: [1] })).ms },
      ],
      target: { kind: 'ratio', max: 2 },
    },
    {
      id: '(d)',
      title: 'compare two unrelated ~200 KB texts',
      ours: { label: `GET ${api}/vergelijking?van=<B>&naar=<C>`, run: () => http.timed(`${api}/vergelijking?van=${built.big.b}&naar=${built.big.c}`) },
      git: [
        { label: 'git diff --no-index --word-diff=porcelain b.md c.md', run: async () => (await git(['diff', '--no-index', '--word-diff=porcelain', 'b.md', 'c.md'], { cwd: textsDir, okCodes: [1] })).ms },
        { short: 'git diff <B> <C> in the repo', label: 'git diff --word-diff=porcelain <B> <C> (in the bare repository)', run: async () => (await git([`--git-dir=${g}`, 'diff', '--word-diff=porcelain', built.big.b, built.big.c])).ms },
      ],
      target: { kind: 'absolute', maxMs: 1000 },
    },
  ];

  section(`4. Timing over HTTP on loopback vs the git CLI (${WARMUP} warm-up + ${REPS} timed runs each, interleaved)`);
  const results: CaseResult[] = [];
  for (const c of cases) {
    const t = now();
    process.stdout.write(`  ${c.id} ${c.title} ... `);
    const r = await measure(c, WARMUP, REPS);
    results.push(r);
    console.log(`ours ${ms(r.ours.median)} ms (first request ${ms(r.first)} ms), git ${ms((r.git[0] as Summary).median)} ms (${((now() - t) / 1000).toFixed(1)} s)`);
  }
  let amendmentOutcome: AmendmentOutcome | null = null;
  if (amended !== null) {
    amendmentOutcome = await amendmentCases({ http, server, gitDir: g, packedGitDir, api, amended, warmup: WARMUP, reps: REPS });
    results.push(...amendmentOutcome.results);
  }
  const after = await requestMemory(server);

  // ---- report ----
  section('Results (milliseconds; median and p90 of the timed runs)');
  const rows: string[][] = [];
  let failed = 0;
  for (const r of results) {
    const v = verdict(r);
    if (!v.pass) failed++;
    r.git.forEach((gs, k) => {
      const head = k === 0;
      rows.push([
        head ? `${r.c.id} ${r.c.title}` : `    same, vs ${r.c.git[k]?.short ?? `git variant ${k + 1}`}`,
        head ? ms(r.ours.median) : '',
        head ? ms(r.ours.p90) : '',
        ms(gs.median),
        ms(gs.p90),
        (r.ours.median / gs.median).toFixed(2),
        head ? v.target : '',
        head && r.c.target.kind !== 'none' ? (v.pass ? 'PASS' : 'FAIL') : 'info',
      ]);
    });
  }
  console.log(table(['case', 'ours med', 'ours p90', 'git med', 'git p90', 'ours/git', 'target', 'result'], rows, new Set([0, 6, 7])));
  console.log('\nWhat each row runs (the first git command of a case is the reference for its ratio and target; the others are for information):');
  for (const r of results) {
    console.log(`  ${r.c.id} ours: ${r.c.ours.label}`);
    r.c.git.forEach((s, k) => console.log(`      git${k === 0 ? ' (reference)' : ''}: ${s.label}`));
  }
  const floor = results.find((r) => r.c.target.kind === 'none');
  console.log(
    '\nNote: every git time includes starting the git process (fork + exec + git\'s own start-up' +
      (floor !== undefined ? `; \`git --version\` alone: ${ms((floor.git[0] as Summary).median)} ms median, row (0)` : '') +
      '). That is what a user of the CLI pays; the service pays its start-up once.',
  );
  console.log(
    'Our times are end to end over HTTP on loopback (keep-alive, one socket): express, JSON and the socket included' +
      (floor !== undefined ? `; a request that needs no work: ${ms(floor.ours.median)} ms median, row (0).` : '.'),
  );

  if (amendmentOutcome !== null && amendmentOutcome.notes.length > 0) {
    console.log('\nAmendments, notes:');
    for (const n of amendmentOutcome.notes) console.log(`  ${n}`);
  }

  section('Memory of the serving process');
  console.log(`  ${memLine('after open', ready.afterOpen)}`);
  console.log(`  ${memLine('after the benchmark', after.memory)}`);
  console.log(`  ${memLine('after the benchmark, after GC', after.afterGc)}`);

  const lines: string[] = [];
  lines.push(`build ${(built.buildMs / 1000).toFixed(1)} s for ${built.commits.toLocaleString('en')} commits; open ${ms(ready.openMs)} ms; heapUsed after open ${mib(ready.afterOpen.heapUsed)}, rss ${mib(ready.afterOpen.rss)}`);
  if (amended !== null) {
    const first = amended.buckets[0];
    const last = amended.buckets.at(-1);
    lines.push(
      `amendments: ${amended.count.toLocaleString('en')} through proposeAmendment in ${(amended.buildMs / 1000).toFixed(1)} s; per amendment ${ms(first?.mean ?? Number.NaN)} ms ` +
        `at ${first?.upTo ?? '?'} stored, ${ms(last?.mean ?? Number.NaN)} ms at ${last?.upTo.toLocaleString('en') ?? '?'} (record file ${ms(first?.record ?? Number.NaN)} -> ${ms(last?.record ?? Number.NaN)} ms)`,
    );
  }
  for (const r of results) {
    if (r.c.target.kind === 'none') continue;
    const v = verdict(r);
    lines.push(`${v.pass ? 'PASS' : 'FAIL'} ${r.c.id} ${r.c.title}: ours ${ms(r.ours.median)} ms vs git ${ms((r.git[0] as Summary).median)} ms, ratio ${v.ratio.toFixed(2)} (target ${v.target})`);
  }
  const withTarget = results.filter((r) => r.c.target.kind !== 'none').length;

  http.close();
  const stop: ServeRequest = { type: 'stop' };
  server.send(stop);
  await new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', () => resolve())));
  children.delete(server);

  // ---- 1c, continued: the sizes above BENCH_AMENDMENTS, after the cases that use the store at that size ----
  for (const size of AMENDMENT_SIZES.filter((n) => n > AMENDMENTS).sort((p, q) => p - q)) await growTo(size);
  const store = reportAmendmentStore(scale);
  return { lines: [...lines, ...store.lines], failed: failed + store.failed, withTarget: withTarget + store.withTarget };
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  section('Principes voor de digitale stad: benchmark');
  console.log(`  date ${new Date().toISOString()}`);
  console.log(`  machine: ${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), ${mib(os.totalmem())} RAM, ${os.platform()} ${os.release()}`);
  console.log(`  node ${process.version}, ${toolVersion('git', ['--version'])}`);
  console.log(`  load average at start ${loadAverage()} (other processes on a shared machine inflate every figure)`);
  if (ONLY_ENDORSEMENTS) console.log('  BENCH_ONLY=onderschrijvingen: only the endorsement section (7)');
  else if (ONLY_ADOPTION) console.log('  BENCH_ONLY=vaststellingsstuk: only the adoption document section (8)');
  else if (ONLY_REDLINE) console.log('  BENCH_ONLY=redline: only the redline section (9)');
  else console.log(`  commits ${COMMITS.toLocaleString('en')} (BENCH_COMMITS), amendments ${AMENDMENTS.toLocaleString('en')} (BENCH_AMENDMENTS)`);
  console.log(
    `  endorsements ${ENDORSEMENTS.toLocaleString('en')} (BENCH_ENDORSEMENTS${ENDORSEMENTS === 0 ? ': section skipped' : ''}); ` +
      `${WARMUP} warm-up + ${REPS} timed runs per case (BENCH_WARMUP, BENCH_REPS)`,
  );

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'principes-bench-'));
  console.log(`  temp folder ${tmpDir}`);

  const parts: PartOutcome[] = [];
  if (ONLY === '') parts.push(await documentPart(tmpDir));
  if (ENDORSEMENTS > 0 && (ONLY === '' || ONLY_ENDORSEMENTS)) parts.push(await endorsementSection({ dir: path.join(tmpDir, 'endorsements'), total: ENDORSEMENTS, warmup: WARMUP, reps: REPS, profileDir: PROFILE_DIR }, children));
  if (ADOPTION_SIZES.length > 0 && (ONLY === '' || ONLY_ADOPTION)) {
    const settings = { dir: path.join(tmpDir, 'vaststellingsstuk'), sizes: ADOPTION_SIZES, amendments: ADOPTION_AMENDMENTS, direct: ADOPTION_DIRECT, warmup: ADOPTION_WARMUP, reps: ADOPTION_REPS };
    parts.push(await adoptionSection(settings, children));
  }
  if (ONLY === '' || ONLY_REDLINE) {
    section('9. Redlines on real texts: the comparison on a corpus of real revisions, against git --word-diff');
    parts.push(redlineSection(tmpDir));
  }

  section('Summary');
  for (const part of parts) for (const line of part.lines) console.log(`  ${line}`);
  console.log(`  load average at the end ${loadAverage()} (1 / 5 / 15 min)`);
  if (failedChecks.length > 0) console.log(`  FAIL checks: ${failedChecks.join('; ')}`);
  const failed = parts.reduce((n, p) => n + p.failed, 0);
  const withTarget = parts.reduce((n, p) => n + p.withTarget, 0);
  console.log(failed === 0 && failedChecks.length === 0 ? `  all ${withTarget} targets met` : `  ${failed} of ${withTarget} targets FAILED (exit code stays 0: this is a report)`);
}

main()
  .then(() => {
    cleanup();
  })
  .catch((e: unknown) => {
    console.error('benchmark crashed:', e);
    cleanup();
    process.exitCode = 1;
  });
