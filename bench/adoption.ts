/**
 * Section 8 of `npm run bench`: the ALV adoption document (vaststellingsstuk) of a document with many
 * principles (BENCH_ADOPTION_SIZES, default 1,000 and 10,000; `0` skips the section;
 * BENCH_ONLY=vaststellingsstuk runs it alone). Per size, a store is built by adoptionServe.ts through the
 * app's write paths (seed import; BENCH_ADOPTION_AMENDMENTS amendments proposed, approved and merged;
 * BENCH_ADOPTION_DIRECT commits made on the draft directly; version 1.1 named), then a fresh process
 * serves it and this process times, over HTTP on loopback:
 *
 * - `GET /api/v1/documenten/groot/versies/1.1/vaststellingsstuk?formaat=md|html|docx`: the whole
 *   document: every principle's text, the redline 1.0 -> 1.1 with each change attributed to the step of
 *   the draft that made it, the amendments, the endorsers, the verification block;
 * - against the reference, measured interleaved in the same run: stock git answering the same questions
 *   on the same bare repository, three processes whose times are added: `git archive --format=tar v1.1`
 *   (every text of the version), `git diff --word-diff=porcelain v1.0 v1.1` (the word-level redline) and
 *   `git log --first-parent --format=... v1.0..v1.1` (which step of the draft made which change; git
 *   needs `git blame` per file to attribute words, which would take far longer, so this reference
 *   favours git). For information: `GET .../versies/1.1` (the version's JSON: every text, nothing else).
 *
 * Checks before timing: every format answers 200; the Markdown holds every principle and as many
 * changed sentences as the build changed; the Word file's tracked changes name the proposers and the
 * direct committer; small requests sent every 50 ms while the Word file of the largest size is being
 * made are all answered (other clients are not reset; the slowest shows how long they waited). Memory
 * of the serving process (its render worker included): after open, after the requests (after a full
 * GC of the main thread), 12 s later (the worker stops after 10 s idle), and its peak RSS.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { readZip } from '../src/presenters/adoption/zipArchive.js';
import { ADOPTION_SLUG, type AdoptionBuilt, type AdoptionMemory, type AdoptionReady } from './adoptionProtocol.js';
import { check } from './cases.js';
import { HttpClient, git } from './clients.js';
import type { PartOutcome } from './endorsements.js';
import { forkBench, nextMessage } from './protocol.js';
import { mib, ms, now, summarise, table, type Summary } from './stats.js';

export interface AdoptionSettings {
  /** A folder inside the benchmark's temp folder. */
  dir: string;
  sizes: number[];
  amendments: number;
  direct: number;
  warmup: number;
  reps: number;
}

const FORMATS = ['md', 'html', 'docx'] as const;
const docUrl = (formaat: string): string => `/api/v1/documenten/${ADOPTION_SLUG}/versies/1.1/vaststellingsstuk?formaat=${formaat}`;
const VERSION_URL = `/api/v1/documenten/${ADOPTION_SLUG}/versies/1.1`;
const SMALL_URL = `/api/v1/documenten/${ADOPTION_SLUG}/versies`;
/** A little longer than the render worker's idle time (renderOffThread.ts). */
const IDLE_WAIT_MS = 12_000;

interface Row {
  principles: number;
  formaat: string;
  first: number;
  ours: Summary;
  ref: Summary;
  versionJson: Summary;
  bytes: number;
}

