/**
 * Benchmark child process for the endorsement section (bench/endorsements.ts drives it over IPC).
 *
 * Setup (not timed as part of anything): a fresh store opened with `openStores` exactly as the server
 * opens it (fsync on everywhere), the seed document imported with version 1.0 dated `startTime`, then
 * `initialiseStore` as on a first start (register of 344 organisations, the bootstrap administrator, the
 * 8 endorsements of the VNG letter). One representative with an API token per organisation, written
 * straight into the app db in one update by `quickRepresentatives` (tests/helpers/representatives.ts):
 * this is the only shortcut, it avoids 344 scrypt hashes and is not part of any figure.
 *
 * Then it serves the real app (`createApp`) and, in the same process, a bare express app that serves
 * bytes it was given from memory (the reference), both on 127.0.0.1, port 0; and on request it:
 * - `fill`: builds the store up to a number of endorsements through the app's write path: each one is
 *   `endorseVersion` (the command behind POST .../onderschrijvingen: EndorsementLog append + fsync, then
 *   the audit entry + fsync), for a random organisation that has not endorsed the current version yet;
 *   once `perVersionShare` of the register has endorsed the current version, the draft gets one commit
 *   (`DocumentRepository.commit`) and is named the next version through `nameVersion`; with probability `withdrawRate` a step also withdraws an
 *   active endorsement of an older version through `withdrawEndorsement`. A simulated clock runs from
 *   `startTime` to yesterday, so decision dates, recording times and tags spread over that period.
 *   Times each endorseVersion call, and inside it (transparent Proxies, the code path is unchanged) the
 *   log and the audit append.
 * - `free`: (organisation, version) pairs without an active endorsement, newest version first, for the
 *   orchestrator's timed POSTs.
 * - `reference`: loads a file into the bare app's memory under a URL, with the given headers.
 * - `alone`: EndorsementLog.endorse and AuditLog.append alone, on fsynced scratch copies of the two files.
 * - `verify`: re-opens the log from disk and verifies the audit chain.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createApp } from '../src/app.js';
import { importSeedDocuments } from '../src/commands/documents/importSeedDocuments.js';
import { endorseVersion } from '../src/commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../src/commands/endorsements/withdrawEndorsement.js';
import { initialiseStore } from '../src/commands/setup/initialiseStore.js';
import { toCurrentUser } from '../src/queries/accountQueries.js';
import { nameVersion } from '../src/commands/versions/nameVersion.js';
import { PROJECT_ROOT } from '../src/config.js';
import { verifyChain } from '../src/domain/auditChain.js';
import { DECIDING_BODIES, type EndorsementRecord } from '../src/domain/endorsementModel.js';
import { ENDORSED_ACTION, ENDORSEMENT_AUDIT_KIND, WITHDRAWN_ACTION, endorsed } from '../src/domain/auditEvents.js';
import { transitionEndorsement } from '../src/domain/endorsementState.js';
import { newId } from '../src/domain/secrets.js';
import type { CurrentUser } from '../src/policies/currentUser.js';
import { AuditLog } from '../src/storage/auditLog.js';
import { EndorsementLog } from '../src/storage/endorsementLog.js';
import { openStores, type Stores } from '../src/storage/stores.js';
import { quickRepresentatives } from '../tests/helpers/representatives.js';
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
  Representative,
} from './endorseProtocol.js';
import { SLUG, fullGc, hasType, snapshot } from './protocol.js';
import { createRandom, editWord, pick, sentenceLines } from './prose.js';
import { now, summarise, timedMethod } from './stats.js';

const ADMIN_EMAIL = 'beheerder@example.org';
const ADMIN_PASSWORD = 'benchmark-beheer-wachtwoord';
const SIGNER_FUNCTIONS = ['burgemeester', 'wethouder digitalisering', 'gemeentesecretaris', 'dijkgraaf', 'gedeputeerde'];

interface Timers {
  log: number;
  audit: number;
}


function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** `1.0`, `1.1`, ..., `1.9`, `2.0`, ...: the k-th version name (k = 0 is the seed's 1.0). */
function versionName(k: number): string {
  return `${1 + Math.floor(k / 10)}.${k % 10}`;
}

function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

