/**
 * Read side of endorsements (onderschrijvingen) for the overview page, the map, the chart and the
 * organisation page: version order, dates, the table's query and rows, the timeline per month, and one
 * organisation's endorsements. Pure functions: no I/O. What the overview page counts and lists comes from
 * the incremental read model (endorsementOverviewIndex.ts); the plain from-scratch definitions it is
 * tested against are in tests/helpers/endorsementReference.ts.
 * (The API's filtering and the audit export are in endorsementQueries.ts.)
 *
 * Version order: the caller passes the document's named versions newest first (as
 * `DocumentRepository.versions()` orders them, by tag time). A version that is not in that list (it
 * should not happen: only named versions can be endorsed) is ordered by its number, after the known ones.
 *
 * Dates: `besluit.datum` is the date the organisation decided (`YYYY-MM-DD`); endorsements from the
 * VNG members' letter have none. Where a date is needed for ordering or the timeline, the decision date
 * is used when known, else the day the endorsement was recorded in this service (`vastgelegd`).
 */
import { z } from 'zod';
import { compareText } from '../collections.js';
import { DECIDING_BODIES, DECIDING_BODY_LABEL, type DecidingBody, type EndorsementRecord, type EndorsementStatus } from '../domain/endorsementModel.js';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL, type OrganisationType } from '../domain/roles.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Compares version names by number (`1.10` after `1.9`); ties by text. */
export function compareVersionNames(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) break;
    if (x !== y) return x - y;
  }
  return compareText(a, b);
}

/**
 * A rank per version: 0 for the newest named version, higher for older ones. Unknown versions rank after
 * all known ones.
 */
export function versionRanker(versionsNewestFirst: readonly string[]): (versie: string) => number {
  const rank = new Map(versionsNewestFirst.map((v, i) => [v, i]));
  return (versie) => rank.get(versie) ?? versionsNewestFirst.length;
}

/** Orders version names newest first: known ones as the document orders them, unknown ones by number. */
export function newestFirst(versionsNewestFirst: readonly string[], names: Iterable<string>): string[] {
  const rankOf = versionRanker(versionsNewestFirst);
  return [...new Set(names)].sort((a, b) => rankOf(a) - rankOf(b) || compareVersionNames(b, a));
}

/** True when `a` is a newer version than `b` in the document's order. */
export function isNewerVersion(versionsNewestFirst: readonly string[], a: string, b: string): boolean {
  return newerThan(versionRanker(versionsNewestFirst))(a, b);
}

/** `isNewerVersion` with the ranking built once, for loops over many records. */
function newerThan(rankOf: ReturnType<typeof versionRanker>): (a: string, b: string) => boolean {
  return (a, b) => {
    const d = rankOf(a) - rankOf(b);
    return d !== 0 ? d < 0 : compareVersionNames(a, b) > 0;
  };
}

/**
 * The date of the endorsing decision (`YYYY-MM-DD`), or null when it is not known (the VNG letter names
 * no dates): such an endorsement has no place on the timeline, and is counted apart (`UndatedCounts`).
 */
export function decisionDay(r: EndorsementRecord): string | null {
  const datum = r.besluit.datum;
  return datum !== null && ISO_DATE.test(datum) ? datum : null;
}

/** Active endorsements without a decision date, and how many of them come from the VNG letter. */
export interface UndatedCounts {
  aantal: number;
  ledenbrief: number;
}

