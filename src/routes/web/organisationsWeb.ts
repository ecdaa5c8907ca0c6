/**
 * Pages of the register of organisations: a searchable list (`/organisaties`, a GET form that works
 * without JavaScript) and one page per organisation (`/organisaties/{code}`).
 * Each handler: validate -> (reads are public) -> query -> render. Mount before the web router's
 * catch-all 404.
 */
import { Router } from 'express';
import { ORGANISATION_TYPES, ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import { InvalidInput, NotFound } from '../../errors.js';
import { getOrganisation, listOrganisations, type OrganisationPage } from '../../queries/organisationQueries.js';
import { organisationListQuerySchema } from '../../schemas/organisations.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { fieldErrors } from '../../validation.js';
import { organisationEndorsementsModel } from './endorsementsOverviewWeb.js';

const typeOptions = ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] }));

/** The list page's URL for a query (only the parameters that are set). */
function listUrl(params: { zoek?: string | undefined; type?: string | undefined; limit?: number | undefined; cursor?: string | undefined }): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') search.set(k, String(v));
  }
  const qs = search.toString();
  return qs === '' ? '/organisaties' : `/organisaties?${qs}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function organisationsWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/organisaties', (req, res) => {
    const parsed = organisationListQuerySchema.safeParse(req.query);
    // The form as the user filled it in, shown again (escaped by the view) also when it is invalid.
    const form = { zoek: text(req.query.zoek), type: text(req.query.type) };
    const model = { title: 'Organisaties', form, typeOptions, typeLabel: ORGANISATION_TYPE_LABEL };
    if (!parsed.success) {
      res.status(400).render('pages/organisations', { ...model, errors: fieldErrors(parsed.error), page: null, nextUrl: null, firstUrl: null });
      return;
    }
    const q = parsed.data;
    let page: OrganisationPage;
    try {
      page = listOrganisations(stores.db, q);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      res.status(400).render('pages/organisations', { ...model, errors: e.errors, page: null, nextUrl: null, firstUrl: null });
      return;
    }
    // Links keep the search, the type and an explicit page size, and nothing else.
    const filter = { zoek: q.zoek, type: q.type, limit: req.query.limit !== undefined ? q.limit : undefined };
    const title = q.zoek !== undefined || q.type !== undefined ? 'Organisaties: zoekresultaten' : 'Organisaties';
    res.render('pages/organisations', {
      ...model,
      form: { zoek: q.zoek ?? '', type: q.type ?? '' },
      title,
      errors: [],
      page,
      nextUrl: page.volgende === null ? null : listUrl({ ...filter, cursor: page.volgende }),
      firstUrl: q.cursor === undefined ? null : listUrl(filter),
    });
  });

  r.get('/organisaties/:code', async (req, res) => {
    const organisation = getOrganisationOr404(stores, req.params.code);
    res.render('pages/organisation', {
      title: organisation.naam,
      organisation,
      typeLabel: ORGANISATION_TYPE_LABEL[organisation.type],
      endorsements: await organisationEndorsementsModel(stores, organisation.code),
    });
  });

  return r;
}

/** In a URL path a malformed code is just an unknown page (404), not a form error. */
function getOrganisationOr404(stores: Stores, code: string): OrganisationRecord {
  try {
    return getOrganisation(stores.db, code);
  } catch (e) {
    if (e instanceof InvalidInput) throw new NotFound('Deze organisatie bestaat niet.');
    throw e;
  }
}
