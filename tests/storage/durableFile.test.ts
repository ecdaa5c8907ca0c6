/**
 * Durable file writes (src/storage/durableFile.ts), the one module every store file is written through.
 * Appends are checked where they can really fail: in a child process under a file size limit
 * (`ulimit -f`), where a single write stops short without an error and the next one fails with EFBIG.
 * A failed append must leave the log exactly as it was, so that the next append starts on its own line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { storeInitialised } from '../../src/domain/auditEvents.js';
import { AuditLog } from '../../src/storage/auditLog.js';
import { createFileDurably, DurableWrites, makeFolderDurably, renameDurably } from '../../src/storage/durableFile.js';
import { EndorsementLog } from '../../src/storage/endorsementLog.js';
import { tempDir } from '../helpers/testApp.js';

const dir = tempDir('principes-durable-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Size limit for the children's files, in KiB (`ulimit -f` counts 1,024-byte blocks in bash). */
const LIMIT_KIB = 4;

function appendUnderLimit(kind: 'audit' | 'endorsement', file: string, bytes: number): { ok: boolean; code?: string } {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const script = path.join(PROJECT_ROOT, 'tests', 'helpers', 'appendUnderLimit.ts');
  const res = spawnSync('bash', ['-c', `ulimit -f ${LIMIT_KIB} && exec "$@"`, 'bash', tsx, script, kind, file, String(bytes)], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as { ok: boolean; code?: string };
}

describe('appendDurably, under a file size limit', () => {
  it('the limit is really in force for the children', () => {
    const res = spawnSync('bash', ['-c', `ulimit -f ${LIMIT_KIB} && ulimit -f`], { encoding: 'utf8' });
    expect(res.stdout.trim()).toBe(String(LIMIT_KIB));
  });

  it('an audit entry that does not fit is refused and leaves the log as it was; the next one appends cleanly', async () => {
    const file = path.join(dir, 'audit.jsonl');
    await AuditLog.open(file).append(storeInitialised(['eerste']));
    const before = fs.readFileSync(file);

    expect(appendUnderLimit('audit', file, 3 * LIMIT_KIB * 1024)).toEqual({ ok: false, code: 'EFBIG' });
    expect(fs.readFileSync(file)).toEqual(before);

    const log = AuditLog.open(file);
    await log.append(storeInitialised(['tweede']));
    expect(log.entries().map((e) => e.gegevens?.documenten)).toEqual([['eerste'], ['tweede']]);
    expect(() => AuditLog.open(file)).not.toThrow();
  });

  it('an endorsement event that does not fit is refused and leaves the log as it was', () => {
    const file = path.join(dir, 'onderschrijvingen.jsonl');
    expect(appendUnderLimit('endorsement', file, 100)).toEqual({ ok: true });
    const before = fs.readFileSync(file);

    expect(appendUnderLimit('endorsement', file, 3 * LIMIT_KIB * 1024)).toEqual({ ok: false, code: 'EFBIG' });
    expect(fs.readFileSync(file)).toEqual(before);
    expect(EndorsementLog.open(file).all()).toHaveLength(1);
  });
});

describe('DurableWrites, createFileDurably, makeFolderDurably, renameDurably', () => {
  it('replaces a file through its temporary file, leaving no temporary file behind, also when the write fails', async () => {
    const writes = new DurableWrites(true);
    const file = path.join(dir, 'vervang', 'bestand.txt');
    await makeFolderDurably(path.dirname(file), true);
    await writes.replace(file, 'een', { temp: `${file}.lock`, exclusive: false, mode: 0o644 });
    await writes.replace(file, 'twee', { temp: `${file}.lock`, exclusive: false, mode: 0o644 });
    await writes.flush();
    expect(fs.readFileSync(file, 'utf8')).toBe('twee');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bestand.txt']);

    // An exclusive temporary name that is taken: refused, and the target is untouched.
    fs.writeFileSync(`${file}.tmp`, 'van een ander');
    await expect(writes.replace(file, 'drie', { temp: `${file}.tmp`, exclusive: true, mode: 0o644 })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(file, 'utf8')).toBe('twee');

    // A missing folder: ENOENT (the caller creates it and retries), nothing written.
    const elsewhere = path.join(dir, 'bestaat-niet', 'x.txt');
    await expect(writes.replace(elsewhere, 'x', { temp: `${elsewhere}.lock`, exclusive: false, mode: 0o644 })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.existsSync(path.dirname(elsewhere))).toBe(false);
  });

  it('creates a new file only once, makes nested folders, and renames a folder into place', async () => {
    const file = path.join(dir, 'nieuw', 'diep', 'bestand.json');
    createFileDurably(file, '{}');
    expect(() => createFileDurably(file, '[]')).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');

    const nested = path.join(dir, 'a', 'b', 'c');
    await makeFolderDurably(nested, true);
    await makeFolderDurably(nested, true); // exists: nothing to do
    expect(fs.statSync(nested).isDirectory()).toBe(true);

    const assembled = path.join(dir, 'a', '.bezig');
    fs.mkdirSync(assembled);
    fs.writeFileSync(path.join(assembled, 'inhoud'), 'x');
    await renameDurably(assembled, path.join(dir, 'a', 'klaar'), true);
    expect(fs.readFileSync(path.join(dir, 'a', 'klaar', 'inhoud'), 'utf8')).toBe('x');
    await expect(renameDurably(path.join(dir, 'a', 'b'), path.join(dir, 'a', 'klaar'), true)).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTEMPTY|EEXIST)$/) });
  });
});