class Builder {
  private readonly random = createRandom(4242);
  private readonly timers: Timers = { log: 0, audit: 0 };
  private readonly timed: Stores;
  private readonly codes: string[];
  /** Organisations (shuffled) that may still endorse the current version; re-checked before use. */
  private remaining: string[] = [];
  private current: string;
  /** Endorsements of the current version since it was named (the seed's count for 1.0). */
  private builtForCurrent: number;
  /** Simulated Unix seconds when the current version was named: no decision on it is dated earlier. */
  private namedAt: number;
  private versionCount: number;
  private readonly bucketSize: number;
  private bucketTimes: number[] = [];
  private bucketTimers: Timers = { log: 0, audit: 0 };
  private readonly span: number;
  readonly perVersion: number;

  constructor(
    private readonly stores: Stores,
    private readonly req: EndorseServeRequest,
    private readonly admin: CurrentUser,
    private readonly users: ReadonlyMap<string, CurrentUser>,
  ) {
    this.timed = {
      ...stores,
      endorsements: timedMethod(stores.endorsements, 'endorse', this.timers, 'log'),
      audit: timedMethod(stores.audit, 'append', this.timers, 'audit'),
    };
    this.codes = stores.db.data.organisaties.map((o) => o.code);
    this.perVersion = Math.max(1, Math.floor(this.codes.length * req.perVersionShare));
    const versions = stores.documents.get(SLUG).versions();
    this.versionCount = versions.length;
    this.current = versions[0]?.naam ?? '1.0';
    this.builtForCurrent = stores.endorsements.all().filter((e) => e.versie === this.current).length;
    this.namedAt = req.startTime;
    this.refill();
    this.bucketSize = req.total >= 10_000 ? 1_000 : req.total >= 1_000 ? 100 : 10;
    // The simulated clock: from a day after the seed version to two days ago.
    this.span = Math.floor(Date.now() / 1000) - 2 * 86_400 - (req.startTime + 86_400);
  }

  /** Simulated Unix seconds when `stored` endorsements exist. */
  private clock(stored: number): number {
    return this.req.startTime + 86_400 + Math.floor((Math.min(stored, this.req.total) / this.req.total) * this.span);
  }

  private refill(): void {
    const log = this.stores.endorsements;
    const free = this.codes.filter((c) => log.activeFor(SLUG, this.current, c) === undefined);
    // Fisher-Yates with the seeded random, so every run builds the same store.
    for (let i = free.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [free[i], free[j]] = [free[j] as string, free[i] as string];
    }
    this.remaining = free;
  }

  /** One commit on the draft (one word in one sentence), then nameVersion for it. */
  private async nameNext(at: number): Promise<void> {
    const repo = this.stores.documents.get(SLUG);
    const head = repo.head().oid;
    const files = await repo.readFiles(head);
    const principles = [...files.keys()].filter((f) => f.endsWith('.md')).sort();
    const file = principles[this.versionCount % principles.length] ?? '';
    const lines = (files.get(file) ?? '').replace(/\n$/, '').split('\n');
    const line = pick(this.random, sentenceLines(lines));
    lines[line] = editWord(this.random, lines[line] ?? '');
    await repo.commit({
      branch: 'main',
      parent: head,
      changes: [{ path: file, content: `${lines.join('\n')}\n` }],
      author: { name: 'VNG Realisatie', email: 'principes@vng.nl', timestamp: at - 60, timezoneOffset: -60 },
      message: `Principe ${file.slice(0, 2)}: zin ${line} aangepast`,
    });
    const naam = versionName(this.versionCount);
    await nameVersion(this.stores, this.admin, SLUG, { naam, toelichting: `Benchmark: versie ${naam}.` }, new Date(at * 1000));
    this.versionCount += 1;
    this.current = naam;
    this.namedAt = at;
    this.builtForCurrent = 0;
    this.refill();
  }

  private nextOrganisation(): string | undefined {
    const log = this.stores.endorsements;
    for (;;) {
      const code = this.remaining.pop();
      if (code === undefined) return undefined;
      // The orchestrator's timed POSTs take free pairs too.
      if (log.activeFor(SLUG, this.current, code) === undefined) return code;
    }
  }

