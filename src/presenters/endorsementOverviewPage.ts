/**
 * The public overview of a document's endorsements (`/documenten/{document}/onderschrijvingen`):
 * counts per version (municipalities of all municipalities, and other organisations), a map of the
 * Netherlands (server-side SVG), a sortable and filterable table of 50 rows per page (GET links and a
 * GET form: no JavaScript needed) that is also the map's text alternative and keyboard route, a chart of
 * endorsements over time, and links to the open data.
 *
 * Long-lived, so it is made once, in createApp, and handed to the router: it reads the incremental
 * read model of the endorsements (EndorsementOverviewIndex; counts, the newest version per municipality,
 * the timeline and the table order are kept up to date per event), keeps the rendered map and chart of
 * the last state seen, and the few most recent pages for visitors who are not signed in. So the first
 * request after a change costs about what the rows shown cost, not a pass over all endorsements, and a
 * repeated one little more than sending the bytes (docs/endorsements-overview.md, "Speed").
 */
import { LruCache } from '../collections.js';
import { DECIDING_BODIES, DECIDING_BODY_LABEL } from '../domain/endorsementModel.js';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL } from '../domain/roles.js';
import { overviewSource, type OverviewSource } from '../queries/endorsementQueries.js';
import type { EndorsementOverviewIndex } from '../queries/endorsementOverviewIndex.js';
import {
  endorsementTableQuerySchema,
  newestFirst,
  SORT_KEYS,
  STATUS_LABEL,
  STATUSES,
  TABLE_PAGE_SIZE,
  type EndorsementTableQuery,
  type SortKey,
} from '../queries/endorsementOverviewQueries.js';
import { fieldErrors } from '../validation.js';
import { chartTable, chartTableOfMonths, formatIsoDate, MAX_DOTS, renderEndorsementChart, type EndorsementChart } from './endorsementChart.js';
import { chartRow, countRow, endorsementRow, selectOptionsHtml } from './endorsementFragments.js';
import { renderEndorsementMap, type EndorsementMap } from './endorsementMap.js';
import { PageAssembly } from './pageAssembly.js';

export const SORT_LABEL: Record<SortKey, string> = {
  organisatie: 'Organisatie',
  type: 'Type',
  versie: 'Versie',
  datum: 'Datum besluit',
  orgaan: 'Besluitvormend orgaan',
  status: 'Status',
};

const FILTER_KEYS = ['versie', 'type', 'status', 'orgaan', 'zoek'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The overview's URL for a query: only parameters that are set and differ from the defaults. */
export function overviewUrl(slug: string, q: Partial<Record<FilterKey | 'sorteer' | 'richting', string | undefined>>): string {
  const search = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = q[k];
    if (v !== undefined && v !== '') search.set(k, v);
  }
  if (q.sorteer !== undefined && q.sorteer !== 'organisatie') search.set('sorteer', q.sorteer);
  if (q.richting !== undefined && q.richting !== 'oplopend') search.set('richting', q.richting);
  const qs = search.toString();
  return `/documenten/${encodeURIComponent(slug)}/onderschrijvingen${qs === '' ? '' : `?${qs}`}`;
}

/** Per column: the link that sorts by it (toggling the direction of the current column) and its aria-sort. */
function sortColumns(slug: string, q: EndorsementTableQuery) {
  return SORT_KEYS.map((key) => {
    const current = q.sorteer === key;
    const richting = current && q.richting === 'oplopend' ? 'aflopend' : 'oplopend';
    return {
      key,
      label: SORT_LABEL[key],
      url: overviewUrl(slug, { ...filtersOf(q), sorteer: key, richting }),
      ariaSort: current ? (q.richting === 'oplopend' ? 'ascending' : 'descending') : null,
      volgende: richting,
    };
  });
}

function filtersOf(q: Partial<EndorsementTableQuery>): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const k of FILTER_KEYS) {
    const v = q[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Rendered pages for visitors who are not signed in (their page is the same for everyone: the header
 * shows no account), per state and query; the few most recent ones are kept. The benchmark compares this
 * page with serving the same bytes from memory, and a hit costs little more than that.
 */
const PAGE_CACHE_SIZE = 16;

const TYPE_OPTIONS = ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] }));
const STATUS_OPTIONS = STATUSES.map((value) => ({ value, label: STATUS_LABEL[value] }));
const BODY_OPTIONS = DECIDING_BODIES.map((value) => ({ value, label: DECIDING_BODY_LABEL[value] }));

