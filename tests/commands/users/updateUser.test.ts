/**
 * updateUser (the administrator) called directly on a real store: what changes, that deactivating or a
 * new password ends every session and token of that account, that the last active administrator stays,
 * and that a refusal (404, 400, 409) writes nothing. Who may call it: commandAuthorization.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../src/commands/auth/sessions.js';
import { createToken } from '../../../src/commands/auth/tokens.js';
import { createUser } from '../../../src/commands/users/createUser.js';
import { updateUser } from '../../../src/commands/users/updateUser.js';
import { SignInLimiter } from '../../../src/domain/rateLimiter.js';
import { verifyPassword } from '../../../src/domain/secrets.js';
import { Conflict, InvalidInput, NotFound } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

const PASSWORD = 'een-lang-genoeg-wachtwoord';
let c: CommandStore;
let wim: Person;

beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
});
afterAll(() => c.cleanup());

const record = (id: string) => c.stores.db.data.gebruikers.find((u) => u.id === id);
const liveTokens = (id: string) => c.stores.db.data.tokens.filter((t) => t.gebruiker === id && t.ingetrokken === null);
const sessions = (id: string) => c.stores.db.data.sessies.filter((s) => s.gebruiker === id);

describe('updateUser', () => {
  it('changes what was sent, and audits exactly the fields sent with their new values', async () => {
    const { result, entries } = await withAudit(c.stores, () => updateUser(c.stores, c.admin, wim.user.id, { naam: ' Wim Werkgroep ', rol: 'vertegenwoordiger', organisatie: 'GM0363' }));
    expect(result).toMatchObject({ naam: 'Wim Werkgroep', rol: 'vertegenwoordiger', organisatie: 'GM0363', email: 'wim@example.org', actief: true });
    expect(record(wim.user.id)).toEqual(result);
    expect(entries).toEqual([expect.objectContaining({ actie: 'gebruiker-gewijzigd', object: { soort: 'gebruiker', id: wim.user.id }, gegevens: { naam: 'Wim Werkgroep', rol: 'vertegenwoordiger', organisatie: 'GM0363' } })]);
    // Changing only the name keeps the organisation and the sessions.
    const kept = await updateUser(c.stores, c.admin, wim.user.id, { naam: 'Wim' });
    expect(kept.organisatie).toBe('GM0363');
  });

  it('deactivating ends every session and revokes every token of that account, and no other', async () => {
    const dora = await person(c.stores, 'werkgroeplid', 'Dora');
    await signIn(c.stores, new SignInLimiter(), { email: 'dora@example.org', wachtwoord: PASSWORD }, '192.0.2.1', undefined);
    await signIn(c.stores, new SignInLimiter(), { email: 'wim@example.org', wachtwoord: PASSWORD }, '192.0.2.1', undefined);
    expect(sessions(dora.user.id)).toHaveLength(1);
    expect(liveTokens(dora.user.id).length).toBeGreaterThan(0);
    const { entries } = await withAudit(c.stores, () => updateUser(c.stores, c.admin, dora.user.id, { actief: false }));
    expect(record(dora.user.id)?.actief).toBe(false);
    expect(sessions(dora.user.id)).toHaveLength(0);
    expect(liveTokens(dora.user.id)).toHaveLength(0);
    expect(sessions(wim.user.id)).toHaveLength(1);
    expect(liveTokens(wim.user.id).length).toBeGreaterThan(0);
    expect(entries[0]?.gegevens).toEqual({ actief: false });
  });

  it('a new password is stored hashed, ends sessions and tokens, and is audited only as gewijzigd', async () => {
    const piet = await person(c.stores, 'secretaris', 'Piet');
    await createToken(c.stores, piet.user, { omschrijving: 'nog een' });
    const { result, entries } = await withAudit(c.stores, () => updateUser(c.stores, c.admin, piet.user.id, { wachtwoord: 'een-heel-nieuw-wachtwoord' }));
    expect(await verifyPassword('een-heel-nieuw-wachtwoord', result.wachtwoordHash)).toBe(true);
    expect(liveTokens(piet.user.id)).toHaveLength(0);
    expect(entries[0]?.gegevens).toEqual({ wachtwoord: 'gewijzigd' });
    expect(JSON.stringify(c.stores.audit.entries())).not.toContain('een-heel-nieuw-wachtwoord');
  });

  it('404 for an unknown account, 400 for invalid changes or a representative without organisation, 409 for a taken address', async () => {
    await expectRefused(c.stores, () => updateUser(c.stores, c.admin, 'gbr_bestaatniet00', { naam: 'X' }), NotFound);
    expect(fieldsOf(await expectRefused(c.stores, () => updateUser(c.stores, c.admin, wim.user.id, { rol: 'koning' }), InvalidInput))).toEqual(['rol']);
    expect(fieldsOf(await expectRefused(c.stores, () => updateUser(c.stores, c.admin, wim.user.id, { onbekend: 1 }), InvalidInput))).toHaveLength(1);
    expect(fieldsOf(await expectRefused(c.stores, () => updateUser(c.stores, c.admin, wim.user.id, { organisatie: null }), InvalidInput))).toEqual(['organisatie']);
    const taken = await expectRefused(c.stores, () => updateUser(c.stores, c.admin, wim.user.id, { email: 'BEHEERDER@example.org' }), Conflict);
    expect(taken.data).toMatchObject({ field: 'email' });
    // One's own address again (in another case) is no conflict.
    expect((await updateUser(c.stores, c.admin, wim.user.id, { email: 'WIM@example.org' })).email).toBe('wim@example.org');
  });

  it('the last active administrator cannot be deactivated or demoted (409); with a second one both can', async () => {
    await expectRefused(c.stores, () => updateUser(c.stores, c.admin, c.admin.id, { actief: false }), Conflict);
    await expectRefused(c.stores, () => updateUser(c.stores, c.admin, c.admin.id, { rol: 'secretaris' }), Conflict);
    const second = await createUser(c.stores, c.admin, { naam: 'Tweede Beheerder', email: 'tweede@example.org', wachtwoord: PASSWORD, rol: 'beheerder' });
    expect((await updateUser(c.stores, c.admin, c.admin.id, { rol: 'secretaris' })).rol).toBe('secretaris');
    const secondUser = { ...c.admin, id: second.id, naam: second.naam };
    await expectRefused(c.stores, () => updateUser(c.stores, secondUser, second.id, { actief: false }), Conflict);
  });
});
