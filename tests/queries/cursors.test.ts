/**
 * History cursors (src/queries/cursors.ts): the storage pages by positions ({ tip, next } oids), the
 * query layer turns them into opaque cursors and back, and refuses anything that is not a cursor of
 * this history with InvalidInput on `cursor`, after the storage's own checks of limit, path and ref.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInput, NotFound } from '../../src/errors.js';
import { decodeHistoryCursor, encodeHistoryCursor, historyPage } from '../../src/queries/cursors.js';
import { PositionNotInHistory } from '../../src/storage/git/history.js';
import { DocumentRepository } from '../../src/storage/git/repository.js';
import type { CommitInfo, HistoryPosition, Signature } from '../../src/storage/git/types.js';
import { tempDir } from '../helpers/testApp.js';

const root = tempDir('principes-cursors-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sig = (offset: number): Signature => ({ name: 'Tester', email: 't@e.invalid', timestamp: 1_700_000_000 + offset, timezoneOffset: -60 });
const oid = (): string => randomBytes(20).toString('hex');

let repo: DocumentRepository;
let made: CommitInfo[];

beforeAll(async () => {
  repo = await DocumentRepository.init(path.join(root, 'doc.git'), 'doc', {
    files: { '01-a.md': '# A\n', '02-b.md': '# B\n' },
    author: sig(0),
    message: 'Begin',
    version: { naam: '1.0', message: 'Versie 1.0', tagger: sig(0) },
  });
  made = [];
  for (let i = 1; i <= 9; i++) {
    made.push(await repo.commit({ branch: 'main', parent: repo.head().oid, changes: [{ path: i % 3 === 0 ? '02-b.md' : '01-a.md', content: `# ${i}\n` }], author: sig(i), message: `Stap ${i}` }));
  }
});

async function expectInvalid(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return (e as InvalidInput).errors[0]?.name;
  }
  throw new Error('expected InvalidInput');
}

describe('encodeHistoryCursor and decodeHistoryCursor', () => {
  it('round-trips any position as 55 base64url characters', () => {
    for (let i = 0; i < 50; i++) {
      const position = { tip: oid(), next: oid() };
      const cursor = encodeHistoryCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]{55}$/);
      expect(decodeHistoryCursor(cursor)).toEqual(position);
    }
  });

  it('holds nothing for text that is not a cursor of ours', () => {
    const cursor = encodeHistoryCursor({ tip: oid(), next: oid() });
    const otherVersion = Buffer.from(cursor, 'base64url');
    otherVersion[0] = 2;
    // The last character carries two spare bits: a different character with the same 41 bytes is not canonical.
    const last = cursor.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + 1) & 3)] as string;
    for (const bad of ['', 'abc', oid(), `${cursor}x`, cursor.slice(1), `${cursor.slice(0, -1)}${sibling}`, otherVersion.toString('base64url'), `${cursor.slice(0, 54)}=`, 42, null]) {
      expect(decodeHistoryCursor(bad), String(bad)).toBeNull();
    }
  });
});

describe('DocumentRepository.history by positions', () => {
  it('pages by { tip, next } oids; a position pins its tip', async () => {
    const newestFirst = [...made].reverse().map((c) => c.oid);
    const first = await repo.history({ limit: 4 });
    expect(first.items.map((c) => c.oid)).toEqual(newestFirst.slice(0, 4));
    expect(first.next).toEqual({ tip: newestFirst[0], next: newestFirst[4] });
    const second = await repo.history({ limit: 4, from: first.next as HistoryPosition });
    expect(second.items.map((c) => c.oid)).toEqual(newestFirst.slice(4, 8));
    const last = await repo.history({ limit: 4, from: second.next as HistoryPosition });
    expect(last.items.map((c) => c.oid)).toEqual([newestFirst[8], repo.resolve('1.0').commit.oid]);
    expect(last.next).toBeNull();
  });

  it('refuses a position that is not this history\'s with PositionNotInHistory', async () => {
    const page = await repo.history({ limit: 2 });
    const position = page.next as HistoryPosition;
    for (const from of [
      { tip: oid(), next: position.next }, // unknown tip
      { tip: position.tip, next: oid() }, // unknown next
      { tip: made[1]!.oid, next: made[5]!.oid }, // next is not reachable from the tip
    ]) {
      await expect(repo.history({ limit: 2, from })).rejects.toBeInstanceOf(PositionNotInHistory);
    }
    await expect(repo.history({ ref: '1.0', limit: 2, from: position })).rejects.toBeInstanceOf(PositionNotInHistory);
  });
});

describe('historyPage', () => {
  it('gives the same pages as the positions, with cursors', async () => {
    const byPosition = await repo.history({ limit: 3, path: '01-a.md' });
    const byCursor = await historyPage(repo, { limit: 3, path: '01-a.md' });
    expect(byCursor.items).toEqual(byPosition.items);
    expect(decodeHistoryCursor(byCursor.next)).toEqual(byPosition.next);
    const next = await historyPage(repo, { limit: 3, path: '01-a.md', cursor: byCursor.next as string });
    expect(next.items).toEqual((await repo.history({ limit: 3, path: '01-a.md', from: byPosition.next as HistoryPosition })).items);
  });

  it('answers a cursor that is malformed or not this history\'s with InvalidInput on cursor', async () => {
    const page = await historyPage(repo, { limit: 2 });
    expect(await expectInvalid(historyPage(repo, { limit: 2, cursor: 'geen-cursor' }))).toBe('cursor');
    expect(await expectInvalid(historyPage(repo, { ref: '1.0', limit: 2, cursor: page.next as string }))).toBe('cursor');
    expect(await expectInvalid(historyPage(repo, { limit: 2, cursor: encodeHistoryCursor({ tip: oid(), next: oid() }) }))).toBe('cursor');
  });

  it('checks limit, path and ref before the cursor, as the storage always did', async () => {
    expect(await expectInvalid(historyPage(repo, { limit: 0, cursor: 'geen-cursor' }))).toBe('limit');
    expect(await expectInvalid(historyPage(repo, { limit: 2, path: '../x', cursor: 'geen-cursor' }))).toBe('path');
    await expect(historyPage(repo, { limit: 2, ref: 'bestaat-niet', cursor: 'geen-cursor' })).rejects.toBeInstanceOf(NotFound);
  });
});
