/**
 * The endorsement section of `npm run bench` (BENCH_ENDORSEMENTS, default 20,000; 0 skips it):
 * 20,000 endorsements across many named versions and all 344 organisations of the register, built
 * through the app's write path, then timed over HTTP on loopback at 1,000 / 5,000 / 10,000 / 20,000
 * stored:
 * - (h) the overview page `/documenten/digitale-stad/onderschrijvingen` (with the map) as an anonymous
 *   visitor, cold (the first request after an endorsement of the newest version: page cache miss, map
 *   re-rendered) and warm (the page cache holds it), each against a bare express handler in the serving
 *   process that sends the identical bytes from memory (ratio; target <= 3);
 * - (i) the CSV export `GET /api/v1/documenten/digitale-stad/onderschrijvingen?formaat=csv`, against the
 *   same kind of bare handler with the identical bytes (ratio reported, no target);
 * - (j) one endorsement write: POST .../versies/<v>/onderschrijvingen by a representative (bearer
 *   token; EndorsementLog append + fsync, audit entry + fsync, 201), a different organisation each run;
 *   target: median < 20 ms at 20,000 stored. And the two appends alone, on scratch copies of the files.
 * The build itself reports the write-time curve per 1,000 endorsements (in-process endorseVersion).
 *
 * Everything runs in one child (endorseServe.ts); this process is the only HTTP client.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import { check } from './cases.js';
import { HttpClient, type HttpResult } from './clients.js';
import type {
  EndorseAlone,
  EndorseBucket,
  EndorseCommand,
  EndorseFilled,
  EndorseFree,
  EndorseMemory,
  EndorseReady,
  EndorseReferenced,
  EndorseServeRequest,
  EndorseVerified,
} from './endorseProtocol.js';
import { SLUG, forkBench, nextMessage, type MemorySnapshot } from './protocol.js';
import { mib, ms, now, summarise, table, type Summary } from './stats.js';

export interface EndorsementSettings {
  /** A folder inside the benchmark's temp folder. */
  dir: string;
  total: number;
  warmup: number;
  reps: number;
  /** BENCH_PROFILE_DIR: the serving child writes a V8 CPU profile there on exit. */
  profileDir?: string | undefined;
}

/** What a part of the benchmark hands to the final summary. */
export interface PartOutcome {
  lines: string[];
  failed: number;
  withTarget: number;
}

const PAGE_RATIO_MAX = 3;
const WRITE_MAX_MS = 20;
const PER_VERSION_SHARE = 0.85;
const WITHDRAW_RATE = 0.02;
const CHECKPOINTS = [1_000, 5_000, 10_000, 20_000];

const PAGE_URL = `/documenten/${SLUG}/onderschrijvingen`;
const CSV_URL = `/api/v1/documenten/${SLUG}/onderschrijvingen?formaat=csv`;
const postUrl = (versie: string): string => `/api/v1/documenten/${SLUG}/versies/${encodeURIComponent(versie)}/onderschrijvingen`;

/** Timed pair: ours and the bare reference, per run (warm-up included, marked by index). */
interface Paired {
  first: number;
  ours: Summary;
  ref: Summary;
  bytes: number;
}

interface Checkpoint {
  /** Endorsements stored when the checkpoint's measurements began (the build's count). */
  stored: number;
  /** ... and when they ended: every timed or preparing write adds one. */
  storedEnd: number;
  write: Summary & { first: number };
  /** (j') a write that arrives while a cold page is being rendered, and that page request. */
  blocked: { write: Summary; page: Summary };
  alone: EndorseAlone;
  cold: Paired;
  warm: Paired;
  csv: Paired;
  withdrawn: number;
  versions: number;
  memory: MemorySnapshot;
}

