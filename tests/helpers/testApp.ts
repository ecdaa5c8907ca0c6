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

let draftEdits = 0;

/**
 * An editorial change on the draft (a direct commit on `main`): appends one new sentence to the last
 * principle. For tests that name a new version, which needs a draft that differs from the newest one.
 */
export async function editDraft(store: DocumentStore, slug = 'digitale-stad'): Promise<string> {
  const repo = store.get(slug);
  const head = repo.head();
  const files = await repo.readFiles(head.oid);
  const last = [...files.keys()].filter((f) => f.endsWith('.md')).sort().at(-1);
  if (last === undefined) throw new Error(`document ${slug} has no principles`);
  draftEdits += 1;
  const content = `${(files.get(last) ?? '').replace(/\n*$/, '\n')}\nRedactionele toevoeging ${draftEdits} voor de test.\n`;
  const commit = await repo.commit({ branch: 'main', parent: head.oid, changes: [{ path: last, content }], author: signature('Redactie'), message: `Redactionele wijziging ${draftEdits}` });
  return commit.oid;
}

/** The next minor version name after the document's newest version (1.3 -> 1.4). */
export function nextVersionName(store: DocumentStore, slug = 'digitale-stad'): string {
  const newest = store.get(slug).versions().map((v) => v.naam.split('.').map(Number) as [number, number]).sort((a, b) => b[0] - a[0] || b[1] - a[1])[0];
  return newest === undefined ? '1.0' : `${newest[0]}.${newest[1] + 1}`;
}
