/**
 * Administration pages (beheerder): accounts. The queries and commands authorize (anyone else gets
 * the 403 page, or the sign-in page); the menu only shows the link to those who may use it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import { ROLE_LABEL } from '../../domain/roles.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { accountFormOptions, organisationChoiceLabel, presentUser } from '../../presenters/accountPresenters.js';
import { accountFormChoices, allUsers, getUser } from '../../queries/accountQueries.js';
import { organisationOfChoice } from '../../queries/organisationQueries.js';
import type { Stores } from '../../storage/stores.js';
import { emptyForm, formFields, handleForm } from './forms.js';

/**
 * Form values -> API-shaped input: the organisation as typed or picked (`Utrecht (GM0344)`, a code or a
 * name; empty = none); checkbox `actief`; empty password = unchanged.
 */
function fromForm(stores: Stores, values: Record<string, string>, editing: boolean) {
  const input: Record<string, unknown> = {
    naam: values.naam ?? '',
    email: values.email ?? '',
    rol: values.rol ?? '',
    organisatie: organisationOfChoice(stores, values.organisatie ?? ''),
  };
  if (!editing || (values.wachtwoord ?? '') !== '') input.wachtwoord = values.wachtwoord ?? '';
  if (editing) input.actief = values.actief === 'ja';
  return input;
}

export function adminWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  /** The choices of the account form, for an administrator (401/403 for anyone else). */
  const formLocals = (user: CurrentUser | null) => accountFormOptions(accountFormChoices(stores, user).organisations);

  // The administration starts at its accounts page, which refuses anyone but an administrator.
  r.get('/beheer', (_req, res) => {
    res.redirect(303, '/beheer/gebruikers');
  });

  r.get('/beheer/gebruikers', (_req, res) => {
    const users = allUsers(stores, res.locals.user).map(presentUser);
    res.render('pages/admin-users', { title: 'Gebruikers', users, roleLabel: ROLE_LABEL });
  });

  r.get('/beheer/gebruikers/nieuw', (_req, res) => {
    res.render('pages/admin-user-form', { title: 'Nieuwe gebruiker', editing: null, ...formLocals(res.locals.user), form: emptyForm({ rol: 'werkgroeplid' }) });
  });

  r.post('/beheer/gebruikers', async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    await handleForm(res, 'pages/admin-user-form', { title: 'Nieuwe gebruiker', editing: null, ...formLocals(user) }, values, async () => {
      const created = await createUser(stores, user, fromForm(stores, values, false));
      res.redirect(303, `/beheer/gebruikers/${created.id}?aangemaakt=1`);
    });
  });

  r.get('/beheer/gebruikers/:id', (req, res) => {
    const view = getUser(stores, res.locals.user, req.params.id);
    const u = view.record;
    const notice = z.object({ aangemaakt: z.literal('1').optional(), opgeslagen: z.literal('1').optional() }).catch({}).parse(req.query);
    res.render('pages/admin-user-form', {
      title: `Gebruiker ${u.naam}`,
      editing: presentUser(view),
      notice: notice.aangemaakt ? 'De gebruiker is aangemaakt.' : notice.opgeslagen ? 'De wijzigingen zijn opgeslagen.' : null,
      ...formLocals(res.locals.user),
      form: emptyForm({ naam: u.naam, email: u.email, rol: u.rol, organisatie: view.organisatie ? organisationChoiceLabel(view.organisatie) : (u.organisatie ?? ''), actief: u.actief ? 'ja' : '' }),
    });
  });

  r.post('/beheer/gebruikers/:id', async (req, res) => {
    const user = res.locals.user;
    const view = getUser(stores, user, req.params.id);
    const values = formFields(req);
    const locals = { title: `Gebruiker ${view.record.naam}`, editing: presentUser(view), notice: null, ...formLocals(user) };
    await handleForm(res, 'pages/admin-user-form', locals, values, async () => {
      await updateUser(stores, user, view.record.id, fromForm(stores, values, true));
      res.redirect(303, `/beheer/gebruikers/${view.record.id}?opgeslagen=1`);
    });
  });

  return r;
}
