/**
 * Tokens (sign-in for programs), accounts (beheerder) and the audit log (beheerder).
 * Each handler translates: the request to a command or query (which authorizes and validates), the
 * result to JSON.
 */
import { Router } from 'express';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import { issueToken, revokeToken } from '../../commands/auth/tokens.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { presentToken, presentUser } from '../../presenters/accountPresenters.js';
import { auditPage, getUser, ownTokens, usersPage, userView } from '../../queries/accountQueries.js';
import type { Stores } from '../../storage/stores.js';
import { clientAddress } from '../deps.js';

export function accountsApi(stores: Stores, limiter: SignInLimiter): Router {
  const r = Router({ strict: true, caseSensitive: true });

  // Sign-in for programs: e-mail + password -> bearer token (rate limited like the sign-in page).
  r.post('/tokens', async (req, res) => {
    const { token, record } = await issueToken(stores, limiter, req.body, clientAddress(req));
    res.status(201).location(`/api/v1/tokens/${record.id}`).json({ token, ...presentToken(record) });
  });

  r.get('/tokens', (_req, res) => {
    res.json({ items: ownTokens(stores, res.locals.user).map((t) => presentToken(t)), volgende: null });
  });

  r.delete('/tokens/:id', async (req, res) => {
    await revokeToken(stores, res.locals.user, req.params.id);
    res.status(204).end();
  });

  r.get('/gebruikers', (req, res) => {
    const page = usersPage(stores, res.locals.user, req.query);
    res.json({ items: page.items.map(presentUser), volgende: page.next });
  });

  r.post('/gebruikers', async (req, res) => {
    const created = await createUser(stores, res.locals.user, req.body);
    res.status(201).location(`/api/v1/gebruikers/${created.id}`).json(presentUser(userView(stores, created)));
  });

  r.get('/gebruikers/:id', (req, res) => {
    res.json(presentUser(getUser(stores, res.locals.user, req.params.id)));
  });

  r.patch('/gebruikers/:id', async (req, res) => {
    const updated = await updateUser(stores, res.locals.user, req.params.id, req.body);
    res.json(presentUser(userView(stores, updated)));
  });

  r.get('/audit', (req, res) => {
    const page = auditPage(stores, res.locals.user, req.query);
    res.json({ items: page.items, volgende: page.next, kop: page.kop });
  });

  return r;
}
