/**
 * Section 1c: the amendment store as it grows. At each size (BENCH_AMENDMENT_SIZES, default 100, 2,000
 * and 10,000 amendments, all proposed through proposeAmendment by amend.ts on the 10,000-commit store):
 * - the first amendment page after a start, over HTTP: the serving process (serve.ts) is started
 *   {@link STARTS} times and each time the first request is one amendment page (a different one each time);
 * - the same page warm, and a different amendment each run, over HTTP, interleaved with the HTTP floor
 *   (a request that needs no work), so that load on the machine hits all three alike.
 * The pages timed are those of amendments on an old basis ("conflict" kind): in this store every amendment
 * changes one of 17 sentences, so an amendment on the current draft shares its sentence with about one in
 * 30 of all amendments and its "raakt ook" list (the answer) grows with the store, while one on an old
 * basis touches the text of that basis, which few others share. The size of each "raakt ook" is printed;
 * - amendment writes in the serving process: a comment (commentOnAmendment: the record and the audit
 *   entry, both fsynced) and the record write alone, each with the event loop's longest block during
 *   it; and, as the reference measured in the same run, the write of the layout before (one lowdb file
 *   holding every record, JsonDb.update, on a scratch copy of the same records).
 * Targets (the issue): both the write and the page flat, the figure at the largest size within 1.5x of
 * the one at the smallest; a write under 10 ms; the first page after a start under 50 ms at 2,000.
 */
import type { ChildProcess } from 'node:child_process';
import { check, json } from './cases.js';
import { HttpClient } from './clients.js';
import type { PartOutcome } from './endorsements.js';
import { SLUG, forkBench, nextMessage, type BuiltAmendment, type ServeReady, type ServeRequest, type ServeWritesRequest, type WritesTimed } from './protocol.js';
import { ms, summarise, table, type Summary } from './stats.js';

/** Starts of the serving process per size, each timing one first page. */
export const STARTS = 5;
const LOWDB_RUNS = 9;
const FLAT_MAX = 1.5;
const WRITE_MAX_MS = 10;
const FIRST_PAGE_MAX_MS = 50;
const FIRST_PAGE_AT = 2_000;

export interface ScaleResult {
  size: number;
  opens: number[];
  /** The first amendment page after each start. */
  first: number[];
  warm: Summary;
  varied: Summary;
  floor: Summary;
  writes: WritesTimed;
  /** The size of "raakt ook" of each first page. */
  raaktOok: number[];
}

interface DetailBody {
  nummer: number;
  raaktOok: number[];
}

async function stopServer(server: ChildProcess, children: Set<ChildProcess>): Promise<void> {
  const stop: ServeRequest = { type: 'stop' };
  server.send(stop);
  await new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', () => resolve())));
  children.delete(server);
}

