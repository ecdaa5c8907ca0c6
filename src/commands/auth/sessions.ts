/**
 * Browser sessions: a random cookie value (only its SHA-256 is stored) with an absolute lifetime and
 * a CSRF token bound to it. Signing in always creates a new session (rotation: a session id known
 * before sign-in is worthless after it) and removes the previous one and all expired ones.
 */
import { newSecret, sha256 } from '../../domain/secrets.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { SessionRecord, UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { auditActor, toCurrentUser } from '../users/userRules.js';

export const SESSION_HOURS = 8;

export async function startSession(
  stores: Stores,
  user: UserRecord,
  previousCookie: string | undefined,
  now = new Date(),
): Promise<{ cookie: string; session: SessionRecord }> {
  const cookie = newSecret();
  const session: SessionRecord = {
    hash: sha256(cookie),
    gebruiker: user.id,
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
  await stores.audit.append({
    actie: 'aangemeld',
    actor: auditActor(toCurrentUser(stores.db.data, user, 'sessie')),
    object: { soort: 'gebruiker', id: user.id },
    gegevens: { via: 'sessie' },
  });
  return { cookie, session };
}

export async function endSession(stores: Stores, user: CurrentUser, cookie: string): Promise<void> {
  const hash = sha256(cookie);
  await stores.db.update((d) => {
    d.sessies = d.sessies.filter((s) => s.hash !== hash);
  });
  await stores.audit.append({ actie: 'afgemeld', actor: auditActor(user), object: { soort: 'gebruiker', id: user.id } });
}
