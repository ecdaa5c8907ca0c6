/**
 * Read side of the register of organisations, shared by the API and the pages.
 *
 * Order: by name with Dutch collation (`Intl.Collator('nl')`), ignoring a leading `'s-` or `'t `,
 * as Dutch indexes and phone books do: `'s-Hertogenbosch` sorts under H and `'s-Gravenhage` under G.
 * Ties (equal names) are broken by code, so the order is total and pagination is stable.
 *
 * Search (`zoek`): case-, accent- and punctuation-insensitive substring match on the name and the code:
 * `sudwest` finds `Súdwest-Fryslân`, `bosch` and `s hertogenbosch` find `'s-Hertogenbosch`, `0363`
 * finds GM0363.
 *
 * Pagination: keyset cursors. `volgende` is an opaque base64url token holding the sort position of the
 * last item returned; the next page holds the items after that position, so an organisation added
 * between two requests never causes duplicates or gaps in what was already there. The cursor is a
 * position, not a page number, so it stays valid with any filter.
 *
 * The sorted, pre-normalised view of the register is cached per version of the data (the JSON store
 * replaces the array on every update), so a request costs a filter pass, not a sort.
 */
import { z } from 'zod';
import { ADDABLE_ORGANISATION_TYPES, isCbsMunicipality, refuseCbsMunicipality } from '../domain/organisationRules.js';
import type { OrganisationType } from '../domain/roles.js';
import { InvalidInput, NotFound } from '../errors.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { authorize } from '../policies/policies.js';
import type { OrganisationRecord } from '../storage/appDb.js';
import type { Stores } from '../storage/stores.js';
import { ORGANISATION_CODE } from '../schemas/common.js';
import { CURSOR_REASON, DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH } from '../schemas/organisations.js';

