/**
 * Read endpoints for the register of organisations (DESIGN.md section 6): `GET /organisaties`
 * (filter `type`, search `zoek`, cursor pagination) and `GET /organisaties/{code}`.
 * Each handler: validate -> (authorize: reads are public) -> query -> present.
 * Mounted by apiRouter under /api/v1.
 */
import { Router } from 'express';
import { getOrganisation, listOrganisations, organisationListQuerySchema } from '../../queries/organisationQueries.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../validate.js';

/** The API shape of an organisation (`aangemaakt` is bookkeeping and stays inside). */
export interface OrganisationJson {
  code: string;
  naam: string;
  type: OrganisationRecord['type'];
  bron?: string;
  // Endorsements (`onderschrijvingen`) are added here by the endorsements issue; fields are only ever added.
}

export function presentOrganisation(o: OrganisationRecord): OrganisationJson {
  return { code: o.code, naam: o.naam, type: o.type, ...(o.bron !== undefined ? { bron: o.bron } : {}) };
}

export function organisationsApi(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/organisaties', (req, res) => {
    const q = parseInput(organisationListQuerySchema, req.query, 'De zoekvraag');
    const page = listOrganisations(stores.db, q);
    res.json({ items: page.items.map(presentOrganisation), volgende: page.volgende });
  });

  r.get('/organisaties/:code', (req, res) => {
    res.json(presentOrganisation(getOrganisation(stores.db, req.params.code)));
  });

  return r;
}