/** The page's links for one page of the table (the first page has no `pagina` parameter). */
function pageLinks(slug: string, q: EndorsementTableQuery, page: number, pages: number) {
  const at = (pagina: number) => {
    const url = overviewUrl(slug, { ...filtersOf(q), sorteer: q.sorteer, richting: q.richting });
    return pagina === 1 ? url : `${url}${url.includes('?') ? '&' : '?'}pagina=${pagina}`;
  };
  return {
    firstUrl: page > 2 ? at(1) : null,
    prevUrl: page > 1 ? at(page - 1) : null,
    nextUrl: page < pages ? at(page + 1) : null,
    lastUrl: page < pages - 1 ? at(pages) : null,
  };
}

/** What the router does with a request: send kept bytes, or render `locals` and splice the kept parts in. */
export type OverviewResponse =
  | { kind: 'kept'; cacheKey: string; body: Buffer }
  | {
      kind: 'render';
      status: 200 | 400;
      locals: Record<string, unknown>;
      /** The key the rendered page is kept under (valid queries of anonymous visitors), else null. */
      cacheKey: string | null;
      /** Splices the big parts (map, chart, rows) into the rendered HTML: the page's bytes. */
      assemble: (html: string) => Buffer;
      /** The state the page shows, to drop pages of older states when this one is kept. */
      state: string;
      slug: string;
    };

export class EndorsementOverviewPage {
  private readonly cache = new LruCache<string, Buffer>(PAGE_CACHE_SIZE);
  // The rendered map (about 170 kB of SVG, two thirds of the page, as UTF-8 pieces) for the last state
  // seen: built again only when a municipality's newest endorsed version, the versions or the register's
  // names change, and then only the shapes that changed (renderEndorsementMap).
  private lastMap: { slug: string; revision: number; names: ReadonlyMap<string, string>; map: EndorsementMap } | undefined;
  // The chart for the last state seen: drawn again only when what it shows changes (chartRevision).
  private lastChart: { slug: string; revision: number; until: string; chart: EndorsementChart; svg: Buffer | null } | undefined;

  constructor(
    private readonly stores: Parameters<typeof overviewSource>[0],
    private readonly index: EndorsementOverviewIndex,
  ) {}

  /** The overview of document `slug` for `query` (404 for an unknown document). */
  respond(slug: string, query: Record<string, unknown>, anonymous: boolean): OverviewResponse {
    const source = overviewSource(this.stores, this.index, slug);
    const parsed = endorsementTableQuerySchema.safeParse(query);
    // What the page shows depends on: the endorsements (the index's revision counts every event), the
    // document's versions, the register's names and the day (the chart's time axis ends today).
    const state = `${source.slug}|${source.revision}|${source.versionTags}|${source.registerId}|${today()}`;
    // Only valid queries are cached (an invalid one is answered with 400 and its own text).
    const cacheKey = anonymous && parsed.success ? `${state}|${JSON.stringify(parsed.data)}` : null;
    const hit = cacheKey === null ? undefined : this.cache.get(cacheKey);
    if (cacheKey !== null && hit !== undefined) return { kind: 'kept', cacheKey, body: hit };

    const slots = new PageAssembly();
    const model = this.model(source, query, slots);
    const assemble = (html: string) => slots.assemble(html);
    if (!parsed.success) {
      return { kind: 'render', status: 400, locals: { ...model, errors: fieldErrors(parsed.error), table: null }, cacheKey: null, assemble, state, slug: source.slug };
    }
    const locals = { ...model, ...this.table(source, parsed.data, model.form, slots) };
    return { kind: 'render', status: 200, locals, cacheKey, assemble, state, slug: source.slug };
  }

