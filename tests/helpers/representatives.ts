/**
 * Many representatives at once, for load tests: users and API tokens written straight into the db in
 * one durable update (one shared password hash, so no scrypt per user; nobody signs in with it).
 * Only the setup takes this shortcut: the endorsements themselves go through real HTTP.
 */
import { hashPassword, newId, newSecret, sha256 } from '../../src/domain/secrets.js';
import type { TokenRecord, UserRecord } from '../../src/storage/appDb.js';
import type { Stores } from '../../src/storage/stores.js';

export interface QuickRepresentative {
  code: string;
  userId: string;
  token: string;
}

export async function quickRepresentatives(stores: Stores, codes: readonly string[]): Promise<QuickRepresentative[]> {
  const wachtwoordHash = await hashPassword(newSecret());
  const now = new Date();
  const expires = new Date(now.getTime() + 24 * 3600_000).toISOString();
  const reps: QuickRepresentative[] = codes.map((code) => ({ code, userId: newId('gbr'), token: `pds_${newSecret()}` }));
  await stores.db.update((d) => {
    for (const r of reps) {
      const user: UserRecord = {
        id: r.userId,
        naam: `Vertegenwoordiger ${r.code}`,
        email: `vertegenwoordiger-${r.code.toLowerCase()}-${r.userId.slice(-6).toLowerCase()}@example.org`,
        rol: 'vertegenwoordiger',
        organisatie: r.code,
        wachtwoordHash,
        actief: true,
        aangemaakt: now.toISOString(),
        gewijzigd: now.toISOString(),
      };
      const token: TokenRecord = {
        id: newId('tok'),
        gebruiker: r.userId,
        hash: sha256(r.token),
        omschrijving: 'load test',
        aangemaakt: now.toISOString(),
        verlooptOp: expires,
        ingetrokken: null,
      };
      d.gebruikers.push(user);
      d.tokens.push(token);
    }
  });
  return reps;
}

/** A valid endorsement body (decision date in the past). */
export function endorsementBody(i: number) {
  return {
    ondertekenaar: { naam: `Ondertekenaar ${i}`, functie: 'burgemeester' },
    besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: `LOAD-${i}`, url: `https://www.example.org/besluit/${i}` },
  };
}
