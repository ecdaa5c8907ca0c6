/**
 * The public overview of a document's endorsements: `/documenten/{document}/onderschrijvingen`.
 * Counts per version (municipalities of all municipalities, and other organisations), a map of the
 * Netherlands (server-side SVG), a sortable and filterable table (GET links and a GET form: no
 * JavaScript needed) that is also the map's text alternative and keyboard route, and a chart of
 * endorsements over time. Links to the open data (JSON and CSV from the API).
 * Each handler: validate -> (reads are public) -> query -> present -> render. Mount before the web
 * router's catch-all 404.
 */
import { Router } from 'express';
import { DECIDING_BODIES, DECIDING_BODY_LABEL, type EndorsementReader } from '../../domain/endorsementModel.js';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import { formatIsoDate, renderEndorsementChart } from '../../presenters/endorsementChart.js';
import { renderEndorsementMap, type EndorsementMap } from '../../presenters/endorsementMap.js';
import { documentAt } from '../../queries/documentQueries.js';
import {
  countsPerVersion,
  endorsementTable,
  endorsementTableQuerySchema,
  endorsementTimeline,
  newestFirst,
  newestVersionPerOrganisation,
  ofDocument,
  organisationEndorsements,
  SORT_KEYS,
  STATUS_LABEL,
  STATUSES,
  type EndorsementTableQuery,
  type SortKey,
} from '../../queries/endorsementOverviewQueries.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { fieldErrors } from '../validate.js';

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

/**
 * The rendered map for the last state seen: the page is read far more often than endorsements change,
 * so the SVG (about 150 kB) is built again only when the endorsed versions, the versions or the names change.
 */
let lastMap: { key: string; names: ReadonlyMap<string, string>; map: EndorsementMap } | undefined;
function cachedMap(newestByCode: ReadonlyMap<string, string>, versions: readonly string[], names: ReadonlyMap<string, string>): EndorsementMap {
  const key = `${versions.join(',')}|${[...newestByCode].map(([c, v]) => `${c}=${v}`).join(',')}`;
  if (lastMap !== undefined && lastMap.key === key && lastMap.names === names) return lastMap.map;
  const map = renderEndorsementMap({ newestByCode, versionsNewestFirst: versions, names, describedBy: 'kaart-uitleg' });
  lastMap = { key, names, map };
  return map;
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
 * What the page shows depends on: the endorsements (they are only ever appended or withdrawn, so their
 * number and the number withdrawn change with every event), the document's versions, the register's
 * names and the day (the chart's time axis ends today).
 */
function stateKey(stores: EndorsementPageStores, slug: string, versions: readonly { naam: string; tagOid: string }[]): string {
  const all = stores.endorsements.all();
  let withdrawn = 0;
  for (const e of all) if (e.status === 'ingetrokken') withdrawn += 1;
  return `${slug}|${all.length}:${withdrawn}|${versions.map((v) => `${v.naam}=${v.tagOid}`).join(',')}|${registerId(stores.db.data.organisaties)}|${today()}`;
}

/**
 * Rendered pages for visitors who are not signed in (their page is the same for everyone: the header
 * shows no account), per state and query; the few most recent ones are kept. The benchmark compares this
 * page with serving the same bytes from memory, and a hit costs little more than that.
 */
const PAGE_CACHE_SIZE = 16;
class PageCache {
  private readonly pages = new Map<string, Buffer>();

  get(key: string): Buffer | undefined {
    const html = this.pages.get(key);
    if (html !== undefined) {
      // Most recently used last.
      this.pages.delete(key);
      this.pages.set(key, html);
    }
    return html;
  }

  set(key: string, html: Buffer): void {
    this.pages.delete(key);
    this.pages.set(key, html);
    while (this.pages.size > PAGE_CACHE_SIZE) {
      const oldest = this.pages.keys().next();
      if (oldest.done === true) break;
      this.pages.delete(oldest.value);
    }
  }
}

export function endorsementsOverviewWeb(stores: EndorsementPageStores): Router {
  const r = Router({ strict: true, caseSensitive: true });
  const cache = new PageCache();

  r.get('/documenten/:document/onderschrijvingen', (req, res, next) => {
    const repo = stores.documents.get(req.params.document);
    const slug = repo.slug;
    const versionInfo = repo.versions();
    const parsed = endorsementTableQuerySchema.safeParse(req.query);
    const anonymous = res.locals.user === null || res.locals.user === undefined;
    // Only valid queries are cached (an invalid one is answered with 400 and its own text).
    const cacheKey = anonymous && parsed.success ? `${stateKey(stores, slug, versionInfo)}|${JSON.stringify(parsed.data)}` : null;
    const hit = cacheKey === null ? undefined : cache.get(cacheKey);
    if (hit !== undefined) {
      res.type('html').send(hit);
      return;
    }

    const versions = versionInfo.map((v) => v.naam);
    const records = ofDocument(stores.endorsements.all(), slug);
    const register = registerNames(stores.db.data.organisaties);

    const counts = countsPerVersion(records, versions, register.municipalities);
    const newestByCode = newestVersionPerOrganisation(
      records.filter((e) => e.organisatie.type === 'gemeente'),
      versions,
    );
    const map = cachedMap(newestByCode, versions, register.names);
    const timeline = endorsementTimeline(records);
    const chart = renderEndorsementChart({ points: timeline, until: today() });

    const form = Object.fromEntries(FILTER_KEYS.map((k) => [k, text(req.query[k])])) as Record<FilterKey, string>;
    const versionOptions = newestFirst(versions, [...versions, ...records.map((e) => e.versie)]);
    const model = {
      title: 'Onderschrijvingen',
      slug,
      latest: versions[0] ?? null,
      counts,
      map,
      chart,
      timeline,
      form,
      options: {
        versie: versionOptions.map((v) => ({ value: v, label: `Versie ${v}` })),
        type: ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] })),
        status: STATUSES.map((value) => ({ value, label: STATUS_LABEL[value] })),
        orgaan: DECIDING_BODIES.map((value) => ({ value, label: DECIDING_BODY_LABEL[value] })),
      },
      openData: {
        json: `/api/v1/documenten/${encodeURIComponent(slug)}/onderschrijvingen`,
        csv: `/api/v1/documenten/${encodeURIComponent(slug)}/onderschrijvingen?formaat=csv`,
      },
      resetUrl: overviewUrl(slug, {}),
      formatIsoDate,
      totalRecords: records.length,
    };
    if (!parsed.success) {
      res.status(400).render('pages/endorsements', { ...model, errors: fieldErrors(parsed.error), table: null });
      return;
    }
    const q = parsed.data;
    const rows = endorsementTable(records, q, versions);
    const locals = {
      ...model,
      errors: [],
      form: { ...form, ...filtersOf(q) },
      table: {
        rows,
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
      const body = Buffer.from(html, 'utf8');
      if (cacheKey !== null) cache.set(cacheKey, body);
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
  return Promise.all(
    groups.map(async (g) => {
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
    }),
  );
}
export type OrganisationEndorsementsModel = Awaited<ReturnType<typeof organisationEndorsementsModel>>;
