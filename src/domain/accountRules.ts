/** Rules for accounts, API tokens and sessions that do not depend on the store. */

/** A password has at least this many characters (the forms, the API and BOOTSTRAP_ADMIN_PASSWORD). */
export const MIN_PASSWORD_LENGTH = 12;

/** An API token expires after this many days; a browser session after this many hours. */
export const TOKEN_DAYS = 30;
export const SESSION_HOURS = 8;

/** E-mail addresses are kept and compared trimmed and in lower case (one account per address). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type TokenStatus = 'actief' | 'verlopen' | 'ingetrokken';

export function tokenStatus(t: { ingetrokken: string | null; verlooptOp: string }, now = new Date()): TokenStatus {
  if (t.ingetrokken !== null) return 'ingetrokken';
  return t.verlooptOp <= now.toISOString() ? 'verlopen' : 'actief';
}
