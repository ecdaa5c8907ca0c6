/**
 * Who is asking: a bearer token (programs) or the session cookie (people). Sets
 * `res.locals.user` (CurrentUser or null), `res.locals.sessionCookie` and `res.locals.csrfToken`.
 *
 * - A bearer token that is unknown, expired or revoked, or whose user is deactivated, is a 401
 *   straight away (a program that sends a credential wants to know it does not work).
 * - A stale or unknown session cookie is just "not signed in" (and is cleared).
 * - Anonymous visitors get a random `csrf` cookie (double-submit) so that the sign-in form is
 *   CSRF-protected too; signed-in users use the token bound to their session.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { newSecret, safeEqual } from '../../domain/secrets.js';
import { NotAllowed, NotSignedIn } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { userOfBearer, userOfSession } from '../../queries/accountQueries.js';

export const SESSION_COOKIE = 'sessie';
export const CSRF_COOKIE = 'csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'express-serve-static-core' {
  interface Locals {
    user: CurrentUser | null;
    sessionCookie?: string;
    csrfToken: string;
  }
}

export function cookieOptions(req: Request, maxAgeMs?: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.secure,
    path: '/',
    ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}),
  };
}

export function authenticate(stores: Stores, now: () => Date = () => new Date()): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = null;
    const at = now();

    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const user = m?.[1] ? userOfBearer(stores, m[1], at) : null;
      if (user === null) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        next(new NotSignedIn('Het token is onbekend, verlopen of ingetrokken.'));
        return;
      }
      res.locals.user = user;
      res.locals.csrfToken = '';
      next();
      return;
    }

    const cookies = parseCookies(req.headers.cookie ?? '');
    const sessionCookie = cookies[SESSION_COOKIE];
    if (sessionCookie) {
      const signedIn = userOfSession(stores, sessionCookie, at);
      if (signedIn !== null) {
        res.locals.user = signedIn.user;
        res.locals.sessionCookie = sessionCookie;
        res.locals.csrfToken = signedIn.csrf;
        next();
        return;
      }
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    }
    let csrf = cookies[CSRF_COOKIE];
    if (!csrf || !/^[A-Za-z0-9_-]{43}$/.test(csrf)) {
      csrf = newSecret();
      res.cookie(CSRF_COOKIE, csrf, cookieOptions(req));
    }
    res.locals.csrfToken = csrf;
    next();
  };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for every state-changing request that relies on a cookie: the token must come
 * back in the form field `_csrf` (pages) or the `X-CSRF-Token` header (API calls from the browser).
 * Requests authenticated with a bearer token carry no ambient credential and need no CSRF token;
 * anonymous API calls (e.g. POST /tokens) neither, since they use no cookie at all.
 */
export function csrfProtection(kind: 'web' | 'api'): RequestHandler {
  return (req, res, next) => {
    if (!UNSAFE.has(req.method)) return next();
    if (res.locals.user?.via === 'token') return next();
    if (kind === 'api' && res.locals.sessionCookie === undefined) return next();
    const body: unknown = req.body;
    const fromForm = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    const sent = kind === 'web' ? fromForm : req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || res.locals.csrfToken === '' || !safeEqual(sent, res.locals.csrfToken)) {
      next(new NotAllowed('Het formulier is verlopen of niet door deze site verstuurd (CSRF-controle). Laad de pagina opnieuw en probeer het nog eens.'));
      return;
    }
    next();
  };
}
