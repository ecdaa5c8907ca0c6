/**
 * Check an e-mail address and password, rate-limited per account and per client address.
 * Every failure (unknown e-mail, wrong password, deactivated account) gives the same NotSignedIn
 * with the same message, after the same amount of work: nobody learns whether an e-mail exists.
 */
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { dummyPasswordHash, verifyPassword } from '../../domain/secrets.js';
import { NotSignedIn, TooManyRequests } from '../../errors.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { normaliseEmail } from '../users/userRules.js';

export const SIGN_IN_FAILED = 'Het e-mailadres of het wachtwoord is onjuist, of het account is niet actief.';

export async function checkCredentials(
  stores: Stores,
  limiter: SignInLimiter,
  input: { email: string; wachtwoord: string; address: string },
): Promise<UserRecord> {
  const email = normaliseEmail(input.email);
  const wait = limiter.retryAfterMs(email, input.address);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60_000);
    throw new TooManyRequests(`Te veel mislukte pogingen. Probeer het over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw.`, {
      retryAfterSeconds: Math.ceil(wait / 1000),
    });
  }
  const user = stores.db.data.gebruikers.find((u) => u.email === email);
  const ok = await verifyPassword(input.wachtwoord, user?.wachtwoordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || !user.actief) {
    limiter.failed(email, input.address);
    throw new NotSignedIn(SIGN_IN_FAILED);
  }
  limiter.succeeded(email);
  return user;
}
