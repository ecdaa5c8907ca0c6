/**
 * Sign-in and sign-out pages, and "Mijn account" with the user's API tokens. Each handler translates:
 * the form to a command (sign-in, sign-out, token made or revoked), or the page to a query that
 * authorizes (one's own tokens), and the outcome to a redirect or a page.
 */
import { Router } from 'express';
import { signIn, signOut } from '../../commands/auth/sessions.js';
import { createToken, revokeToken } from '../../commands/auth/tokens.js';
import { SESSION_HOURS } from '../../domain/accountRules.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { ROLE_LABEL } from '../../domain/roles.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { presentToken } from '../../presenters/accountPresenters.js';
import { ownTokens } from '../../queries/accountQueries.js';
import type { Stores } from '../../storage/stores.js';
import { cookieOptions, CSRF_COOKIE, SESSION_COOKIE } from '../auth/authenticate.js';
import { clientAddress } from '../deps.js';
import { emptyForm, formFields, handleForm, safeReturnPath } from './forms.js';
import { newTokenSchema, signInSchema } from '../../schemas/accounts.js';

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
    const values = formFields(req);
    const terug = safeReturnPath(values.terug);
    await handleForm(res, 'pages/login', { title: 'Aanmelden', terug }, { email: values.email }, async () => {
      const { cookie } = await signIn(stores, limiter, values, clientAddress(req), res.locals.sessionCookie);
      res.cookie(SESSION_COOKIE, cookie, cookieOptions(req, SESSION_HOURS * 3600_000));
      res.clearCookie(CSRF_COOKIE, cookieOptions(req));
      res.redirect(303, terug);
    }, { signIn: true });
  });

  r.post('/afmelden', async (req, res) => {
    await signOut(stores, res.locals.user, res.locals.sessionCookie);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.redirect(303, '/');
  });

  /** The account page of the signed-in user (401 for anyone else): their tokens, newest first. */
  const accountLocals = (user: CurrentUser | null) => ({
    title: 'Mijn account',
    roleLabel: ROLE_LABEL,
    tokens: ownTokens(stores, user)
      .map((t) => presentToken(t))
      .reverse(),
  });

  r.get('/account', (_req, res) => {
    res.render('pages/account', { ...accountLocals(res.locals.user), newToken: null, form: emptyForm() });
  });

  r.post('/account/tokens', async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    await handleForm(res, 'pages/account', { ...accountLocals(user), newToken: null }, values, async () => {
      const { token } = await createToken(stores, user, values);
      // Shown once, on this response only; never stored.
      res.status(201).render('pages/account', { ...accountLocals(user), newToken: token, form: emptyForm() });
    });
  });

  r.post('/account/tokens/:id/intrekken', async (req, res) => {
    await revokeToken(stores, res.locals.user, req.params.id);
    res.redirect(303, '/account');
  });

  return r;
}
