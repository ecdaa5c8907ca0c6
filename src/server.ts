/**
 * The entry point: read config, lock the data folder, open the stores (importing the seed on first
 * start), listen, and shut down cleanly on SIGTERM/SIGINT.
 */
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { initialiseStore } from './commands/setup/initialiseStore.js';
import { loadConfig } from './config.js';
import { DataDirLocked, lockDataDir } from './storage/dataDirLock.js';
import { openStores } from './storage/stores.js';

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
  const stores = await openStores(config.dataDir);
  await initialiseStore(stores, {
    seedDir: config.seedDir,
    bootstrapEmail: config.bootstrapAdminEmail,
    bootstrapPassword: config.bootstrapAdminPassword,
    log: (line) => console.log(line),
  });

  const app = createApp({ stores, trustProxy: config.trustProxy, minApprovals: config.minApprovals, publicUrl: config.publicUrl });
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