export async function measureAmendmentStore(opts: {
  size: number;
  storeDir: string;
  amendments: readonly BuiltAmendment[];
  warmup: number;
  reps: number;
  children: Set<ChildProcess>;
}): Promise<ScaleResult> {
  const { size, storeDir, amendments, warmup, reps, children } = opts;
  const api = `/api/v1/documenten/${SLUG}`;
  const old = amendments.filter((a) => a.kind === 'conflict');
  const pages = old.length >= STARTS ? old : amendments;
  const pick = (i: number, n: number): BuiltAmendment => pages[Math.floor(((i + 0.5) * pages.length) / n) % pages.length] as BuiltAmendment;
  const any = (i: number, n: number): BuiltAmendment => amendments[Math.floor(((i + 0.5) * amendments.length) / n) % amendments.length] as BuiltAmendment;
  const raaktOok: number[] = [];
  const opens: number[] = [];
  const first: number[] = [];
  let result: Omit<ScaleResult, 'size' | 'opens' | 'first'> | null = null;
  for (let s = 0; s < STARTS; s++) {
    const server = forkBench('serve.ts', [storeDir]);
    children.add(server);
    const ready = await nextMessage<ServeReady>(server, 'ready');
    opens.push(ready.openMs);
    const http = new HttpClient(ready.port);
    const a = pick(s, STARTS);
    const r = await http.get(`${api}/amendementen/${a.nummer}`);
    if (r.status !== 200) throw new Error(`amendment ${a.nummer} answered ${r.status}`);
    first.push(r.ms);
    const body = json<DetailBody>(r.body);
    raaktOok.push(body.raaktOok.length);
    check(`(1c) amendment page at ${size.toLocaleString('en')}, start ${s + 1}`, body.nummer === a.nummer, `#${a.nummer} (${a.kind}): raaktOok lists ${body.raaktOok.length} open amendments`);
    if (s === STARTS - 1) {
      const runs = { floor: [] as number[], warm: [] as number[], varied: [] as number[] };
      for (let i = 0; i < warmup + reps; i++) {
        const f = await http.timed(`${api}/versies`);
        const w = await http.timed(`${api}/amendementen/${a.nummer}`);
        const v = await http.timed(`${api}/amendementen/${any(i, warmup + reps).nummer}`);
        if (i < warmup) continue;
        runs.floor.push(f);
        runs.warm.push(w);
        runs.varied.push(v);
      }
      const floor = summarise(runs.floor);
      const warm = summarise(runs.warm);
      const varied = summarise(runs.varied);
      const request: ServeWritesRequest = { type: 'writes', count: warmup + reps, lowdbRuns: LOWDB_RUNS };
      const reply = nextMessage<WritesTimed>(server, 'written');
      server.send(request);
      const writes = await reply;
      // The warm-up writes are dropped from every list but the reference's.
      writes.verb = writes.verb.slice(warmup);
      writes.verbBlock = writes.verbBlock.slice(warmup);
      writes.control = writes.control.slice(warmup);
      writes.put = writes.put.slice(warmup);
      writes.putBlock = writes.putBlock.slice(warmup);
      writes.idleBlock = writes.idleBlock.slice(warmup);
      result = { warm, varied, floor, writes, raaktOok };
    }
    http.close();
    await stopServer(server, children);
  }
  if (result === null) throw new Error('no measurement');
  const out: ScaleResult = { size, opens, first, ...result };
  printScale(out);
  return out;
}

function max(xs: readonly number[]): number {
  return xs.reduce((m, x) => Math.max(m, x), 0);
}

/** The comment's median against its control's (the same writes into a store that never grows). */
function relative(r: ScaleResult): number {
  return summarise(r.writes.verb).median / summarise(r.writes.control).median;
}

function printScale(r: ScaleResult): void {
  const w = r.writes;
  console.log(
    `  ${r.size.toLocaleString('en')} amendments: open ${r.opens.map((x) => ms(x)).join(' / ')} ms; first amendment page after a start ${r.first.map((x) => ms(x)).join(' / ')} ms ` +
      `(raakt ook: ${r.raaktOok.join(' / ')}); warm ${ms(r.warm.median)} ms (p90 ${ms(r.warm.p90)}), another amendment each run (any kind) ${ms(r.varied.median)} ms, HTTP floor ${ms(r.floor.median)} ms`,
  );
  console.log(
    `    write: comment ${ms(summarise(w.verb).median)} ms (p90 ${ms(summarise(w.verb).p90)}; the same writes into a 10-amendment control store ${ms(summarise(w.control).median)} ms, ratio ${relative(r).toFixed(2)}; ` +
      `longest event-loop block ${ms(max(w.verbBlock))} ms, median ${ms(summarise(w.verbBlock).median)}; ` +
      `the probe over an idle wait as long: longest ${ms(max(w.idleBlock))} ms, median ${ms(summarise(w.idleBlock).median)}), ` +
      `record file alone ${ms(summarise(w.put).median)} ms (block ${ms(max(w.putBlock))} ms, ${w.recordBytes.toLocaleString('en')} B); ` +
      `the layout before (one lowdb file, ${(w.lowdbBytes / 1024 / 1024).toFixed(1)} MiB): ${ms(summarise(w.lowdb).median)} ms (block ${ms(max(w.lowdbBlock))} ms)`,
  );
}

