/**
 * Read side of accounts, tokens and sessions: who is asking (a bearer token or a session cookie), and
 * the private reads of the account pages and the API (one's own tokens; accounts and the audit log for
 * the administrator). A private read authorizes itself, with the same policy as the commands, so no
 * route has to remember to.
 */
import { sha256 } from '../domain/secrets.js';
import type { AuditEntry } from '../domain/auditChain.js';
import { NotFound } from '../errors.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { authorize } from '../policies/policies.js';
import type { AppData, OrganisationRecord, TokenRecord, UserRecord } from '../storage/appDb.js';
import type { Stores } from '../storage/stores.js';
import { userListQuerySchema } from '../schemas/accounts.js';
import { auditQuerySchema } from '../schemas/audit.js';
import { parseInput } from '../validation.js';
import { paginate } from './paginate.js';

/** The signed-in user as the policies see it: the account with its organisation's current name. */
export function toCurrentUser(data: Readonly<AppData>, u: UserRecord, via: CurrentUser['via']): CurrentUser {
  return { id: u.id, naam: u.naam, email: u.email, rol: u.rol, organisatie: organisationOf(data, u), via };
}

function organisationOf(data: Readonly<AppData>, u: UserRecord): { code: string; naam: string } | null {
  const org = u.organisatie === null ? undefined : data.organisaties.find((o) => o.code === u.organisatie);
  return org ? { code: org.code, naam: org.naam } : null;
}

/**
 * The user a bearer token belongs to; null when the token is unknown, expired or revoked, or its
 * account is deactivated (all four look the same to the caller).
 */
export function userOfBearer(stores: Stores, token: string, now: Date): CurrentUser | null {
  const data = stores.db.data;
  const hash = sha256(token);
  const record = data.tokens.find((t) => t.hash === hash);
  const user = record ? data.gebruikers.find((u) => u.id === record.gebruiker) : undefined;
  if (!record || !user || record.ingetrokken !== null || record.verlooptOp <= now.toISOString() || !user.actief) return null;
  return toCurrentUser(data, user, 'token');
}

/** The user of a session cookie and the session's CSRF token; null for an unknown or expired session or a deactivated account. */
export function userOfSession(stores: Stores, cookie: string, now: Date): { user: CurrentUser; csrf: string } | null {
  const data = stores.db.data;
  const hash = sha256(cookie);
  const nowIso = now.toISOString();
  const session = data.sessies.find((s) => s.hash === hash && s.verlooptOp > nowIso);
  const user = session ? data.gebruikers.find((u) => u.id === session.gebruiker && u.actief) : undefined;
  if (!session || !user) return null;
  return { user: toCurrentUser(data, user, 'sessie'), csrf: session.csrf };
}

/** An account with its organisation as the register names it now. */
export interface UserView {
  record: UserRecord;
  organisatie: { code: string; naam: string } | null;
}

/** The view of an account the caller already holds (e.g. the one a command just created). */
export function userView(stores: Stores, record: UserRecord): UserView {
  return { record, organisatie: organisationOf(stores.db.data, record) };
}

/** One's own API tokens, oldest first (every signed-in user; 401 without one). */
export function ownTokens(stores: Stores, user: CurrentUser | null): TokenRecord[] {
  authorize(user, 'token:own');
  return stores.db.data.tokens.filter((t) => t.gebruiker === user.id);
}

/** One of one's own sessions as "Mijn account" lists it (never its hash or CSRF token). */
export interface OwnSession {
  aangemaakt: string;
  verlooptOp: string;
  /** The session of the request that asks. */
  deze: boolean;
}

/** One's own sessions that have not expired, newest first (every signed-in user; 401 without one). */
export function ownSessions(stores: Stores, user: CurrentUser | null, sessionCookie: string | undefined, now = new Date()): OwnSession[] {
  authorize(user, 'account:own');
  const current = sessionCookie === undefined ? undefined : sha256(sessionCookie);
  const nowIso = now.toISOString();
  return stores.db.data.sessies
    .filter((s) => s.gebruiker === user.id && s.verlooptOp > nowIso)
    .map((s) => ({ aangemaakt: s.aangemaakt, verlooptOp: s.verlooptOp, deze: s.hash === current }))
    .sort((a, b) => b.aangemaakt.localeCompare(a.aangemaakt));
}

/** Every account, by name (beheerder). */
export function allUsers(stores: Stores, user: CurrentUser | null): UserView[] {
  authorize(user, 'user:manage');
  return [...stores.db.data.gebruikers].sort((a, b) => a.naam.localeCompare(b.naam, 'nl') || a.id.localeCompare(b.id)).map((u) => userView(stores, u));
}

/** A page of the accounts, by name (beheerder); `query`: `limit` (default 50) and `cursor`, checked after the caller is. */
export function usersPage(stores: Stores, user: CurrentUser | null, query: unknown): { items: UserView[]; next: string | null } {
  const users = allUsers(stores, user);
  const q = parseInput(userListQuerySchema, query, 'De zoekvraag');
  return paginate(users, (u) => u.record.id, q.limit, q.cursor);
}

/** One account (beheerder); 404 only for those who may see accounts at all. */
export function getUser(stores: Stores, user: CurrentUser | null, id: string): UserView {
  authorize(user, 'user:manage');
  const found = stores.db.data.gebruikers.find((u) => u.id === id);
  if (!found) throw new NotFound(`Gebruiker ${id} bestaat niet.`);
  return userView(stores, found);
}

/** What the account form offers (beheerder): the organisations of the register, by name. */
export function accountFormChoices(stores: Stores, user: CurrentUser | null): { organisations: OrganisationRecord[] } {
  authorize(user, 'user:manage');
  return { organisations: [...stores.db.data.organisaties].sort((a, b) => a.naam.localeCompare(b.naam, 'nl')) };
}

/** A page of the full audit log, oldest first, and the chain's head (beheerder); `query`: `limit` (default 100) and `cursor`. */
export function auditPage(stores: Stores, user: CurrentUser | null, query: unknown): { items: AuditEntry[]; next: string | null; kop: string | null } {
  authorize(user, 'audit:read');
  const q = parseInput(auditQuerySchema, query, 'De zoekvraag');
  const page = paginate(stores.audit.entries(), (e) => String(e.volgnummer), q.limit, q.cursor);
  return { ...page, kop: stores.audit.head() };
}
