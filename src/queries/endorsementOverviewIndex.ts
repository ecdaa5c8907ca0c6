/**
 * The endorsements overview as an incremental read model: per document, the counts per version, the
 * newest version each municipality endorses (the map), the timeline (the chart) and the table order are
 * kept up to date event by event, instead of being computed from all endorsements on every request.
 *
 * Why: at 20,000 endorsements, computing the page from scratch took ~360 ms after every change (sorting
 * and filtering every record, counting, building the timeline), and blocked concurrent writes for that
 * long (docs/benchmarks.md, "Endorsements"). Here an event costs O(log n) plus the work for one
 * organisation, and a request O(versions + months + rows shown) for the default view (O(days) only when
 * the chart changed), or O(n) for a filtered or re-sorted one (no comparison sort of all records).
 *
 * How it stays correct: it reads the reader's change feed (`EndorsementReader.changes()`: per event the
 * position created or replaced) from where it stopped, so it always answers for the reader's current
 * state; each answer equals what the reference implementation computes from scratch from `all()`
 * (`countsPerVersion`, `endorsementTimeline`, `endorsementTable` in tests/helpers/endorsementReference.ts;
 * `newestVersionPerOrganisation`, `timelinePerMonth` in endorsementOverviewQueries.ts).
 * A property test (tests/queries/endorsementOverviewIndex.test.ts) checks that over random histories.
 */
import { compareText, lowerBound, memo } from '../collections.js';
import { DECIDING_BODY_LABEL, type EndorsementRecord, type EndorsementReader } from '../domain/endorsementModel.js';
import { ORGANISATION_TYPE_LABEL } from '../domain/roles.js';
import {
  compareVersionNames,
  decisionDay,
  effectiveDate,
  newestFirst,
  STATUS_LABEL,
  versionRanker,
  type EndorsementCounts,
  type EndorsementTableQuery,
  type SortKey,
  type TimelinePoint,
  type UndatedCounts,
} from './endorsementOverviewQueries.js';
import { compactText, sortName } from './organisationQueries.js';

const collator = new Intl.Collator('nl', { usage: 'sort' });

/** The end day of a withdrawn dated endorsement's active period (never before its start), else null. */
function endDay(r: EndorsementRecord): string | null {
  const start = decisionDay(r);
  if (r.intrekking === null || start === null) return null;
  const end = r.intrekking.tijdstip.slice(0, 10);
  return end < start ? start : end;
}

/**
 * The days on which one organisation starts (+1) or stops (-1) having at least one active endorsement,
 * counted at the end of each day (starts before stops within a day, as endorsementTimeline does).
 */
function transitionsOf(records: Iterable<EndorsementRecord>): { datum: string; delta: 1 | -1 }[] {
  const perDay = new Map<string, number>();
  for (const r of records) {
    const start = decisionDay(r);
    if (start === null) continue;
    perDay.set(start, (perDay.get(start) ?? 0) + 1);
    const end = endDay(r);
    if (end !== null) perDay.set(end, (perDay.get(end) ?? 0) - 1);
  }
  const out: { datum: string; delta: 1 | -1 }[] = [];
  let count = 0;
  for (const datum of [...perDay.keys()].sort(compareText)) {
    const before = count > 0;
    count += perDay.get(datum) ?? 0;
    const after = count > 0;
    if (after !== before) out.push({ datum, delta: after ? 1 : -1 });
  }
  return out;
}

/** Adds `sign` to `key`'s count (absent is 0, and 0 is removed); true when the key came or went. */
function countIn(counts: Map<string, number>, key: string, sign: 1 | -1): boolean {
  const before = counts.get(key) ?? 0;
  const after = before + sign;
  if (after === 0) counts.delete(key);
  else counts.set(key, after);
  return (before > 0) !== (after > 0);
}

function sameTransitions(a: readonly { datum: string; delta: number }[], b: readonly { datum: string; delta: number }[]): boolean {
  return a.length === b.length && a.every((t, i) => t.datum === b[i]?.datum && t.delta === b[i]?.delta);
}

