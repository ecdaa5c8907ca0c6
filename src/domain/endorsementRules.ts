/**
 * Pure rules for endorsements: decision dates (a calendar date, never after today in the Netherlands)
 * and the audit data that records an endorsement or a withdrawal in the hash-chained audit log.
 */
import type { EndorsementRecord } from './endorsementModel.js';

const AMSTERDAM_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date (YYYY-MM-DD) it is in Europe/Amsterdam at `now`. */
export function amsterdamDate(now: Date): string {
  return AMSTERDAM_DATE.format(now);
}

/** True for `YYYY-MM-DD` naming a real calendar date (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

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
