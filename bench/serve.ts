/**
 * Benchmark child process 2: opens the store as src/server.ts does (`openStores`, whose
 * DocumentStore.open builds the in-memory commit index from disk; the app db and audit log it also opens
 * are empty here), measures the open time and memory, and serves the real app
 * (createApp) on 127.0.0.1, port 0. Talks to run.ts over IPC: `ready` once listening, `memory` on
 * request, `merged` on `merge` (times `mergeability(repo, record)` in-process, for case (g)), and stops
 * on `stop` or when the parent goes away.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { mergeability } from '../src/queries/amendmentQueries.js';
import { openStores, type Stores } from '../src/storage/stores.js';
import { SLUG, fullGc, hasType, snapshot, type MergeTimed, type ServeMemory, type ServeReady } from './protocol.js';
import { now } from './stats.js';

/** Times the app's mergeability check of amendment `nummer` in this process (no HTTP). */
async function timeMergeability(stores: Stores, nummer: number): Promise<MergeTimed> {
  const repo = stores.documents.get(SLUG);
  const record = stores.amendments.data.amendementen.find((a) => a.document === SLUG && a.nummer === nummer);
  if (record === undefined) throw new Error(`no amendment ${nummer}`);
  const t = now();
  const m = await mergeability(repo, record);
  const ms = now() - t;
  const bestanden = [...new Set([...m.conflicten.map((c) => c.bestand), ...m.bestandsconflicten.map((c) => c.bestand)])].sort();
  return { type: 'merged', nummer, ms, samenvoegbaar: m.samenvoegbaar, bestanden };
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
