/**
 * Withdraw an endorsement with a reason (a representative of the endorsing organisation, policy
 * `endorsement:give`). It stays visible, with status `ingetrokken`, the reason and the time; the
 * organisation may then endorse that version again. Unknown: 404; already withdrawn: 409
 * (domain/endorsementState.ts). Write order as for endorsing: the withdrawal event first (durable),
 * then the audit entry.
 */
import { partyOf } from '../../domain/actors.js';
import { endorsementWithdrawn } from '../../domain/auditEvents.js';
import type { EndorsementRecord } from '../../domain/endorsementModel.js';
import { transitionEndorsement } from '../../domain/endorsementState.js';
import { NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { findEndorsement } from '../../queries/endorsementQueries.js';
import { withdrawEndorsementSchema } from '../../schemas/endorsements.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';

/** `input`: `{reden}`. Order: 404, 401/403, 400, 409. */
export async function withdrawEndorsement(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  id: string,
  input: unknown,
  now = new Date(),
): Promise<EndorsementRecord> {
  const found = findEndorsement(stores, slug, id);
  authorize(user, 'endorsement:give', { organisatie: found.organisatie.code });
  const valid = parseInput(withdrawEndorsementSchema, input, 'De intrekking');
  const record = await stores.endorsements.withdraw(found.id, (current) => {
    if (current === undefined) throw new NotFound(`Onderschrijving ${id} bestaat niet.`);
    const intrekking = { reden: valid.reden, door: partyOf(user), tijdstip: now.toISOString() };
    // The guard: only an active endorsement is withdrawn (409 otherwise); the log applies the same transition.
    transitionEndorsement(current, { soort: 'intrekken', intrekking });
    return intrekking;
  });
  await stores.audit.append(endorsementWithdrawn(user, record));
  return record;
}