interface DayStats {
  bij: number;
  af: number;
  /** Change, on this day, of the number of organisations with an active endorsement. */
  aantal: number;
  /** The same for municipalities. */
  gemeenten: number;
  /** The month it is in (its figures are the sums of its days'). */
  month: MonthStats;
}

interface MonthStats {
  /** `YYYY-MM` */
  datum: string;
  bij: number;
  af: number;
  aantal: number;
  gemeenten: number;
  /** Days in it with a change (shown on the timeline). */
  shown: number;
}

interface OrganisationState {
  gemeente: boolean;
  /** Every endorsement of the organisation for this document (withdrawn ones too), by id. */
  records: Map<string, EndorsementRecord>;
  /** Its actively endorsed versions (with how many active endorsements of each). */
  active: Map<string, number>;
  transitions: { datum: string; delta: 1 | -1 }[];
}

/** One selection of the table: the records in display order and how many of them are withdrawn. */
export interface TableSelection {
  records: readonly EndorsementRecord[];
  withdrawn: number;
}

/** The overview's read model of one document (obtained from EndorsementOverviewIndex.of). */
export class DocumentEndorsements {
  /** Bumped by every change; answers that depend on it are cached per revision. */
  revision = 0;
  private chartRevisionValue = 0;
  /** Organisations whose active periods changed since the timeline was last brought up to date. */
  private readonly periodsDirty = new Set<OrganisationState>();
  private total = 0;
  private withdrawnTotal = 0;
  /**
   * Per version: its records, the organisations with an active endorsement of it (each once, with how
   * many such endorsements: the log allows one, the counts do not rely on that) and how many of those
   * are municipalities and other organisations.
   */
  private readonly perVersion = new Map<string, { gemeenten: number; overige: number; records: number; active: Map<string, number> }>();
  private readonly organisations = new Map<string, OrganisationState>();
  private activeMunicipalities = 0;
  private activeOthers = 0;
  /** Active endorsements without a decision date (not on the timeline). */
  private readonly undatedCounts: UndatedCounts = { aantal: 0, ledenbrief: 0 };

  private readonly dayStats = new Map<string, DayStats>();
  /** The days of dayStats, ascending, and their stats in the same order (the timeline walks these). */
  private readonly days: string[] = [];
  private readonly daysStats: DayStats[] = [];
  private timelineCache: { revision: number; points: TimelinePoint[] } | null = null;
  private monthsCache: { revision: number; months: TimelinePoint[] } | null = null;
  /** Per month, the sums of its days' figures; and the months ascending. */
  private readonly monthStats = new Map<string, MonthStats>();
  private readonly months: MonthStats[] = [];
  private shownDays = 0;

  /** All records in the default table order (organisation, then version newest first, then id), for `sortedFor`. */
  private sorted: EndorsementRecord[] | null = null;
  private sortedVersions = '';
  private sortedCompare: ((a: EndorsementRecord, b: EndorsementRecord) => number) | null = null;

  private newest = new Map<string, string>();
  private newestVersions: string | null = null;
  private readonly newestDirty = new Set<string>();
  /** Bumped whenever `newest` changes, so a rendered map can be reused while it stays the same. */
  private newestRevision = 0;

  /** Every endorsement of the document, withdrawn ones included. */
  get size(): number {
    return this.total;
  }

  /** How many of them are withdrawn. */
  get withdrawn(): number {
    return this.withdrawnTotal;
  }

  /** Version names that have at least one endorsement (active or withdrawn). */
  endorsedVersions(): string[] {
    return [...this.perVersion].filter(([, v]) => v.records > 0).map(([name]) => name);
  }

  add(r: EndorsementRecord): void {
    this.change(r, 1);
  }

  remove(r: EndorsementRecord): void {
    this.change(r, -1);
  }

