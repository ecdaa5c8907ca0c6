/**
 * At start: every version named through the service has its `versie-benoemd` audit entry. Naming
 * writes the tag first and the audit entry second; after a crash in between, the entry is added from
 * the tag (tagger, time and message are in git), marked `hersteld: true`. The version a document was
 * created with (its tag on the repository's root commit, written when the document was imported) is
 * not a naming and has no such entry.
 */
import type { Stores } from '../../storage/stores.js';
import { VERSION_NAMED, versionAuditId, versionNamed } from '../../domain/auditEvents.js';
import { partyFromSignature } from './recoveredParty.js';

export async function reconcileVersions(stores: Stores): Promise<{ repaired: string[] }> {
  const named = new Set(stores.audit.entries().filter((e) => e.actie === VERSION_NAMED).map((e) => e.object.id));
  const repaired: string[] = [];
  for (const repo of stores.documents.list()) {
    // Oldest first, so repaired entries keep the order of the namings.
    for (const v of [...repo.versions()].reverse()) {
      const id = versionAuditId(repo.slug, v.naam);
      if (named.has(id) || repo.getCommit(v.commit).parents.length === 0) continue;
      await stores.audit.append(versionNamed({ party: partyFromSignature(stores, v.tagger) }, repo.slug, v, { benoemd: new Date(v.tagger.timestamp * 1000).toISOString() }));
      named.add(id);
      repaired.push(id);
    }
  }
  return { repaired };
}
