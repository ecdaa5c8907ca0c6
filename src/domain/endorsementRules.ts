/**
 * Pure rules for endorsements: the audit data that records an endorsement or a withdrawal in the hash-chained audit log.
 */
import type { EndorsementRecord } from './endorsementModel.js';

/** Audit actions; `object.soort` of their entries is always `onderschrijving`. */
export const ENDORSED_ACTION = 'onderschrijving-vastgelegd';
export const WITHDRAWN_ACTION = 'onderschrijving-ingetrokken';
export const ENDORSEMENT_AUDIT_KIND = 'onderschrijving';

/** What the audit entry of an endorsement holds: everything that pins it, so the export can be checked against the data. */
export function endorsedAuditData(r: EndorsementRecord): Record<string, unknown> {
  return {
    document: r.document,
    versie: r.versie,
    commit: r.commit,
    tree: r.tree,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam },
    ondertekenaar: r.ondertekenaar,
    besluit: r.besluit,
    bron: r.bron,
    vastgelegd: r.vastgelegd,
  };
}

export function withdrawnAuditData(r: EndorsementRecord): Record<string, unknown> {
  return {
    document: r.document,
    versie: r.versie,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam },
    reden: r.intrekking?.reden ?? null,
    tijdstip: r.intrekking?.tijdstip ?? null,
  };
}
