/**
 * The amendment store on disk: one file per amendment, a write touches only its own file, memory holds
 * what the files hold, temporary files of interrupted writes are removed at open, and the conversion of
 * the old layout (`amendementen.json`) completes from every state a kill can leave, losing nothing.
 * The records come from the fixture store written by the code before this layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { ReadOnlyMode } from '../../src/errors.js';
import { AmendmentStore, CONVERTED_FILE, LEGACY_FILE, STAGING_DIR } from '../../src/storage/amendmentStore.js';
import { StoreDamaged } from '../../src/storage/storeDamaged.js';
import { readAmendmentFiles } from '../helpers/amendmentFiles.js';
import { snapshotDir } from '../helpers/storeScenario.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { tempDir } from '../helpers/testApp.js';

const LEGACY = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'legacy-amendment-store', 'store', LEGACY_FILE);
const legacyRecords = (JSON.parse(fs.readFileSync(LEGACY, 'utf8')) as { amendementen: AmendmentRecord[] }).amendementen;

const root = tempDir('principes-amendment-store-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  dirs += 1;
  const dir = path.join(root, `store-${dirs}`);
  fs.mkdirSync(dir);
  return dir;
}

/** `count` realistic records: the fixture's, numbered on, in two documents. */
function manyRecords(count: number): AmendmentRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const source = legacyRecords[i % legacyRecords.length] as AmendmentRecord;
    const document = i % 5 === 4 ? 'tweede-document' : 'digitale-stad';
    return { ...source, document, nummer: i + 1, branch: `amendementen/${i + 1}` };
  });
}

async function opened(dir: string, opts: Parameters<typeof AmendmentStore.open>[1] = {}): Promise<{ store: AmendmentStore; log: string[] }> {
  const log: string[] = [];
  const store = await AmendmentStore.open(dir, { ...opts, log: (line) => log.push(line) });
  await store.settle();
  return { store, log };
}

function stat(file: string): { ino: number; mtimeMs: number } {
  const s = fs.statSync(file);
  return { ino: s.ino, mtimeMs: s.mtimeMs };
}

