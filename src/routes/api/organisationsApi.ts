/**
 * Endpoints for the register of organisations: `GET /organisaties` (filter `type`, search `zoek`,
 * cursor pagination) and `GET /organisaties/{code}` (public, with the organisation's endorsements), and
 * the administrator's `POST /organisaties` and `PATCH /organisaties/{code}` (the commands authorize:
 * beheerder). Each handler translates: the request to a query or command, the result to JSON.
 * Mounted by apiRouter under /api/v1.
 */
import { Router } from 'express';
import { addOrganisation } from '../../commands/organisations/addOrganisation.js';
import { updateOrganisation } from '../../commands/organisations/updateOrganisation.js';
import { presentOrganisation } from '../../presenters/organisationPresenters.js';
import { presentEndorsement } from '../../presenters/endorsementPresenters.js';
import { organisationEndorsementRecords } from '../../queries/endorsementQueries.js';
import { getOrganisation, listOrganisations } from '../../queries/organisationQueries.js';
import { organisationListQuerySchema } from '../../schemas/organisations.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';

export function organisationsApi(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/organisaties', (req, res) => {
    const q = parseInput(organisationListQuerySchema, req.query, 'De zoekvraag');
    const page = listOrganisations(stores, q);
    res.json({ items: page.items.map(presentOrganisation), volgende: page.volgende });
  });

  r.get('/organisaties/:code', (req, res) => {
    const organisation = getOrganisation(stores, req.params.code);
    const onderschrijvingen = organisationEndorsementRecords(stores, organisation.code).map(presentEndorsement);
    res.json({ ...presentOrganisation(organisation), onderschrijvingen });
  });

  r.post('/organisaties', async (req, res) => {
    const created = await addOrganisation(stores, res.locals.user, req.body);
    res.status(201).location(`/api/v1/organisaties/${encodeURIComponent(created.code)}`).json(presentOrganisation(created));
  });

  r.patch('/organisaties/:code', async (req, res) => {
    const updated = await updateOrganisation(stores, res.locals.user, req.params.code, req.body);
    res.json(presentOrganisation(updated));
  });

  return r;
}
