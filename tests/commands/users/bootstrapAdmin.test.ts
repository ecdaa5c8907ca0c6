/**
 * bootstrapAdmin on a store without accounts: an administrator from the configured address and password,
 * or a generated password printed once; a password that is too short stops the start; a store with any
 * account gets none.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../../src/commands/users/bootstrapAdmin.js';
import { verifyPassword } from '../../../src/domain/secrets.js';
import { StartRefused } from '../../../src/errors.js';
import { openStores, type Stores } from '../../../src/storage/stores.js';
import { commandStore, expectRefused } from '../../helpers/commandStore.js';
import { tempDir } from '../../helpers/testApp.js';

const dirs: string[] = [];
async function emptyStore(): Promise<Stores> {
  const dir = tempDir('principes-bootstrap-');
  dirs.push(dir);
  return openStores(dir);
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('bootstrapAdmin', () => {
  it('creates the administrator from the configured address and password, audited as the service, and does not print the password', async () => {
    const stores = await emptyStore();
    const log: string[] = [];
    await bootstrapAdmin(stores, { email: 'Beheer@Gemeente.nl', password: 'geheim-en-lang-genoeg', log: (l) => log.push(l) });
    const [admin, ...others] = stores.db.data.gebruikers;
    expect(others).toHaveLength(0);
    expect(admin).toMatchObject({ email: 'beheer@gemeente.nl', rol: 'beheerder', organisatie: null, actief: true });
    expect(await verifyPassword('geheim-en-lang-genoeg', admin?.wachtwoordHash ?? '')).toBe(true);
    expect(log.join('\n')).not.toContain('geheim-en-lang-genoeg');
    expect(stores.audit.entries()).toMatchObject([{ actie: 'gebruiker-aangemaakt', actor: { id: 'systeem' }, object: { id: admin?.id } }]);
  });

  it('without a configured password generates one and prints it once; it is the stored one', async () => {
    const stores = await emptyStore();
    const log: string[] = [];
    await bootstrapAdmin(stores, { log: (l) => log.push(l) });
    const admin = stores.db.data.gebruikers[0];
    expect(admin?.email).toBe('beheerder@localhost');
    const printed = /generated password: (\S+)/.exec(log.join('\n'))?.[1] ?? '';
    expect(log.filter((l) => l.includes(printed))).toHaveLength(1);
    expect(await verifyPassword(printed, admin?.wachtwoordHash ?? '')).toBe(true);
  });

  it('a configured password shorter than the minimum stops the start and creates nothing', async () => {
    const stores = await emptyStore();
    await expectRefused(stores, () => bootstrapAdmin(stores, { email: 'a@example.org', password: 'kort', log: () => undefined }), StartRefused);
    expect(stores.db.data.gebruikers).toHaveLength(0);
  });

  it('does nothing when any account exists, whatever is configured', async () => {
    const c = await commandStore();
    try {
      const before = JSON.stringify(c.stores.db.data.gebruikers);
      const audit = c.stores.audit.entries().length;
      await bootstrapAdmin(c.stores, { email: 'nog-een@example.org', password: 'geheim-en-lang-genoeg', log: () => undefined });
      expect(JSON.stringify(c.stores.db.data.gebruikers)).toBe(before);
      expect(c.stores.audit.entries().length).toBe(audit);
    } finally {
      c.cleanup();
    }
  });
});
