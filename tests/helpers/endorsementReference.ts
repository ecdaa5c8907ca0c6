/**
 * The reference implementation of the endorsements overview: plain functions over all endorsement
 * records of one document, computed from scratch. They define what the page shows; the service itself
 * uses the incremental read model (src/queries/endorsementOverviewIndex.ts), and the property test in
 * tests/queries/endorsementOverviewIndex.test.ts checks that it answers exactly as these do.
 */
import { compareText } from '../../src/collections.js';
import { DECIDING_BODY_LABEL, type EndorsementRecord } from '../../src/domain/endorsementModel.js';
import { ORGANISATION_TYPE_LABEL } from '../../src/domain/roles.js';
import {
  compareVersionNames,
  decisionDay,
  effectiveDate,
  newestFirst,
  STATUS_LABEL,
  toRow,
  versionRanker,
  type EndorsementCounts,
  type EndorsementRow,
  type EndorsementTableQuery,
  type SortKey,
  type TimelinePoint,
  type UndatedCounts,
} from '../../src/queries/endorsementOverviewQueries.js';
import { compactText, sortName } from '../../src/queries/organisationQueries.js';

const collator = new Intl.Collator('nl', { usage: 'sort' });

/** The endorsements of one document. */
export function ofDocument(records: readonly EndorsementRecord[], document: string): EndorsementRecord[] {
  return records.filter((r) => r.document === document);
}

/** How many municipalities and other organisations actively endorse each version (each organisation once per version). */
export function countsPerVersion(
  records: readonly EndorsementRecord[],
  versionsNewestFirst: readonly string[],
  gemeentenTotaal: number,
): EndorsementCounts {
  const perVersion = new Map<string, { gemeenten: Set<string>; overige: Set<string> }>();
  const allMunicipalities = new Set<string>();
  const allOthers = new Set<string>();
  for (const r of records) {
    if (r.status !== 'actief') continue;
    let entry = perVersion.get(r.versie);
    if (entry === undefined) {
      entry = { gemeenten: new Set(), overige: new Set() };
      perVersion.set(r.versie, entry);
    }
    if (r.organisatie.type === 'gemeente') {
      entry.gemeenten.add(r.organisatie.code);
      allMunicipalities.add(r.organisatie.code);
    } else {
      entry.overige.add(r.organisatie.code);
      allOthers.add(r.organisatie.code);
    }
  }
  const perVersie = newestFirst(versionsNewestFirst, perVersion.keys()).map((versie) => {
    const e = perVersion.get(versie);
    const gemeenten = e?.gemeenten.size ?? 0;
    const overige = e?.overige.size ?? 0;
    return { versie, gemeenten, overige, totaal: gemeenten + overige };
  });
  return { perVersie, gemeenten: allMunicipalities.size, overige: allOthers.size, gemeentenTotaal };
}

type Comparator = (a: EndorsementRecord, b: EndorsementRecord) => number;

function byName(a: EndorsementRecord, b: EndorsementRecord): number {
  return collator.compare(sortName(a.organisatie.naam), sortName(b.organisatie.naam)) || compareText(a.organisatie.code, b.organisatie.code);
}

function comparatorFor(key: SortKey, versionsNewestFirst: readonly string[]): Comparator {
  const rankOf = versionRanker(versionsNewestFirst);
  const bodyLabel = (r: EndorsementRecord) => (r.besluit.orgaan === null ? '' : DECIDING_BODY_LABEL[r.besluit.orgaan]);
  switch (key) {
    case 'organisatie':
      return byName;
    case 'type':
      return (a, b) => collator.compare(ORGANISATION_TYPE_LABEL[a.organisatie.type], ORGANISATION_TYPE_LABEL[b.organisatie.type]);
    case 'versie':
      // Ascending: the oldest version first.
      return (a, b) => rankOf(b.versie) - rankOf(a.versie) || compareVersionNames(a.versie, b.versie);
    case 'datum':
      return (a, b) => compareText(effectiveDate(a), effectiveDate(b));
    case 'orgaan':
      // Unknown bodies (empty label) sort first when ascending.
      return (a, b) => collator.compare(bodyLabel(a), bodyLabel(b));
    case 'status':
      return (a, b) => collator.compare(STATUS_LABEL[a.status], STATUS_LABEL[b.status]);
  }
}

