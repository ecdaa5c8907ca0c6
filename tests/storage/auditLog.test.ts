/**
 * The shape of an audit entry has one home, the audit entry schema (src/schemas/audit.ts): the start
 * (AuditLog.open) and `npm run cli -- audit-verify` read the log with it, and both refuse an entry that
 * does not match it even when its hash chain is intact (the hash proves the entry was not changed since
 * it was written, not that it is an audit entry). The refusal names the line, the entry and the field.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { chainEntry, type AuditEntry, type AuditEntryInput } from '../../src/domain/auditChain.js';
import { AuditLog } from '../../src/storage/auditLog.js';
import { StoreDamaged } from '../../src/storage/storeDamaged.js';
import { tempDir } from '../helpers/testApp.js';

const dir = tempDir('principes-audit-log-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A log whose chain is intact, written as the service writes it; `inputs` may hold anything. */
function writeLog(name: string, inputs: unknown[]): string {
  const file = path.join(dir, name);
  let previous: AuditEntry | undefined;
  const lines = inputs.map((input, i) => {
    previous = chainEntry(input as AuditEntryInput, previous, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    return JSON.stringify(previous);
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const good = (id: string): AuditEntryInput => ({ actie: 'gebruiker-aangemaakt', actor: { id: 'systeem', naam: 'Systeem' }, object: { soort: 'gebruiker', id } });

function verify(file: string) {
  const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
  const res = spawnSync(tsx, [path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), 'audit-verify', '--bestand', file], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout + res.stderr };
}

describe('the audit log read with the audit entry schema', () => {
  it('opens and verifies a log of well-formed entries', () => {
    const file = writeLog('good.jsonl', [good('gbr_1'), good('gbr_2')]);
    expect(AuditLog.open(file).head()).toMatch(/^[0-9a-f]{64}$/);
    expect(verify(file).out).toMatch(/^OK: 2 entries, chain intact/);
  });

  it('refuses, at the start and in audit-verify, an entry with an intact hash that is no audit entry', () => {
    const cases: [string, unknown, string][] = [
      ['an organisation that is a number', { ...good('gbr_2'), actor: { id: 'gbr_x', naam: 'X', organisatie: 42 } }, 'actor.organisatie'],
      ['a role that is not text', { ...good('gbr_2'), actor: { id: 'gbr_x', naam: 'X', rol: ['beheerder'] } }, 'actor.rol'],
      ['gegevens that are a list', { ...good('gbr_2'), gegevens: ['a'] }, 'gegevens'],
      ['an object without its id', { ...good('gbr_2'), object: { soort: 'gebruiker' } }, 'object.id'],
    ];
    for (const [what, bad, field] of cases) {
      const file = writeLog(`bad-${field}.jsonl`, [good('gbr_1'), bad, good('gbr_3')]);
      const before = fs.readFileSync(file);
      expect(() => AuditLog.open(file), what).toThrow(StoreDamaged);
      expect(() => AuditLog.open(file), what).toThrow(new RegExp(`line 2 \\(entry 2\\) is not an audit entry \\(${field.replace('.', '\\.')}\\)`));
      expect(fs.readFileSync(file), what).toEqual(before);
      const cli = verify(file);
      expect(cli.code, what).toBe(1);
      expect(cli.out, what).toContain(`broken at entry 2 of 3: not an audit entry (${field})`);
    }
  }, 60_000);
});
