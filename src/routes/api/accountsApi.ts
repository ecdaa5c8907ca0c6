/**
 * Tokens (sign-in for programs), accounts (beheerder) and the audit log (beheerder).
 * validate -> authorize -> command -> present.
 */
import { Router, type Request } from 'express';
import { createToken, revokeToken } from '../../commands/auth/tokens.js';
import { checkCredentials } from '../../commands/auth/signIn.js';
import { createUser } from '../../commands/users/createUser.js';
import { updateUser } from '../../commands/users/updateUser.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import { presentToken, presentUser } from '../../presenters/accountPresenters.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { newUserSchema, tokenRequestSchema, userChangesSchema, userListQuerySchema } from '../../schemas/accounts.js';
import { auditQuerySchema } from '../../schemas/audit.js';
import { paginate } from '../../queries/paginate.js';

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'onbekend';
}

export function accountsApi(stores: Stores, limiter: SignInLimiter): Router {
  const r = Router({ strict: true, caseSensitive: true });

  // Sign-in for programs: e-mail + password -> bearer token (rate limited like the sign-in page).
  r.post('/tokens', async (req, res) => {
    const input = parseInput(tokenRequestSchema, req.body, 'De aanmelding');
    const user = await checkCredentials(stores, limiter, { email: input.email, wachtwoord: input.wachtwoord, address: clientAddress(req) });
    const { token, record } = await createToken(stores, user, input.omschrijving ?? 'API-token');
    res.status(201).location(`/api/v1/tokens/${record.id}`).json({ token, ...presentToken(record) });
  });

  r.get('/tokens', (_req, res) => {
    const user = res.locals.user;
    authorize(user, 'token:own');
    const items = stores.db.data.tokens.filter((t) => t.gebruiker === user.id).map((t) => presentToken(t));
    res.json({ items, volgende: null });
  });

  r.delete('/tokens/:id', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'token:own');
    await revokeToken(stores, user, req.params.id);
    res.status(204).end();
  });

  r.get('/gebruikers', (req, res) => {
    authorize(res.locals.user, 'user:manage');
    const q = parseInput(userListQuerySchema, req.query, 'De zoekvraag');
    const users = [...stores.db.data.gebruikers].sort((a, b) => a.naam.localeCompare(b.naam, 'nl') || a.id.localeCompare(b.id));
    const page = paginate(users, (u) => u.id, q.limit, q.cursor);
    res.json({ items: page.items.map((u) => presentUser(stores.db.data, u)), volgende: page.next });
  });

  r.post('/gebruikers', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'user:manage');
    const input = parseInput(newUserSchema, req.body, 'De gebruiker');
    const created = await createUser(stores, user, input);
    res.status(201).location(`/api/v1/gebruikers/${created.id}`).json(presentUser(stores.db.data, created));
  });

  r.get('/gebruikers/:id', (req, res) => {
    authorize(res.locals.user, 'user:manage');
    const u = stores.db.data.gebruikers.find((x) => x.id === req.params.id);
    if (!u) throw new NotFound(`Gebruiker ${req.params.id} bestaat niet.`);
    res.json(presentUser(stores.db.data, u));
  });

  r.patch('/gebruikers/:id', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'user:manage');
    const changes = parseInput(userChangesSchema, req.body, 'De wijziging');
    const updated = await updateUser(stores, user, req.params.id, changes);
    res.json(presentUser(stores.db.data, updated));
  });

  r.get('/audit', (req, res) => {
    authorize(res.locals.user, 'audit:read');
    const q = parseInput(auditQuerySchema, req.query, 'De zoekvraag');
    const entries = stores.audit.entries();
    const page = paginate(entries, (e) => String(e.volgnummer), q.limit, q.cursor);
    res.json({ items: page.items, volgende: page.next, kop: stores.audit.head() });
  });

  return r;
}