/** The decision date when known, else the day it was recorded here (`YYYY-MM-DD`): the table's sort key. */
export function effectiveDate(r: EndorsementRecord): string {
  const datum = r.besluit.datum;
  if (datum !== null && ISO_DATE.test(datum)) return datum;
  return r.vastgelegd.slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------
// Counts per version

export interface VersionCount {
  versie: string;
  /** Municipalities with an active endorsement of this version. */
  gemeenten: number;
  /** Other organisations (provinces, water boards, foreign cities, ...) with an active endorsement of it. */
  overige: number;
  totaal: number;
}

export interface EndorsementCounts {
  /** One entry per version that has at least one active endorsement, newest first. */
  perVersie: VersionCount[];
  /** Distinct municipalities with an active endorsement of any version. */
  gemeenten: number;
  /** Distinct other organisations with an active endorsement of any version. */
  overige: number;
  /** How many municipalities there are (the denominator, e.g. 342). */
  gemeentenTotaal: number;
}

/** Per organisation code, the newest version it actively endorses (organisations without one are absent). */
export function newestVersionPerOrganisation(
  records: readonly EndorsementRecord[],
  versionsNewestFirst: readonly string[],
): Map<string, string> {
  const newest = new Map<string, string>();
  const isNewer = newerThan(versionRanker(versionsNewestFirst));
  for (const r of records) {
    if (r.status !== 'actief') continue;
    const current = newest.get(r.organisatie.code);
    if (current === undefined || isNewer(r.versie, current)) newest.set(r.organisatie.code, r.versie);
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------------
// The table: filter and sort

export const SORT_KEYS = ['organisatie', 'type', 'versie', 'datum', 'orgaan', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const DIRECTIONS = ['oplopend', 'aflopend'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const STATUSES = ['actief', 'ingetrokken'] as const satisfies readonly EndorsementStatus[];

export const STATUS_LABEL: Record<EndorsementStatus, string> = { actief: 'Actief', ingetrokken: 'Ingetrokken' };

/** Empty values (an empty select or search field) count as absent. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const MAX_TABLE_SEARCH = 100;
/** Rows per page of the overview table (the whole selection is in the JSON and CSV open data). */
export const TABLE_PAGE_SIZE = 50;

/**
 * Query parameters of the overview table. Filters that are not valid are field errors (400); a sort
 * key or direction that is not known falls back to the default (they only come from our own links).
 */
export const endorsementTableQuerySchema = z.object({
  versie: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'Kies een versie uit de lijst.' })
      .regex(/^\d{1,4}\.\d{1,4}$/, { error: 'Kies een versie uit de lijst, bijvoorbeeld 1.0.' })
      .optional(),
  ),
  type: z.preprocess(emptyToUndefined, z.enum(ORGANISATION_TYPES, { error: 'Kies een type organisatie uit de lijst.' }).optional()),
  status: z.preprocess(emptyToUndefined, z.enum(STATUSES, { error: 'Kies als status actief of ingetrokken.' }).optional()),
  orgaan: z.preprocess(emptyToUndefined, z.enum(DECIDING_BODIES, { error: 'Kies een besluitvormend orgaan uit de lijst.' }).optional()),
  zoek: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'Een zoekterm is tekst.' })
      .trim()
      .max(MAX_TABLE_SEARCH, { error: `Een zoekterm is hoogstens ${MAX_TABLE_SEARCH} tekens.` })
      .optional(),
  ),
  sorteer: z.enum(SORT_KEYS).catch('organisatie').default('organisatie'),
  richting: z.enum(DIRECTIONS).catch('oplopend').default('oplopend'),
  /** The page of the table (1-based); like the sort, it only comes from our own links, so anything else is page 1. */
  pagina: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});
export type EndorsementTableQuery = z.infer<typeof endorsementTableQuerySchema>;

export interface EndorsementRow {
  id: string;
  organisatie: { code: string; naam: string; type: OrganisationType; typeLabel: string };
  versie: string;
  /** The decision date (`YYYY-MM-DD`) or null. */
  datum: string | null;
  /** True for endorsements taken from the VNG members' letter (shown as "bron: ledenbrief VNG"). */
  ledenbrief: boolean;
  /** The day it was recorded here (`YYYY-MM-DD`). */
  vastgelegd: string;
  orgaan: DecidingBody | null;
  orgaanLabel: string | null;
  status: EndorsementStatus;
  statusLabel: string;
  /** The withdrawal date (`YYYY-MM-DD`) when withdrawn. */
  ingetrokkenOp: string | null;
}

