/**
 * Benchmark child process 2: opens the store as src/server.ts does (`openStores`, whose
 * DocumentStore.open builds the in-memory commit index from disk; the app db and audit log it also opens
 * are empty here), measures the open time and memory, and serves the real app
 * (createApp) on 127.0.0.1, port 0. Talks to run.ts over IPC: `ready` once listening, `memory` on
 * request, `merged` on `merge` (times `mergeability(repo, record)` in-process, for case (g)), `written`
 * on `writes` (times amendment writes in-process with a probe of the event loop, and the write of the
 * layout before as a reference), and stops on `stop` or when the parent goes away.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { commentOnAmendment } from '../src/commands/amendments/commentOnAmendment.js';
import { toCurrentUser } from '../src/queries/accountQueries.js';
import { amendmentCommented } from '../src/domain/auditEvents.js';
import type { AmendmentData, AmendmentRecord } from '../src/domain/amendmentModel.js';
import { mergeability } from '../src/queries/amendmentQueries.js';
import { AmendmentStore } from '../src/storage/amendmentStore.js';
import { AuditLog } from '../src/storage/auditLog.js';
import { JsonDb } from '../src/storage/jsonDb.js';
import { openStores, type Stores } from '../src/storage/stores.js';
import { SLUG, fullGc, hasType, snapshot, type MergeTimed, type ServeMemory, type ServeReady, type WritesTimed } from './protocol.js';
import { now } from './stats.js';

/** Times the app's mergeability check of amendment `nummer` in this process (no HTTP). */
async function timeMergeability(stores: Stores, nummer: number): Promise<MergeTimed> {
  const repo = stores.documents.get(SLUG);
  const record = stores.amendments.get(SLUG, nummer);
  if (record === undefined) throw new Error(`no amendment ${nummer}`);
  const t = now();
  const m = await mergeability(repo, record);
  const ms = now() - t;
  const bestanden = [...new Set([...m.conflicten.map((c) => c.bestand), ...m.bestandsconflicten.map((c) => c.bestand)])].sort();
  return { type: 'merged', nummer, ms, samenvoegbaar: m.samenvoegbaar, bestanden };
}

/**
 * Runs `fn` while a chain of setImmediate callbacks measures the longest gap between two of them: the
 * longest time the event loop could run nothing else during `fn`. Returns the time of `fn` and that gap.
 */
