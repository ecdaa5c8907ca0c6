/**
 * The entry point: read config, lock the data folder, open the stores (importing the seed on first
 * start), listen, and shut down cleanly on SIGTERM/SIGINT.
 *
 * A start that cannot succeed for a reason the operator can fix (a bad setting, the data folder in use,
 * a damaged store, the port taken) prints one line naming the setting, file or object and what to do,
 * and exits with code 1, without a stack trace. Only unexpected errors print one.
 */
import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import { initialiseStore } from './commands/setup/initialiseStore.js';
import { loadConfig, type Config } from './config.js';
import { StartRefused } from './errors.js';
import { MailWorker } from './mail/mailWorker.js';
import { configuredTransport } from './mail/transports.js';
import { lockDataDir, type DataDirLock } from './storage/dataDirLock.js';
import { openStores } from './storage/stores.js';

/** Listens, or refuses the start with one clear line when the address cannot be used. */
function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const where = `port ${config.port} on ${config.host}`;
      if (e.code === 'EADDRINUSE') reject(new StartRefused(`The ${where} is already in use by another program: stop that program, or choose another port with PORT (PORT=0 picks a free one).`));
      else if (e.code === 'EACCES') reject(new StartRefused(`The ${where} needs more rights than this process has: choose a port above 1023 with PORT.`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new StartRefused(`HOST=${config.host} is not an address of this machine: use 0.0.0.0 (all addresses) or one of its own.`));
      else reject(e);
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    // Every error of loadConfig is a setting the operator gave: its message names it.
    throw new StartRefused(e instanceof Error ? e.message : String(e));
  }
  const lock: DataDirLock = lockDataDir(config.dataDir);
  let server: Server;
  let worker: MailWorker | null = null;
  try {
    const stores = await openStores(config.dataDir, { readOnly: config.readOnly, log: (line) => console.log(line) });
    if (config.readOnly) {
      console.log('READ ONLY (READ_ONLY=1): the store is opened for inspection; nothing is seeded or repaired, and every write answers 503.');
      for (const d of stores.damage) console.log(`WARNING: ${d.message}`);
    } else {
      await initialiseStore(stores, {
        seedDir: config.seedDir,
        bootstrapEmail: config.bootstrapAdminEmail,
        bootstrapPassword: config.bootstrapAdminPassword,
        log: (line) => console.log(line),
      });
    }
    const log = (line: string) => console.log(line);
    const transport = configuredTransport(config.mail, config.dataDir, log);
    const app = createApp({ stores, trustProxy: config.trustProxy, minApprovals: config.minApprovals, publicUrl: config.publicUrl, mailDelivery: transport.description });
    server = createServer(app);
    await listen(server, config);
    // Inspection mode sends nothing: it may not record that a message went out.
    if (!config.readOnly) {
      worker = new MailWorker(stores.mail, { transport, from: config.mail.from, log, secrets: config.mail.smtp?.password ? [config.mail.smtp.password] : [] });
      worker.start();
      console.log(`Outgoing mail: ${transport.description}`);
    }
  } catch (e) {
    lock.release();
    throw e;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing open requests, then stopping`);
    // The mail worker stops with the requests: a message being sent is accepted and recorded first.
    const requestsDone = new Promise<void>((resolve) => server.close(() => resolve()));
    void Promise.all([requestsDone, worker?.stop()]).then(() => {
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
  // The ready line comes last: a supervisor (or a test) may signal the moment it reads it, and the
  // handlers above must already be in place, or the default action would kill the process mid-way.
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  console.log(`Principes voor de digitale stad: listening on http://localhost:${port} (data in ${config.dataDir})`);
}

main().catch((e: unknown) => {
  if (e instanceof StartRefused) console.error(`Could not start: ${e.message}`);
  else console.error('Could not start:', e);
  process.exit(1);
});
