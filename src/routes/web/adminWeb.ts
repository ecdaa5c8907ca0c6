/**
 * Administration pages (beheerder): accounts. Every handler authorizes on the server; the menu only
 * shows the link to those who may use it.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import { ROLE_LABEL, ROLES } from '../../domain/roles.js';
import { NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import { presentUser } from '../../presenters/accountPresenters.js';
import type { Stores } from '../../storage/stores.js';
import { newUserSchema, userChangesSchema } from '../../schemas/accounts.js';
import { parseInput } from '../../validation.js';
import { emptyForm, handleForm } from './forms.js';

function body(req: Request): Record<string, string> {
  const b: unknown = req.body;
  const out: Record<string, string> = {};
  if (typeof b === 'object' && b !== null) {
    for (const [k, v] of Object.entries(b)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Form values -> API-shaped input: empty organisation = none; checkbox `actief`; empty password = unchanged. */
function fromForm(values: Record<string, string>, editing: boolean) {
  const input: Record<string, unknown> = {
    naam: values.naam ?? '',
    email: values.email ?? '',
    rol: values.rol ?? '',
    organisatie: values.organisatie ? values.organisatie : null,
  };
  if (!editing || (values.wachtwoord ?? '') !== '') input.wachtwoord = values.wachtwoord ?? '';
  if (editing) input.actief = values.actief === 'ja';
  return input;
}

export function adminWeb(stores: Stores): Router {
  const r = Router({ strict: true, caseSensitive: true });

  const formLocals = () => ({
    roleOptions: ROLES.map((value) => ({ value, label: ROLE_LABEL[value] })),
    organisationOptions: [
      { value: '', label: '(geen organisatie)' },
      ...[...stores.db.data.organisaties]
        .sort((a, b) => a.naam.localeCompare(b.naam, 'nl'))
        .map((o) => ({ value: o.code, label: `${o.naam} (${o.code})` })),
    ],
  });

  r.get('/beheer', (_req, res) => {
    authorize(res.locals.user, 'user:manage');
    res.redirect(303, '/beheer/gebruikers');
  });

  r.get('/beheer/gebruikers', (_req, res) => {
    authorize(res.locals.user, 'user:manage');
    const data = stores.db.data;
    const users = [...data.gebruikers].sort((a, b) => a.naam.localeCompare(b.naam, 'nl')).map((u) => presentUser(data, u));
    res.render('pages/admin-users', { title: 'Gebruikers', users, roleLabel: ROLE_LABEL });
  });

  r.get('/beheer/gebruikers/nieuw', (_req, res) => {
    authorize(res.locals.user, 'user:manage');
    res.render('pages/admin-user-form', { title: 'Nieuwe gebruiker', editing: null, ...formLocals(), form: emptyForm({ rol: 'werkgroeplid' }) });
  });

  r.post('/beheer/gebruikers', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'user:manage');
    const values = body(req);
    await handleForm(res, 'pages/admin-user-form', { title: 'Nieuwe gebruiker', editing: null, ...formLocals() }, values, async () => {
      const input = parseInput(newUserSchema, fromForm(values, false), 'De gebruiker');
      const created = await createUser(stores, user, input);
      res.redirect(303, `/beheer/gebruikers/${created.id}?aangemaakt=1`);
    });
  });

  r.get('/beheer/gebruikers/:id', (req, res) => {
    authorize(res.locals.user, 'user:manage');
    const u = stores.db.data.gebruikers.find((x) => x.id === req.params.id);
    if (!u) throw new NotFound(`Gebruiker ${req.params.id} bestaat niet.`);
    const shown = presentUser(stores.db.data, u);
    const notice = z.object({ aangemaakt: z.literal('1').optional(), opgeslagen: z.literal('1').optional() }).catch({}).parse(req.query);
    res.render('pages/admin-user-form', {
      title: `Gebruiker ${u.naam}`,
      editing: shown,
      notice: notice.aangemaakt ? 'De gebruiker is aangemaakt.' : notice.opgeslagen ? 'De wijzigingen zijn opgeslagen.' : null,
      ...formLocals(),
      form: emptyForm({ naam: u.naam, email: u.email, rol: u.rol, organisatie: u.organisatie ?? '', actief: u.actief ? 'ja' : '' }),
    });
  });

  r.post('/beheer/gebruikers/:id', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'user:manage');
    const u = stores.db.data.gebruikers.find((x) => x.id === req.params.id);
    if (!u) throw new NotFound(`Gebruiker ${req.params.id} bestaat niet.`);
    const values = body(req);
    const locals = { title: `Gebruiker ${u.naam}`, editing: presentUser(stores.db.data, u), notice: null, ...formLocals() };
    await handleForm(res, 'pages/admin-user-form', locals, values, async () => {
      const changes = parseInput(userChangesSchema, fromForm(values, true), 'De wijziging');
      await updateUser(stores, user, u.id, changes);
      res.redirect(303, `/beheer/gebruikers/${u.id}?opgeslagen=1`);
    });
  });

  return r;
}