async function probed(fn: () => Promise<unknown>): Promise<{ ms: number; block: number }> {
  let running = true;
  let last = now();
  let block = 0;
  const tick = (): void => {
    const t = now();
    block = Math.max(block, t - last);
    last = t;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const started = now();
  await fn();
  const ms = now() - started;
  running = false;
  block = Math.max(block, now() - last);
  await new Promise((resolve) => setImmediate(resolve));
  return { ms, block };
}

/**
 * `count` comments, each on another open amendment (commentOnAmendment as the API runs it); the same
 * number of bare store writes (the record written again); and `lowdbRuns` writes of the layout before
 * (one JsonDb holding every record, on a scratch file beside the store, as `amendementen.json` was).
 */
async function timeWrites(stores: Stores, count: number, lowdbRuns: number): Promise<WritesTimed> {
  const rec = stores.db.data.gebruikers.find((g) => g.rol === 'werkgroeplid');
  if (rec === undefined) throw new Error('no werkgroeplid to comment');
  const user = toCurrentUser(stores.db.data, rec, 'token');
  const open = stores.amendments.list(SLUG).filter((a) => a.status === 'ingediend');
  const pick = (i: number): AmendmentRecord => open[Math.floor(((i + 0.5) * open.length) / count)] as AmendmentRecord;
  const out: WritesTimed = { type: 'written', records: stores.amendments.list(SLUG).length, verb: [], verbBlock: [], control: [], idleBlock: [], put: [], putBlock: [], lowdb: [], lowdbBlock: [], lowdbBytes: 0, recordBytes: 0 };
  const controlDir = path.join(path.dirname(stores.dataDir), `control-${process.pid}`);
  fs.rmSync(controlDir, { recursive: true, force: true });
  const control = await AmendmentStore.open(controlDir, {});
  const controlAudit = AuditLog.open(path.join(controlDir, 'audit.jsonl'));
  const sample = open.slice(0, 10).map((a, k) => ({ ...a, nummer: k + 1 }));
  for (const a of sample) await control.put(a);
  for (let i = 0; i < count; i++) {
    const a = pick(i);
    const v = await probed(() => commentOnAmendment(stores, user, SLUG, a.nummer, { tekst: `Reactie ${i} van de benchmark.` }));
    out.verb.push(v.ms);
    out.verbBlock.push(v.block);
    const c = sample[i % sample.length] as AmendmentRecord;
    const started = now();
    await control.put({ ...c, gewijzigd: new Date().toISOString() });
    await controlAudit.append(amendmentCommented(user, { document: SLUG, nummer: c.nummer }, `controle-${i}`, null));
    out.control.push(now() - started);
    out.idleBlock.push((await probed(() => new Promise((resolve) => setTimeout(resolve, v.ms)))).block);
    const again = stores.amendments.get(SLUG, a.nummer) as AmendmentRecord;
    const p = await probed(() => stores.amendments.put(again));
    out.put.push(p.ms);
    out.putBlock.push(p.block);
  }
  out.recordBytes = fs.statSync(path.join(stores.dataDir, 'amendementen', SLUG, `${pick(0).nummer}.json`)).size;
  const scratch = path.join(stores.dataDir, 'bench-lowdb-reference.json');
  fs.writeFileSync(scratch, JSON.stringify({ amendementen: stores.amendments.all() }, null, 2));
  const reference = await JsonDb.open<AmendmentData>(scratch, { amendementen: [] }, { required: ['amendementen'] });
  for (let i = 0; i < lowdbRuns; i++) {
    const a = stores.amendments.get(SLUG, pick(i % count).nummer) as AmendmentRecord;
    const changed = { ...a, gewijzigd: new Date().toISOString() };
    const r = await probed(() =>
      reference.update((d) => {
        const k = d.amendementen.findIndex((x) => x.nummer === a.nummer && x.document === a.document);
        d.amendementen[k] = changed;
      }),
    );
    out.lowdb.push(r.ms);
    out.lowdbBlock.push(r.block);
  }
  out.lowdbBytes = fs.statSync(scratch).size;
  fs.rmSync(scratch, { force: true });
  fs.rmSync(controlDir, { recursive: true, force: true });
  return out;
}

async function main(storeDir: string): Promise<void> {
  fullGc();
  const before = snapshot();
  const t = now();
  const stores = await openStores(storeDir);
  const openMs = now() - t;
  fullGc();
  const afterOpen = snapshot();

  const app = createApp({ stores, log: (msg, err) => console.error('[bench server]', msg, err) });
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    const ready: ServeReady = { type: 'ready', port, openMs, before, afterOpen };
    process.send?.(ready);
  });

  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('message', (m: unknown) => {
    if (!hasType(m)) return;
    if (m.type === 'memory') {
      const memory = snapshot();
      fullGc();
      const reply: ServeMemory = { type: 'memory', memory, afterGc: snapshot() };
      process.send?.(reply);
    } else if (m.type === 'merge' && 'nummer' in m && typeof m.nummer === 'number') {
      timeMergeability(stores, m.nummer).then(
        (reply) => process.send?.(reply),
        (e: unknown) => {
          console.error('bench server: mergeability failed:', e);
          process.exit(1);
        },
      );
    } else if (m.type === 'writes' && 'count' in m && typeof m.count === 'number' && 'lowdbRuns' in m && typeof m.lowdbRuns === 'number') {
      timeWrites(stores, m.count, m.lowdbRuns).then(
        (reply) => process.send?.(reply),
        (e: unknown) => {
          console.error('bench server: writes failed:', e);
          process.exit(1);
        },
      );
    } else if (m.type === 'stop') {
      stop();
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
}

const storeDir = process.argv[2];
if (storeDir === undefined) {
  console.error('usage: serve.ts <storeDir>');
  process.exit(2);
}
main(storeDir).catch((e: unknown) => {
  console.error('bench server failed:', e);
  process.exit(1);
});
