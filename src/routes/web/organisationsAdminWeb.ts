/**
 * Administration pages for the register of organisations (beheerder): the organisations an
 * administrator manages (everything except the CBS municipalities), the form "Organisatie toevoegen"
 * and the edit form. Every handler authorizes on the server; after a successful save the browser is
 * sent (303) to the organisation's public page. Mounted by webRouter next to adminWeb.
 */
import { Router, type Request } from 'express';
import { addOrganisation, isCbsMunicipality } from '../../commands/organisations/addOrganisation.js';
import { ADDABLE_ORGANISATION_TYPES, newOrganisationSchema, organisationChangesSchema } from '../../schemas/organisations.js';
import { updateOrganisation } from '../../commands/organisations/updateOrganisation.js';
import { ORGANISATION_TYPE_LABEL } from '../../domain/roles.js';
import { Conflict, InvalidInput, NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import { getOrganisation, sortName } from '../../queries/organisationQueries.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { emptyForm, handleForm } from './forms.js';

const FORM_VIEW = 'pages/admin-organisation-form';
const NEW_TITLE = 'Organisatie toevoegen';

const typeOptions = [
  { value: '', label: '(kies een type)' },
  ...ADDABLE_ORGANISATION_TYPES.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] })),
];

/** The string fields of a form body (anything else is ignored). */
function body(req: Request): Record<string, string> {
  const b: unknown = req.body;
  const out: Record<string, string> = {};
  if (typeof b === 'object' && b !== null) {
    for (const [k, v] of Object.entries(b)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  }
  return out;
}

/** In a URL path a malformed or unknown code is just an unknown page (404). */
function organisationOr404(stores: Stores, code: string): OrganisationRecord {
  try {
    return getOrganisation(stores.db, code);
  } catch (e) {
    if (e instanceof InvalidInput) throw new NotFound('Deze organisatie bestaat niet.');
    throw e;
  }
}

/** CBS municipalities are not edited here: the Dutch 409 page says why. */
function editableOr409(o: OrganisationRecord): OrganisationRecord {
  if (isCbsMunicipality(o)) {
    throw new Conflict(`${o.naam} (${o.code}) is een gemeente uit de CBS-gebiedsindeling: naam en type worden hier niet gewijzigd.`);
  }
  return o;
}

const publicPath = (code: string) => `/organisaties/${encodeURIComponent(code)}`;

export function organisationsAdminWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/beheer/organisaties', (_req, res) => {
    authorize(res.locals.user, 'organisation:manage');
    const collator = new Intl.Collator('nl');
    const organisations = stores.db.data.organisaties
      .filter((o) => !isCbsMunicipality(o))
      .sort((a, b) => collator.compare(sortName(a.naam), sortName(b.naam)) || (a.code < b.code ? -1 : 1));
    res.render('pages/admin-organisations', { title: 'Organisaties beheren', organisations, typeLabel: ORGANISATION_TYPE_LABEL });
  });

  r.get('/beheer/organisaties/nieuw', (_req, res) => {
    authorize(res.locals.user, 'organisation:manage');
    res.render(FORM_VIEW, { title: NEW_TITLE, editing: null, typeOptions, form: emptyForm({ code: '', naam: '', type: '' }) });
  });

  r.post('/beheer/organisaties', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'organisation:manage');
    const values = body(req);
    await handleForm(res, FORM_VIEW, { title: NEW_TITLE, editing: null, typeOptions }, values, async () => {
      const input = parseInput(newOrganisationSchema, { code: values.code ?? '', naam: values.naam ?? '', type: values.type ?? '' }, 'De organisatie');
      const created = await addOrganisation(stores, user, input);
      res.redirect(303, publicPath(created.code));
    });
  });

  r.get('/beheer/organisaties/:code', (req, res) => {
    authorize(res.locals.user, 'organisation:manage');
    const o = editableOr409(organisationOr404(stores, req.params.code));
    res.render(FORM_VIEW, {
      title: `Organisatie ${o.naam} wijzigen`,
      editing: o,
      typeOptions,
      form: emptyForm({ naam: o.naam, type: o.type }),
    });
  });

  r.post('/beheer/organisaties/:code', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'organisation:manage');
    const o = editableOr409(organisationOr404(stores, req.params.code));
    const values = body(req);
    await handleForm(res, FORM_VIEW, { title: `Organisatie ${o.naam} wijzigen`, editing: o, typeOptions }, values, async () => {
      const changes = parseInput(organisationChangesSchema, { naam: values.naam ?? '', type: values.type ?? '' }, 'De wijziging');
      const updated = await updateOrganisation(stores, user, o.code, changes);
      res.redirect(303, publicPath(updated.code));
    });
  });

  return r;
}
