/**
 * Browser sessions: a random cookie value (only its SHA-256 is stored) with an absolute lifetime and
 * a CSRF token bound to it. Signing in always creates a new session (rotation: a session id known
 * before sign-in is worthless after it) and removes the previous one and all expired ones.
 */
import { SESSION_HOURS } from '../../domain/accountRules.js';
import { signedIn, signedOut } from '../../domain/auditEvents.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { newSecret, sha256 } from '../../domain/secrets.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { toCurrentUser } from '../../queries/accountQueries.js';
import { signInSchema } from '../../schemas/accounts.js';
import type { SessionRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { checkCredentials } from './signIn.js';

/**
 * The sign-in page: `{email, wachtwoord}` (checked and rate limited; they are the authorization) for a
 * new session. `previousCookie`, the session the browser had, ends.
 */
export async function signIn(
  stores: Stores,
  limiter: SignInLimiter,
  input: unknown,
  address: string,
  previousCookie: string | undefined,
  now = new Date(),
): Promise<{ cookie: string; session: SessionRecord }> {
  const valid = parseInput(signInSchema, input, 'De aanmelding');
  const account = await checkCredentials(stores, limiter, { ...valid, address });
  const cookie = newSecret();
  const session: SessionRecord = {
    hash: sha256(cookie),
    gebruiker: account.id,
    csrf: newSecret(),
    aangemaakt: now.toISOString(),
    verlooptOp: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
  };
  const previousHash = previousCookie ? sha256(previousCookie) : undefined;
  await stores.db.update((d) => {
    const nowIso = now.toISOString();
    d.sessies = d.sessies.filter((s) => s.hash !== previousHash && s.verlooptOp > nowIso);
    d.sessies.push(session);
  });
  await stores.audit.append(signedIn(toCurrentUser(stores.db.data, account, 'sessie')));
  return { cookie, session };
}

/** Ends the session of `cookie`; without a signed-in user there is nothing to end. */
export async function signOut(stores: Stores, user: CurrentUser | null, cookie: string | undefined): Promise<void> {
  if (!user || cookie === undefined) return;
  const hash = sha256(cookie);
  await stores.db.update((d) => {
    d.sessies = d.sessies.filter((s) => s.hash !== hash);
  });
  await stores.audit.append(signedOut(user));
}
