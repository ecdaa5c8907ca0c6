/**
 * Command-level tests: a real store on disk as a first start leaves it (seed document, register,
 * bootstrap administrator, endorsements from the letter), without an app in front, and the checks that
 * every command test needs: what the audit log gained, the refs as stock `git` sees them, and that a
 * refused command changed nothing at all (files on disk, records in memory, audit log, git refs).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { nameVersion } from '../../src/commands/versions/nameVersion.js';
import type { AuditEntry } from '../../src/domain/auditChain.js';
import type { CurrentUser } from '../../src/policies/currentUser.js';
import { toCurrentUser } from '../../src/queries/accountQueries.js';
import { openStores, type Stores } from '../../src/storage/stores.js';
import { DOC, seededStore, snapshotDir } from './storeScenario.js';
import { editDraft, nextVersionName, tempDir } from './testApp.js';

export interface CommandStore {
  stores: Stores;
  dataDir: string;
  /** The bootstrap administrator, signed in. */
  admin: CurrentUser;
  cleanup(): void;
}

export async function commandStore(): Promise<CommandStore> {
  const dataDir = tempDir('principes-command-');
  const stores = await seededStore(dataDir);
  const record = stores.db.data.gebruikers.find((u) => u.rol === 'beheerder');
  if (record === undefined) throw new Error('no bootstrap administrator');
  return { stores, dataDir, admin: toCurrentUser(stores.db.data, record, 'token'), cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }) };
}

/** The bare repository of a document on disk. */
export function repoDir(stores: Stores, slug = DOC): string {
  return stores.documents.get(slug).dir;
}

/** Stock git on a document's bare repository. */
export function git(stores: Stores, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repoDir(stores), encoding: 'utf8' }).trim();
}

/** Every ref of every document as stock git lists it (name and object). */
export function gitRefs(stores: Stores): string {
  return stores.documents
    .list()
    .map((r) => execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: r.dir, encoding: 'utf8' }))
    .join('');
}

/** The audit entries appended since `before` (a length of `stores.audit.entries()`). */
export function auditSince(stores: Stores, before: number): AuditEntry[] {
  return stores.audit.entries().slice(before);
}

/** Runs `write` and returns its result with the audit entries it appended. */
export async function withAudit<T>(stores: Stores, write: () => Promise<T>): Promise<{ result: T; entries: AuditEntry[] }> {
  const before = stores.audit.entries().length;
  const result = await write();
  return { result, entries: auditSince(stores, before) };
}

function state(stores: Stores) {
  return {
    files: snapshotDir(stores.dataDir),
    db: JSON.stringify(stores.db.data),
    amendments: JSON.stringify(stores.amendments.all()),
    endorsements: JSON.stringify(stores.endorsements.all()),
    audit: stores.audit.entries().length,
    refs: gitRefs(stores),
  };
}

/**
 * Runs `write`, expects it refused with `error`, and checks that nothing changed: not a byte of the
 * data folder (git objects and refs included), not a record in memory, not the audit log, not a ref
 * as stock git sees it. Returns the error for further checks (its code, the fields it names).
 */
export async function expectRefused<E extends Error>(stores: Stores, write: () => Promise<unknown>, error: new (...args: never[]) => E): Promise<E> {
  const before = state(stores);
  let caught: unknown;
  try {
    await write();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'the command is refused').toBeInstanceOf(error);
  const after = state(stores);
  expect(after.audit, 'a refused command appends no audit entry').toBe(before.audit);
  expect(after.refs, 'a refused command moves no git ref').toBe(before.refs);
  expect(after.db, 'a refused command changes no record').toBe(before.db);
  expect(after.amendments).toBe(before.amendments);
  expect(after.endorsements).toBe(before.endorsements);
  expect([...after.files.keys()].sort(), 'a refused command writes no file').toEqual([...before.files.keys()].sort());
  for (const [file, bytes] of before.files) expect(after.files.get(file)?.equals(bytes), `${file} unchanged`).toBe(true);
  return caught as E;
}

/** The field names an InvalidInput names. */
export function fieldsOf(e: { errors?: readonly { name: string }[] }): string[] {
  return (e.errors ?? []).map((f) => f.name);
}

/** Edits the draft and names it as the next version (as `secretaris`, a user who may name versions). */
export async function nameNewVersion(stores: Stores, secretaris: CurrentUser): Promise<string> {
  await editDraft(stores.documents);
  const naam = nextVersionName(stores.documents);
  await nameVersion(stores, secretaris, DOC, { naam, toelichting: 'Een nieuwe versie voor de test.' });
  return naam;
}

/**
 * A write interrupted by a crash after its first steps: `files` (paths in the data folder) are put back
 * as they were before `write`, as if the later steps never reached the disk, and the store is opened
 * again as the next start would. Returns the reopened stores.
 */
export async function interruptedBefore(stores: Stores, files: readonly string[], write: () => Promise<unknown>): Promise<Stores> {
  const saved = new Map(files.map((f) => [f, fs.readFileSync(path.join(stores.dataDir, f))]));
  await write();
  for (const [f, bytes] of saved) fs.writeFileSync(path.join(stores.dataDir, f), bytes);
  return openStores(stores.dataDir);
}
