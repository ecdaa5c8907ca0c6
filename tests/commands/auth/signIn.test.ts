/**
 * checkCredentials: the one check behind the sign-in page and POST /tokens. Every failure looks the
 * same (nobody learns whether an address has an account), the address is matched case-insensitively,
 * the limit holds per account, and checking writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentials, SIGN_IN_FAILED } from '../../../src/commands/auth/signIn.js';
import { updateUser } from '../../../src/commands/users/updateUser.js';
import { SignInLimiter } from '../../../src/domain/rateLimiter.js';
import { NotSignedIn, TooManyRequests } from '../../../src/errors.js';
import { commandStore, expectRefused, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

const PASSWORD = 'een-lang-genoeg-wachtwoord';
let c: CommandStore;
let wim: Person;
let dora: Person;

beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
  dora = await person(c.stores, 'werkgroeplid', 'Dora');
  await updateUser(c.stores, c.admin, dora.user.id, { actief: false });
});
afterAll(() => c.cleanup());

describe('checkCredentials', () => {
  it('returns the account for the right password, whatever the case and spaces of the address', async () => {
    const account = await checkCredentials(c.stores, new SignInLimiter(), { email: '  Wim@Example.ORG ', wachtwoord: PASSWORD, address: '192.0.2.1' });
    expect(account.id).toBe(wim.user.id);
  });

  it('an unknown address, a wrong password and a deactivated account fail alike, and write nothing', async () => {
    const limiter = new SignInLimiter();
    const attempts = [
      { email: 'niemand@example.org', wachtwoord: PASSWORD },
      { email: 'wim@example.org', wachtwoord: `${PASSWORD}!` },
      { email: 'dora@example.org', wachtwoord: PASSWORD },
    ];
    for (const a of attempts) {
      const e = await expectRefused(c.stores, () => checkCredentials(c.stores, limiter, { ...a, address: '192.0.2.2' }), NotSignedIn);
      expect(e.message).toBe(SIGN_IN_FAILED);
    }
  });

  it('after five failures for an account the right password is refused too (429 with a wait), from any address', async () => {
    const limiter = new SignInLimiter();
    for (let i = 0; i < 5; i++) {
      await expect(checkCredentials(c.stores, limiter, { email: 'wim@example.org', wachtwoord: 'fout', address: `192.0.2.${10 + i}` })).rejects.toBeInstanceOf(NotSignedIn);
    }
    const limited = await expectRefused(c.stores, () => checkCredentials(c.stores, limiter, { email: 'WIM@example.org', wachtwoord: PASSWORD, address: '198.51.100.1' }), TooManyRequests);
    expect(limited.data.retryAfterSeconds).toBeGreaterThan(0);
    // Another account is not affected.
    await expect(checkCredentials(c.stores, limiter, { email: 'dora@example.org', wachtwoord: 'fout', address: '198.51.100.1' })).rejects.toBeInstanceOf(NotSignedIn);
  });

  it('a success forgets the account’s earlier failures', async () => {
    const limiter = new SignInLimiter(Date.now, { account: { max: 2, windowMs: 60_000 } });
    await expect(checkCredentials(c.stores, limiter, { email: 'wim@example.org', wachtwoord: 'fout', address: '192.0.2.30' })).rejects.toBeInstanceOf(NotSignedIn);
    await checkCredentials(c.stores, limiter, { email: 'wim@example.org', wachtwoord: PASSWORD, address: '192.0.2.30' });
    await expect(checkCredentials(c.stores, limiter, { email: 'wim@example.org', wachtwoord: 'fout', address: '192.0.2.30' })).rejects.toBeInstanceOf(NotSignedIn);
    // One failure after the success: still under the limit of two.
    expect((await checkCredentials(c.stores, limiter, { email: 'wim@example.org', wachtwoord: PASSWORD, address: '192.0.2.30' })).id).toBe(wim.user.id);
  });
});
