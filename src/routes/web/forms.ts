/** Helpers for Dutch forms: run a command, and on invalid input render the form again with the errors. */
import type { Request, Response } from 'express';
import { Conflict, InvalidInput, NotSignedIn, TooManyRequests, type FieldError } from '../../errors.js';

export interface FormState {
  values: Record<string, unknown>;
  errors: FieldError[];
  /** A message for the whole form (e.g. a failed sign-in). */
  message?: string;
}

export function emptyForm(values: Record<string, unknown> = {}): FormState {
  return { values, errors: [] };
}

/**
 * Runs `action`; when it throws a client error that belongs on the form (invalid input, a conflict,
 * too many attempts, and on the sign-in form a failed sign-in), renders `view` again with the status
 * and the message. Other errors go to the error handler: a refusal (401, 403) shows the error page or
 * the sign-in page, never the form, also when the command found it out only after the form's page was
 * gathered.
 */
export async function handleForm(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  values: Record<string, unknown>,
  action: () => Promise<void>,
  opts: { signIn?: boolean } = {},
): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof InvalidInput) {
      res.status(400).render(view, { ...locals, form: { values, errors: e.errors, message: 'Controleer de gemarkeerde velden.' } });
      return;
    }
    if (e instanceof Conflict || e instanceof TooManyRequests || (opts.signIn === true && e instanceof NotSignedIn)) {
      const field = typeof e.data.field === 'string' ? e.data.field : undefined;
      const errors = field ? [{ name: field, reason: e.detail }] : [];
      if (e instanceof TooManyRequests && typeof e.data.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(e.data.retryAfterSeconds));
      res.status(e.status).render(view, { ...locals, form: { values, errors, message: e.detail } });
      return;
    }
    throw e;
  }
}

/**
 * The text fields of a posted form, by name: what the commands get as the input. The CSRF token is the
 * router's business and is left out; a field sent twice (an array) or anything else that is not text is
 * left out too, so the command's schema reports it as missing.
 */
export function formFields(req: Request): Record<string, string> {
  const b: unknown = req.body;
  const out: Record<string, string> = {};
  if (typeof b === 'object' && b !== null) {
    for (const [k, v] of Object.entries(b)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  }
  return out;
}

/** A local path to return to after sign-in; anything else (other hosts, `//x`, `/\x`) becomes `/`. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string') return '/';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/';
  return value;
}
