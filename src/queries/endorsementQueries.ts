/**
 * Read side of endorsements, shared by the API and the pages: filtering, and the public export of the
 * audit chain that makes the endorsements verifiable.
 */
import type { z } from 'zod';
import { chainLink, type AuditEntry } from '../domain/auditChain.js';
import type { EndorsementRecord, EndorsementStatus } from '../domain/endorsementModel.js';
import { ENDORSEMENT_AUDIT_KIND } from '../domain/endorsementRules.js';
import type { endorsementAuditExportSchema } from '../schemas/audit.js';
import type { AuditLog } from '../storage/auditLog.js';
import type { Stores } from '../storage/stores.js';

export interface EndorsementFilter {
  versie?: string | undefined;
  organisatie?: string | undefined;
  status?: EndorsementStatus | undefined;
}

/** The endorsements of one document (404 for an unknown document), oldest first, filtered. */
export function listEndorsements(stores: Stores, slug: string, filter: EndorsementFilter = {}): EndorsementRecord[] {
  const repo = stores.documents.get(slug);
  const source = filter.organisatie !== undefined ? stores.endorsements.forOrganisation(filter.organisatie) : stores.endorsements.all();
  return source.filter(
    (r) =>
      r.document === repo.slug &&
      (filter.versie === undefined || r.versie === filter.versie) &&
      (filter.organisatie === undefined || r.organisatie.code === filter.organisatie) &&
      (filter.status === undefined || r.status === filter.status),
  );
}

/** The public export, as src/schemas/audit.ts describes it (the chain's AuditExport plus the document and how to check it). */
export type EndorsementAuditExport = z.output<typeof endorsementAuditExportSchema>;

/** Parsed audit entries, cached per audit log until its head moves (the file is read once per change). */
const entryCache = new WeakMap<AuditLog, { head: string | null; entries: AuditEntry[] }>();

function auditEntries(audit: AuditLog): AuditEntry[] {
  const head = audit.head();
  const cached = entryCache.get(audit);
  if (cached !== undefined && cached.head === head) return cached.entries;
  const entries = audit.entries();
  // Only cache a read that matches the head we saw (an append may land while reading).
  if ((entries.at(-1)?.hash ?? null) === head) entryCache.set(audit, { head, entries });
  return entries;
}

function isEndorsementEntry(e: AuditEntry, slug: string): boolean {
  return e.object.soort === ENDORSEMENT_AUDIT_KIND && e.gegevens?.document === slug;
}

/**
 * The hash links of every audit entry, and the full entries about the endorsements of `slug`.
 * Anyone can recompute those entries' hashes and check that they sit, unchanged and in order, in one
 * unbroken chain ending at `kop` (`npm run cli -- audit-verify --export FILE`).
 */
export function endorsementAuditExport(stores: Stores, slug: string): EndorsementAuditExport {
  const repo = stores.documents.get(slug);
  const entries = auditEntries(stores.audit);
  return {
    document: repo.slug,
    kop: entries.at(-1)?.hash ?? null,
    toelichting:
      'keten: volgnummer, vorigeHash en hash van elke vermelding in het auditlogboek; vermeldingen: de volledige inhoud van de ' +
      'vermeldingen over onderschrijvingen van dit document. Controleer met: npm run cli -- audit-verify --export BESTAND.',
    keten: entries.map(chainLink),
    vermeldingen: entries.filter((e) => isEndorsementEntry(e, repo.slug)),
  };
}
