import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { makeUser } from '../helpers/auth.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const scratch = tempDir('principes-audit-');
beforeAll(async () => {
  t = await makeTestApp();
  await makeUser(t, 'secretaris');
  await makeUser(t, 'werkgroeplid');
});
afterAll(() => {
  t.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function verify(args: string[]) {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const res = spawnSync(tsx, [path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), 'audit-verify', ...args], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout + res.stderr };
}

function copyWith(name: string, change: (lines: string[]) => string[]): string {
  const lines = fs.readFileSync(path.join(t.dataDir, 'audit.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  const file = path.join(scratch, name);
  fs.writeFileSync(file, `${change(lines).join('\n')}\n`);
  return file;
}

describe('npm run cli -- audit-verify', () => {
  it('passes on the real log, read from the data folder', () => {
    const res = verify(['--data-dir', t.dataDir]);
    expect(res.out).toMatch(/^OK: \d+ entries, chain intact/);
    expect(res.code).toBe(0);
  });

  it('fails (exit 1) after one byte of an entry is changed', () => {
    const original = fs.readFileSync(path.join(t.dataDir, 'audit.jsonl'));
    const altered = Buffer.from(original);
    const i = altered.indexOf(Buffer.from('werkgroeplid'));
    expect(i).toBeGreaterThan(0);
    altered[i] = 'W'.charCodeAt(0);
    const file = path.join(scratch, 'one-byte.jsonl');
    fs.writeFileSync(file, altered);
    const res = verify(['--bestand', file]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('FAIL');
  });

  it('fails when an entry is removed, reordered, or the file is not JSON lines', () => {
    expect(verify(['--bestand', copyWith('removed.jsonl', (l) => [l[0] ?? '', ...l.slice(2)])]).code).toBe(1);
    expect(verify(['--bestand', copyWith('swapped.jsonl', (l) => [l[1] ?? '', l[0] ?? '', ...l.slice(2)])]).code).toBe(1);
    expect(verify(['--bestand', copyWith('garbage.jsonl', (l) => [...l, '{niet json'])]).code).toBe(1);
    // Removing the newest entries cannot be seen from the chain alone: that is what the exported head hash is for.
    const truncated = copyWith('truncated.jsonl', (l) => l.slice(0, -1));
    expect(verify(['--bestand', truncated]).code).toBe(0);
    const head = t.stores.audit.head() ?? '';
    expect(verify(['--bestand', truncated, '--kop', head]).code).toBe(1);
    expect(verify(['--data-dir', t.dataDir, '--kop', head]).code).toBe(0);
  });

  it('usage errors exit 2', () => {
    expect(verify(['--bestand', path.join(scratch, 'bestaat-niet.jsonl')]).code).toBe(2);
    expect(verify(['--bestand']).code).toBe(2);
  });
});
