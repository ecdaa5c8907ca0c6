/**
 * Who did something that git recorded but the metadata and audit log did not (a write interrupted by a
 * crash between its git step and the rest): the person is taken from the git signature, which the
 * service writes as `<naam> (<organisatie>)` or `<naam>` (see signatureOf). An account whose name gives
 * exactly that signature is that person; when none or several do, the name is kept and the account is
 * `onbekend`, as for an amendment rebuilt from its branch.
 */
import type { Party } from '../../domain/amendmentModel.js';
import type { AuditActor } from '../../domain/auditChain.js';
import type { Stores } from '../../storage/stores.js';
import { gitName } from '../versions/nameVersion.js';
import { toCurrentUser } from '../users/userRules.js';

export const UNKNOWN_ACCOUNT = 'onbekend';

export function partyFromSignature(stores: Stores, signatureName: string): Party {
  const data = stores.db.data;
  const matches = data.gebruikers
    .map((u) => toCurrentUser(data, u, 'token'))
    .filter((u) => gitName(u.organisatie ? `${u.naam} (${u.organisatie.naam})` : u.naam) === signatureName);
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return { gebruiker: only.id, naam: only.naam, organisatie: only.organisatie };
  return { gebruiker: UNKNOWN_ACCOUNT, naam: signatureName, organisatie: null };
}

export function actorOfParty(party: Party): AuditActor {
  return { id: party.gebruiker, naam: party.naam, ...(party.organisatie ? { organisatie: party.organisatie.code } : {}) };
}