/**
 * The rows of the overview table: filtered by version, type, status, deciding body and a name/code
 * search, sorted by one column (ties: by organisation name, then version newest first, then id), so the
 * order is total and stable. Withdrawn endorsements are included unless filtered out.
 */
export function endorsementTable(
  records: readonly EndorsementRecord[],
  query: Partial<EndorsementTableQuery>,
  versionsNewestFirst: readonly string[],
): EndorsementRow[] {
  const needle = query.zoek === undefined ? '' : compactText(query.zoek);
  const selected = records.filter(
    (r) =>
      (query.versie === undefined || r.versie === query.versie) &&
      (query.type === undefined || r.organisatie.type === query.type) &&
      (query.status === undefined || r.status === query.status) &&
      (query.orgaan === undefined || r.besluit.orgaan === query.orgaan) &&
      (needle === '' || compactText(r.organisatie.naam).includes(needle) || compactText(r.organisatie.code).includes(needle)),
  );
  const primary = comparatorFor(query.sorteer ?? 'organisatie', versionsNewestFirst);
  const sign = query.richting === 'aflopend' ? -1 : 1;
  const rankOf = versionRanker(versionsNewestFirst);
  const sorted = [...selected].sort((a, b) => sign * primary(a, b) || byName(a, b) || rankOf(a.versie) - rankOf(b.versie) || compareText(a.id, b.id));
  return sorted.map(toRow);
}

/** Active endorsements without a decision date (they are not on the timeline), and those from the VNG letter. */
export function undatedEndorsements(records: readonly EndorsementRecord[]): UndatedCounts {
  const undated = records.filter((r) => r.status === 'actief' && decisionDay(r) === null);
  return { aantal: undated.length, ledenbrief: undated.filter((r) => r.bron === 'ledenbrief').length };
}

/**
 * Cumulative count of organisations with an active endorsement (of any version), per day on which
 * something changed: an endorsement counts from its decision date until the day it was withdrawn;
 * one without a decision date is not on the timeline at all. An organisation that endorses two
 * versions counts once.
 */
export function endorsementTimeline(records: readonly EndorsementRecord[]): TimelinePoint[] {
  interface Event {
    datum: string;
    delta: 1 | -1;
    record: EndorsementRecord;
  }
  const events: Event[] = [];
  for (const r of records) {
    const start = decisionDay(r);
    if (start === null) continue;
    events.push({ datum: start, delta: 1, record: r });
    if (r.intrekking !== null) {
      const end = r.intrekking.tijdstip.slice(0, 10);
      events.push({ datum: end < start ? start : end, delta: -1, record: r });
    }
  }
  // Per day: additions before removals, so an endorsement started and withdrawn on one day nets zero.
  events.sort((a, b) => compareText(a.datum, b.datum) || b.delta - a.delta);
  const active = new Map<string, { count: number; municipality: boolean }>();
  const points: TimelinePoint[] = [];
  let i = 0;
  while (i < events.length) {
    const datum = events[i]?.datum ?? '';
    let bij = 0;
    let af = 0;
    for (; i < events.length && events[i]?.datum === datum; i += 1) {
      const e = events[i];
      if (e === undefined) continue;
      const code = e.record.organisatie.code;
      const entry = active.get(code) ?? { count: 0, municipality: e.record.organisatie.type === 'gemeente' };
      entry.count += e.delta;
      if (e.delta > 0) bij += 1;
      else af += 1;
      if (entry.count > 0) active.set(code, entry);
      else active.delete(code);
    }
    let gemeenten = 0;
    for (const v of active.values()) if (v.municipality) gemeenten += 1;
    points.push({ datum, aantal: active.size, gemeenten, bij, af });
  }
  return points;
}