export function toRow(r: EndorsementRecord): EndorsementRow {
  return {
    id: r.id,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam, type: r.organisatie.type, typeLabel: ORGANISATION_TYPE_LABEL[r.organisatie.type] },
    versie: r.versie,
    datum: r.besluit.datum,
    ledenbrief: r.bron === 'ledenbrief',
    vastgelegd: r.vastgelegd.slice(0, 10),
    orgaan: r.besluit.orgaan,
    orgaanLabel: r.besluit.orgaan === null ? null : DECIDING_BODY_LABEL[r.besluit.orgaan],
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    ingetrokkenOp: r.intrekking?.tijdstip.slice(0, 10) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// The timeline

export interface TimelinePoint {
  /** `YYYY-MM-DD` */
  datum: string;
  /** Organisations with at least one active endorsement at the end of that day. */
  aantal: number;
  /** Of those, municipalities. */
  gemeenten: number;
  /** Endorsements that started on that day. */
  bij: number;
  /** Endorsements withdrawn on that day. */
  af: number;
}

/**
 * The timeline per month (`datum` is `YYYY-MM`): the counts at the month's last day with a change, the
 * endorsements started and withdrawn in it summed. Months without a change are absent.
 */
export function timelinePerMonth(points: readonly TimelinePoint[]): TimelinePoint[] {
  const months: TimelinePoint[] = [];
  let last: TimelinePoint | undefined;
  for (const p of points) {
    if (last !== undefined && p.datum.startsWith(last.datum)) {
      last.aantal = p.aantal;
      last.gemeenten = p.gemeenten;
      last.bij += p.bij;
      last.af += p.af;
    } else {
      last = { datum: p.datum.slice(0, 7), aantal: p.aantal, gemeenten: p.gemeenten, bij: p.bij, af: p.af };
      months.push(last);
    }
  }
  return months;
}

// ---------------------------------------------------------------------------------------------------
// One organisation

export interface OrganisationDocumentEndorsements {
  document: string;
  /** Every endorsement of this organisation for this document: newest version first, then newest recorded first. */
  items: EndorsementRecord[];
  /** The newest version it actively endorses, or null when none is active. */
  onderschreven: string | null;
  /** The document's newest named version (null when it has none). */
  nieuwste: string | null;
  /** True when its newest active endorsement is of an older version than the newest named one. */
  verouderd: boolean;
}

/**
 * An organisation's endorsements and withdrawals, per document (by slug), and whether it endorses an
 * older version than the document's newest named one.
 */
export function organisationEndorsements(
  records: readonly EndorsementRecord[],
  code: string,
  versionsOf: (document: string) => readonly string[],
): OrganisationDocumentEndorsements[] {
  const byDocument = new Map<string, EndorsementRecord[]>();
  for (const r of records) {
    if (r.organisatie.code !== code) continue;
    const list = byDocument.get(r.document) ?? [];
    list.push(r);
    byDocument.set(r.document, list);
  }
  return [...byDocument.keys()].sort(compareText).map((document) => {
    const versions = versionsOf(document);
    const rankOf = versionRanker(versions);
    const items = [...(byDocument.get(document) ?? [])].sort(
      (a, b) => rankOf(a.versie) - rankOf(b.versie) || compareVersionNames(b.versie, a.versie) || compareText(b.vastgelegd, a.vastgelegd),
    );
    const onderschreven = newestVersionPerOrganisation(items, versions).get(code) ?? null;
    const nieuwste = versions[0] ?? null;
    return {
      document,
      items,
      onderschreven,
      nieuwste,
      verouderd: onderschreven !== null && nieuwste !== null && isNewerVersion(versions, nieuwste, onderschreven),
    };
  });
}
