/** Organisations as the API shows them, the model of the list page, and the choices of the administrator's forms. */
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL, type OrganisationType } from '../domain/roles.js';
import type { FieldError } from '../errors.js';
import type { OrganisationListQuery, OrganisationPage } from '../queries/organisationQueries.js';
import type { OrganisationRecord } from '../storage/appDb.js';
import type { EndorsementJson } from '../schemas/endorsements.js';

/** The API shape of an organisation (`aangemaakt` is bookkeeping and stays inside). */
export interface OrganisationJson {
  code: string;
  naam: string;
  type: OrganisationRecord['type'];
  bron?: string;
  /** Only on `GET /organisaties/{code}`: the organisation's endorsements (all documents, oldest first, withdrawn ones too). */
  onderschrijvingen?: EndorsementJson[];
}

export function presentOrganisation(o: OrganisationRecord): OrganisationJson {
  return { code: o.code, naam: o.naam, type: o.type, ...(o.bron !== undefined ? { bron: o.bron } : {}) };
}

/** The type select of the form "Organisatie toevoegen" and the edit form. */
export function organisationTypeOptions(types: readonly OrganisationType[]) {
  return [{ value: '', label: '(kies een type)' }, ...types.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] }))];
}

/** The list page's URL for a query (only the parameters that are set). */
function listUrl(params: { zoek?: string | undefined; type?: string | undefined; limit?: number | undefined; cursor?: string | undefined }): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return qs === '' ? '/organisaties' : `/organisaties?${qs}`;
}

const typeOptions = ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] }));

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The model of the list page (`/organisaties`): the form as it was filled in (shown again, escaped by
 * the view, also when it is invalid), and either the errors or the page with its links. The links keep
 * the search, the type and an explicit page size, and nothing else.
 */
export function organisationListModel(
  query: Record<string, unknown>,
  result: { errors: FieldError[] } | { q: OrganisationListQuery & { limit: number }; page: OrganisationPage },
) {
  const model = { title: 'Organisaties', form: { zoek: text(query.zoek), type: text(query.type) }, typeOptions, typeLabel: ORGANISATION_TYPE_LABEL };
  if ('errors' in result) return { ...model, errors: result.errors, page: null, nextUrl: null, firstUrl: null };
  const { q, page } = result;
  const filter = { zoek: q.zoek, type: q.type, limit: query.limit !== undefined ? q.limit : undefined };
  return {
    ...model,
    form: { zoek: q.zoek ?? '', type: q.type ?? '' },
    title: q.zoek !== undefined || q.type !== undefined ? 'Organisaties: zoekresultaten' : 'Organisaties',
    errors: [],
    page,
    nextUrl: page.volgende === null ? null : listUrl({ ...filter, cursor: page.volgende }),
    firstUrl: q.cursor === undefined ? null : listUrl(filter),
  };
}
