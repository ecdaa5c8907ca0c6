/**
 * The store of document repositories: `<storeDir>/documents/<slug>.git`, on a real temporary folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict, InvalidInput, NotFound } from '../../src/errors.js';
import { DocumentStore } from '../../src/storage/documentStore.js';
import type { InitialContent } from '../../src/storage/git/types.js';

const T0 = 1_700_000_000;
const signature = { name: 'VNG', email: '', timestamp: T0, timezoneOffset: 0 };

function content(titel: string): InitialContent {
  return {
    files: { 'document.yml': `titel: ${titel}\n`, '01-eerste.md': '# Eerste\n\nZin.\n' },
    author: signature,
    message: `${titel}: tekst uit de bron`,
    version: { naam: '1.0', message: 'Versie 1.0', tagger: signature },
  };
}

let storeDir: string;

beforeEach(() => {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'documentstore-test-'));
});

afterEach(() => {
  fs.rmSync(storeDir, { recursive: true, force: true });
});

describe('DocumentStore', () => {
  it('starts empty, creates documents as bare repositories and lists them by slug', async () => {
    const store = await DocumentStore.open(storeDir);
    expect(store.list()).toEqual([]);
    expect(fs.existsSync(path.join(storeDir, 'documents'))).toBe(true);

    const b = await store.create('digitale-stad', content('Digitale stad'));
    const a = await store.create('andere-principes', content('Andere principes'));
    expect(store.list().map((r) => r.slug)).toEqual(['andere-principes', 'digitale-stad']);
    expect(store.get('digitale-stad')).toBe(b);
    expect(store.has('andere-principes')).toBe(true);
    expect(a.dir).toBe(path.join(storeDir, 'documents', 'andere-principes.git'));
    expect(fs.readdirSync(path.join(storeDir, 'documents')).sort()).toEqual(['andere-principes.git', 'digitale-stad.git']);
    const fsckOut = execFileSync('git', ['--git-dir', b.dir, 'fsck', '--strict', '--no-progress'], {
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
    expect(fsckOut.trim()).toBe('');
    expect(b.versions().map((v) => v.tag)).toEqual(['v1.0']);
  });

  it('reopens every repository with its full index', async () => {
    const store = await DocumentStore.open(storeDir);
    const repo = await store.create('digitale-stad', content('Digitale stad'));
    const c = await repo.commit({
      branch: 'main',
      parent: repo.head().oid,
      changes: [{ path: '01-eerste.md', content: '# Eerste\n\nAndere zin.\n' }],
      author: { ...signature, timestamp: T0 + 1 },
      message: 'Wijziging',
    });
    await store.create('tweede', content('Tweede'));

    // Things in documents/ that are not document repositories are ignored; leftovers of a crashed
    // create are removed.
    fs.mkdirSync(path.join(storeDir, 'documents', 'Geen-Slug.git'));
    fs.mkdirSync(path.join(storeDir, 'documents', 'los-bestand'));
    fs.writeFileSync(path.join(storeDir, 'documents', 'notitie.git'), 'geen map');
    fs.mkdirSync(path.join(storeDir, 'documents', '.creating-derde.git-abc123'));

    const again = await DocumentStore.open(storeDir);
    expect(again.list().map((r) => r.slug)).toEqual(['digitale-stad', 'tweede']);
    expect(again.get('digitale-stad').head()).toEqual(c);
    expect(await again.get('digitale-stad').readFile(c.oid, '01-eerste.md')).toBe('# Eerste\n\nAndere zin.\n');
    expect(fs.existsSync(path.join(storeDir, 'documents', '.creating-derde.git-abc123'))).toBe(false);
  });

  it('answers NotFound for unknown and malformed slugs without touching the disk', async () => {
    const store = await DocumentStore.open(storeDir);
    await store.create('digitale-stad', content('Digitale stad'));
    const bad = ['onbekend', '../digitale-stad', 'digitale-stad/../x', 'digitale-stad.git', 'Digitale-Stad', 'digitale--stad',
      '-digitale', 'digitale-', '', ' ', '%2e%2e', 'digitale\u0000stad', 'a'.repeat(200), '__proto__', 'constructor'];
    for (const slug of bad) {
      expect(() => store.get(slug), JSON.stringify(slug)).toThrow(NotFound);
      expect(store.has(slug)).toBe(false);
    }
  });

  it('refuses invalid slugs and duplicates on create, also when two creates race', async () => {
    const store = await DocumentStore.open(storeDir);
    for (const slug of ['../x', 'A', 'a b', 'a--b', '', 'x.git']) {
      const e = await store.create(slug, content('x')).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e, JSON.stringify(slug)).toBeInstanceOf(InvalidInput);
    }
    const results = await Promise.allSettled([store.create('samen', content('Een')), store.create('samen', content('Twee'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' ? rejected.reason : null).toBeInstanceOf(Conflict);
    await expect(store.create('samen', content('Drie'))).rejects.toBeInstanceOf(Conflict);
    expect(fs.readdirSync(path.join(storeDir, 'documents'))).toEqual(['samen.git']);
  });
});
