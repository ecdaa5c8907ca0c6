/**
 * The one place where errors become responses (docs/architecture.md, "The layers").
 * API requests (`/api/...`) get application/problem+json (RFC 9457) with `errors` for field problems;
 * web requests get the Dutch error page. Unknown errors are logged and answered with a generic 500
 * without any internals (no stack traces to users).
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { z } from 'zod';
import { DomainError, InvalidInput, NotFound, NotSignedIn, PayloadTooLarge, UnsupportedMediaType } from '../errors.js';
import type { problemSchema } from '../schemas/common.js';

export function isApiRequest(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

/** body-parser and friends throw errors with `status`/`type`; map the ones a client can cause. */
function fromFrameworkError(err: unknown): DomainError | undefined {
  if (err instanceof DomainError) return err;
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (e.type === 'entity.too.large' || status === 413) {
    return new PayloadTooLarge('Het verzoek is groter dan toegestaan (1 MB).');
  }
  if (e.type === 'entity.parse.failed') {
    return new InvalidInput('De inhoud van het verzoek is geen geldige JSON.', [{ name: '(body)', reason: 'Geen geldige JSON.' }]);
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported' || status === 415) {
    return new UnsupportedMediaType('Dit mediatype of deze tekenset wordt niet ondersteund.');
  }
  if (status === 404) return new NotFound('Deze pagina bestaat niet.');
  if (status !== undefined && status >= 400 && status < 500) {
    return new InvalidInput('Het verzoek is niet geldig.', []);
  }
  return undefined;
}

/** The problem+json body, as src/schemas/common.ts describes it in openapi.json. */
export type Problem = z.output<typeof problemSchema>;

export function toProblem(err: DomainError, instance?: string): Problem {
  const problem: Problem = {
    type: `https://principes.vng.nl/problemen/${err.code.replace(/_/g, '-')}`,
    title: err.title,
    status: err.status,
    detail: err.detail,
    code: err.code,
    ...(instance !== undefined ? { instance } : {}),
  };
  if (err instanceof InvalidInput) problem.errors = err.errors;
  else if (Object.keys(err.data).length > 0) problem.data = err.data;
  return problem;
}

export function sendProblem(res: Response, err: DomainError, instance?: string): void {
  setErrorHeaders(res, err);
  res.status(err.status).type('application/problem+json').send(JSON.stringify(toProblem(err, instance)));
}

/** Retry-After for 429, WWW-Authenticate for 401 (RFC 9110). */
function setErrorHeaders(res: Response, err: DomainError): void {
  const retry = err.data.retryAfterSeconds;
  if (err.status === 429 && typeof retry === 'number') res.setHeader('Retry-After', String(retry));
  if (err.status === 401 && !res.hasHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer');
}

export function errorHandler(log: (msg: string, err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = fromFrameworkError(err);
    if (isApiRequest(req)) {
      if (known) {
        sendProblem(res, known, req.originalUrl);
        return;
      }
      log(`Unexpected error on ${req.method} ${req.originalUrl}`, err);
      res.status(500).type('application/problem+json').send(
        JSON.stringify({
          type: 'https://principes.vng.nl/problemen/interne-fout',
          title: 'Interne fout',
          status: 500,
          detail: 'Er ging iets mis aan onze kant. Probeer het later opnieuw.',
          code: 'internal_error',
        } satisfies Problem),
      );
      return;
    }
    if (!known) log(`Unexpected error on ${req.method} ${req.originalUrl}`, err);
    else setErrorHeaders(res, known);
    if (known instanceof NotSignedIn && req.method === 'GET') {
      // A person who is not signed in is sent to the sign-in page, and back here afterwards.
      res.redirect(303, `/aanmelden?terug=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const status = known?.status ?? 500;
    res.status(status).render('pages/error', {
      title: known?.title ?? 'Er ging iets mis',
      status,
      detail: known?.detail ?? 'Er ging iets mis aan onze kant. Probeer het later opnieuw.',
      errors: known instanceof InvalidInput ? known.errors : [],
    });
  };
}