  /** Withdraws a random active endorsement (entered in the service) of an older version, if one is found quickly. */
  private async withdrawOne(at: number): Promise<boolean> {
    const all = this.stores.endorsements.all();
    for (let attempt = 0; attempt < 20; attempt++) {
      const r = all[Math.floor(this.random() * all.length)];
      if (r === undefined || r.status !== 'actief' || r.bron !== 'dienst' || r.versie === this.current) continue;
      const user = this.users.get(r.organisatie.code);
      if (user === undefined) continue;
      await withdrawEndorsement(this.stores, user, SLUG, r.id, { reden: `Besluit herzien (benchmark, ${isoDate(at)}).` }, new Date(at * 1000));
      return true;
    }
    return false;
  }

  async fill(upTo: number): Promise<EndorseFilled> {
    const log = this.stores.endorsements;
    const buckets: EndorseBucket[] = [];
    let endorsements = 0;
    let withdrawals = 0;
    let withdrawTotal = 0;
    let named = 0;
    let nameTotal = 0;
    const started = now();
    while (log.all().length < upTo) {
      const stored = log.all().length;
      const at = this.clock(stored);
      let code = this.builtForCurrent >= this.perVersion ? undefined : this.nextOrganisation();
      if (code === undefined) {
        const t = now();
        await this.nameNext(at);
        nameTotal += now() - t;
        named += 1;
        code = this.nextOrganisation();
        if (code === undefined) throw new Error(`no organisation left for version ${this.current}`);
      }
      const user = this.users.get(code);
      if (user === undefined) throw new Error(`no representative for ${code}`);
      // Decided up to three weeks before it was entered, but not before the version was named.
      const decided = Math.max(at - Math.floor(this.random() * 21) * 86_400, this.namedAt);
      const k = stored + 1;
      const t = now();
      await endorseVersion(
        this.timed,
        user,
        SLUG,
        this.current,
        {
          ondertekenaar: { naam: `Ondertekenaar ${k}`, functie: pick(this.random, SIGNER_FUNCTIONS) },
          besluit: {
            orgaan: pick(this.random, DECIDING_BODIES.filter((b) => b !== 'anders')),
            datum: isoDate(decided),
            kenmerk: `BESLUIT-${isoDate(decided).slice(0, 4)}-${k}`,
            url: this.random() < 0.5 ? `https://www.example.org/besluiten/${k}` : null,
          },
        },
        new Date(at * 1000),
      );
      this.bucketTimes.push(now() - t);
      this.builtForCurrent += 1;
      endorsements += 1;
      if (this.random() < this.req.withdrawRate) {
        const tw = now();
        if (await this.withdrawOne(at)) {
          withdrawals += 1;
          withdrawTotal += now() - tw;
        }
      }
      const after = log.all().length;
      if (after % this.bucketSize === 0 || after >= upTo) this.closeBucket(after, buckets);
      if (after % 2_500 === 0) {
        console.log(`  built ${after.toLocaleString('en')}/${this.req.total.toLocaleString('en')} endorsements (${((now() - started) / 1000).toFixed(1)} s in this step; version ${this.current})`);
      }
    }
    const versions = this.stores.documents.get(SLUG).versions().map((v) => v.naam);
    return {
      type: 'filled',
      stored: log.all().length,
      buckets,
      ms: now() - started,
      endorsements,
      withdrawals,
      withdrawMs: withdrawals === 0 ? 0 : withdrawTotal / withdrawals,
      versionsNamed: named,
      nameMs: named === 0 ? 0 : nameTotal / named,
      versions,
      withdrawn: log.all().filter((e) => e.status === 'ingetrokken').length,
    };
  }

  private closeBucket(upTo: number, into: EndorseBucket[]): void {
    const times = this.bucketTimes;
    if (times.length === 0) return;
    const s = summarise(times);
    const size = times.length;
    into.push({
      upTo,
      size,
      mean: times.reduce((a, b) => a + b, 0) / size,
      median: s.median,
      p90: s.p90,
      max: times.reduce((a, b) => Math.max(a, b), 0),
      log: (this.timers.log - this.bucketTimers.log) / size,
      audit: (this.timers.audit - this.bucketTimers.audit) / size,
      logBytes: fileSize(this.stores.endorsements.file),
      auditBytes: fileSize(this.stores.audit.file),
    });
    this.bucketTimes = [];
    this.bucketTimers = { ...this.timers };
  }