describe('one file per amendment', () => {
  it('a write replaces exactly its own file; every other file stays as it was, not rewritten', async () => {
    const dir = freshDir();
    const { store } = await opened(dir);
    const records = manyRecords(60);
    for (const r of records) await store.put(r);
    const before = snapshotDir(dir);
    const files = [...before.keys()];
    const stats = new Map(files.map((f) => [f, stat(path.join(dir, f))]));

    const seven = records[6] as AmendmentRecord;
    const changed = { ...seven, reacties: [...seven.reacties, { id: 'rct_nieuw', door: seven.indiener, tekst: 'Nog een reactie.', anker: null, tijdstip: '2026-12-04T12:00:00.000Z' }] };
    await store.put(changed);

    const after = snapshotDir(dir);
    expect([...after.keys()].sort()).toEqual(files.sort());
    const differ = files.filter((f) => !(after.get(f) as Buffer).equals(before.get(f) as Buffer));
    expect(differ).toEqual([path.join('amendementen', 'digitale-stad', '7.json')]);
    for (const f of files) if (!differ.includes(f)) expect(stat(path.join(dir, f)), f).toEqual(stats.get(f));
    expect(JSON.parse(after.get(differ[0] as string)?.toString('utf8') ?? '')).toEqual(changed);
  });

  it('holds in memory what the files hold, whatever the caller does with its object afterwards, and re-opens to the same', async () => {
    const dir = freshDir();
    const { store } = await opened(dir);
    const records = manyRecords(12);
    for (const r of records) await store.put(r);
    const mine = structuredClone(records[0] as AmendmentRecord);
    await store.put(mine);
    mine.titel = 'Daarna veranderd';
    mine.reacties.push({ id: 'rct_x', door: mine.indiener, tekst: 'x', anker: null, tijdstip: mine.aangemaakt });
    expect(store.get('digitale-stad', 1)).toEqual(records[0]);
    expect(store.all()).toEqual(readAmendmentFiles(dir));
    const { store: again } = await opened(dir, { create: false });
    expect(again.all()).toEqual(store.all());
    expect(again.lastNumber('digitale-stad')).toBe(12);
    expect(again.lastNumber('tweede-document')).toBe(10);
    expect(again.list('tweede-document').map((r) => r.nummer)).toEqual([5, 10]);
    const revision = records[1]?.revisies.at(-1)?.commit ?? '';
    expect(again.ofCommit('digitale-stad', revision)?.nummer).toBe(2);
  });

  it("keeps each document's list in number order, whatever order the records are written in", async () => {
    const dir = freshDir();
    const { store } = await opened(dir);
    const records = manyRecords(30).filter((r) => r.document === 'digitale-stad');
    const order = [...records].sort((a, b) => ((a.nummer * 7) % 11) - ((b.nummer * 7) % 11));
    for (const r of order) await store.put(r);
    await store.put({ ...(records[3] as AmendmentRecord), titel: 'Opnieuw' });
    expect(store.list('digitale-stad').map((r) => r.nummer)).toEqual(records.map((r) => r.nummer));
    expect(store.list('digitale-stad')[3]?.titel).toBe('Opnieuw');
    expect(store.lastNumber('digitale-stad')).toBe(records.at(-1)?.nummer);
    const { store: again } = await opened(dir, { create: false });
    expect(again.list('digitale-stad')).toEqual(store.list('digitale-stad'));
  });

  it('removes the temporary file of an interrupted write at open (never acknowledged), but not when opened read-only', async () => {
    const dir = freshDir();
    const { store } = await opened(dir);
    for (const r of manyRecords(3)) await store.put(r);
    const torn = path.join(dir, 'amendementen', 'digitale-stad', '.2.json.4242.1.tmp');
    fs.writeFileSync(torn, '{"document":"digitale-stad","nummer":2,"tit');
    const readOnly = await opened(dir, { create: false, readOnly: true });
    expect(fs.existsSync(torn)).toBe(true);
    expect(readOnly.store.all()).toEqual(store.all());
    await expect(readOnly.store.put(manyRecords(1)[0] as AmendmentRecord)).rejects.toBeInstanceOf(ReadOnlyMode);
    const { store: again } = await opened(dir, { create: false });
    expect(fs.existsSync(torn)).toBe(false);
    expect(again.all()).toEqual(store.all());
  });

  it('in a store that holds documents, a missing folder is damage', async () => {
    const dir = freshDir();
    await expect(AmendmentStore.open(dir, { create: false })).rejects.toThrow(StoreDamaged);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('converting a store of the old layout (amendementen.json)', () => {
  function legacyStore(): string {
    const dir = freshDir();
    fs.copyFileSync(LEGACY, path.join(dir, LEGACY_FILE));
    return dir;
  }
  const original = fs.readFileSync(LEGACY);

  function expectConverted(dir: string, store: AmendmentStore): void {
    expect(readAmendmentFiles(dir)).toEqual(legacyRecords);
    expect(store.all()).toEqual(legacyRecords);
    expect(fs.existsSync(path.join(dir, LEGACY_FILE))).toBe(false);
    expect(fs.existsSync(path.join(dir, STAGING_DIR))).toBe(false);
    expect(fs.readFileSync(path.join(dir, CONVERTED_FILE)).equals(original)).toBe(true);
    expect(store.readsOldLayout).toBe(false);
  }

  it('reads the old file as it is, converts it only in settle, and keeps the old file byte for byte', async () => {
    const dir = legacyStore();
    const store = await AmendmentStore.open(dir, { create: false, log: () => undefined });
    expect(store.readsOldLayout).toBe(true);
    expect(store.all()).toEqual(legacyRecords);
    expect(fs.readdirSync(dir)).toEqual([LEGACY_FILE]);
    await store.settle();
    expectConverted(dir, store);
    // The converted store keeps working and re-opens from the files alone.
    const one = store.get('digitale-stad', 1) as AmendmentRecord;
    await store.put({ ...one, titel: 'Na de omzetting' });
    const { store: again, log } = await opened(dir, { create: false });
    expect(again.get('digitale-stad', 1)?.titel).toBe('Na de omzetting');
    expect(log).toEqual([]);
  });

  it('a kill while writing the new files: the next open starts the conversion again from the old file', async () => {
    const dir = legacyStore();
    const staging = path.join(dir, STAGING_DIR, 'digitale-stad');
    fs.mkdirSync(staging, { recursive: true });
    fs.writeFileSync(path.join(staging, '1.json'), JSON.stringify(legacyRecords[0]));
    fs.writeFileSync(path.join(staging, '2.json'), '{"document":"digitale-st');
    const { store, log } = await opened(dir, { create: false });
    expectConverted(dir, store);
    expect(log.join('\n')).toMatch(/Converted amendementen\.json \(8 amendments\)/);
  });

  it('a kill after the old file was renamed and before the new folder got its name: the next open completes the rename', async () => {
    const dir = legacyStore();
    const first = await AmendmentStore.open(dir, { create: false });
    await first.settle();
    fs.renameSync(path.join(dir, 'amendementen'), path.join(dir, STAGING_DIR));
    const readOnly = await opened(dir, { create: false, readOnly: true });
    expect(readOnly.store.all()).toEqual(legacyRecords);
    expect(fs.existsSync(path.join(dir, STAGING_DIR))).toBe(true);
    const { store, log } = await opened(dir, { create: false });
    expectConverted(dir, store);
    expect(log.join('\n')).toMatch(/Completed the conversion of amendementen\.json/);
  });

  it('opened read-only, the old file is read and nothing is converted', async () => {
    const dir = legacyStore();
    const { store } = await opened(dir, { create: false, readOnly: true });
    expect(store.all()).toEqual(legacyRecords);
    expect(fs.readdirSync(dir)).toEqual([LEGACY_FILE]);
  });

  it('refuses an old file that is damaged, and an old file beside the folder that replaced it, changing nothing', async () => {
    const damaged = legacyStore();
    fs.truncateSync(path.join(damaged, LEGACY_FILE), 100);
    await expect(AmendmentStore.open(damaged, { create: false })).rejects.toThrow(/amendementen\.json: is not valid JSON/);
    expect(fs.readdirSync(damaged)).toEqual([LEGACY_FILE]);

    const twice = legacyStore();
    await opened(twice, { create: false });
    fs.copyFileSync(LEGACY, path.join(twice, LEGACY_FILE));
    const before = snapshotDir(twice);
    await expect(AmendmentStore.open(twice, { create: false })).rejects.toThrow(/amendementen\.json: is there beside the folder/);
    expect(snapshotDir(twice)).toEqual(before);
  });
});