  private change(r: EndorsementRecord, sign: 1 | -1): void {
    this.revision += 1;
    this.total += sign;
    const active = r.status === 'actief';
    if (!active) this.withdrawnTotal += sign;
    const gemeente = r.organisatie.type === 'gemeente';
    const code = r.organisatie.code;

    // Counts per version.
    let v = this.perVersion.get(r.versie);
    if (v === undefined) {
      v = { gemeenten: 0, overige: 0, records: 0, active: new Map() };
      this.perVersion.set(r.versie, v);
    }
    v.records += sign;
    if (active) {
      if (countIn(v.active, code, sign)) {
        if (gemeente) v.gemeenten += sign;
        else v.overige += sign;
      }
    }

    // The organisation: its active versions (distinct counts, newest version) and its active periods (timeline).
    let org = this.organisations.get(code);
    if (org === undefined) {
      org = { gemeente, records: new Map(), active: new Map(), transitions: [] };
      this.organisations.set(code, org);
    }
    const wasActive = org.active.size > 0;
    if (active) {
      countIn(org.active, r.versie, sign);
      this.newestDirty.add(code);
    }
    const isActive = org.active.size > 0;
    if (wasActive !== isActive) {
      const d = isActive ? 1 : -1;
      if (org.gemeente) this.activeMunicipalities += d;
      else this.activeOthers += d;
    }
    if (sign > 0) org.records.set(r.id, r);
    else org.records.delete(r.id);
    // Its active periods are recomputed once per read, not per event (a start reads 20,000 events).
    this.periodsDirty.add(org);

    // Started and withdrawn per day (a day is shown while something started or was withdrawn on it);
    // an endorsement without a decision date is counted apart (the chart's summary names them).
    const start = decisionDay(r);
    if (start === null) {
      if (active) {
        this.undatedCounts.aantal += sign;
        if (r.bron === 'ledenbrief') this.undatedCounts.ledenbrief += sign;
        this.chartRevisionValue += 1;
      }
    } else {
      this.countOnDay(start, 'bij', sign);
      const end = endDay(r);
      if (end !== null) {
        this.countOnDay(end, 'af', sign);
        // The chart's summary counts the withdrawals.
        this.chartRevisionValue += 1;
      }
    }

    // The default table order, when it has been built.
    if (this.sorted !== null && this.sortedCompare !== null) {
      const i = lowerBound(this.sorted, r, this.sortedCompare);
      if (sign > 0) this.sorted.splice(i, 0, r);
      else if (this.sorted[i] === r) this.sorted.splice(i, 1);
      else this.sorted = null; // not where it should be: rebuild at the next read
    }
  }

  /** Adds to a day's started or withdrawn count; a day that appears or disappears changes the chart. */
  private countOnDay(datum: string, field: 'bij' | 'af', sign: 1 | -1): void {
    const day = this.day(datum);
    const shown = day.bij > 0 || day.af > 0;
    day[field] += sign;
    day.month[field] += sign;
    if (shown !== (day.bij > 0 || day.af > 0)) {
      this.shownDays += shown ? -1 : 1;
      day.month.shown += shown ? -1 : 1;
      this.chartRevisionValue += 1;
    }
  }

  /** As undatedEndorsements: active endorsements without a decision date (a copy). */
  undated(): UndatedCounts {
    return { ...this.undatedCounts };
  }

  /** Days with a change (the timeline's points). */
  get timelineLength(): number {
    return this.shownDays;
  }

  /**
   * As timelinePerMonth(timeline()), without a point object per day: at 20,000 endorsements over three
   * years the page shows 36 months of 1,000 days, and only this is needed unless the chart changed.
   */
  timelineByMonth(): TimelinePoint[] {
    if (this.monthsCache?.revision === this.revision) return this.monthsCache.months;
    this.updatePeriods();
    // Changes of the counts happen only on days with a change, so the level at a month's end is the sum
    // of the months' changes up to it.
    const months: TimelinePoint[] = [];
    let aantal = 0;
    let gemeenten = 0;
    for (const m of this.months) {
      aantal += m.aantal;
      gemeenten += m.gemeenten;
      if (m.shown > 0) months.push({ datum: m.datum, aantal, gemeenten, bij: m.bij, af: m.af });
    }
    this.monthsCache = { revision: this.revision, months };
    return months;
  }

  /**
   * Bumped when what the chart draws may have changed: the days shown, the number of organisations
   * (and municipalities) with an active endorsement on any of them, or the number withdrawn. An
   * endorsement by an organisation that was already counted on its day leaves the chart as it was.
   */
  get chartRevision(): number {
    this.updatePeriods();
    return this.chartRevisionValue;
  }

