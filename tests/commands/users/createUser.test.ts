/**
 * createUser (the administrator) and createUserAsSystem called directly on a real store. Who may call
 * it is in tests/commands/commandAuthorization.test.ts; here: what is stored, what is refused and that
 * a refusal writes nothing, and that one address gets one account even when two requests race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, createUserAsSystem } from '../../../src/commands/users/createUser.js';
import { verifyPassword } from '../../../src/domain/secrets.js';
import { Conflict, InvalidInput } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

const input = (email: string, extra: Record<string, unknown> = {}) => ({ naam: ' Nieuwe Gebruiker ', email, wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid', ...extra });

describe('createUser', () => {
  it('stores the account with a normalised address and only a hash of the password, and audits who made it', async () => {
    const { result, entries } = await withAudit(c.stores, () => createUser(c.stores, c.admin, input('  Nieuw@Example.ORG ')));
    expect(result).toMatchObject({ naam: 'Nieuwe Gebruiker', email: 'nieuw@example.org', rol: 'werkgroeplid', organisatie: null, actief: true });
    expect(c.stores.db.data.gebruikers.find((u) => u.id === result.id)).toEqual(result);
    expect(JSON.stringify(c.stores.db.data)).not.toContain('een-lang-wachtwoord');
    expect(await verifyPassword('een-lang-wachtwoord', result.wachtwoordHash)).toBe(true);
    expect(entries).toMatchObject([
      { actie: 'gebruiker-aangemaakt', actor: { id: c.admin.id }, object: { soort: 'gebruiker', id: result.id }, gegevens: { email: 'nieuw@example.org', rol: 'werkgroeplid', organisatie: null } },
    ]);
    expect(JSON.stringify(entries)).not.toContain('wachtwoord');
  });

  it('a representative gets their organisation; without one, or with an unknown one, it is 400 naming organisatie', async () => {
    const rep = await createUser(c.stores, c.admin, input('rep@example.org', { rol: 'vertegenwoordiger', organisatie: 'GM0344' }));
    expect(rep.organisatie).toBe('GM0344');
    const none = await expectRefused(c.stores, () => createUser(c.stores, c.admin, input('rep2@example.org', { rol: 'vertegenwoordiger' })), InvalidInput);
    expect(fieldsOf(none)).toEqual(['organisatie']);
    const unknown = await expectRefused(c.stores, () => createUser(c.stores, c.admin, input('rep3@example.org', { rol: 'werkgroeplid', organisatie: 'GM9999' })), InvalidInput);
    expect(fieldsOf(unknown)).toEqual(['organisatie']);
  });

  it('invalid fields are 400 naming each of them', async () => {
    const e = await expectRefused(c.stores, () => createUser(c.stores, c.admin, { naam: '', email: 'geen-adres', wachtwoord: 'kort', rol: 'koning' }), InvalidInput);
    expect(fieldsOf(e).sort()).toEqual(['email', 'naam', 'rol', 'wachtwoord']);
  });

  it('an address that has an account (in any case) is 409 naming email', async () => {
    await createUser(c.stores, c.admin, input('dubbel@example.org'));
    const e = await expectRefused(c.stores, () => createUser(c.stores, c.admin, input('DUBBEL@example.org')), Conflict);
    expect(e.data).toMatchObject({ field: 'email' });
  });

  it('two creates with one address at once: one account, the other 409', async () => {
    const results = await Promise.allSettled([createUser(c.stores, c.admin, input('race@example.org')), createUser(c.stores, c.admin, input('race@example.org'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' ? failed.reason : null).toBeInstanceOf(Conflict);
    expect(c.stores.db.data.gebruikers.filter((u) => u.email === 'race@example.org')).toHaveLength(1);
    expect(c.stores.audit.entries().filter((e) => e.actie === 'gebruiker-aangemaakt' && e.gegevens?.email === 'race@example.org')).toHaveLength(1);
  });
});

describe('createUserAsSystem', () => {
  it('applies the same rules and audits the service as the actor', async () => {
    const { result, entries } = await withAudit(c.stores, () => createUserAsSystem(c.stores, { naam: 'Systeem', email: 'systeem@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'secretaris', organisatie: null }));
    expect(entries).toMatchObject([{ actie: 'gebruiker-aangemaakt', object: { id: result.id } }]);
    expect(entries[0]?.actor).toEqual({ id: 'systeem', naam: 'Systeem' });
    await expectRefused(c.stores, () => createUserAsSystem(c.stores, { naam: 'X', email: 'systeem@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'secretaris', organisatie: null }), Conflict);
    await expectRefused(c.stores, () => createUserAsSystem(c.stores, { naam: 'X', email: 'x@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie: null }), InvalidInput);
  });
});