  free(count: number): EndorseFree {
    const log = this.stores.endorsements;
    const pairs: { code: string; versie: string }[] = [];
    for (const v of this.stores.documents.get(SLUG).versions()) {
      for (const code of this.codes) {
        if (pairs.length >= count) return { type: 'free-pairs', pairs };
        if (log.activeFor(SLUG, v.naam, code) === undefined) pairs.push({ code, versie: v.naam });
      }
    }
    return { type: 'free-pairs', pairs };
  }
}

/** EndorsementLog.endorse and AuditLog.append alone (interleaved, as endorseVersion runs them) on fsynced scratch copies. */
async function alone(stores: Stores, dir: string, runs: number): Promise<EndorseAlone> {
  const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
  try {
    const logFile = path.join(scratch, 'onderschrijvingen.jsonl');
    const auditFile = path.join(scratch, 'audit.jsonl');
    fs.copyFileSync(stores.endorsements.file, logFile);
    fs.copyFileSync(stores.audit.file, auditFile);
    // Flush the copies first, or the first fsync below would write the whole file.
    fsyncPath(logFile);
    fsyncPath(auditFile);
    fsyncPath(scratch);
    let t = now();
    const log = EndorsementLog.open(logFile);
    const openLogMs = now() - t;
    t = now();
    const audit = AuditLog.open(auditFile);
    const openAuditMs = now() - t;
    const newest = stores.documents.get(SLUG).versions()[0];
    if (newest === undefined) throw new Error('no version');
    const logTimes: number[] = [];
    const auditTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const record: EndorsementRecord = transitionEndorsement(undefined, { soort: 'vastleggen', endorsement: {
        id: newId('ond'),
        document: SLUG,
        organisation: { code: `BENCH-${i}`, naam: `Benchmarkorganisatie ${i}`, type: 'overig' },
        version: newest,
        ondertekenaar: { naam: `Ondertekenaar ${i}`, functie: 'bestuurder' },
        besluit: { orgaan: 'bestuur', datum: isoDate(Math.floor(Date.now() / 1000) - 86_400), kenmerk: `ALONE-${i}`, url: null },
        bron: 'dienst',
        door: { gebruiker: 'gbr_bench', naam: 'Benchmark', organisatie: null },
        vastgelegd: new Date().toISOString(),
      } });
      t = now();
      await log.endorse(() => {
        if (log.activeFor(record.document, record.versie, record.organisatie.code) !== undefined) throw new Error('duplicate');
        return record;
      });
      logTimes.push(now() - t);
      t = now();
      await audit.append(endorsed(null, record));
      auditTimes.push(now() - t);
    }
    return {
      type: 'alone',
      stored: stores.endorsements.all().length,
      openLogMs,
      openAuditMs,
      logBytes: fileSize(stores.endorsements.file),
      auditBytes: fileSize(stores.audit.file),
      log: logTimes,
      audit: auditTimes,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function verify(stores: Stores): EndorseVerified {
  const t = now();
  const { log, report } = EndorsementLog.openWithReport(stores.endorsements.file);
  const openMs = now() - t;
  const records = log.all();
  const entries = stores.audit.entries();
  const about = entries.filter((e) => e.object.soort === ENDORSEMENT_AUDIT_KIND);
  return {
    type: 'verified',
    events: report.events,
    records: records.length,
    withdrawn: records.filter((r) => r.status === 'ingetrokken').length,
    cutBytes: report.cutBytes,
    openMs,
    auditEndorsed: about.filter((e) => e.actie === ENDORSED_ACTION).length,
    auditWithdrawn: about.filter((e) => e.actie === WITHDRAWN_ACTION).length,
    chainOk: verifyChain(entries).ok,
    organisations: new Set(records.map((r) => r.organisatie.code)).size,
    versions: stores.documents.get(SLUG).versions().length,
  };
}

async function main(req: EndorseServeRequest): Promise<void> {
  const started = now();
  const storeDir = path.join(req.dir, 'store');
  const seedDir = path.join(PROJECT_ROOT, 'principles');
  const stores = await openStores(storeDir);
  // Version 1.0 dated at the start of the simulated period (initialiseStore then finds the document).
  await importSeedDocuments(stores.documents, seedDir, new Date(req.startTime * 1000));
  await initialiseStore(stores, { seedDir, bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
  const adminRecord = stores.db.data.gebruikers.find((u) => u.rol === 'beheerder');
  if (adminRecord === undefined) throw new Error('no administrator after initialiseStore');
  const admin = toCurrentUser(stores.db.data, adminRecord, 'token');
  const organisations = stores.db.data.organisaties;
  const quick = await quickRepresentatives(
    stores,
    organisations.map((o) => o.code),
  );
  const users = new Map<string, CurrentUser>();
  const representatives: Representative[] = [];
  for (const q of quick) {
    const rec = stores.db.data.gebruikers.find((u) => u.id === q.userId);
    if (rec === undefined) throw new Error(`user of ${q.code} missing`);
    users.set(q.code, toCurrentUser(stores.db.data, rec, 'token'));
    representatives.push({ code: q.code, type: organisations.find((o) => o.code === q.code)?.type ?? '?', token: q.token });
  }
  const builder = new Builder(stores, req, admin, users);
  const setupMs = now() - started;

  const app = createApp({ stores, log: (msg, err) => console.error('[bench endorsement server]', msg, err) });
  const references = new Map<string, { headers: Record<string, string>; body: Buffer }>();
  const bare = express();
  // The reference: a bare express handler (no middleware) that sends bytes held in memory.
  bare.use((req2, res) => {
    const entry = references.get(req2.originalUrl);
    if (entry === undefined) {
      res.status(404).end();
      return;
    }
    for (const [k, v] of Object.entries(entry.headers)) res.setHeader(k, v);
    res.send(entry.body);
  });
  const listenOn = (a: express.Express): Promise<{ port: number; close: () => void }> =>
    new Promise((resolve) => {
      const server = a.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          port,
          close: () => {
            server.close();
            server.closeAllConnections();
          },
        });
      });
    });
  const real = await listenOn(app);
  const reference = await listenOn(bare);
  fullGc();
  const ready: EndorseReady = {
    type: 'endorse-ready',
    port: real.port,
    barePort: reference.port,
    setupMs,
    representatives,
    perVersion: builder.perVersion,
    stored: stores.endorsements.all().length,
    afterSetup: snapshot(),
  };
  process.send?.(ready);

  const stop = (): void => {
    real.close();
    reference.close();
    process.exit(0);
  };
  const handle = async (m: EndorseCommand): Promise<void> => {
    switch (m.type) {
      case 'fill':
        process.send?.(await builder.fill(m.upTo));
        return;
      case 'free':
        process.send?.(builder.free(m.count));
        return;
      case 'reference': {
        const body = fs.readFileSync(m.file);
        references.set(m.url, { headers: m.headers, body });
        const reply: EndorseReferenced = { type: 'referenced', bytes: body.length };
        process.send?.(reply);
        return;
      }
      case 'alone':
        process.send?.(await alone(stores, req.dir, m.runs));
        return;
      case 'verify':
        process.send?.(verify(stores));
        return;
      case 'memory': {
        const memory = snapshot();
        fullGc();
        const reply: EndorseMemory = { type: 'endorse-memory', memory, afterGc: snapshot() };
        process.send?.(reply);
        return;
      }
      case 'stop':
        stop();
        return;
    }
  };
  // One request at a time, in order.
  let queue = Promise.resolve();
  process.on('message', (m: unknown) => {
    if (!hasType(m)) return;
    const command = m as EndorseCommand;
    queue = queue.then(() =>
      handle(command).catch((e: unknown) => {
        console.error(`bench endorsement server: ${command.type} failed:`, e);
        process.exit(1);
      }),
    );
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

function parseRequest(raw: string | undefined): EndorseServeRequest {
  if (raw === undefined) throw new Error('usage: endorseServe.ts <json EndorseServeRequest>');
  return JSON.parse(raw) as EndorseServeRequest;
}

main(parseRequest(process.argv[2])).catch((e: unknown) => {
  console.error('bench endorsement server failed:', e);
  process.exit(1);
});