interface SizeOutcome {
  built: AdoptionBuilt;
  ready: AdoptionReady;
  rows: Row[];
  memory: AdoptionMemory;
  /** The same, once the render worker has stopped for lack of work. */
  idle: AdoptionMemory;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** The three git processes of the reference, run one after the other; their times added. */
async function gitReference(gitDir: string): Promise<number> {
  const a = await git(['--git-dir', gitDir, 'archive', '--format=tar', 'v1.1']);
  const d = await git(['--git-dir', gitDir, 'diff', '--word-diff=porcelain', 'v1.0', 'v1.1']);
  const l = await git(['--git-dir', gitDir, 'log', '--first-parent', '--format=%H%x09%an%x09%cn%x09%aI%x09%s', 'v1.0..v1.1']);
  return a.ms + d.ms + l.ms;
}

async function oneSize(settings: AdoptionSettings, principles: number, children: Set<ChildProcess>, last: boolean): Promise<SizeOutcome> {
  const dir = path.join(settings.dir, String(principles));
  console.log(`\n-- ${principles.toLocaleString('en')} principles: building (seed import, ${settings.amendments} amendments merged, ${settings.direct} direct commits, version 1.1) --`);
  const builder = forkBench('adoptionServe.ts', ['build', dir, String(principles), String(settings.amendments), String(settings.direct)]);
  children.add(builder);
  const built = await nextMessage<AdoptionBuilt>(builder, 'adoption-built');
  await exited(builder);
  children.delete(builder);
  console.log(
    `  seed ${mib(built.seedBytes)} in ${principles.toLocaleString('en')} files, imported in ${(built.importMs / 1000).toFixed(1)} s (fsync off); ` +
      `history (users, amendments, direct commits, naming; fsync on) ${(built.historyMs / 1000).toFixed(1)} s; ${built.changedSentences} sentences changed`,
  );

  const server = forkBench('adoptionServe.ts', ['serve', dir]);
  children.add(server);
  const ready = await nextMessage<AdoptionReady>(server, 'adoption-ready');
  console.log(`  serving process: open ${ms(ready.openMs)} ms; after open (after GC) rss ${mib(ready.afterOpen.rss)}, heapUsed ${mib(ready.afterOpen.heapUsed)}`);
  const http = new HttpClient(ready.port);

  // ---- checks ----
  const bodies = new Map<string, Buffer>();
  for (const f of FORMATS) {
    const r = await http.get(docUrl(f));
    check(`(8) ${principles} ${f} answers`, r.status === 200, `HTTP ${r.status}, ${(r.body.length / 1024).toFixed(0)} KiB, first request ${ms(r.ms)} ms`);
    bodies.set(f, r.body);
  }
  const md = bodies.get('md')?.toString('utf8') ?? '';
  const texts = (md.match(/^### \d+\. /gm) ?? []).length;
  check(`(8) ${principles} every principle's text`, texts >= principles, `${texts} principle headings in section 2 and the redline (expected at least ${principles})`);
  const redline = md.split('\n## 3. ')[1]?.split('\n## 4. ')[0] ?? '';
  const changed = redline.split('\n').filter((l) => /\{(\+\+|--)/.test(l)).length;
  // A sentence whose words changed too much to pair shows as one deleted and one inserted line.
  check(
    `(8) ${principles} changed sentences`,
    changed >= built.changedSentences && changed <= 2 * built.changedSentences,
    `${changed} sentence lines with changes in the redline; the build changed ${built.changedSentences} sentences`,
  );
  const docx = bodies.get('docx') ?? Buffer.alloc(0);
  const xml = readZip(docx).find((e) => e.name === 'word/document.xml')?.data.toString('utf8') ?? '';
  const authors = new Set([...xml.matchAll(/<w:(?:ins|del) [^>]*w:author="([^"]*)"/g)].map((m) => m[1]));
  check(`(8) ${principles} Word authors`, built.authors.every((a) => authors.has(a)) && !authors.has('Redactie (geen amendement)'), `tracked changes by ${[...authors].join(', ')}`);
  if (last) {
    // Other clients' small requests while the Word file is being made (every 50 ms on a second socket):
    // all answered, none reset; the slowest shows how long the event loop was busy at a stretch.
    const other = new HttpClient(ready.port);
    let done = false;
    const big = http.get(docUrl('docx')).finally(() => {
      done = true;
    });
    const small: { status: number; ms: number }[] = [];
    while (!done) {
      await new Promise((r) => setTimeout(r, 50));
      const t = now();
      const r = await other.get(SMALL_URL).catch(() => ({ status: 0 }));
      small.push({ status: r.status, ms: now() - t });
    }
    const bigDone = await big;
    other.close();
    const slowest = Math.max(...small.map((x) => x.ms));
    check(
      `(8) ${principles} other clients`,
      small.every((x) => x.status === 200) && bigDone.status === 200,
      `${small.length} small GETs sent during the Word request (${ms(bigDone.ms)} ms, HTTP ${bigDone.status}): all answered 200: ${small.every((x) => x.status === 200)}; median ${ms(summarise(small.map((x) => x.ms)).median)} ms, slowest ${ms(slowest)} ms`,
    );
  }

  // ---- timing ----
  const rows: Row[] = [];
  for (const f of FORMATS) {
    const ours: number[] = [];
    const ref: number[] = [];
    const json: number[] = [];
    let first = Number.NaN;
    for (let i = 0; i < settings.warmup + settings.reps; i++) {
      const o = await http.timed(docUrl(f));
      const g = await gitReference(built.gitDir);
      const j = await http.timed(VERSION_URL);
      if (i === 0) first = o;
      if (i >= settings.warmup) {
        ours.push(o);
        ref.push(g);
        json.push(j);
      }
    }
    rows.push({ principles, formaat: f, first, ours: summarise(ours), ref: summarise(ref), versionJson: summarise(json), bytes: bodies.get(f)?.length ?? 0 });
  }
  const askMemory = async (): Promise<AdoptionMemory> => {
    const reply = nextMessage<AdoptionMemory>(server, 'adoption-memory');
    server.send({ type: 'memory' });
    return reply;
  };
  const mem = await askMemory();
  // The render worker stops after 10 s without work and gives its heap back.
  await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
  const idle = await askMemory();
  http.close();
  server.send({ type: 'stop' });
  await exited(server);
  children.delete(server);
  return { built, ready, rows, memory: mem, idle };
}

export async function adoptionSection(settings: AdoptionSettings, children: Set<ChildProcess>): Promise<PartOutcome> {
  console.log(
    `\n== 8. The adoption document at ${settings.sizes.map((n) => n.toLocaleString('en')).join(' and ')} principles ` +
      `(${settings.warmup} warm-up + ${settings.reps} timed runs per format, interleaved with the git reference) ==`,
  );
  const outcomes: SizeOutcome[] = [];
  for (const [k, n] of settings.sizes.entries()) outcomes.push(await oneSize(settings, n, children, k === settings.sizes.length - 1));

  console.log('\n  Results (milliseconds; median and p90 of the timed runs). Reference: git archive + git diff --word-diff + git log --first-parent, times added.');
  console.log(
    table(
      ['principles', 'format', 'size', 'first', 'ours median', 'ours p90', 'git median', 'git p90', 'ours/git', 'version JSON median', 'ours/JSON'],
      outcomes.flatMap((o) =>
        o.rows.map((r) => [
          r.principles.toLocaleString('en'),
          r.formaat,
          `${(r.bytes / 1024).toFixed(0)} KiB`,
          ms(r.first),
          ms(r.ours.median),
          ms(r.ours.p90),
          ms(r.ref.median),
          ms(r.ref.p90),
          (r.ours.median / r.ref.median).toFixed(2),
          ms(r.versionJson.median),
          (r.ours.median / r.versionJson.median).toFixed(2),
        ]),
      ),
      new Set([1]),
    ),
  );
  console.log('\n  Memory of the serving process');
  console.log(
    table(
      ['principles', 'open ms', 'rss after open', 'heapUsed after open', 'rss after requests (GC)', 'heapUsed after requests (GC)', 'rss 12 s later (GC)', 'peak rss'],
      outcomes.map((o) => [
        o.built.principles.toLocaleString('en'),
        ms(o.ready.openMs),
        mib(o.ready.afterOpen.rss),
        mib(o.ready.afterOpen.heapUsed),
        mib(o.memory.afterGc.rss),
        mib(o.memory.afterGc.heapUsed),
        mib(o.idle.afterGc.rss),
        mib(o.memory.maxRss),
      ]),
      new Set(),
    ),
  );
  const lines = outcomes.flatMap((o) => {
    const cells = o.rows.map((r) => `${r.formaat} ${ms(r.ours.median)} ms (${(r.ours.median / r.ref.median).toFixed(2)}x git)`).join(', ');
    return [`adoption document, ${o.built.principles.toLocaleString('en')} principles: ${cells}; peak rss ${mib(o.memory.maxRss)}`];
  });
  return { lines, failed: 0, withTarget: 0 };
}