/** The table across sizes and the verdicts. */
export function reportAmendmentStore(results: readonly ScaleResult[]): PartOutcome {
  const lines: string[] = [];
  let failed = 0;
  let withTarget = 0;
  if (results.length === 0) return { lines, failed, withTarget };
  console.log('\n== 1c. Amendment store as it grows (milliseconds; medians unless said otherwise)');
  const rows = results.map((r) => [
    r.size.toLocaleString('en'),
    ms(summarise(r.writes.verb).median),
    ms(summarise(r.writes.verb).p90),
    ms(summarise(r.writes.control).median),
    relative(r).toFixed(2),
    ms(max(r.writes.verbBlock)),
    ms(max(r.writes.idleBlock)),
    ms(summarise(r.writes.put).median),
    ms(max(r.writes.putBlock)),
    ms(summarise(r.writes.lowdb).median),
    ms(max(r.writes.lowdbBlock)),
    ms(summarise(r.first).median),
    ms(max(r.first)),
    ms(r.warm.median),
    ms(r.varied.median),
    ms(r.floor.median),
    ms(summarise(r.opens).median),
  ]);
  console.log(
    table(
      ['amendments', 'comment', 'p90', 'control', 'ratio', 'loop block', 'idle block', 'record', 'loop block', 'lowdb (before)', 'loop block', 'first page', 'max', 'warm page', 'other page', 'floor', 'open'],
      rows,
      new Set(),
    ),
  );
  const smallest = results[0] as ScaleResult;
  const largest = results.at(-1) as ScaleResult;
  const verdict = (pass: boolean, text: string): void => {
    withTarget += 1;
    if (!pass) failed += 1;
    const line = `${pass ? 'PASS' : 'FAIL'} ${text}`;
    lines.push(line);
    console.log(`  ${line}`);
  };
  const ratio = (a: number, b: number) => a / b;
  if (largest !== smallest) {
    const span = `${largest.size.toLocaleString('en')} vs ${smallest.size.toLocaleString('en')} amendments`;
    const wr = ratio(relative(largest), relative(smallest));
    verdict(
      wr <= FLAT_MAX,
      `(1c) amendment write flat: ${ms(summarise(largest.writes.verb).median)} vs ${ms(summarise(smallest.writes.verb).median)} ms (${relative(largest).toFixed(2)} vs ${relative(smallest).toFixed(2)} times the ` +
        `same writes into a store of 10 amendments, measured alongside), ${span}, ratio ${wr.toFixed(2)} (target <= ${FLAT_MAX}; the raw medians' ratio ${ratio(summarise(largest.writes.verb).median, summarise(smallest.writes.verb).median).toFixed(2)})`,
    );
    const pr = ratio(largest.warm.median, smallest.warm.median);
    verdict(pr <= FLAT_MAX, `(1c) amendment page flat (warm): ${ms(largest.warm.median)} vs ${ms(smallest.warm.median)} ms, ${span}, ratio ${pr.toFixed(2)} (target <= ${FLAT_MAX})`);
    const fr = ratio(summarise(largest.first).median, summarise(smallest.first).median);
    verdict(fr <= FLAT_MAX, `(1c) first amendment page after a start flat: ${ms(summarise(largest.first).median)} vs ${ms(summarise(smallest.first).median)} ms, ${span}, ratio ${fr.toFixed(2)} (target <= ${FLAT_MAX})`);
  }
  const slowest = results.reduce((m, r) => Math.max(m, summarise(r.writes.verb).median), 0);
  verdict(slowest < WRITE_MAX_MS, `(1c) amendment write (a comment: record + audit entry, fsynced) at most ${ms(slowest)} ms at any size (target < ${WRITE_MAX_MS} ms)`);
  const at = results.find((r) => r.size === FIRST_PAGE_AT);
  if (at !== undefined) {
    verdict(summarise(at.first).median < FIRST_PAGE_MAX_MS, `(1c) first amendment page after a start at ${FIRST_PAGE_AT.toLocaleString('en')}: ${ms(summarise(at.first).median)} ms (median of ${STARTS} starts; target < ${FIRST_PAGE_MAX_MS} ms)`);
  }
  const blocks = results.map((r) => `${ms(max(r.writes.verbBlock))} ms at ${r.size.toLocaleString('en')} (idle probe ${ms(max(r.writes.idleBlock))})`).join(', ');
  const line = `(1c) longest event-loop block during an amendment write: ${blocks}; the layout before: ${results.map((r) => ms(max(r.writes.lowdbBlock))).join(' / ')} ms`;
  lines.push(line);
  console.log(`  ${line}`);
  return { lines, failed, withTarget };
}
