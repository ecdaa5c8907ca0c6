/**
 * The public overview of a document's endorsements: `/documenten/{document}/onderschrijvingen`.
 * Counts per version (municipalities of all municipalities, and other organisations), a map of the
 * Netherlands (server-side SVG), a sortable and filterable table of 50 rows per page (GET links and a
 * GET form: no JavaScript needed) that is also the map's text alternative and keyboard route, and a
 * chart of endorsements over time. Links to the open data (JSON and CSV from the API). How it stays
 * fast at 20,000 endorsements: docs/endorsements-overview.md, "Speed".
 * Each handler: validate -> (reads are public) -> query -> present -> render. Mount before the web
 * router's catch-all 404.
 */
import { Router } from 'express';
import { LruCache, mapLimited, READ_FAN_OUT } from '../../collections.js';
import { DECIDING_BODIES, DECIDING_BODY_LABEL, type EndorsementReader } from '../../domain/endorsementModel.js';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import { chartTable, chartTableOfMonths, formatIsoDate, MAX_DOTS, renderEndorsementChart, type EndorsementChart } from '../../presenters/endorsementChart.js';
import { renderEndorsementMap, type EndorsementMap } from '../../presenters/endorsementMap.js';
import { chartRow, countRow, endorsementRow, selectOptionsHtml } from '../../presenters/endorsementFragments.js';
import { PageAssembly } from '../../presenters/pageAssembly.js';
import { documentAt } from '../../queries/documentQueries.js';
import { EndorsementOverviewIndex } from '../../queries/endorsementOverviewIndex.js';
import {
  endorsementTableQuerySchema,
  newestFirst,
  organisationEndorsements,
  SORT_KEYS,
  STATUS_LABEL,
  STATUSES,
  TABLE_PAGE_SIZE,
  type EndorsementTableQuery,
  type SortKey,
} from '../../queries/endorsementOverviewQueries.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { fieldErrors } from '../../validation.js';
import { weakEtag } from '../etag.js';

/** What the overview reads: the documents, the register of organisations and the endorsements. */
export type EndorsementPageStores = Pick<Stores, 'documents' | 'db'> & { endorsements: EndorsementReader };

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

/** Municipality names from the register (cached per version of the register: the store replaces the array on update). */
const namesCache = new WeakMap<readonly OrganisationRecord[], { names: Map<string, string>; municipalities: number }>();
function registerNames(records: readonly OrganisationRecord[]): { names: Map<string, string>; municipalities: number } {
  const cached = namesCache.get(records);
  if (cached !== undefined) return cached;
  const municipalities = records.filter((o) => o.type === 'gemeente');
  const value = { names: new Map(municipalities.map((o) => [o.code, o.naam])), municipalities: municipalities.length };
  namesCache.set(records, value);
  return value;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A number per version of the register (the store replaces the array on every update). */
const registerIds = new WeakMap<readonly OrganisationRecord[], number>();
let nextRegisterId = 0;
function registerId(records: readonly OrganisationRecord[]): number {
  let id = registerIds.get(records);
  if (id === undefined) {
    nextRegisterId += 1;
    id = nextRegisterId;
    registerIds.set(records, id);
  }
  return id;
}

/**
 * Rendered pages for visitors who are not signed in (their page is the same for everyone: the header
 * shows no account), per state and query; the few most recent ones are kept. The benchmark compares this
 * page with serving the same bytes from memory, and a hit costs little more than that.
 */
const PAGE_CACHE_SIZE = 16;

/** Drops the document's pages of states other than `state` (they can never be served again). */
function dropStale(cache: LruCache<string, Buffer>, slug: string, state: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(`${slug}|`) && !key.startsWith(`${state}|`)) cache.delete(key);
}

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

/**
 * The overview reads an incremental read model of the endorsements (EndorsementOverviewIndex): counts,
 * the newest version per municipality, the timeline and the table order are kept up to date per event,
 * so the first request after a change costs about what the rows shown cost, not a pass over all
 * endorsements (docs/endorsements-overview.md).
 */