function ask<T extends { type: string }>(child: ChildProcess, command: EndorseCommand, reply: T['type']): Promise<T> {
  const answer = nextMessage<T>(child, reply);
  child.send(command);
  return answer;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/** The `name=value` of each Set-Cookie, as a browser would send them back. */
function cookiesOf(r: HttpResult): string {
  const set = r.headers['set-cookie'] ?? [];
  return set.map((c) => c.split(';')[0] ?? '').filter((c) => c !== '').join('; ');
}

function expectStatus(r: HttpResult, status: number, what: string): void {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} (expected ${status}): ${r.body.toString('utf8').slice(0, 300)}`);
}

export async function endorsementSection(settings: EndorsementSettings, children: Set<ChildProcess>): Promise<PartOutcome> {
  const { total, warmup, reps } = settings;
  const runs = warmup + reps;
  console.log(
    `\n== 7. Endorsements: ${total.toLocaleString('en')} across named versions and all organisations, through endorseVersion (EndorsementLog + audit, fsync on); ` +
      `overview page, CSV export and one write over HTTP at ${CHECKPOINTS.filter((c) => c < total).concat(total).map((c) => c.toLocaleString('en')).join(' / ')} stored`,
  );
  fs.mkdirSync(settings.dir, { recursive: true });
  const request: EndorseServeRequest = {
    dir: settings.dir,
    total,
    perVersionShare: PER_VERSION_SHARE,
    withdrawRate: WITHDRAW_RATE,
    startTime: Math.floor(Date.now() / 1000) - 3 * 365 * 86_400,
  };
  const extra = settings.profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(settings.profileDir)}`] : [];
  const child = forkBench('endorseServe.ts', [JSON.stringify(request)], extra);
  children.add(child);
  try {
    const ready = await nextMessage<EndorseReady>(child, 'endorse-ready');
    const byType = new Map<string, number>();
    for (const r of ready.representatives) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    console.log(
      `  setup ${ms(ready.setupMs)} ms (not counted): openStores + importSeedDocuments (1.0) + initialiseStore (register, administrator, ${ready.stored} endorsements from the VNG letter); ` +
        `${ready.representatives.length} representatives with API tokens written straight into the db (quickRepresentatives: the one shortcut, no scrypt per user); ` +
        `organisations: ${[...byType].map(([t, n]) => `${n} ${t}`).join(', ')}`,
    );
    console.log(
      `  build: each endorsement is endorseVersion in the serving process (the command behind the POST), for a random organisation that has not endorsed the current version; ` +
        `after ${ready.perVersion} endorsements of a version the draft gets one commit and nameVersion names the next; ${(WITHDRAW_RATE * 100).toFixed(0)} % of the steps also withdraw an older endorsement (withdrawEndorsement). Nothing is built by a faster path.`,
    );
    const tokens = new Map(ready.representatives.map((r) => [r.code, r.token]));
    const app = new HttpClient(ready.port);
    // A second socket to the app, for a write that arrives while the first one waits for a page.
    const second = new HttpClient(ready.port);
    const bare = new HttpClient(ready.barePort);

    // An anonymous visitor: the first visit sets the CSRF cookie, later requests send it back (as a browser does).
    const firstVisit = await app.get('/');
    const visitor: OutgoingHttpHeaders = { Cookie: cookiesOf(firstVisit) };

    const points = [...new Set([...CHECKPOINTS.filter((c) => c < total && c > ready.stored), total])];
    const buckets: EndorseBucket[] = [];
    const checkpoints: Checkpoint[] = [];
    let buildMs = 0;
    let endorsementsBuilt = 0;
    let withdrawalsBuilt = 0;
    let withdrawMsTotal = 0;
    let versionsNamed = 0;
    let nameMsTotal = 0;
    let versions: string[] = [];
    let postCounter = 0;

    const post = async (pair: { code: string; versie: string }, client: HttpClient = app): Promise<HttpResult> => {
      const token = tokens.get(pair.code);
      if (token === undefined) throw new Error(`no token for ${pair.code}`);
      postCounter += 1;
      const r = await client.postJson(
        postUrl(pair.versie),
        {
          ondertekenaar: { naam: `Ondertekenaar meting ${postCounter}`, functie: 'burgemeester' },
          besluit: { orgaan: 'college', datum: yesterday(), kenmerk: `METING-${postCounter}`, url: `https://www.example.org/besluiten/meting-${postCounter}` },
        },
        { Authorization: `Bearer ${token}` },
      );
      expectStatus(r, 201, `POST ${postUrl(pair.versie)} for ${pair.code}`);
      return r;
    };

    /** Loads `body` into the bare app under `url`, with the headers that matter for the bytes on the wire. */
    const setReference = async (url: string, r: HttpResult): Promise<void> => {
      const file = path.join(settings.dir, 'reference.bin');
      fs.writeFileSync(file, r.body);
      const headers: Record<string, string> = {};
      for (const h of ['content-type', 'content-disposition']) {
        const v = r.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const done = await ask<EndorseReferenced>(child, { type: 'reference', url, file, headers }, 'referenced');
      if (done.bytes !== r.body.length) throw new Error('reference: size differs');
    };

    const sameBytes = async (url: string, ours: HttpResult): Promise<boolean> => {
      const ref = await bare.get(url);
      return ref.status === 200 && ref.body.equals(ours.body);
    };

    for (const point of points) {
      const t0 = now();
      const filled = await ask<EndorseFilled>(child, { type: 'fill', upTo: point }, 'filled');
      buckets.push(...filled.buckets);
      buildMs += filled.ms;
      endorsementsBuilt += filled.endorsements;
      withdrawalsBuilt += filled.withdrawals;
      withdrawMsTotal += filled.withdrawMs * filled.withdrawals;
      versionsNamed += filled.versionsNamed;
      nameMsTotal += filled.nameMs * filled.versionsNamed;
      versions = filled.versions;
      console.log(
        `  -- ${filled.stored.toLocaleString('en')} stored (${filled.withdrawn} withdrawn, ${filled.versions.length} versions, newest ${filled.versions[0] ?? '-'}); ` +
          `this step built ${filled.endorsements.toLocaleString('en')} in ${(filled.ms / 1000).toFixed(1)} s`,
      );
      let stored = filled.stored;

      const free = await ask<EndorseFree>(child, { type: 'free', count: 4 * runs }, 'free-pairs');
      if (free.pairs.length < 4 * runs) throw new Error(`only ${free.pairs.length} free (organisation, version) pairs for ${4 * runs} writes`);
      const pairAt = (i: number): { code: string; versie: string } => free.pairs[i] as { code: string; versie: string };
      const coldPairs = free.pairs.slice(0, runs);
      const writePairs = free.pairs.slice(runs, 2 * runs);
      const newest = filled.versions[0];
      const coldOnNewest = coldPairs.filter((p) => p.versie === newest).length;

      // ---- (j) one endorsement write over HTTP, a different organisation each run ----
      const writeTimes: number[] = [];
      let writeFirst = Number.NaN;
      for (let i = 0; i < runs; i++) {
        const r = await post(writePairs[i] as { code: string; versie: string });
        stored += 1;
        if (i === 0) writeFirst = r.ms;
        if (i >= warmup) writeTimes.push(r.ms);
      }
      const write = { ...summarise(writeTimes), first: writeFirst };
      const alone = await ask<EndorseAlone>(child, { type: 'alone', runs: reps }, 'alone');

      // ---- (h) the overview page, cold: the first request after an endorsement of the newest version ----
      const coldOurs: number[] = [];
      const coldRef: number[] = [];
      let coldFirst = Number.NaN;
      let last: HttpResult | null = null;
      let coldChecked = false;
      for (let i = 0; i < runs; i++) {
        await post(coldPairs[i] as { code: string; versie: string });
        stored += 1;
        const r = await app.get(PAGE_URL, visitor);
        expectStatus(r, 200, `GET ${PAGE_URL}`);
        if (!coldChecked) {
          const html = r.body.toString('utf8');
          check(
            `(h) overview page at ${stored.toLocaleString('en')}`,
            html.includes(`${stored} onderschrijvingen`) && html.includes('(pagina 1 van ') && (html.match(/<path id="kaart-GM/g)?.length ?? 0) === 342 && !html.includes('action="/afmelden"'),
            `200, ${kib(r.body.length)}, counts all ${stored.toLocaleString('en')} endorsements ("${stored} onderschrijvingen") and shows the first page of the table, has the map with all 342 municipalities, anonymous (no sign-out); ` +
              `the writes before the cold requests: ${coldOnNewest} of ${runs} endorse the newest version ${newest ?? '?'} (the map changes), the rest older ones`,
          );
          coldChecked = true;
        }
        if (last !== null && last.body.equals(r.body)) throw new Error('(h) cold: the page did not change after an endorsement');
        last = r;
        await setReference(PAGE_URL, r);
        const ref = await bare.get(PAGE_URL);
        expectStatus(ref, 200, 'bare reference');
        if (i === 0) coldFirst = r.ms;
        if (i >= warmup) {
          coldOurs.push(r.ms);
          coldRef.push(ref.ms);
        }
      }
      if (last === null) throw new Error('no cold run');
      const cold: Paired = { first: coldFirst, ours: summarise(coldOurs), ref: summarise(coldRef), bytes: last.body.length };

      // ---- (h) warm: nothing changed since the last cold request, so the page cache holds the page ----
      const warmOurs: number[] = [];
      const warmRef: number[] = [];
      let warmFirst = Number.NaN;
      for (let i = 0; i < runs; i++) {
        const r = await app.get(PAGE_URL, visitor);
        expectStatus(r, 200, `GET ${PAGE_URL}`);
        if (i === 0) {
          warmFirst = r.ms;
          check(`(h) warm page = the reference's bytes at ${stored.toLocaleString('en')}`, r.body.equals(last.body) && (await sameBytes(PAGE_URL, r)), `byte-identical to the last cold page and to what the bare handler sends (${r.body.length.toLocaleString('en')} B)`);
        }
        const ref = await bare.get(PAGE_URL);
        if (i >= warmup) {
          warmOurs.push(r.ms);
          warmRef.push(ref.ms);
        }
      }
      const warm: Paired = { first: warmFirst, ours: summarise(warmOurs), ref: summarise(warmRef), bytes: last.body.length };

      // ---- (i) the CSV export (no page cache: every request filters the records and joins their kept rows) ----
      const csvFirst = await app.get(CSV_URL, visitor);
      expectStatus(csvFirst, 200, `GET ${CSV_URL}`);
      const csvText = csvFirst.body.toString('utf8');
      const csvLines = csvText.split('\r\n').filter((l) => l !== '');
      check(
        `(i) CSV at ${stored.toLocaleString('en')}`,
        csvLines.length === stored + 1 && (csvFirst.headers['content-type'] ?? '').startsWith('text/csv'),
        `${csvLines.length - 1} rows + header for ${stored.toLocaleString('en')} endorsements, ${csvFirst.headers['content-type'] ?? '?'}, ${kib(csvFirst.body.length)}`,
      );
      await setReference(CSV_URL, csvFirst);
      const csvOurs: number[] = [];
      const csvRef: number[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await app.get(CSV_URL, visitor);
        expectStatus(r, 200, `GET ${CSV_URL}`);
        if (i === 0 && !r.body.equals(csvFirst.body)) throw new Error('(i) the CSV changed between requests');
        const ref = await bare.get(CSV_URL);
        if (i >= warmup) {
          csvOurs.push(r.ms);
          csvRef.push(ref.ms);
        }
      }
      const csv: Paired = { first: csvFirst.ms, ours: summarise(csvOurs), ref: summarise(csvRef), bytes: csvFirst.body.length };

      // ---- (j') a write arriving 5 ms after an anonymous visitor asked for the page right after a change ----
      const blockedWrites: number[] = [];
      const blockingPages: number[] = [];
      for (let i = 0; i < runs; i++) {
        await post(pairAt(2 * runs + 2 * i));
        stored += 1;
        const page = app.get(PAGE_URL, visitor);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const [p, w] = await Promise.all([page, post(pairAt(2 * runs + 2 * i + 1), second)]);
        stored += 1;
        expectStatus(p, 200, `GET ${PAGE_URL}`);
        if (i >= warmup) {
          blockedWrites.push(w.ms);
          blockingPages.push(p.ms);
        }
      }
      const blocked = { write: summarise(blockedWrites), page: summarise(blockingPages) };

      const mem = await ask<EndorseMemory>(child, { type: 'memory' }, 'endorse-memory');
      const withdrawn = filled.withdrawn;
      checkpoints.push({ stored: filled.stored, storedEnd: stored, write, blocked, alone, cold, warm, csv, withdrawn, versions: filled.versions.length, memory: mem.afterGc });
      console.log(
        `     (j) write over HTTP: median ${ms(write.median)} ms, p90 ${ms(write.p90)} ms (during a cold page: ${ms(blocked.write.median)} ms); log alone ${ms(summarise(alone.log).median)} ms, audit alone ${ms(summarise(alone.audit).median)} ms; ` +
          `(h) page cold ${ms(cold.ours.median)} ms vs ${ms(cold.ref.median)} ms, warm ${ms(warm.ours.median)} ms vs ${ms(warm.ref.median)} ms (${kib(cold.bytes)}); ` +
          `(i) CSV ${ms(csv.ours.median)} ms vs ${ms(csv.ref.median)} ms (${kib(csv.bytes)}); ${((now() - t0) / 1000).toFixed(1)} s`,
      );
    }

    // ---- the store as a fresh open reads it ----
    const verified = await ask<EndorseVerified>(child, { type: 'verify' }, 'verified');
    const final = checkpoints.at(-1);
    if (final === undefined) throw new Error('no checkpoint');
    check(
      'endorsement store re-opened from disk',
      verified.records === final.storedEnd && verified.cutBytes === 0 && verified.auditEndorsed === verified.records && verified.auditWithdrawn === verified.withdrawn && verified.chainOk,
      `${verified.records.toLocaleString('en')} endorsements (${verified.withdrawn} withdrawn) in ${verified.events.toLocaleString('en')} events, nothing cut; ` +
        `${verified.auditEndorsed.toLocaleString('en')} + ${verified.auditWithdrawn} audit entries, hash chain ${verified.chainOk ? 'verifies' : 'BROKEN'}; EndorsementLog.open ${ms(verified.openMs)} ms`,
    );
    // Every organisation endorses something once the build has gone round the register a few times.
    const everyOrganisation = total >= 5 * ready.representatives.length;
    check(
      'spread over versions and organisations',
      (!everyOrganisation || verified.organisations === ready.representatives.length) && verified.versions === versions.length,
      `${verified.organisations} of ${ready.representatives.length} organisations have endorsed${everyOrganisation ? '' : ' (all of them only required from 5 endorsements per organisation)'}; ` +
        `${verified.versions} named versions (${versions.at(-1) ?? '?'} to ${versions[0] ?? '?'})`,
    );

    app.close();
    second.close();
    bare.close();
    printReport({ total, warmup, reps, buckets, checkpoints, buildMs, endorsementsBuilt, withdrawalsBuilt, withdrawMsTotal, versionsNamed, nameMsTotal, ready, verified });
    return outcome(checkpoints);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const stop: EndorseCommand = { type: 'stop' };
      child.send(stop);
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    }
    children.delete(child);
  }
}

interface ReportInput {
  total: number;
  warmup: number;
  reps: number;
  buckets: EndorseBucket[];
  checkpoints: Checkpoint[];
  buildMs: number;
  endorsementsBuilt: number;
  withdrawalsBuilt: number;
  withdrawMsTotal: number;
  versionsNamed: number;
  nameMsTotal: number;
  ready: EndorseReady;
  verified: EndorseVerified;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function printReport(x: ReportInput): void {
  console.log(`\n== Endorsements: results (milliseconds; ${x.warmup} warm-up + ${x.reps} timed runs per figure; median and p90)`);
  console.log(
    `  build: ${x.endorsementsBuilt.toLocaleString('en')} endorsements through endorseVersion in ${(x.buildMs / 1000).toFixed(1)} s ` +
      `(${ms(x.buildMs / Math.max(1, x.endorsementsBuilt))} ms per endorsement on average, withdrawals and version naming included); ` +
      `${x.withdrawalsBuilt} withdrawals through withdrawEndorsement (${ms(x.withdrawMsTotal / Math.max(1, x.withdrawalsBuilt))} ms each); ` +
      `${x.versionsNamed} versions named (draft commit + nameVersion, ${ms(x.nameMsTotal / Math.max(1, x.versionsNamed))} ms each)`,
  );
  console.log('  write time per endorsement while building (in-process endorseVersion, no HTTP; each row: the endorsements since the row above):');
  const bucketRows = x.buckets.map((b) => [
    b.upTo.toLocaleString('en'),
    String(b.size),
    ms(b.mean),
    ms(b.median),
    ms(b.p90),
    ms(b.max),
    ms(b.log),
    ms(b.audit),
    ms(b.mean - b.log - b.audit),
    kib(b.logBytes),
    kib(b.auditBytes),
  ]);
  console.log(indent(table(['stored', 'n', 'mean', 'median', 'p90', 'max', 'log append', 'audit append', 'other', 'onderschrijvingen.jsonl', 'audit.jsonl'], bucketRows, new Set())));

  console.log(`\n  (j) one endorsement write (target: median < ${WRITE_MAX_MS} ms at ${x.total.toLocaleString('en')} stored):`);
  const writeRows = x.checkpoints.map((c) => {
    const log = summarise(c.alone.log);
    const audit = summarise(c.alone.audit);
    return [
      c.stored.toLocaleString('en'),
      ms(c.write.median),
      ms(c.write.p90),
      ms(c.write.first),
      ms(c.blocked.write.median),
      ms(c.blocked.write.p90),
      ms(log.median),
      ms(log.p90),
      ms(audit.median),
      ms(audit.p90),
      ms(c.alone.openLogMs),
      ms(c.alone.openAuditMs),
      c.write.median < WRITE_MAX_MS ? 'PASS' : 'FAIL',
    ];
  });
  console.log(
    indent(
      table(
        ['stored', 'POST med', 'POST p90', 'POST first', "(j') during a cold page med", "(j') p90", 'log.endorse med', 'log p90', 'audit.append med', 'audit p90', 'EndorsementLog.open', 'AuditLog.open', 'result'],
        writeRows,
        new Set([12]),
      ),
    ),
  );

  console.log(`\n  (h) overview page ${PAGE_URL}, anonymous, vs a bare express handler sending the same bytes from memory (target: ratio <= ${PAGE_RATIO_MAX}):`);
  const pageRows: string[][] = [];
  for (const c of x.checkpoints) {
    for (const [label, p] of [
      ['cold (after a write)', c.cold],
      ['warm (page cache)', c.warm],
    ] as const) {
      const ratio = p.ours.median / p.ref.median;
      pageRows.push([
        label === 'cold (after a write)' ? c.stored.toLocaleString('en') : '',
        label,
        kib(p.bytes),
        ms(p.ours.median),
        ms(p.ours.p90),
        ms(p.first),
        ms(p.ref.median),
        ms(p.ref.p90),
        ratio.toFixed(2),
        ratio <= PAGE_RATIO_MAX ? 'PASS' : 'FAIL',
      ]);
    }
  }
  console.log(indent(table(['stored', 'cache', 'page', 'ours med', 'ours p90', 'first', 'bare med', 'bare p90', 'ratio', 'result'], pageRows, new Set([1, 9]))));

  console.log(`\n  (i) CSV export ${CSV_URL} vs a bare express handler sending the same bytes (no target; every request filters the records and joins their rows, each row encoded once per endorsement state):`);
  const csvRows = x.checkpoints.map((c) => [
    c.stored.toLocaleString('en'),
    kib(c.csv.bytes),
    ms(c.csv.ours.median),
    ms(c.csv.ours.p90),
    ms(c.csv.first),
    ms(c.csv.ref.median),
    ms(c.csv.ref.p90),
    (c.csv.ours.median / c.csv.ref.median).toFixed(2),
  ]);
  console.log(indent(table(['stored', 'CSV', 'ours med', 'ours p90', 'first', 'bare med', 'bare p90', 'ratio'], csvRows, new Set())));

  console.log('\n  memory of the serving process (after a full GC, after each checkpoint; the page cache keeps up to 16 rendered pages):');
  console.log(`    after setup: heapUsed ${mib(x.ready.afterSetup.heapUsed)}, rss ${mib(x.ready.afterSetup.rss)}`);
  for (const c of x.checkpoints) {
    console.log(`    at ${c.stored.toLocaleString('en')} stored: heapUsed ${mib(c.memory.heapUsed)}, rss ${mib(c.memory.rss)}, external ${mib(c.memory.external)}`);
  }
  console.log(
    `  Notes: "stored" is the build's count when the checkpoint began; its series add ${4 * (x.warmup + x.reps)} endorsements over HTTP (the timed writes, the writes before the cold pages, the pairs of (j')). ` +
      '"first" is the first request of a series (part of the warm-up). (j) = POSTs one after the other, nothing else running; the result column judges its median. ' +
      "(j') = a POST on a second socket 5 ms after an anonymous GET of the page that follows a change, so it waits for that cold rendering (info, no target). " +
      'log.endorse / audit.append = EndorsementLog.endorse and AuditLog.append alone, in-process, on fsynced scratch copies of the two files (with their open times). ' +
      'Cold = the first GET after an endorsement (of the newest version, so the map changes too: new page-cache key); the bare handler is reloaded with each cold page\'s bytes before its run. ' +
      'Warm = the same page again with nothing changed (a page-cache hit). Both servers run in one process; this process is the only client (keep-alive, one socket per server, timed until the last byte).',
  );
}

function outcome(checkpoints: readonly Checkpoint[]): PartOutcome {
  const final = checkpoints.at(-1);
  if (final === undefined) return { lines: [], failed: 0, withTarget: 0 };
  const lines: string[] = [];
  let failed = 0;
  const verdict = (pass: boolean, text: string): void => {
    if (!pass) failed++;
    lines.push(`${pass ? 'PASS' : 'FAIL'} ${text}`);
  };
  const at = final.stored.toLocaleString('en');
  verdict(final.warm.ours.median / final.warm.ref.median <= PAGE_RATIO_MAX,
    `(h) overview page, warm (page cache), ${at} stored: ${ms(final.warm.ours.median)} ms vs ${ms(final.warm.ref.median)} ms bare, ratio ${(final.warm.ours.median / final.warm.ref.median).toFixed(2)} (target <= ${PAGE_RATIO_MAX})`);
  verdict(final.cold.ours.median / final.cold.ref.median <= PAGE_RATIO_MAX,
    `(h) overview page, cold (first after a write), ${at} stored: ${ms(final.cold.ours.median)} ms vs ${ms(final.cold.ref.median)} ms bare, ratio ${(final.cold.ours.median / final.cold.ref.median).toFixed(2)} (target <= ${PAGE_RATIO_MAX})`);
  verdict(final.write.median < WRITE_MAX_MS,
    `(j) one endorsement write over HTTP, ${at} stored: median ${ms(final.write.median)} ms, p90 ${ms(final.write.p90)} ms (target: median < ${WRITE_MAX_MS} ms)`);
  lines.push(`info (j') the same write arriving during a cold rendering of the page, ${at} stored: median ${ms(final.blocked.write.median)} ms, p90 ${ms(final.blocked.write.p90)} ms (no target)`);
  lines.push(`info (i) CSV export, ${at} stored: ${ms(final.csv.ours.median)} ms vs ${ms(final.csv.ref.median)} ms bare, ratio ${(final.csv.ours.median / final.csv.ref.median).toFixed(2)} (no target)`);
  return { lines, failed, withTarget: 3 };
}