export interface OrganisationListQuery {
  type?: OrganisationType | undefined;
  zoek?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface OrganisationPage {
  items: OrganisationRecord[];
  /** The cursor of the next page, or null on the last page. */
  volgende: string | null;
  /** How many organisations match the filter and the search (over all pages). */
  totaal: number;
  /** The 0-based position of the first item of this page among all matches. */
  vanaf: number;
}

const collator = new Intl.Collator('nl', { usage: 'sort' });

/** The name as it is sorted: without a leading `'s-`/`'t ` (any apostrophe), so `'s-Hertogenbosch` sorts under H. */
export function sortName(naam: string): string {
  return naam.replace(/^['‘’`]\s*[st][\s-]+/i, '');
}

/** Lower case, without diacritics; curly apostrophes become straight ones. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’`´]/g, "'")
    .toLowerCase();
}

/** Only letters and digits of the folded text: what search compares (also the endorsements table's search). */
export function compactText(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]/gu, '');
}

interface Entry {
  record: OrganisationRecord;
  key: string;
  folded: string;
  compacted: string;
}

function compareKeys(a: { key: string; code: string }, b: { key: string; code: string }): number {
  return collator.compare(a.key, b.key) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

const cache = new WeakMap<readonly OrganisationRecord[], Entry[]>();

function sortedEntries(records: readonly OrganisationRecord[]): Entry[] {
  const cached = cache.get(records);
  if (cached) return cached;
  const entries = records
    .map((record) => ({
      record,
      key: sortName(record.naam),
      folded: `${fold(record.naam)} ${fold(record.code)}`,
      compacted: `${compactText(record.naam)}\u0000${compactText(record.code)}`,
    }))
    .sort((a, b) => compareKeys({ key: a.key, code: a.record.code }, { key: b.key, code: b.record.code }));
  cache.set(records, entries);
  return entries;
}

function matcher(zoek: string | undefined): (e: Entry) => boolean {
  const q = zoek?.trim() ?? '';
  if (q === '') return () => true;
  const c = compactText(q);
  // A search of only punctuation (e.g. `'s`): compare the folded text as it is.
  if (c === '') {
    const f = fold(q);
    return (e) => e.folded.includes(f);
  }
  return (e) => e.compacted.includes(c);
}

const cursorSchema = z.strictObject({ k: z.string().max(MAX_CURSOR_LENGTH), c: z.string().regex(ORGANISATION_CODE) });
type CursorPosition = z.infer<typeof cursorSchema>;

function encodeCursor(entry: Entry): string {
  const position: CursorPosition = { k: entry.key, c: entry.record.code };
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

function invalidCursor(): InvalidInput {
  return new InvalidInput('De cursor is niet geldig.', [{ name: 'cursor', reason: CURSOR_REASON }]);
}

function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/** Organisations sorted by name, filtered by type and search, one page at a time. */
export function listOrganisations(stores: Pick<Stores, 'db'>, query: OrganisationListQuery = {}): OrganisationPage {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InvalidInput('De zoekvraag is niet geldig: limit.', [{ name: 'limit', reason: 'Een geheel getal van 1 tot 100.' }]);
  }
  const after = query.cursor !== undefined && query.cursor !== '' ? decodeCursor(query.cursor) : undefined;
  const matches = matcher(query.zoek);
  const selected = sortedEntries(stores.db.data.organisaties).filter(
    (e) => (query.type === undefined || e.record.type === query.type) && matches(e),
  );
  const start = after === undefined ? 0 : firstAfter(selected, after);
  const page = selected.slice(start, start + limit);
  const last = page.at(-1);
  const hasMore = start + limit < selected.length;
  return {
    items: page.map((e) => e.record),
    volgende: hasMore && last !== undefined ? encodeCursor(last) : null,
    totaal: selected.length,
    vanaf: start,
  };
}

/** The index of the first entry after the cursor's position (binary search: the entries are sorted). */
function firstAfter(entries: Entry[], after: CursorPosition): number {
  const position = { key: after.k, code: after.c };
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = entries[mid];
    if (e !== undefined && compareKeys({ key: e.key, code: e.record.code }, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Checks the form of a code; a code that cannot exist is invalid input naming `code`. */
/**
 * The organisation a form's text field names: `Utrecht (GM0344)` as the suggestions offer it
 * (presenters/accountPresenters.ts `organisationChoiceLabel`), a bare code, or a name that exactly one
 * organisation has. Empty is none (null). Anything else is passed on as typed, for the command to refuse
 * as an unknown organisation.
 */
export function organisationOfChoice(stores: Pick<Stores, 'db'>, text: string): string | null {
  const typed = text.trim();
  if (typed === '') return null;
  const labelled = /\(([A-Za-z0-9-]{2,20})\)$/.exec(typed);
  if (labelled?.[1] !== undefined) return labelled[1].toUpperCase();
  const orgs = stores.db.data.organisaties;
  const byCode = orgs.find((o) => o.code === typed.toUpperCase());
  if (byCode !== undefined) return byCode.code;
  const byName = orgs.filter((o) => o.naam.toLocaleLowerCase('nl') === typed.toLocaleLowerCase('nl'));
  return byName.length === 1 && byName[0] !== undefined ? byName[0].code : typed;
}

export function parseOrganisationCode(code: string): string {
  if (!ORGANISATION_CODE.test(code)) {
    throw new InvalidInput('De code is niet geldig.', [
      { name: 'code', reason: 'Een code bestaat uit 2 tot 20 hoofdletters, cijfers of streepjes, bijv. GM0363.' },
    ]);
  }
  return code;
}

/** One organisation by its code (`GM0363`, `BE-ANTWERPEN`, `VNG`). */
export function getOrganisation(stores: Pick<Stores, 'db'>, code: string): OrganisationRecord {
  const valid = parseOrganisationCode(code);
  const found = stores.db.data.organisaties.find((o) => o.code === valid);
  if (found === undefined) throw new NotFound(`Er is geen organisatie met code ${valid}.`);
  return found;
}

/** The organisation a page's path names: a code that cannot exist is just an unknown page (404), not a form error. */
export function organisationOfPath(stores: Pick<Stores, 'db'>, code: string): OrganisationRecord {
  try {
    return getOrganisation(stores, code);
  } catch (e) {
    if (e instanceof InvalidInput) throw new NotFound('Deze organisatie bestaat niet.');
    throw e;
  }
}

/** The organisations an administrator manages (everything but the CBS municipalities), by name (beheerder). */
export function managedOrganisations(stores: Pick<Stores, 'db'>, user: CurrentUser | null): OrganisationRecord[] {
  authorize(user, 'organisation:manage');
  const collator = new Intl.Collator('nl');
  return stores.db.data.organisaties
    .filter((o) => !isCbsMunicipality(o))
    .sort((a, b) => collator.compare(sortName(a.naam), sortName(b.naam)) || (a.code < b.code ? -1 : 1));
}

/** The types the form "Organisatie toevoegen" offers (beheerder). */
export function organisationFormChoices(user: CurrentUser | null): { types: typeof ADDABLE_ORGANISATION_TYPES } {
  authorize(user, 'organisation:manage');
  return { types: ADDABLE_ORGANISATION_TYPES };
}

/** The organisation to edit (beheerder): 404 for an unknown or malformed code, 409 for a CBS municipality. */
export function organisationToEdit(stores: Pick<Stores, 'db'>, user: CurrentUser | null, code: string): OrganisationRecord {
  authorize(user, 'organisation:manage');
  const o = organisationOfPath(stores, code);
  refuseCbsMunicipality(o);
  return o;
}