  /** Recomputes the active periods of the organisations that changed, and their share of the timeline. */
  private updatePeriods(): void {
    for (const org of this.periodsDirty) {
      const next = transitionsOf(org.records.values());
      if (sameTransitions(org.transitions, next)) continue;
      this.applyTransitions(org, -1);
      org.transitions = next;
      this.applyTransitions(org, 1);
      this.chartRevisionValue += 1;
    }
    this.periodsDirty.clear();
  }

  private applyTransitions(org: OrganisationState, sign: 1 | -1): void {
    for (const t of org.transitions) {
      const s = this.day(t.datum);
      s.aantal += sign * t.delta;
      s.month.aantal += sign * t.delta;
      if (org.gemeente) {
        s.gemeenten += sign * t.delta;
        s.month.gemeenten += sign * t.delta;
      }
    }
  }

  private day(datum: string): DayStats {
    let s = this.dayStats.get(datum);
    if (s === undefined) {
      const monthName = datum.slice(0, 7);
      let month = this.monthStats.get(monthName);
      if (month === undefined) {
        month = { datum: monthName, bij: 0, af: 0, aantal: 0, gemeenten: 0, shown: 0 };
        this.monthStats.set(monthName, month);
        this.months.splice(lowerBound(this.months, month, (a, b) => compareText(a.datum, b.datum)), 0, month);
      }
      s = { bij: 0, af: 0, aantal: 0, gemeenten: 0, month };
      this.dayStats.set(datum, s);
      const at = lowerBound(this.days, datum, compareText);
      this.days.splice(at, 0, datum);
      this.daysStats.splice(at, 0, s);
    }
    return s;
  }

  /** As countsPerVersion: active endorsements per version (newest first) and distinct organisations. */
  counts(versionsNewestFirst: readonly string[], gemeentenTotaal: number): EndorsementCounts {
    const withActive = [...this.perVersion].filter(([, c]) => c.gemeenten + c.overige > 0).map(([name]) => name);
    const perVersie = newestFirst(versionsNewestFirst, withActive).map((versie) => {
      const c = this.perVersion.get(versie);
      const gemeenten = c?.gemeenten ?? 0;
      const overige = c?.overige ?? 0;
      return { versie, gemeenten, overige, totaal: gemeenten + overige };
    });
    return { perVersie, gemeenten: this.activeMunicipalities, overige: this.activeOthers, gemeentenTotaal };
  }

  /**
   * As newestVersionPerOrganisation over the municipalities' endorsements: per municipality the newest
   * version it actively endorses. `revision` changes exactly when the map's content may have changed.
   */
  newestPerMunicipality(versionsNewestFirst: readonly string[]): { newest: ReadonlyMap<string, string>; revision: number } {
    const key = versionsNewestFirst.join('\n');
    const dirty = this.newestVersions === key ? [...this.newestDirty] : [...this.organisations.keys()];
    if (this.newestVersions !== key) this.newest = new Map();
    const rankOf = versionRanker(versionsNewestFirst);
    let changed = this.newestVersions !== key;
    for (const code of dirty) {
      const org = this.organisations.get(code);
      let best: string | undefined;
      if (org !== undefined && org.gemeente) {
        for (const versie of org.active.keys()) {
          if (best === undefined) best = versie;
          else {
            const d = rankOf(versie) - rankOf(best);
            if (d < 0 || (d === 0 && compareVersionNames(versie, best) > 0)) best = versie;
          }
        }
      }
      if (this.newest.get(code) !== best) {
        changed = true;
        if (best === undefined) this.newest.delete(code);
        else this.newest.set(code, best);
      }
    }
    this.newestDirty.clear();
    this.newestVersions = key;
    if (changed) this.newestRevision += 1;
    return { newest: this.newest, revision: this.newestRevision };
  }