  /** Keeps the bytes of a rendered page for the next anonymous visitor asking the same (see respond). */
  keep(response: Extract<OverviewResponse, { kind: 'render' }>, body: Buffer): void {
    if (response.cacheKey === null) return;
    // Pages of the document's other states can never be served again.
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${response.slug}|`) && !key.startsWith(`${response.state}|`)) this.cache.delete(key);
    this.cache.set(response.cacheKey, body);
  }

  /** Everything but the table: counts, map, chart, the filter form and its options, the links. */
  private model(source: OverviewSource, query: Record<string, unknown>, slots: PageAssembly) {
    const { slug, versions, endorsements, register } = source;
    const counts = endorsements.counts(versions, register.municipalities);
    const newest = endorsements.newestPerMunicipality(versions);
    const lastMap = this.lastMap;
    const map =
      lastMap !== undefined && lastMap.slug === slug && lastMap.revision === newest.revision && lastMap.names === register.names
        ? lastMap
        : { slug, revision: newest.revision, names: register.names, map: renderEndorsementMap({ newestByCode: newest.newest, versionsNewestFirst: versions, names: register.names, describedBy: 'kaart-uitleg' }) };
    this.lastMap = map;
    const until = today();
    const lastChart = this.lastChart;
    let chart = lastChart;
    if (chart === undefined || chart.slug !== slug || chart.revision !== endorsements.chartRevision || chart.until !== until) {
      const drawn = renderEndorsementChart({ points: endorsements.timeline(), zonderDatum: endorsements.undated(), until });
      chart = { slug, revision: endorsements.chartRevision, until, chart: drawn, svg: drawn.svg === null ? null : Buffer.from(drawn.svg, 'utf8') };
    }
    this.lastChart = chart;
    // Per day while there are few days, else per month (without building the per-day timeline).
    const chartData = endorsements.timelineLength <= MAX_DOTS ? chartTable(endorsements.timeline()) : chartTableOfMonths(endorsements.timelineByMonth());
    const form = Object.fromEntries(FILTER_KEYS.map((k) => [k, text(query[k])])) as Record<FilterKey, string>;
    const versionOptions = newestFirst(versions, [...versions, ...endorsements.endorsedVersions()]);
    const latest = versions[0] ?? null;
    return {
      title: 'Onderschrijvingen',
      slug,
      latest,
      counts,
      chart: { samenvatting: chart.chart.samenvatting, svg: chart.svg === null ? null : slots.slot([chart.svg]) },
      chartTable: { perMaand: chartData.perMaand, count: chartData.rows.length },
      slots: {
        countRows: slots.slot(counts.perVersie.map((c) => countRow(slug, c, latest))),
        map: slots.slot(map.map.parts),
        legend: slots.slot(map.map.legendParts),
        chartRows: slots.slot(chartData.rows.map(chartRow)),
      },
      form,
      // The selects' options, with the value asked for marked (a value that is not an option marks none).
      optionsHtml: {
        versie: selectOptionsHtml(
          versionOptions.map((v) => ({ value: v, label: `Versie ${v}` })),
          form.versie,
        ),
        type: selectOptionsHtml(TYPE_OPTIONS, form.type),
        status: selectOptionsHtml(STATUS_OPTIONS, form.status),
        orgaan: selectOptionsHtml(BODY_OPTIONS, form.orgaan),
      },
      openData: {
        json: `/api/v1/documenten/${encodeURIComponent(slug)}/onderschrijvingen`,
        csv: `/api/v1/documenten/${encodeURIComponent(slug)}/onderschrijvingen?formaat=csv`,
      },
      resetUrl: overviewUrl(slug, {}),
      formatIsoDate,
      totalRecords: endorsements.size,
    };
  }

  /** The table for a valid query: one page of the selection (a page past the end shows the last one). */
  private table(source: OverviewSource, q: EndorsementTableQuery, form: Record<FilterKey, string>, slots: PageAssembly) {
    const { slug, versions, endorsements } = source;
    const selection = endorsements.table(q, versions);
    const total = selection.records.length;
    const pages = Math.max(1, Math.ceil(total / TABLE_PAGE_SIZE));
    // A page past the end (the selection shrank since the link was made) shows the last one.
    const page = Math.min(q.pagina, pages);
    const offset = (page - 1) * TABLE_PAGE_SIZE;
    const shown = selection.records.slice(offset, offset + TABLE_PAGE_SIZE);
    return {
      errors: [],
      form: { ...form, ...filtersOf(q) },
      table: {
        rows: slots.slot(shown.map(endorsementRow)),
        count: shown.length,
        total,
        withdrawn: selection.withdrawn,
        page,
        pages,
        pageSize: TABLE_PAGE_SIZE,
        from: offset + 1,
        to: offset + shown.length,
        ...pageLinks(slug, q, page, pages),
        query: q,
        columns: sortColumns(slug, q),
        sortLabel: SORT_LABEL[q.sorteer],
        filtered: FILTER_KEYS.some((k) => q[k] !== undefined),
      },
    };
  }
}
