/**
 * signIn and signOut (browser sessions) called directly on a real store: only the cookie's hash is
 * stored, signing in rotates the session and sweeps expired ones, and a refused sign-in writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signOut } from '../../../src/commands/auth/sessions.js';
import { SIGN_IN_FAILED } from '../../../src/commands/auth/signIn.js';
import { SESSION_HOURS } from '../../../src/domain/accountRules.js';
import { SignInLimiter } from '../../../src/domain/rateLimiter.js';
import { sha256 } from '../../../src/domain/secrets.js';
import { InvalidInput, NotSignedIn } from '../../../src/errors.js';
import { auditSince, commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

const PASSWORD = 'een-lang-genoeg-wachtwoord';
let c: CommandStore;
let wim: Person;
let sara: Person;

beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
  sara = await person(c.stores, 'secretaris', 'Sara');
});
afterAll(() => c.cleanup());

const sessionsOf = (id: string) => c.stores.db.data.sessies.filter((s) => s.gebruiker === id);

describe('signIn', () => {
  it('stores only the hash of a new cookie, with a CSRF token and the session lifetime, and audits aangemeld', async () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const { result, entries } = await withAudit(c.stores, () => signIn(c.stores, new SignInLimiter(), { email: 'WIM@example.org', wachtwoord: PASSWORD }, '192.0.2.1', undefined, now));
    const stored = sessionsOf(wim.user.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toEqual(result.session);
    expect(result.session.hash).toBe(sha256(result.cookie));
    expect(JSON.stringify(c.stores.db.data)).not.toContain(result.cookie);
    expect(result.session.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(Date.parse(result.session.verlooptOp) - now.getTime()).toBe(SESSION_HOURS * 3600_000);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actie: 'aangemeld', actor: { id: wim.user.id }, object: { soort: 'gebruiker', id: wim.user.id }, gegevens: { via: 'sessie' } });
  });

  it('rotates: the session the browser had ends, expired sessions are swept, other live sessions stay', async () => {
    const limiter = new SignInLimiter();
    const t0 = new Date('2025-03-02T08:00:00Z');
    const first = await signIn(c.stores, limiter, { email: 'wim@example.org', wachtwoord: PASSWORD }, '192.0.2.1', undefined, t0);
    const other = await signIn(c.stores, limiter, { email: 'sara@example.org', wachtwoord: PASSWORD }, '192.0.2.2', undefined, t0);
    const second = await signIn(c.stores, limiter, { email: 'wim@example.org', wachtwoord: PASSWORD }, '192.0.2.1', first.cookie, new Date(t0.getTime() + 60_000));
    const hashes = c.stores.db.data.sessies.map((s) => s.hash);
    expect(hashes).not.toContain(first.session.hash);
    expect(hashes).toContain(second.session.hash);
    expect(hashes).toContain(other.session.hash);
    // Past every lifetime so far: one more sign-in sweeps all expired sessions away.
    const later = new Date(t0.getTime() + (SESSION_HOURS + 1) * 3600_000);
    const third = await signIn(c.stores, limiter, { email: 'sara@example.org', wachtwoord: PASSWORD }, '192.0.2.2', undefined, later);
    expect(c.stores.db.data.sessies.map((s) => s.hash)).toEqual([third.session.hash]);
  });

  it('an invalid form or a wrong password is refused and writes nothing; only the wrong password counts as an attempt', async () => {
    const limiter = new SignInLimiter(Date.now, { account: { max: 1, windowMs: 60_000 } });
    const invalid = await expectRefused(c.stores, () => signIn(c.stores, limiter, { email: 'wim@example.org' }, '192.0.2.1', undefined), InvalidInput);
    expect(fieldsOf(invalid)).toEqual(['wachtwoord']);
    expect(limiter.perAccount.retryAfterMs('wim@example.org')).toBe(0);
    const wrong = await expectRefused(c.stores, () => signIn(c.stores, limiter, { email: 'wim@example.org', wachtwoord: 'fout-wachtwoord' }, '192.0.2.1', undefined), NotSignedIn);
    expect(wrong.message).toBe(SIGN_IN_FAILED);
    expect(limiter.perAccount.retryAfterMs('wim@example.org')).toBeGreaterThan(0);
  });
});

describe('signOut', () => {
  it('ends exactly the session of the cookie and audits afgemeld', async () => {
    const limiter = new SignInLimiter();
    const mine = await signIn(c.stores, limiter, { email: 'sara@example.org', wachtwoord: PASSWORD }, '192.0.2.3', undefined);
    const elsewhere = await signIn(c.stores, limiter, { email: 'sara@example.org', wachtwoord: PASSWORD }, '192.0.2.4', undefined);
    const before = c.stores.audit.entries().length;
    await signOut(c.stores, sara.user, mine.cookie);
    const hashes = c.stores.db.data.sessies.map((s) => s.hash);
    expect(hashes).not.toContain(mine.session.hash);
    expect(hashes).toContain(elsewhere.session.hash);
    expect(auditSince(c.stores, before)).toMatchObject([{ actie: 'afgemeld', actor: { id: sara.user.id }, object: { soort: 'gebruiker', id: sara.user.id } }]);
  });

  it('without a cookie there is no session to end: nothing is written', async () => {
    const before = c.stores.audit.entries().length;
    const sessions = JSON.stringify(c.stores.db.data.sessies);
    await signOut(c.stores, sara.user, undefined);
    expect(c.stores.audit.entries().length).toBe(before);
    expect(JSON.stringify(c.stores.db.data.sessies)).toBe(sessions);
  });
});
