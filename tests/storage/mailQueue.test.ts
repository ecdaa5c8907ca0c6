/**
 * The mail queue on disk: one file per message, durable before enqueue resolves, idempotent by key,
 * read back at open; a store written before mail existed (no `mailwachtrij/`) opens and gets the
 * folder; a damaged message file refuses the start naming the file (and is reported in READ_ONLY);
 * temporary files of interrupted writes are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { attemptStarted, attemptSucceeded, queuedMail } from '../../src/domain/mailState.js';
import { ReadOnlyMode } from '../../src/errors.js';
import { MAIL_QUEUE_DIR } from '../../src/storage/mailQueue.js';
import { StoreDamaged } from '../../src/storage/storeDamaged.js';
import { openStores } from '../../src/storage/stores.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, tempDir } from '../helpers/testApp.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function newStore(): Promise<string> {
  const dataDir = tempDir('principes-mailq-');
  dirs.push(dataDir);
  const stores = await openStores(dataDir);
  await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
  return dataDir;
}

const message = (sleutel: string, now = new Date('2026-03-01T10:00:00Z')) =>
  queuedMail({ sleutel, soort: 'testbericht', aan: { email: 'a@example.nl', naam: 'A' }, onderwerp: 'Onderwerp', tekst: 'tekst', html: '<p>html</p>', host: 'principes.example.nl' }, now);

describe('the mail queue', () => {
  it('a store written before mail existed (no queue folder) opens, gets the folder, and can queue', async () => {
    const dataDir = await newStore();
    fs.rmSync(path.join(dataDir, MAIL_QUEUE_DIR), { recursive: true });
    const stores = await openStores(dataDir);
    expect(fs.statSync(path.join(dataDir, MAIL_QUEUE_DIR)).isDirectory()).toBe(true);
    expect(stores.mail.all()).toEqual([]);
    await stores.mail.enqueue(message('na-de-upgrade'));
    expect((await openStores(dataDir)).mail.all()).toHaveLength(1);
  });

  it('enqueue writes the message before it resolves; the same key is one message; a reopen reads it back', async () => {
    const dataDir = await newStore();
    const stores = await openStores(dataDir);
    const first = await stores.mail.enqueue(message('uitnodiging:1'));
    const file = path.join(dataDir, MAIL_QUEUE_DIR, `${first.record.id}.json`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(first.record);
    const again = await stores.mail.enqueue({ ...message('uitnodiging:1'), onderwerp: 'Anders' });
    expect(again).toEqual({ record: first.record, created: false });
    expect(fs.readdirSync(path.join(dataDir, MAIL_QUEUE_DIR))).toEqual([`${first.record.id}.json`]);

    const sent = await stores.mail.update(first.record.id, (r) => attemptSucceeded(attemptStarted(r, new Date()), new Date()));
    const reopened = await openStores(dataDir);
    expect(reopened.mail.get(first.record.id)).toEqual(sent);
    expect(reopened.mail.counts()).toEqual({ wachtend: 0, verzonden: 1, mislukt: 0 });
  });

  it('a damaged message file refuses the start naming the file; READ_ONLY reports it and loads the rest', async () => {
    const dataDir = await newStore();
    const stores = await openStores(dataDir);
    const good = await stores.mail.enqueue(message('goed'));
    const bad = await stores.mail.enqueue(message('kapot'));
    const badFile = path.join(dataDir, MAIL_QUEUE_DIR, `${bad.record.id}.json`);
    fs.writeFileSync(badFile, '{"v":1,"id":');
    const refused = await openStores(dataDir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreDamaged);
    expect((refused as StoreDamaged).message).toContain(`${badFile}: is not valid JSON`);

    // A record under another message's name.
    fs.writeFileSync(badFile, JSON.stringify(good.record));
    await expect(openStores(dataDir)).rejects.toThrow(`holds message ${good.record.id}, not the one its name says`);

    const inspected = await openStores(dataDir, { readOnly: true });
    expect(inspected.damage.map((d) => d.file)).toEqual([badFile]);
    expect(inspected.mail.get(good.record.id)).toEqual(good.record);
    await expect(inspected.mail.enqueue(message('alleen-lezen'))).rejects.toBeInstanceOf(ReadOnlyMode);
  });

  it('a temporary file of an interrupted write is removed at open; READ_ONLY leaves a missing folder missing', async () => {
    const dataDir = await newStore();
    const tmp = path.join(dataDir, MAIL_QUEUE_DIR, '.mai_x.json.123.1.tmp');
    fs.writeFileSync(tmp, '{"half');
    await openStores(dataDir);
    expect(fs.existsSync(tmp)).toBe(false);

    fs.rmSync(path.join(dataDir, MAIL_QUEUE_DIR), { recursive: true });
    const inspected = await openStores(dataDir, { readOnly: true });
    expect(inspected.damage).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, MAIL_QUEUE_DIR))).toBe(false);
  });
});
