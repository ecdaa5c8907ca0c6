/**
 * Withdraw an endorsement with a reason (a representative of the endorsing organisation, policy
 * `endorsement:give`). It stays visible, with status `ingetrokken`, the reason and the time; the
 * organisation may then endorse that version again. Unknown: 404; already withdrawn: 409.
 * Write order as for endorsing: the withdrawal event first (durable), then the audit entry.
 */
import type { EndorsementRecord } from '../../domain/endorsementModel.js';
import { ENDORSEMENT_AUDIT_KIND, WITHDRAWN_ACTION, withdrawnAuditData } from '../../domain/endorsementRules.js';
import { Conflict, NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../amendments/amendmentSupport.js';
import { auditActor } from '../users/userRules.js';

/** Endorsement `id` of document `slug`, or 404. */
export function findEndorsement(stores: Stores, slug: string, id: string): EndorsementRecord {
  const repo = stores.documents.get(slug);
  const record = stores.endorsements.get(id);
  if (record === undefined || record.document !== repo.slug) throw new NotFound(`Onderschrijving ${id.slice(0, 60)} bestaat niet.`);
  return record;
}

export async function withdrawEndorsement(
  stores: Stores,
  user: CurrentUser | null,
  slug: string,
  id: string,
  input: { reden: string },
  now = new Date(),
): Promise<EndorsementRecord> {
  const found = findEndorsement(stores, slug, id);
  authorize(user, 'endorsement:give', { organisatie: found.organisatie.code });
  const record = await stores.endorsements.withdraw(found.id, (current) => {
    if (current === undefined) throw new NotFound(`Onderschrijving ${id} bestaat niet.`);
    if (current.status !== 'actief') {
      throw new Conflict(`Deze onderschrijving is al ingetrokken${current.intrekking ? ` (${current.intrekking.tijdstip.slice(0, 10)})` : ''}.`, { status: current.status });
    }
    return { reden: input.reden, door: partyOf(user), tijdstip: now.toISOString() };
  });
  await stores.audit.append({
    actie: WITHDRAWN_ACTION,
    actor: auditActor(user),
    object: { soort: ENDORSEMENT_AUDIT_KIND, id: record.id },
    gegevens: withdrawnAuditData(record),
  });
  return record;
}
