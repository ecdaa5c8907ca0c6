/**
 * At start: every endorsement and every withdrawal in the endorsement log has its entry in the
 * hash-chained audit log. The log is written first and the audit entry second, so a crash in between
 * leaves one without the other; the missing audit entry is added here, marked `hersteld: true` (its
 * `tijdstip` is the time of the repair; the record's own time is in `gegevens`). Nothing is dropped.
 */
import { ENDORSED_ACTION, ENDORSEMENT_AUDIT_KIND, WITHDRAWN_ACTION, endorsed as endorsedEvent, endorsementWithdrawn } from '../../domain/auditEvents.js';
import type { Stores } from '../../storage/stores.js';

export async function reconcileEndorsements(stores: Stores): Promise<{ repaired: string[] }> {
  const records = stores.endorsements.all();
  if (records.length === 0) return { repaired: [] };
  const endorsed = new Set<string>();
  const withdrawn = new Set<string>();
  for (const e of stores.audit.entries()) {
    if (e.object.soort !== ENDORSEMENT_AUDIT_KIND) continue;
    if (e.actie === ENDORSED_ACTION) endorsed.add(e.object.id);
    else if (e.actie === WITHDRAWN_ACTION) withdrawn.add(e.object.id);
  }
  const repaired: string[] = [];
  for (const r of [...records]) {
    if (!endorsed.has(r.id)) {
      await stores.audit.append(endorsedEvent(null, r, { hersteld: true }));
      repaired.push(`${r.id} (${ENDORSED_ACTION})`);
    }
    if (r.intrekking !== null && !withdrawn.has(r.id)) {
      await stores.audit.append(endorsementWithdrawn(null, r, { hersteld: true }));
      repaired.push(`${r.id} (${WITHDRAWN_ACTION})`);
    }
  }
  return { repaired };
}
