/**
 * A real app on a real, temporary store: the seed document imported into a bare git repository, the
 * register of organisations and the bootstrap administrator, in a fresh temp folder, exactly as on
 * first start. No mocks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/app.js';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { DocumentStore } from '../../src/storage/documentStore.js';
import { openStores, type Stores } from '../../src/storage/stores.js';

export const ADMIN_EMAIL = 'beheerder@example.org';
export const ADMIN_PASSWORD = 'beheer-wachtwoord-voor-tests';

export interface TestApp {
  app: Express;
  stores: Stores;
  /** The document store (shorthand for stores.documents). */
  store: DocumentStore;
  dataDir: string;
  errors: unknown[];
  log: string[];
  cleanup(): void;
}

export function tempDir(prefix = 'principes-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function makeTestApp(extra: Partial<Omit<AppDeps, 'stores'>> = {}): Promise<TestApp> {
  const dataDir = tempDir();
  const stores = await openStores(dataDir);
  const log: string[] = [];
  await initialiseStore(stores, {
    seedDir: path.join(PROJECT_ROOT, 'principles'),
    bootstrapEmail: ADMIN_EMAIL,
    bootstrapPassword: ADMIN_PASSWORD,
    log: (line) => log.push(line),
  });
  const errors: unknown[] = [];
  const app = createApp({ stores, log: (_msg, err) => errors.push(err), ...extra });
  return {
    app,
    stores,
    store: stores.documents,
    dataDir,
    errors,
    log,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export const signature = (name = 'Test Persoon', timestamp = Math.floor(Date.now() / 1000)) => ({
  name,
  email: 'test@example.org',
  timestamp,
  timezoneOffset: 0,
});