  /** As endorsementTimeline: per day with an event, the organisations with an active endorsement at its end. */
  timeline(): TimelinePoint[] {
    if (this.timelineCache?.revision === this.revision) return this.timelineCache.points;
    this.updatePeriods();
    const points: TimelinePoint[] = [];
    let aantal = 0;
    let gemeenten = 0;
    for (let i = 0; i < this.days.length; i += 1) {
      const datum = this.days[i] as string;
      const s = this.daysStats[i] as DayStats;
      aantal += s.aantal;
      gemeenten += s.gemeenten;
      if (s.bij > 0 || s.af > 0) points.push({ datum, aantal, gemeenten, bij: s.bij, af: s.af });
    }
    this.timelineCache = { revision: this.revision, points };
    return points;
  }

  /** All records in the default order (organisation ascending; then version newest first; then id). */
  private sortedFor(versionsNewestFirst: readonly string[]): EndorsementRecord[] {
    const key = versionsNewestFirst.join('\n');
    if (this.sorted !== null && this.sortedVersions === key) return this.sorted;
    const rankOf = versionRanker(versionsNewestFirst);
    const compare = (a: EndorsementRecord, b: EndorsementRecord) =>
      collator.compare(sortNameOf(a.organisatie.naam), sortNameOf(b.organisatie.naam)) ||
      compareText(a.organisatie.code, b.organisatie.code) ||
      rankOf(a.versie) - rankOf(b.versie) ||
      compareText(a.id, b.id);
    // Rank each distinct (name, code) once with the collator, then sort all records by numbers.
    const names = new Map<string, { naam: string; code: string; rank: number }>();
    const nameKey = (r: EndorsementRecord) => `${r.organisatie.code}\n${r.organisatie.naam}`;
    for (const org of this.organisations.values()) {
      for (const r of org.records.values()) {
        const k = nameKey(r);
        if (!names.has(k)) names.set(k, { naam: sortNameOf(r.organisatie.naam), code: r.organisatie.code, rank: 0 });
      }
    }
    [...names.values()]
      .sort((a, b) => collator.compare(a.naam, b.naam) || compareText(a.code, b.code))
      .forEach((n, i) => {
        n.rank = i;
      });
    const all: { r: EndorsementRecord; name: number; version: number }[] = [];
    for (const org of this.organisations.values()) {
      for (const r of org.records.values()) all.push({ r, name: names.get(nameKey(r))?.rank ?? 0, version: rankOf(r.versie) });
    }
    all.sort((a, b) => a.name - b.name || a.version - b.version || compareText(a.r.id, b.r.id));
    this.sorted = all.map((x) => x.r);
    this.sortedVersions = key;
    this.sortedCompare = compare;
    return this.sorted;
  }

  /**
   * As endorsementTable (without turning records into rows): the records selected by the query's
   * filters, in its order. The default view is the kept order itself; another column is a stable
   * grouping of that order by the column's value, so ties keep the default order, as the pure
   * function's tie-breaks do.
   */
  table(query: Partial<EndorsementTableQuery>, versionsNewestFirst: readonly string[]): TableSelection {
    const sorted = this.sortedFor(versionsNewestFirst);
    const filtered =
      query.versie !== undefined || query.type !== undefined || query.status !== undefined || query.orgaan !== undefined || query.zoek !== undefined;
    let selected: readonly EndorsementRecord[] = sorted;
    let withdrawn = this.withdrawnTotal;
    if (filtered) {
      const needle = query.zoek === undefined ? '' : compactText(query.zoek);
      const out: EndorsementRecord[] = [];
      withdrawn = 0;
      for (const r of sorted) {
        if (query.versie !== undefined && r.versie !== query.versie) continue;
        if (query.type !== undefined && r.organisatie.type !== query.type) continue;
        if (query.status !== undefined && r.status !== query.status) continue;
        if (query.orgaan !== undefined && r.besluit.orgaan !== query.orgaan) continue;
        if (needle !== '' && !compactCached(r.organisatie.naam).includes(needle) && !compactCached(r.organisatie.code).includes(needle)) continue;
        out.push(r);
        if (r.status === 'ingetrokken') withdrawn += 1;
      }
      selected = out;
    }
    const sorteer = query.sorteer ?? 'organisatie';
    const descending = query.richting === 'aflopend';
    if (sorteer === 'organisatie' && !descending) return { records: selected, withdrawn };
    return { records: groupBy(selected, sorteer, descending, versionsNewestFirst), withdrawn };
  }
}

