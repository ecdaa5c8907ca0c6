/**
 * Sign-in and sign-out pages, and "Mijn account" with the user's API tokens. Each handler translates:
 * the form to a command (sign-in, sign-out, token made or revoked), or the page to a query that
 * authorizes (one's own tokens), and the outcome to a redirect or a page.
 */
import { Router } from 'express';
import { signIn, signOut } from '../../commands/auth/sessions.js';
import { changeOwnPassword, signOutEverywhere } from '../../commands/auth/ownAccount.js';
import { createToken, revokeToken } from '../../commands/auth/tokens.js';
import { MIN_PASSWORD_LENGTH, SESSION_HOURS } from '../../domain/accountRules.js';
import type { SignInLimiter } from '../../domain/rateLimiter.js';
import { ROLE_LABEL } from '../../domain/roles.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { presentToken } from '../../presenters/accountPresenters.js';
import { ownSessions, ownTokens } from '../../queries/accountQueries.js';
import type { Stores } from '../../storage/stores.js';
import { cookieOptions, CSRF_COOKIE, SESSION_COOKIE } from '../auth/authenticate.js';
import { clientAddress } from '../deps.js';
import { emptyForm, formFields, handleForm, safeReturnPath } from './forms.js';
import { newTokenSchema, signInSchema } from '../../schemas/accounts.js';

/** Messages after a successful action (`?melding=`); only these keys are shown. */
const ACCOUNT_NOTICES = {
  wachtwoord: 'Uw wachtwoord is gewijzigd. Op andere apparaten en in andere browsers bent u afgemeld.',
  'overal-afgemeld': 'U bent overal afgemeld: in deze browser en op alle andere apparaten.',
} as const;

export function accountWeb(stores: Stores, limiter: SignInLimiter): Router {
  const r = Router({ strict: true, caseSensitive: true });

  r.get('/aanmelden', (req, res) => {
    const terug = safeReturnPath(req.query.terug);
    if (res.locals.user) {
      res.redirect(303, terug);
      return;
    }
    const notice = req.query.melding === 'overal-afgemeld' ? ACCOUNT_NOTICES['overal-afgemeld'] : null;
    res.render('pages/login', { title: 'Aanmelden', terug, notice, form: emptyForm() });
  });

  r.post('/aanmelden', async (req, res) => {
    const values = formFields(req);
    const terug = safeReturnPath(values.terug);
    await handleForm(res, 'pages/login', { title: 'Aanmelden', terug, notice: null }, { email: values.email }, async () => {
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

  /**
   * The account page of the signed-in user (401 for anyone else): their sessions and tokens, newest
   * first. The page has two forms; `formFor` says which one `form` (values and errors) belongs to.
   */
  const accountLocals = (user: CurrentUser | null, sessionCookie: string | undefined, formFor: 'wachtwoord' | 'token' | null) => ({
    title: 'Mijn account',
    roleLabel: ROLE_LABEL,
    minPasswordLength: MIN_PASSWORD_LENGTH,
    sessionHours: SESSION_HOURS,
    sessions: ownSessions(stores, user, sessionCookie),
    tokens: ownTokens(stores, user)
      .map((t) => presentToken(t))
      .reverse(),
    formFor,
    notice: null as string | null,
  });

  r.get('/account', (req, res) => {
    const notice = req.query.melding === 'wachtwoord' ? ACCOUNT_NOTICES.wachtwoord : null;
    res.render('pages/account', { ...accountLocals(res.locals.user, res.locals.sessionCookie, null), notice, newToken: null, form: emptyForm() });
  });

  r.post('/account/wachtwoord', async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    await handleForm(res, 'pages/account', { ...accountLocals(user, res.locals.sessionCookie, 'wachtwoord'), newToken: null }, {}, async () => {
      await changeOwnPassword(stores, limiter, user, res.locals.sessionCookie, values, clientAddress(req));
      res.redirect(303, '/account?melding=wachtwoord');
    });
  });

  r.post('/account/overal-afmelden', async (req, res) => {
    await signOutEverywhere(stores, res.locals.user);
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.redirect(303, '/aanmelden?melding=overal-afgemeld');
  });

  r.post('/account/tokens', async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    await handleForm(res, 'pages/account', { ...accountLocals(user, res.locals.sessionCookie, 'token'), newToken: null }, values, async () => {
      const { token } = await createToken(stores, user, values);
      // Shown once, on this response only; never stored.
      res.status(201).render('pages/account', { ...accountLocals(user, res.locals.sessionCookie, 'token'), newToken: token, form: emptyForm() });
    });
  });

  r.post('/account/tokens/:id/intrekken', async (req, res) => {
    await revokeToken(stores, res.locals.user, req.params.id);
    res.redirect(303, '/account');
  });

  return r;
}
