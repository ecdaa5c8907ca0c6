/**
 * Administration pages for the register of organisations (beheerder): the organisations an
 * administrator manages (everything except the CBS municipalities), the form "Organisatie toevoegen"
 * and the edit form. The queries and commands authorize; after a successful save the browser is sent
 * (303) to the organisation's public page. Mounted by webRouter next to adminWeb.
 */
import { Router } from 'express';
import { addOrganisation } from '../../commands/organisations/addOrganisation.js';
import { updateOrganisation } from '../../commands/organisations/updateOrganisation.js';
import { ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { organisationTypeOptions } from '../../presenters/organisationPresenters.js';
import { managedOrganisations, organisationFormChoices, organisationToEdit } from '../../queries/organisationQueries.js';
import type { Stores } from '../../storage/stores.js';
import { emptyForm, formFields, handleForm } from './forms.js';

const FORM_VIEW = 'pages/admin-organisation-form';
const NEW_TITLE = 'Organisatie toevoegen';

const publicPath = (code: string) => `/organisaties/${encodeURIComponent(code)}`;

export function organisationsAdminWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  /** The form's type select, for an administrator (401/403 for anyone else). */
  const typeOptions = (user: CurrentUser | null) => organisationTypeOptions(organisationFormChoices(user).types);

  r.get('/beheer/organisaties', (_req, res) => {
    const organisations = managedOrganisations(stores, res.locals.user);
    res.render('pages/admin-organisations', { title: 'Organisaties beheren', organisations, typeLabel: ORGANISATION_TYPE_LABEL });
  });

  r.get('/beheer/organisaties/nieuw', (_req, res) => {
    res.render(FORM_VIEW, { title: NEW_TITLE, editing: null, typeOptions: typeOptions(res.locals.user), form: emptyForm({ code: '', naam: '', type: '' }) });
  });

  r.post('/beheer/organisaties', async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    await handleForm(res, FORM_VIEW, { title: NEW_TITLE, editing: null, typeOptions: typeOptions(user) }, values, async () => {
      const created = await addOrganisation(stores, user, { code: values.code ?? '', naam: values.naam ?? '', type: values.type ?? '' });
      res.redirect(303, publicPath(created.code));
    });
  });

  r.get('/beheer/organisaties/:code', (req, res) => {
    const user = res.locals.user;
    const o = organisationToEdit(stores, user, req.params.code);
    res.render(FORM_VIEW, { title: `Organisatie ${o.naam} wijzigen`, editing: o, typeOptions: typeOptions(user), form: emptyForm({ naam: o.naam, type: o.type }) });
  });

  r.post('/beheer/organisaties/:code', async (req, res) => {
    const user = res.locals.user;
    const o = organisationToEdit(stores, user, req.params.code);
    const values = formFields(req);
    await handleForm(res, FORM_VIEW, { title: `Organisatie ${o.naam} wijzigen`, editing: o, typeOptions: typeOptions(user) }, values, async () => {
      const updated = await updateOrganisation(stores, user, o.code, { naam: values.naam ?? '', type: values.type ?? '' });
      res.redirect(303, publicPath(updated.code));
    });
  });

  return r;
}
