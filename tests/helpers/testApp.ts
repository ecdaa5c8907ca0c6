/**
 * A real app on a real, temporary store: the seed document imported into a bare git repository in a
 * fresh temp folder, exactly as on first start. No mocks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { importSeedDocuments } from '../../src/commands/documents/importSeedDocuments.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { DocumentStore } from '../../src/storage/documentStore.js';

export interface TestApp {
  app: Express;
  store: DocumentStore;
  dataDir: string;
  errors: unknown[];
  cleanup(): void;
}

export function tempDir(prefix = 'principes-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function makeTestApp(): Promise<TestApp> {
  const dataDir = tempDir();
  const store = await DocumentStore.open(dataDir);
  await importSeedDocuments(store, path.join(PROJECT_ROOT, 'principles'));
  const errors: unknown[] = [];
  const app = createApp({ documents: store, log: (_msg, err) => errors.push(err) });
  return {
    app,
    store,
    dataDir,
    errors,
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export const signature = (name = 'Test Persoon', timestamp = Math.floor(Date.now() / 1000)) => ({
  name,
  email: 'test@example.org',
  timestamp,
  timezoneOffset: 0,
});