/** sortName, kept: an insertion into the kept order compares a few hundred names over and over. */
const sortNameOf = memo(sortName, 10_000);

/** compactText, kept: the same few hundred names are compared on every search. */
const compactCached = memo(compactText, 10_000);

/** Per sort key: the value a record is grouped by, and the order of those values (ascending). */
function columnOf(key: Exclude<SortKey, 'organisatie'>, versionsNewestFirst: readonly string[]) {
  const rankOf = versionRanker(versionsNewestFirst);
  const bodyLabel = (r: EndorsementRecord) => (r.besluit.orgaan === null ? '' : DECIDING_BODY_LABEL[r.besluit.orgaan]);
  switch (key) {
    case 'type':
      return { value: (r: EndorsementRecord) => ORGANISATION_TYPE_LABEL[r.organisatie.type], compare: (a: string, b: string) => collator.compare(a, b) };
    case 'versie':
      // Ascending: the oldest version first.
      return { value: (r: EndorsementRecord) => r.versie, compare: (a: string, b: string) => rankOf(b) - rankOf(a) || compareVersionNames(a, b) };
    case 'datum':
      return { value: effectiveDate, compare: compareText };
    case 'orgaan':
      return { value: bodyLabel, compare: (a: string, b: string) => collator.compare(a, b) };
    case 'status':
      return { value: (r: EndorsementRecord) => STATUS_LABEL[r.status], compare: (a: string, b: string) => collator.compare(a, b) };
  }
}

/** Stable grouping of `records` (in the default order) by a column's value, ascending or descending. */
function groupBy(records: readonly EndorsementRecord[], key: SortKey, descending: boolean, versionsNewestFirst: readonly string[]): EndorsementRecord[] {
  const column = key === 'organisatie' ? null : columnOf(key, versionsNewestFirst);
  const valueOf = column?.value ?? ((r: EndorsementRecord) => `${r.organisatie.code}\n${r.organisatie.naam}`);
  const groups = new Map<string, EndorsementRecord[]>();
  for (const r of records) {
    const k = valueOf(r);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [r]);
    else g.push(r);
  }
  // The default order has each organisation's records together, organisations ascending: for that
  // column the groups are in order already.
  const order = [...groups.keys()];
  if (column !== null) order.sort((a, b) => column.compare(a, b));
  if (descending) order.reverse();
  const out: EndorsementRecord[] = [];
  for (const k of order) for (const r of groups.get(k) ?? []) out.push(r);
  return out;
}

/** The overview read model over one reader, for every document; brought up to date on each read. */
export class EndorsementOverviewIndex {
  private seen = 0;
  /** Per position in the reader's `all()`, the record as this index last applied it. */
  private readonly applied: (EndorsementRecord | undefined)[] = [];
  private readonly documents = new Map<string, DocumentEndorsements>();

  constructor(private readonly reader: EndorsementReader) {}

  /** The reader's revision this index reflects after catching up (the number of events seen). */
  get revision(): number {
    this.catchUp();
    return this.seen;
  }

  /** The index of one document, up to date with the reader. */
  of(document: string): DocumentEndorsements {
    this.catchUp();
    return this.document(document);
  }

  private document(slug: string): DocumentEndorsements {
    let d = this.documents.get(slug);
    if (d === undefined) {
      d = new DocumentEndorsements();
      this.documents.set(slug, d);
    }
    return d;
  }

  private catchUp(): void {
    const changes = this.reader.changes();
    if (this.seen === changes.length) return;
    const all = this.reader.all();
    for (let i = this.seen; i < changes.length; i += 1) {
      const position = changes[i];
      if (position === undefined) continue;
      const next = all[position];
      const previous = this.applied[position];
      // An earlier change in this catch-up may have applied the record's final state already.
      if (next === undefined || previous === next) continue;
      if (previous !== undefined) this.document(previous.document).remove(previous);
      this.document(next.document).add(next);
      this.applied[position] = next;
    }
    this.seen = changes.length;
  }
}
