/**
 * The chart of endorsements over time on the endorsements page: an SVG step line of the cumulative
 * number of organisations with an active endorsement (the read model's timeline), with labelled axes,
 * drawn on the server. The SVG is `role="img"` named by its <title> and described by a Dutch text
 * summary (also shown under the chart); the page shows the data points as a table as well.
 */
import { timelinePerMonth, type TimelinePoint, type UndatedCounts } from '../queries/endorsementOverviewQueries.js';
import { memo } from '../collections.js';
import { escapeXml } from './endorsementMap.js';

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 24, bottom: 56, left: 64 };
const DAY_MS = 86_400_000;
const DATE_MEMO_SIZE = 20_000;
/** Up to this many data points, each gets a dot on the line and a row in the data table; more are shown per month. */
export const MAX_DOTS = 60;

const dayFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const monthFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'short', year: 'numeric' });

// The date helpers are memoised: the same few thousand days are formatted on every rendering of the
// endorsements page (Date.parse and Intl formatting were a third of the chart's time).
const toTime = memo((date: string): number => Date.parse(`${date}T00:00:00Z`), DATE_MEMO_SIZE);

/** `2025-11-28` -> `28 november 2025`. */
export const formatIsoDate = memo((date: string): string => {
  const t = toTime(date);
  return Number.isNaN(t) ? date : dayFormat.format(new Date(t));
}, DATE_MEMO_SIZE);

/** A round step (1, 2, 5 times a power of ten) that gives at most about five ticks up to `max`. */
function niceStep(max: number): number {
  const raw = Math.max(1, max / 5);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/** Tick dates: month starts in the range (thinned to at most six), or the data dates for a short range. */
function timeTicks(from: number, to: number, dataDates: readonly number[]): { t: number; label: string }[] {
  const months: number[] = [];
  const d = new Date(from);
  let cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() === 1 ? 0 : 1), 1);
  while (cursor <= to) {
    months.push(cursor);
    const c = new Date(cursor);
    cursor = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + 1, 1);
  }
  if (months.length >= 2) {
    const every = Math.ceil(months.length / 6);
    return months.filter((_, i) => i % every === 0).map((t) => ({ t, label: monthFormat.format(new Date(t)) }));
  }
  const unique = [...new Set(dataDates)];
  const every = Math.ceil(unique.length / 5);
  return unique.filter((_, i) => i % every === 0).map((t) => ({ t, label: shortDayFormat.format(new Date(t)) }));
}

export interface EndorsementChartInput {
  points: readonly TimelinePoint[];
  /** Active endorsements without a decision date: not on the line, named in the summary. */
  zonderDatum?: UndatedCounts;
  /** The last day on the time axis (`YYYY-MM-DD`, e.g. today); default the last data point. */
  until?: string;
  /** Ids for the title and the description (unique on the page). */
  titleId?: string;
  descId?: string;
}

export interface EndorsementChart {
  /** Null when there are no endorsements at all (then only the summary is shown). */
  svg: string | null;
  /** Dutch text summary of the chart. */
  samenvatting: string;
}

/** The sentence about endorsements without a date ("... zonder datum (8 uit de ledenbrief)"), or null. */
export function undatedSentence(u: UndatedCounts | undefined): string | null {
  if (u === undefined || u.aantal === 0) return null;
  const one = u.aantal === 1;
  const letter = u.ledenbrief > 0 ? ` (${u.ledenbrief} uit de ledenbrief)` : '';
  return `Daarnaast ${one ? 'is er 1 geldige onderschrijving' : `zijn er ${u.aantal} geldige onderschrijvingen`} zonder datum${letter}; ${one ? 'die staat' : 'die staan'} niet in de lijn, omdat de datum van het besluit niet bekend is.`;
}

/** The Dutch summary of a timeline (of the endorsements with a decision date) and of those without one. */
export function timelineSummary(points: readonly TimelinePoint[], zonderDatum?: UndatedCounts): string {
  const first = points[0];
  const last = points.at(-1);
  const undated = undatedSentence(zonderDatum);
  if (first === undefined || last === undefined) {
    return undated === null ? 'Er zijn nog geen onderschrijvingen.' : `Er zijn nog geen onderschrijvingen met een datum. ${undated}`;
  }
  const org = (n: number) => `${n} ${n === 1 ? 'organisatie' : 'organisaties'}`;
  const parts = [
    `De eerste onderschrijvingen zijn van ${formatIsoDate(first.datum)} (${org(first.aantal)}).`,
    `Op ${formatIsoDate(last.datum)} ${last.aantal === 1 ? 'had' : 'hadden'} ${org(last.aantal)} een geldige onderschrijving, van wie ${last.gemeenten} ${last.gemeenten === 1 ? 'gemeente' : 'gemeenten'}.`,
  ];
  const peak = points.reduce((best, p) => (p.aantal > best.aantal ? p : best), first);
  if (peak.aantal > last.aantal) parts.push(`Het hoogste aantal was ${org(peak.aantal)}, op ${formatIsoDate(peak.datum)}.`);
  const withdrawals = points.reduce((n, p) => n + p.af, 0);
  if (withdrawals > 0) parts.push(`${withdrawals} ${withdrawals === 1 ? 'onderschrijving is' : 'onderschrijvingen zijn'} ingetrokken.`);
  parts.push(`De lijn telt per dag de organisaties met een geldige onderschrijving, vanaf de datum van het besluit.`);
  if (undated !== null) parts.push(undated);
  return parts.join(' ');
}

