/**
 * Sign-in and sign-out pages, and "Mijn account" with the user's API tokens.
 */
import { Router, type Request } from 'express';
import { checkCredentials } from '../../commands/auth/signIn.js';
import { endSession, SESSION_HOURS, startSession } from '../../commands/auth/sessions.js';
import { createToken, revokeToken } from '../../commands/auth/tokens.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { ROLE_LABEL } from '../../domain/roles.js';
import { NotFound } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import { presentToken } from '../../presenters/accountPresenters.js';
import type { Stores } from '../../storage/stores.js';
import { clientAddress } from '../api/accountsApi.js';
import { newTokenSchema, signInSchema } from '../../schemas/accounts.js';
import { cookieOptions, CSRF_COOKIE, SESSION_COOKIE } from '../auth/authenticate.js';
import { parseInput } from '../../validation.js';
import { emptyForm, handleForm, safeReturnPath } from './forms.js';

function formValues(req: Request): Record<string, unknown> {
  return typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
}

export function accountWeb(stores: Stores, limiter: SignInLimiter): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/aanmelden', (req, res) => {
    const terug = safeReturnPath(req.query.terug);
    if (res.locals.user) {
      res.redirect(303, terug);
      return;
    }
    res.render('pages/login', { title: 'Aanmelden', terug, form: emptyForm() });
  });

  r.post('/aanmelden', async (req, res) => {
    const values = formValues(req);
    const terug = safeReturnPath(values.terug);
    await handleForm(res, 'pages/login', { title: 'Aanmelden', terug }, { email: values.email }, async () => {
      const input = parseInput(signInSchema, values, 'De aanmelding');
      const user = await checkCredentials(stores, limiter, { ...input, address: clientAddress(req) });
      const { cookie } = await startSession(stores, user, res.locals.sessionCookie);
      res.cookie(SESSION_COOKIE, cookie, cookieOptions(req, SESSION_HOURS * 3600_000));
      res.clearCookie(CSRF_COOKIE, cookieOptions(req));
      res.redirect(303, terug);
    });
  });

  r.post('/afmelden', async (req, res) => {
    const user = res.locals.user;
    if (user && res.locals.sessionCookie) await endSession(stores, user, res.locals.sessionCookie);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.redirect(303, '/');
  });

  const accountLocals = (userId: string) => ({
    title: 'Mijn account',
    roleLabel: ROLE_LABEL,
    tokens: stores.db.data.tokens
      .filter((t) => t.gebruiker === userId)
      .map((t) => presentToken(t))
      .reverse(),
  });

  r.get('/account', (_req, res) => {
    const user = res.locals.user;
    authorize(user, 'token:own');
    res.render('pages/account', { ...accountLocals(user.id), newToken: null, form: emptyForm() });
  });

  r.post('/account/tokens', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'token:own');
    const values = formValues(req);
    await handleForm(res, 'pages/account', { ...accountLocals(user.id), newToken: null }, values, async () => {
      const input = parseInput(newTokenSchema, values, 'Het token');
      const record = stores.db.data.gebruikers.find((u) => u.id === user.id);
      if (!record) throw new NotFound('Gebruiker bestaat niet.');
      const { token } = await createToken(stores, record, input.omschrijving);
      // Shown once, on this response only; never stored.
      res.status(201).render('pages/account', { ...accountLocals(user.id), newToken: token, form: emptyForm() });
    });
  });

  r.post('/account/tokens/:id/intrekken', async (req, res) => {
    const user = res.locals.user;
    authorize(user, 'token:own');
    await revokeToken(stores, user, req.params.id);
    res.redirect(303, '/account');
  });

  return r;
}