export function endorsementsOverviewWeb(stores: EndorsementPageStores): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const cache = new LruCache<string, Buffer>(PAGE_CACHE_SIZE);
  const index = new EndorsementOverviewIndex(stores.endorsements);
  // The rendered map (about 170 kB of SVG, two thirds of the page, as UTF-8 pieces) for the last state
  // seen: built again only when a municipality's newest endorsed version, the versions or the register's
  // names change, and then only the shapes that changed (renderEndorsementMap).
  let lastMap: { slug: string; revision: number; names: ReadonlyMap<string, string>; map: EndorsementMap } | undefined;
  // The chart for the last state seen: drawn again only when what it shows changes (chartRevision).
  let lastChart: { slug: string; revision: number; until: string; chart: EndorsementChart; svg: Buffer | null } | undefined;

  r.get('/documenten/:document/onderschrijvingen', (req, res, next) => {
    const repo = stores.documents.get(req.params.document);
    const slug = repo.slug;
    const versionInfo = repo.versions();
    const parsed = endorsementTableQuerySchema.safeParse(req.query);
    const anonymous = res.locals.user === null || res.locals.user === undefined;
    // What the page shows depends on: the endorsements (the index's revision counts every event), the
    // document's versions, the register's names and the day (the chart's time axis ends today).
    const state = `${slug}|${index.revision}|${versionInfo.map((v) => `${v.naam}=${v.tagOid}`).join(',')}|${registerId(stores.db.data.organisaties)}|${today()}`;
    // Only valid queries are cached (an invalid one is answered with 400 and its own text).
    const cacheKey = anonymous && parsed.success ? `${state}|${JSON.stringify(parsed.data)}` : null;
    // The state and query determine the anonymous page, so they name it: a weak ETag from the key
    // instead of express's hash of the whole body (a third of a millisecond per 300 kB).
    if (cacheKey !== null) res.set('ETag', weakEtag(cacheKey));
    const hit = cacheKey === null ? undefined : cache.get(cacheKey);
    if (hit !== undefined) {
      res.type('html').send(hit);
      return;
    }

    const versions = versionInfo.map((v) => v.naam);
    const endorsements = index.of(slug);
    const register = registerNames(stores.db.data.organisaties);
    // The big parts are kept as UTF-8 bytes and spliced into the rendered page (PageAssembly).
    const slots = new PageAssembly();

    const counts = endorsements.counts(versions, register.municipalities);
    const newest = endorsements.newestPerMunicipality(versions);
    if (lastMap === undefined || lastMap.slug !== slug || lastMap.revision !== newest.revision || lastMap.names !== register.names) {
      const map = renderEndorsementMap({ newestByCode: newest.newest, versionsNewestFirst: versions, names: register.names, describedBy: 'kaart-uitleg' });
      lastMap = { slug, revision: newest.revision, names: register.names, map };
    }
    const until = today();
    if (lastChart === undefined || lastChart.slug !== slug || lastChart.revision !== endorsements.chartRevision || lastChart.until !== until) {
      const chart = renderEndorsementChart({ points: endorsements.timeline(), zonderDatum: endorsements.undated(), until });
      lastChart = { slug, revision: endorsements.chartRevision, until, chart, svg: chart.svg === null ? null : Buffer.from(chart.svg, 'utf8') };
    }
    // Per day while there are few days, else per month (without building the per-day timeline).
    const chartData = endorsements.timelineLength <= MAX_DOTS ? chartTable(endorsements.timeline()) : chartTableOfMonths(endorsements.timelineByMonth());
    const form = Object.fromEntries(FILTER_KEYS.map((k) => [k, text(req.query[k])])) as Record<FilterKey, string>;
    const versionOptions = newestFirst(versions, [...versions, ...endorsements.endorsedVersions()]);
    const latest = versions[0] ?? null;
    const model = {
      title: 'Onderschrijvingen',
      slug,
      latest,
      counts,
      chart: { samenvatting: lastChart.chart.samenvatting, svg: lastChart.svg === null ? null : slots.slot([lastChart.svg]) },
      chartTable: { perMaand: chartData.perMaand, count: chartData.rows.length },
      slots: {
        countRows: slots.slot(counts.perVersie.map((c) => countRow(slug, c, latest))),
        map: slots.slot(lastMap.map.parts),
        legend: slots.slot(lastMap.map.legendParts),
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
    if (!parsed.success) {
      res.status(400).render('pages/endorsements', { ...model, errors: fieldErrors(parsed.error), table: null }, (err: Error | null, html: string) => {
        if (err !== null) next(err);
        else res.type('html').send(slots.assemble(html));
      });
      return;
    }
    const q = parsed.data;
    const selection = endorsements.table(q, versions);
    const total = selection.records.length;
    const pages = Math.max(1, Math.ceil(total / TABLE_PAGE_SIZE));
    // A page past the end (the selection shrank since the link was made) shows the last one.
    const page = Math.min(q.pagina, pages);
    const offset = (page - 1) * TABLE_PAGE_SIZE;
    const shown = selection.records.slice(offset, offset + TABLE_PAGE_SIZE);
    const locals = {
      ...model,
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
    res.render('pages/endorsements', locals, (err: Error | null, html: string) => {
      if (err !== null) {
        next(err);
        return;
      }
      // The UTF-8 bytes are kept, so a hit does not encode the page again.
      const body = slots.assemble(html);
      if (cacheKey !== null) {
        dropStale(cache, slug, state);
        cache.set(cacheKey, body);
      }
      res.type('html').send(body);
    });
  });

  return r;
}

/**
 * The endorsement section of an organisation page (`/organisaties/{code}`): per document every
 * endorsement and withdrawal of the organisation, and, when its newest valid endorsement is of an
 * older version than the document's newest named version, the link to the comparison between the two.
 */
export async function organisationEndorsementsModel(stores: EndorsementPageStores, code: string) {
  const groups = organisationEndorsements(stores.endorsements.all(), code, (document) =>
    stores.documents.has(document) ? stores.documents.get(document).versions().map((v) => v.naam) : [],
  );
  return mapLimited(
    groups,
    READ_FAN_OUT,
    async (g) => {
      let titel = g.document;
      if (stores.documents.has(g.document)) {
        const at = await documentAt(stores.documents, g.document, g.nieuwste ?? 'concept');
        titel = at.text.meta.titel;
      }
      const slug = encodeURIComponent(g.document);
      return {
        ...g,
        titel,
        documentUrl: `/documenten/${slug}`,
        overviewUrl: `/documenten/${slug}/onderschrijvingen`,
        compareUrl:
          g.verouderd && g.onderschreven !== null && g.nieuwste !== null
            ? `/documenten/${slug}/vergelijking?van=${encodeURIComponent(g.onderschreven)}&naar=${encodeURIComponent(g.nieuwste)}`
            : null,
        // The endorse and withdraw forms (endorsementsWeb.ts), shown to the organisation's representatives.
        endorseNewestUrl: g.nieuwste === null ? null : `/documenten/${slug}/versies/${encodeURIComponent(g.nieuwste)}/onderschrijven`,
        items: g.items.map((e) => ({
          ...e,
          orgaanLabel: e.besluit.orgaan === null ? null : DECIDING_BODY_LABEL[e.besluit.orgaan],
          statusLabel: STATUS_LABEL[e.status],
          versionUrl: `/documenten/${slug}/versies/${encodeURIComponent(e.versie)}`,
          withdrawUrl: `/documenten/${slug}/onderschrijvingen/${encodeURIComponent(e.id)}/intrekken`,
          datumTekst: e.besluit.datum === null ? null : formatIsoDate(e.besluit.datum),
          ingetrokkenTekst: e.intrekking === null ? null : formatIsoDate(e.intrekking.tijdstip.slice(0, 10)),
        })),
      };
    },
  );
}
export type OrganisationEndorsementsModel = Awaited<ReturnType<typeof organisationEndorsementsModel>>;
