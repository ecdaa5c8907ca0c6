/**
 * Pages of the register of organisations: a searchable list (`/organisaties`, a GET form that works
 * without JavaScript) and one page per organisation (`/organisaties/{code}`).
 * Each handler: validate -> (reads are public) -> query -> present -> render. Mount before the web
 * router's catch-all 404.
 */
import { Router } from 'express';
import { ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import { InvalidInput } from '../../errors.js';
import { organisationEndorsementsModel } from '../../presenters/organisationEndorsements.js';
import { organisationListModel } from '../../presenters/organisationPresenters.js';
import { organisationEndorsementGroups } from '../../queries/endorsementQueries.js';
import { listOrganisations, organisationOfPath, type OrganisationPage } from '../../queries/organisationQueries.js';
import type { Stores } from '../../storage/stores.js';
import { fieldErrors } from '../../validation.js';
import { organisationListQuerySchema } from '../../schemas/organisations.js';

export function organisationsWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/organisaties', (req, res) => {
    const parsed = organisationListQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      res.status(400).render('pages/organisations', organisationListModel(req.query, { errors: fieldErrors(parsed.error) }));
      return;
    }
    const q = parsed.data;
    let page: OrganisationPage;
    try {
      page = listOrganisations(stores, q);
    } catch (e) {
      // A cursor that is not ours: the form's error, not a broken page.
      if (!(e instanceof InvalidInput)) throw e;
      res.status(400).render('pages/organisations', organisationListModel(req.query, { errors: e.errors }));
      return;
    }
    res.render('pages/organisations', organisationListModel(req.query, { q, page }));
  });

  r.get('/organisaties/:code', async (req, res) => {
    const organisation = organisationOfPath(stores, req.params.code);
    res.render('pages/organisation', {
      title: organisation.naam,
      organisation,
      typeLabel: ORGANISATION_TYPE_LABEL[organisation.type],
      endorsements: organisationEndorsementsModel(await organisationEndorsementGroups(stores, organisation.code)),
    });
  });

  return r;
}
