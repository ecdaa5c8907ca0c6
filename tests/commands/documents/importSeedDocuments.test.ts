/**
 * importSeedDocuments on an empty store, checked with stock git: every seed folder with a valid slug
 * becomes a bare repository with one commit (only the metadata and principle files, texts one sentence
 * per line) signed with the service's address and the annotated tag v1.0; a second run changes nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSeedDocuments } from '../../../src/commands/documents/importSeedDocuments.js';
import { SERVICE_EMAIL } from '../../../src/domain/gitIdentity.js';
import { DocumentStore } from '../../../src/storage/documentStore.js';
import { tempDir } from '../../helpers/testApp.js';

let dataDir: string;
let seedDir: string;
let store: DocumentStore;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(seedDir, file)), { recursive: true });
  fs.writeFileSync(path.join(seedDir, file), text);
}
const git = (slug: string, ...args: string[]) => execFileSync('git', args, { cwd: store.get(slug).dir, encoding: 'utf8' }).trim();

beforeAll(async () => {
  dataDir = tempDir('principes-import-');
  seedDir = tempDir('principes-seed-');
  write('alpha/document.yml', 'titel: Alpha\nauteurs: Gemeente Alpha\nbron: Een brief\n');
  write('alpha/01-eerste.md', '# Eerste\n\nZin een. Zin twee.\n');
  write('alpha/notities.txt', 'geen principe\n');
  write('beta/01-enige.md', '# Enige\n\nTekst.\n');
  write('Niet_Geldig/01-x.md', '# X\n');
  store = await DocumentStore.open(dataDir);
});
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(seedDir, { recursive: true, force: true });
});

describe('importSeedDocuments', () => {
  it('imports each folder with a valid slug as one commit tagged v1.0, only the document files, normalised', async () => {
    const now = new Date('2025-01-02T03:04:05Z');
    expect(await importSeedDocuments(store, seedDir, now)).toEqual({ created: ['alpha', 'beta'], existing: [] });
    expect(store.has('niet_geldig') || store.has('Niet_Geldig')).toBe(false);
    expect(git('alpha', 'ls-tree', '--name-only', 'main').split('\n')).toEqual(['01-eerste.md', 'document.yml']);
    expect(git('alpha', 'show', 'main:01-eerste.md')).toBe('# Eerste\n\nZin een.\nZin twee.');
    expect(git('alpha', 'rev-list', '--count', 'main')).toBe('1');
    expect(git('alpha', 'log', '-1', '--format=%an <%ae> %at%n%B', 'main')).toBe(`Gemeente Alpha <${SERVICE_EMAIL}> ${now.getTime() / 1000}\nAlpha: tekst uit de bron\n\nBron: Een brief`);
    expect(git('alpha', 'cat-file', '-t', 'v1.0')).toBe('tag');
    expect(git('alpha', 'rev-parse', 'v1.0^{commit}')).toBe(git('alpha', 'rev-parse', 'main'));
    expect(git('alpha', 'for-each-ref', '--format=%(taggername) %(taggeremail)', 'refs/tags/v1.0')).toBe(`Vereniging van Nederlandse Gemeenten <${SERVICE_EMAIL}>`);
    // Without metadata the defaults hold.
    expect(git('beta', 'log', '-1', '--format=%an', 'main')).toBe('VNG');
    for (const slug of ['alpha', 'beta']) git(slug, 'fsck', '--strict', '--no-dangling');
  });

  it('a second run leaves existing documents exactly as they are, even when the seed changed', async () => {
    const refs = ['alpha', 'beta'].map((s) => git(s, 'for-each-ref', '--format=%(refname) %(objectname)'));
    write('alpha/02-tweede.md', '# Tweede\n\nNieuw.\n');
    expect(await importSeedDocuments(store, seedDir)).toEqual({ created: [], existing: ['alpha', 'beta'] });
    expect(['alpha', 'beta'].map((s) => git(s, 'for-each-ref', '--format=%(refname) %(objectname)'))).toEqual(refs);
  });

  it('a seed folder that does not exist imports nothing', async () => {
    expect(await importSeedDocuments(store, path.join(seedDir, 'bestaat-niet'))).toEqual({ created: [], existing: [] });
  });
});
