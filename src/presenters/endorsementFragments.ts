/**
 * Parts of the endorsements overview page that are rendered once per content and then reused: the rows
 * of the endorsements table, of the counts per version and of the chart's data table, and the options
 * of the filter's selects. One endorsement changes one count, one month of the chart and one row of the
 * table, so the first rendering after a change renders those few rows and joins the rest (at 20,000
 * endorsements and 68 versions, rendering every row again was half of that request's time;
 * docs/endorsements-overview.md, "Speed").
 *
 * The markup stays in EJS partials (views/partials/endorsement-*.ejs, select-options.ejs), compiled once
 * per process; every text goes through `<%= %>`, so it is escaped as everywhere else.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { LruCache } from '../collections.js';
import { PROJECT_ROOT } from '../config.js';
import type { EndorsementRecord } from '../domain/endorsementModel.js';
import { toRow, type VersionCount } from '../queries/endorsementOverviewQueries.js';
import { formatIsoDate, type ChartTableRow } from './endorsementChart.js';

type Template = (data: object) => string;
const templates = new Map<string, Template>();

/** A partial from views/partials, compiled on first use. */
function partial(name: string): Template {
  let t = templates.get(name);
  if (t === undefined) {
    const filename = path.join(PROJECT_ROOT, 'views', 'partials', `${name}.ejs`);
    t = ejs.compile(fs.readFileSync(filename, 'utf8'), { filename }) as Template;
    templates.set(name, t);
  }
  return t;
}

/** Rows as UTF-8 bytes, to be spliced into the page (PageAssembly), by a key that names everything they show. */
const rowFragments = new LruCache<string, Buffer>(20_000);
const optionFragments = new LruCache<string, string>(1_000);
const rows = new WeakMap<EndorsementRecord, Buffer>();

/**
 * The table row of one endorsement, as UTF-8. A row depends only on its record, and records are
 * immutable (a withdrawal replaces the record with a new object), so it is kept with the record (WeakMap).
 */
export function endorsementRow(record: EndorsementRecord): Buffer {
  let bytes = rows.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(partial('endorsement-row')({ row: toRow(record), slug: record.document, encode: encodeURIComponent, formatIsoDate }), 'utf8');
    rows.set(record, bytes);
  }
  return bytes;
}

/** A row of the counts per version, as UTF-8. */
export function countRow(slug: string, c: VersionCount, latest: string | null): Buffer {
  // Version names are digits and dots, slugs have no `|`: the key names the row without ambiguity.
  const key = `count|${slug}|${c.versie}|${c.gemeenten}|${c.overige}|${c.totaal}|${c.versie === latest ? 1 : 0}`;
  return rowFragments.getOrSet(key, () => Buffer.from(partial('endorsement-count-row')({ c, slug, latest, encode: encodeURIComponent }), 'utf8'));
}

/** A row of the chart's data table, as UTF-8. */
export function chartRow(p: ChartTableRow): Buffer {
  const key = `chart|${p.datum}|${p.label}|${p.aantal}|${p.gemeenten}|${p.bij}|${p.af}`;
  return rowFragments.getOrSet(key, () => Buffer.from(partial('endorsement-chart-row')({ p }), 'utf8'));
}

/** The options of a select, with `selected` marked. */
export function selectOptionsHtml(options: readonly { value: string; label: string }[], selected: string): string {
  // `selected` comes from the query, so it is JSON-quoted (no raw NUL); the options are ours (version
  // names and fixed labels, no NUL), so NUL separates them.
  let key = `options\u0000${JSON.stringify(selected)}`;
  for (const o of options) key += `\u0000${o.value}\u0000${o.label}`;
  return optionFragments.getOrSet(key, () => partial('select-options')({ options, selected }));
}
