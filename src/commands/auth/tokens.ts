/**
 * API tokens for programs: `POST /api/v1/tokens` returns a random bearer token once; only its
 * SHA-256 is stored, with an expiry. Users list and revoke their own tokens.
 */
import { newId, newSecret, sha256 } from '../../domain/secrets.js';
import { NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { TokenRecord, UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { auditActor, toCurrentUser } from '../users/userRules.js';

export const TOKEN_DAYS = 30;

export async function createToken(
  stores: Stores,
  user: UserRecord,
  omschrijving: string,
  now = new Date(),
): Promise<{ token: string; record: TokenRecord }> {
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
  await stores.audit.append({
    actie: 'token-aangemaakt',
    actor: auditActor(toCurrentUser(stores.db.data, user, 'token')),
    object: { soort: 'token', id: record.id },
    gegevens: { omschrijving, verlooptOp: record.verlooptOp },
  });
  return { token, record };
}

export async function revokeToken(stores: Stores, user: CurrentUser, id: string, now = new Date()): Promise<TokenRecord> {
  const revoked = await stores.db.update((d) => {
    const t = d.tokens.find((x) => x.id === id && x.gebruiker === user.id);
    // Someone else's token is "not found" for you: no hint that it exists.
    if (!t) throw new NotFound(`Token ${id} bestaat niet.`);
    t.ingetrokken ??= now.toISOString();
    return { ...t };
  });
  await stores.audit.append({ actie: 'token-ingetrokken', actor: auditActor(user), object: { soort: 'token', id } });
  return revoked;
}

export function tokenStatus(t: TokenRecord, now = new Date()): 'actief' | 'verlopen' | 'ingetrokken' {
  if (t.ingetrokken !== null) return 'ingetrokken';
  return t.verlooptOp <= now.toISOString() ? 'verlopen' : 'actief';
}