/** The chart as SVG (a step line with points) and its summary. */
export function renderEndorsementChart(input: EndorsementChartInput): EndorsementChart {
  const samenvatting = timelineSummary(input.points, input.zonderDatum);
  const first = input.points[0];
  const last = input.points.at(-1);
  if (first === undefined || last === undefined) return { svg: null, samenvatting };
  const titleId = input.titleId ?? 'grafiek-titel';
  const descId = input.descId ?? 'grafiek-beschrijving';

  const dates = input.points.map((p) => toTime(p.datum));
  const until = input.until !== undefined && !Number.isNaN(toTime(input.until)) ? Math.max(toTime(input.until), toTime(last.datum)) : toTime(last.datum);
  // At least a month wide, so a single day still has room on both sides.
  let from = toTime(first.datum);
  let to = until;
  if (to - from < 30 * DAY_MS) {
    const pad = (30 * DAY_MS - (to - from)) / 2;
    from -= pad;
    to += pad;
  }
  const maxCount = Math.max(1, ...input.points.map((p) => p.aantal));
  const step = niceStep(maxCount);
  const yMax = Math.ceil(maxCount / step) * step;

  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + ((t - from) / (to - from)) * plotW;
  const y = (n: number) => MARGIN.top + plotH - (n / yMax) * plotH;
  const r1 = (n: number) => Math.round(n * 10) / 10;

  const grid: string[] = [];
  for (let v = 0; v <= yMax; v += step) {
    grid.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#c4c4c4" stroke-width="1"/>` +
        `<text x="${MARGIN.left - 8}" y="${r1(y(v))}" text-anchor="end" dominant-baseline="middle">${v}</text>`,
    );
  }
  for (const tick of timeTicks(from, to, dates)) {
    grid.push(
      `<line x1="${r1(x(tick.t))}" x2="${r1(x(tick.t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333333" stroke-width="1"/>` +
        `<text x="${r1(x(tick.t))}" y="${MARGIN.top + plotH + 20}" text-anchor="middle">${escapeXml(tick.label)}</text>`,
    );
  }

  // The step line: zero before the first endorsement, then level until the next change; the last level
  // runs to the end of the axis.
  const path: string[] = [`M${r1(x(from))},${r1(y(0))}H${r1(x(dates[0] ?? from))}`];
  let level = Number.NaN;
  input.points.forEach((p, i) => {
    // Only changes of level are drawn: a day on which the count stays the same adds no corner.
    if (p.aantal !== level) path.push(`V${r1(y(p.aantal))}`);
    level = p.aantal;
    const next = input.points[i + 1];
    if (next === undefined || next.aantal !== level) path.push(`H${r1(x(dates[i + 1] ?? to))}`);
  });
  const d = path.join('');
  // A dot per change while they can be told apart; beyond that the step line says it all.
  const dots = (input.points.length > MAX_DOTS ? [] : input.points)
    .map((p, i) => `<circle cx="${r1(x(dates[i] ?? from))}" cy="${r1(y(p.aantal))}" r="3.5" fill="#0b5cad" stroke="#ffffff" stroke-width="1"/>`)
    .join('');

  const svg =
    `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="${escapeXml(titleId)}" aria-describedby="${escapeXml(descId)}" focusable="false">` +
    `<title id="${escapeXml(titleId)}">Onderschrijvingen door de tijd: aantal organisaties met een geldige onderschrijving per datum</title>` +
    `<desc id="${escapeXml(descId)}">${escapeXml(samenvatting)}</desc>` +
    `<g class="app-chart-axes" font-size="12" fill="#333333">${grid.join('')}` +
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333333" stroke-width="1"/>` +
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333333" stroke-width="1"/>` +
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">Datum (besluit, of vastlegging als de besluitdatum onbekend is)</text>` +
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">Aantal organisaties</text></g>` +
    `<path d="${d}" fill="none" stroke="#0b5cad" stroke-width="2.5" stroke-linejoin="round"/>${dots}</svg>`;
  return { svg, samenvatting };
}

export interface ChartTableRow {
  /** `YYYY-MM-DD` for a day, `YYYY-MM` for a month. */
  datum: string;
  /** `28 november 2025` or `november 2025`. */
  label: string;
  /** Organisations with an active endorsement at the end of the day or month. */
  aantal: number;
  gemeenten: number;
  /** Endorsements that started in it. */
  bij: number;
  /** Endorsements withdrawn in it. */
  af: number;
}

const monthLongFormat = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', month: 'long', year: 'numeric' });
/** `2025-11` -> `november 2025`. */
const monthLabel = memo((month: string): string => {
  const t = toTime(`${month}-01`);
  return Number.isNaN(t) ? month : monthLongFormat.format(new Date(t));
}, DATE_MEMO_SIZE);

/**
 * The chart's data as a table: one row per day with a change, or, beyond MAX_DOTS days, one row per
 * month (the level at the end of the month, the starts and withdrawals summed), so the text
 * alternative stays readable at a thousand days.
 */
export function chartTable(points: readonly TimelinePoint[]): { perMaand: boolean; rows: ChartTableRow[] } {
  if (points.length <= MAX_DOTS) {
    return { perMaand: false, rows: points.map((p) => ({ datum: p.datum, label: formatIsoDate(p.datum), aantal: p.aantal, gemeenten: p.gemeenten, bij: p.bij, af: p.af })) };
  }
  return chartTableOfMonths(timelinePerMonth(points));
}

/** The data table from the timeline per month (`timelinePerMonth`, or the read model's `timelineByMonth`). */
export function chartTableOfMonths(months: readonly TimelinePoint[]): { perMaand: true; rows: ChartTableRow[] } {
  return { perMaand: true, rows: months.map((m) => ({ datum: m.datum, label: monthLabel(m.datum), aantal: m.aantal, gemeenten: m.gemeenten, bij: m.bij, af: m.af })) };
}
