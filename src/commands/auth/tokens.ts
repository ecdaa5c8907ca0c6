/**
 * API tokens for programs: `POST /api/v1/tokens` returns a random bearer token once; only its
 * SHA-256 is stored, with an expiry. Users make, list and revoke their own tokens.
 */
import { TOKEN_DAYS } from '../../domain/accountRules.js';
import { tokenCreated, tokenRevoked } from '../../domain/auditEvents.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { newId, newSecret, sha256 } from '../../domain/secrets.js';
import { NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { toCurrentUser } from '../../queries/accountQueries.js';
import { newTokenSchema, tokenRequestSchema } from '../../schemas/accounts.js';
import type { TokenRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { checkCredentials } from './signIn.js';

export interface NewToken {
  /** The bearer token itself: shown once, never stored. */
  token: string;
  record: TokenRecord;
}

/**
 * Sign-in for programs: `{email, wachtwoord, omschrijving?}` for a new token. The e-mail address and
 * password are the authorization (checked and rate limited like the sign-in page).
 */
export async function issueToken(stores: Stores, limiter: SignInLimiter, input: unknown, address: string, now = new Date()): Promise<NewToken> {
  const valid = parseInput(tokenRequestSchema, input, 'De aanmelding');
  const account = await checkCredentials(stores, limiter, { email: valid.email, wachtwoord: valid.wachtwoord, address });
  return addToken(stores, toCurrentUser(stores.db.data, account, 'token'), valid.omschrijving ?? 'API-token', now);
}

/** A signed-in user makes a token for themselves (`{omschrijving}`, on their account page). */
export async function createToken(stores: Stores, user: CurrentUser | null, input: unknown, now = new Date()): Promise<NewToken> {
  authorize(user, 'token:own');
  const valid = parseInput(newTokenSchema, input, 'Het token');
  if (!stores.db.data.gebruikers.some((u) => u.id === user.id)) throw new NotFound('Gebruiker bestaat niet.');
  return addToken(stores, user, valid.omschrijving, now);
}

async function addToken(stores: Stores, user: CurrentUser, omschrijving: string, now: Date): Promise<NewToken> {
  const token = `pds_${newSecret()}`;
  const record: TokenRecord = {
    id: newId('tok'),
    gebruiker: user.id,
    hash: sha256(token),
    omschrijving,
    aangemaakt: now.toISOString(),
    verlooptOp: new Date(now.getTime() + TOKEN_DAYS * 24 * 3600_000).toISOString(),
    ingetrokken: null,
  };
  await stores.db.update((d) => {
    d.tokens.push(record);
  });
  await stores.audit.append(tokenCreated(user, record));
  return { token, record };
}

/**
 * Revokes one of one's own tokens; someone else's is "not found" (no hint that it exists). Revoking a
 * revoked token again answers it as it is, without a write or an audit entry: the log records each
 * revocation once, with its first time.
 */
export async function revokeToken(stores: Stores, user: CurrentUser | null, id: string, now = new Date()): Promise<TokenRecord> {
  authorize(user, 'token:own');
  const own = (tokens: readonly TokenRecord[]) => tokens.find((x) => x.id === id && x.gebruiker === user.id);
  const current = own(stores.db.data.tokens);
  if (!current) throw new NotFound(`Token ${id} bestaat niet.`);
  if (current.ingetrokken !== null) return { ...current };
  const { record, revokedNow } = await stores.db.update((d) => {
    const t = own(d.tokens);
    if (!t) throw new NotFound(`Token ${id} bestaat niet.`);
    // Checked again under the lock: of two revocations at once, one revokes and the other finds it done.
    const first = t.ingetrokken === null;
    if (first) t.ingetrokken = now.toISOString();
    return { record: { ...t }, revokedNow: first };
  });
  if (revokedNow) await stores.audit.append(tokenRevoked(user, id));
  return record;
}
