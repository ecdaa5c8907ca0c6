/**
 * The entry point: read config, lock the data folder, open the stores (importing the seed on first
 * start), listen, and shut down cleanly on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { importSeedDocuments } from './commands/documents/importSeedDocuments.js';
import { loadConfig } from './config.js';
import { DataDirLocked, lockDataDir } from './storage/dataDirLock.js';
import { DocumentStore } from './storage/documentStore.js';
import path from 'node:path';

async function main(): Promise<void> {
  const config = loadConfig();
  let lock;
  try {
    lock = lockDataDir(config.dataDir);
  } catch (e) {
    if (e instanceof DataDirLocked) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const documents = await DocumentStore.open(config.dataDir);
  const seeded = await importSeedDocuments(documents, config.seedDir);
  for (const slug of seeded.created) {
    console.log(`Imported document "${slug}" from ${path.join(config.seedDir, slug)} as version 1.0`);
  }

  const app = createApp({ documents, trustProxy: config.trustProxy });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    console.log(`Principes voor de digitale stad: listening on http://localhost:${port} (data in ${config.dataDir})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing open requests, then stopping`);
    server.close(() => {
      lock.release();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      lock.release();
      process.exit(0);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error('Could not start:', e);
  process.exit(1);
});
