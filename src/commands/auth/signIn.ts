/**
 * Check an e-mail address and password, rate-limited per account and per client address.
 * The attempt is reserved with the limiter before the password check starts (in the same tick as the
 * limit check), so a burst of parallel attempts is limited exactly like attempts one after another.
 * Every failure (unknown e-mail, wrong password, deactivated account) gives the same NotSignedIn
 * with the same message, after the same amount of work: nobody learns whether an e-mail exists.
 */
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { dummyPasswordHash, verifyPassword } from '../../domain/secrets.js';
import { NotSignedIn, TooManyRequests } from '../../errors.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { normaliseEmail } from '../../domain/accountRules.js';

export const SIGN_IN_FAILED = 'Het e-mailadres of het wachtwoord is onjuist, of het account is niet actief.';

export async function checkCredentials(
  stores: Stores,
  limiter: SignInLimiter,
  input: { email: string; wachtwoord: string; address: string },
): Promise<UserRecord> {
  const email = normaliseEmail(input.email);
  const begun = limiter.begin(email, input.address);
  if ('wait' in begun) {
    const minutes = Math.ceil(begun.wait / 60_000);
    throw new TooManyRequests(`Te veel mislukte pogingen. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`, {
      retryAfterSeconds: Math.ceil(begun.wait / 1000),
    });
  }
  const { attempt } = begun;
  let ok = false;
  let user: UserRecord | undefined;
  try {
    user = stores.db.data.gebruikers.find((u) => u.email === email);
    ok = (await verifyPassword(input.wachtwoord, user?.wachtwoordHash ?? (await dummyPasswordHash()))) && user !== undefined && user.actief;
  } finally {
    // An attempt whose check threw counts as failed, like a wrong password: never a free try.
    if (ok) attempt.succeeded();
    else attempt.failed();
  }
  if (!ok || !user) throw new NotSignedIn(SIGN_IN_FAILED);
  return user;
}
