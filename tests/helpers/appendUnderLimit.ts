/**
 * Child process for tests/storage/durableFile.test.ts, run under a file size limit (`ulimit -f`): opens
 * the audit log or the endorsement log at `file` and appends one entry of about `bytes` bytes (for the
 * endorsement log, `bytes` also makes its id and organisation, so entries of different sizes do not clash). Prints
 * `{"ok":true}` when the append resolved, `{"ok":false,"code":...}` when it was refused.
 */
import { organisationsLoaded } from '../../src/domain/auditEvents.js';
import { AuditLog } from '../../src/storage/auditLog.js';
import { EndorsementLog } from '../../src/storage/endorsementLog.js';

const [kind, file, bytes] = process.argv.slice(2);
if ((kind !== 'audit' && kind !== 'endorsement') || file === undefined || bytes === undefined) {
  process.stderr.write('usage: appendUnderLimit.ts audit|endorsement <file> <bytes>\n');
  process.exit(2);
}
const filler = 'x'.repeat(Number(bytes));

try {
  if (kind === 'audit') {
    await AuditLog.open(file).append(organisationsLoaded({ aantal: 0, bron: filler, codes: [] }));
  } else {
    await EndorsementLog.open(file).endorse(() => ({
      id: `ond_${bytes.padStart(12, '0')}`,
      document: 'digitale-stad',
      organisatie: { code: `GM${bytes.padStart(4, '0').slice(-4)}`, naam: 'Gemeente', type: 'gemeente' },
      versie: '1.0',
      commit: 'a'.repeat(40),
      tree: 'b'.repeat(40),
      status: 'actief',
      ondertekenaar: { naam: 'A. Burgemeester', functie: 'burgemeester' },
      besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: filler, url: null },
      bron: 'dienst',
      door: { gebruiker: 'gbr_x', naam: 'Tester', organisatie: null },
      vastgelegd: new Date(0).toISOString(),
      intrekking: null,
    }));
  }
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, code: (e as NodeJS.ErrnoException).code ?? String(e) }));
}
