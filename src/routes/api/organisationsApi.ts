/**
 * Endpoints for the register of organisations: `GET /organisaties`
 * (filter `type`, search `zoek`, cursor pagination) and `GET /organisaties/{code}` (public, with the
 * organisation's endorsements), and the
 * administrator's `POST /organisaties` and `PATCH /organisaties/{code}` (beheerder).
 * Each handler: authorize (reads are public) -> validate -> command or query -> present.
 * Mounted by apiRouter under /api/v1.
 */
import { Router } from 'express';
import { addOrganisation } from '../../commands/organisations/addOrganisation.js';
import { updateOrganisation } from '../../commands/organisations/updateOrganisation.js';
import { authorize } from '../../policies/policies.js';
import { presentEndorsement } from '../../presenters/endorsementPresenters.js';
import { getOrganisation, listOrganisations } from '../../queries/organisationQueries.js';
import { newOrganisationSchema, organisationChangesSchema, organisationListQuerySchema, type OrganisationJson } from '../../schemas/organisations.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';

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
    const organisation = getOrganisation(stores.db, req.params.code);
    const onderschrijvingen = stores.endorsements.forOrganisation(organisation.code).map(presentEndorsement);
    res.json({ ...presentOrganisation(organisation), onderschrijvingen });
  });

  r.post('/organisaties', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'organisation:manage');
    const input = parseInput(newOrganisationSchema, req.body, 'De organisatie');
    const created = await addOrganisation(stores, user, input);
    res.status(201).location(`/api/v1/organisaties/${encodeURIComponent(created.code)}`).json(presentOrganisation(created));
  });

  r.patch('/organisaties/:code', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'organisation:manage');
    const changes = parseInput(organisationChangesSchema, req.body, 'De wijziging');
    const updated = await updateOrganisation(stores, user, req.params.code, changes);
    res.json(presentOrganisation(updated));
  });

  return r;
}
