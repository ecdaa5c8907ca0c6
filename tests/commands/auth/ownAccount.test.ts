/**
 * "Mijn account" called directly on a real store: changeOwnPassword (the current password checked like
 * a sign-in, with its rate limit; the other sessions end, the asking one stays; tokens stay) and
 * signOutEverywhere (every session of the account ends, nobody else's). A refused call writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOwnPassword, signOutEverywhere } from '../../../src/commands/auth/ownAccount.js';
import { signIn } from '../../../src/commands/auth/sessions.js';
import { SignInLimiter } from '../../../src/domain/rateLimiter.js';
import { InvalidInput, NotSignedIn, TooManyRequests } from '../../../src/errors.js';
import { ownSessions, userOfBearer, userOfSession } from '../../../src/queries/accountQueries.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

const PASSWORD = 'een-lang-genoeg-wachtwoord';
const NEW_PASSWORD = 'een ander lang wachtwoord';
const ADDRESS = '192.0.2.7';
let c: CommandStore;
let wim: Person;
let ursula: Person;

beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
});
afterAll(() => c.cleanup());

const session = async (email: string, wachtwoord: string) => (await signIn(c.stores, new SignInLimiter(), { email, wachtwoord }, ADDRESS, undefined)).cookie;

describe('changeOwnPassword', () => {
  it('sets the new password, ends the other sessions of the account, keeps the asking one, the tokens and other people’s sessions; audited without the password', async () => {
    const here = await session('wim@example.org', PASSWORD);
    const elsewhere = await session('wim@example.org', PASSWORD);
    const other = await session('ursula@example.org', PASSWORD);
    const me = userOfSession(c.stores, here, new Date())?.user ?? null;
    const { result, entries } = await withAudit(c.stores, () =>
      changeOwnPassword(c.stores, new SignInLimiter(), me, here, { huidigWachtwoord: PASSWORD, nieuwWachtwoord: NEW_PASSWORD, herhaling: NEW_PASSWORD }, ADDRESS),
    );
    expect(result).toEqual({ sessiesBeeindigd: 1 });
    expect(userOfSession(c.stores, here, new Date())?.user.id).toBe(wim.user.id);
    expect(userOfSession(c.stores, elsewhere, new Date())).toBeNull();
    expect(userOfSession(c.stores, other, new Date())?.user.id).toBe(ursula.user.id);
    expect(userOfBearer(c.stores, wim.token, new Date())?.id).toBe(wim.user.id);
    await expect(session('wim@example.org', PASSWORD)).rejects.toBeInstanceOf(NotSignedIn);
    await session('wim@example.org', NEW_PASSWORD);
    expect(entries).toEqual([expect.objectContaining({ actie: 'wachtwoord-gewijzigd', actor: { id: wim.user.id, naam: 'Wim', rol: 'werkgroeplid' }, object: { soort: 'gebruiker', id: wim.user.id }, gegevens: { sessiesBeeindigd: 1 } })]);
    expect(JSON.stringify(c.stores.audit.entries())).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(c.stores.db.data)).not.toContain(NEW_PASSWORD);
  });

  it('a wrong current password is a field error, counts against the sign-in limit, and changes nothing', async () => {
    const limiter = new SignInLimiter();
    const input = { huidigWachtwoord: 'niet het wachtwoord', nieuwWachtwoord: 'nog een ander wachtwoord', herhaling: 'nog een ander wachtwoord' };
    const e = await expectRefused(c.stores, () => changeOwnPassword(c.stores, limiter, ursula.user, undefined, input, ADDRESS), InvalidInput);
    expect(e.errors).toEqual([{ name: 'huidigWachtwoord', reason: 'Het huidige wachtwoord is onjuist.' }]);
    // The same limit as the sign-in page: after enough failures even the right password waits.
    let refused: unknown;
    for (let i = 0; i < 20 && refused === undefined; i++) {
      await changeOwnPassword(c.stores, limiter, ursula.user, undefined, input, ADDRESS).catch((err: unknown) => {
        if (err instanceof TooManyRequests) refused = err;
      });
    }
    expect(refused).toBeInstanceOf(TooManyRequests);
    await expectRefused(c.stores, () => changeOwnPassword(c.stores, limiter, ursula.user, undefined, { ...input, huidigWachtwoord: PASSWORD }, ADDRESS), TooManyRequests);
  });

  it('refuses bad input with the fields named, and nobody signed in with 401; nothing changes', async () => {
    const cases: [unknown, string[]][] = [
      [{ huidigWachtwoord: PASSWORD, nieuwWachtwoord: 'kort', herhaling: 'kort' }, ['nieuwWachtwoord']],
      [{ huidigWachtwoord: PASSWORD, nieuwWachtwoord: NEW_PASSWORD, herhaling: 'iets anders dan dat' }, ['herhaling']],
      [{ huidigWachtwoord: PASSWORD, nieuwWachtwoord: PASSWORD, herhaling: PASSWORD }, ['nieuwWachtwoord']],
      [{ nieuwWachtwoord: NEW_PASSWORD, herhaling: NEW_PASSWORD }, ['huidigWachtwoord']],
      ['geen formulier', []],
    ];
    for (const [input, fields] of cases) {
      const e = await expectRefused(c.stores, () => changeOwnPassword(c.stores, new SignInLimiter(), ursula.user, undefined, input, ADDRESS), InvalidInput);
      if (fields.length > 0) expect(fieldsOf(e)).toEqual(fields);
    }
    await expectRefused(c.stores, () => changeOwnPassword(c.stores, new SignInLimiter(), null, undefined, { huidigWachtwoord: PASSWORD, nieuwWachtwoord: NEW_PASSWORD, herhaling: NEW_PASSWORD }, ADDRESS), NotSignedIn);
  });
});

describe('signOutEverywhere and ownSessions', () => {
  it('lists one’s own live sessions (this one marked, no hashes), then ends all of them and nobody else’s; audited', async () => {
    const a = await session('ursula@example.org', PASSWORD);
    const b = await session('ursula@example.org', PASSWORD);
    const wims = await session('wim@example.org', NEW_PASSWORD);
    const me = userOfSession(c.stores, a, new Date())?.user ?? null;
    const listed = ownSessions(c.stores, me, a);
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.filter((s) => s.deze)).toHaveLength(1);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['aangemaakt', 'deze', 'verlooptOp']);
    expect([...listed].sort((x, y) => y.aangemaakt.localeCompare(x.aangemaakt))).toEqual(listed);
    const { result, entries } = await withAudit(c.stores, () => signOutEverywhere(c.stores, me));
    expect(result.sessiesBeeindigd).toBe(listed.length);
    expect(userOfSession(c.stores, a, new Date())).toBeNull();
    expect(userOfSession(c.stores, b, new Date())).toBeNull();
    expect(userOfSession(c.stores, wims, new Date())?.user.id).toBe(wim.user.id);
    expect(ownSessions(c.stores, ursula.user, undefined)).toEqual([]);
    expect(entries).toEqual([expect.objectContaining({ actie: 'overal-afgemeld', object: { soort: 'gebruiker', id: ursula.user.id }, gegevens: { sessiesBeeindigd: listed.length } })]);
  });

  it('nobody signed in: 401, nothing changes', async () => {
    await expectRefused(c.stores, () => signOutEverywhere(c.stores, null), NotSignedIn);
    expect(() => ownSessions(c.stores, null, undefined)).toThrow(NotSignedIn);
  });
});
