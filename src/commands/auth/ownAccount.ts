/**
 * "Mijn account": a signed-in person changes their own password, or ends every session of their
 * account ("overal afmelden"), e.g. after signing in on a borrowed computer.
 *
 * Changing the password asks for the current one, checked like a sign-in (the same rate limits per
 * account and per client address), so a session left open on a shared computer cannot take the account
 * over, nor try passwords faster than the sign-in page allows. A wrong current password is a field error
 * on the form, not a sign-out. After the change every other session of the account ends: whoever had
 * the old password and signed in elsewhere is out. The API tokens stay (they are listed on the same page
 * and can be revoked there); a password reset, which does not know the old password, revokes them too.
 */
import { ownPasswordChanged, signedOutEverywhere } from '../../domain/auditEvents.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { hashPassword, sha256 } from '../../domain/secrets.js';
import { InvalidInput, NotFound, NotSignedIn } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { ownPasswordSchema } from '../../schemas/accounts.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { checkCredentials } from './signIn.js';

const WRONG_PASSWORD = 'Het huidige wachtwoord is onjuist.';

/**
 * Sets a new password for `user` (`{huidigWachtwoord, nieuwWachtwoord, herhaling}`) and ends their other
 * sessions; `sessionCookie` is the session that asks, which stays. Returns how many sessions ended.
 */
export async function changeOwnPassword(
  stores: Stores,
  limiter: SignInLimiter,
  user: CurrentUser | null,
  sessionCookie: string | undefined,
  input: unknown,
  address: string,
): Promise<{ sessiesBeeindigd: number }> {
  authorize(user, 'account:own');
  const valid = parseInput(ownPasswordSchema, input, 'Het nieuwe wachtwoord');
  try {
    await checkCredentials(stores, limiter, { email: user.email, wachtwoord: valid.huidigWachtwoord, address });
  } catch (e) {
    if (e instanceof NotSignedIn) throw new InvalidInput(WRONG_PASSWORD, [{ name: 'huidigWachtwoord', reason: WRONG_PASSWORD }]);
    throw e;
  }
  const hash = await hashPassword(valid.nieuwWachtwoord);
  const keep = sessionCookie === undefined ? undefined : sha256(sessionCookie);
  let ended = 0;
  await stores.db.update((d) => {
    const account = d.gebruikers.find((u) => u.id === user.id);
    if (account === undefined) throw new NotFound('Dit account bestaat niet meer.');
    account.wachtwoordHash = hash;
    const before = d.sessies.length;
    d.sessies = d.sessies.filter((s) => s.gebruiker !== user.id || s.hash === keep);
    ended = before - d.sessies.length;
  });
  await stores.audit.append(ownPasswordChanged(user, ended));
  return { sessiesBeeindigd: ended };
}

/** Ends every session of `user`'s account, the one that asks included. Returns how many ended. */
export async function signOutEverywhere(stores: Stores, user: CurrentUser | null): Promise<{ sessiesBeeindigd: number }> {
  authorize(user, 'account:own');
  let ended = 0;
  await stores.db.update((d) => {
    const before = d.sessies.length;
    d.sessies = d.sessies.filter((s) => s.gebruiker !== user.id);
    ended = before - d.sessies.length;
  });
  await stores.audit.append(signedOutEverywhere(user, ended));
  return { sessiesBeeindigd: ended };
}

