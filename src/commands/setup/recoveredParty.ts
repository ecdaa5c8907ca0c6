/**
 * Who did something that git recorded but the metadata and audit log did not (a write interrupted by a
 * crash between its git step and the rest): the person is taken from the git signature (see
 * src/domain/gitIdentity.ts). Its address names the account; for older commits (empty address) an account
 * whose name gives exactly that signature name is that person; when none or several do, the name is kept
 * and the account is `onbekend`, as for an amendment rebuilt from its branch.
 */
import type { Party } from '../../domain/amendmentModel.js';
import { accountIdFromEmail, gitName } from '../../domain/gitIdentity.js';
import type { Signature } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';
import { toCurrentUser } from '../../queries/accountQueries.js';

export const UNKNOWN_ACCOUNT = 'onbekend';

/**
 * The person a git signature names: by the account address (`<id>@gebruikers.principes.invalid`)
 * when it is one of ours, else (commits from before those addresses) by the name.
 */
export function partyFromSignature(stores: Stores, signature: Pick<Signature, 'name' | 'email'>): Party {
  const data = stores.db.data;
  const byAddress = accountIdFromEmail(signature.email);
  const account = byAddress === null ? undefined : data.gebruikers.find((u) => u.id === byAddress);
  if (account !== undefined) {
    const u = toCurrentUser(data, account, 'token');
    return { gebruiker: u.id, naam: u.naam, organisatie: u.organisatie };
  }
  const matches = data.gebruikers
    .map((u) => toCurrentUser(data, u, 'token'))
    .filter((u) => gitName(u.naam, u.organisatie?.naam) === signature.name);
  const [only] = matches;
  if (matches.length === 1 && only !== undefined) return { gebruiker: only.id, naam: only.naam, organisatie: only.organisatie };
  return { gebruiker: UNKNOWN_ACCOUNT, naam: signature.name, organisatie: null };
}
