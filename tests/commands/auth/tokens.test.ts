/**
 * API tokens called directly on a real store: issueToken (sign-in for programs), createToken (for
 * oneself, signed in) and revokeToken. Only the token's hash is stored; a refused call writes nothing;
 * revoking is for one's own tokens, and revoking a revoked token changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, issueToken, revokeToken } from '../../../src/commands/auth/tokens.js';
import { TOKEN_DAYS } from '../../../src/domain/accountRules.js';
import { SignInLimiter } from '../../../src/domain/rateLimiter.js';
import { sha256 } from '../../../src/domain/secrets.js';
import { InvalidInput, NotFound, NotSignedIn } from '../../../src/errors.js';
import { userOfBearer } from '../../../src/queries/accountQueries.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person, type Person } from '../../helpers/storeScenario.js';

const PASSWORD = 'een-lang-genoeg-wachtwoord';
let c: CommandStore;
let wim: Person;
let ursula: Person;

beforeAll(async () => {
  c = await commandStore();
  wim = await person(c.stores, 'werkgroeplid', 'Wim');
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
});
afterAll(() => c.cleanup());

describe('issueToken', () => {
  it('gives a bearer token once for the right password; only its hash is stored, it expires after TOKEN_DAYS, and it is audited', async () => {
    const now = new Date();
    const { result, entries } = await withAudit(c.stores, () => issueToken(c.stores, new SignInLimiter(), { email: 'Wim@example.org', wachtwoord: PASSWORD }, '192.0.2.1', now));
    expect(result.token).toMatch(/^pds_/);
    expect(result.record).toMatchObject({ gebruiker: wim.user.id, hash: sha256(result.token), omschrijving: 'API-token', ingetrokken: null });
    expect(Date.parse(result.record.verlooptOp) - now.getTime()).toBe(TOKEN_DAYS * 24 * 3600_000);
    expect(c.stores.db.data.tokens.find((t) => t.id === result.record.id)).toEqual(result.record);
    expect(JSON.stringify(c.stores.db.data)).not.toContain(result.token);
    expect(userOfBearer(c.stores, result.token, now)?.id).toBe(wim.user.id);
    expect(entries).toMatchObject([{ actie: 'token-aangemaakt', actor: { id: wim.user.id }, object: { soort: 'token', id: result.record.id }, gegevens: { omschrijving: 'API-token' } }]);
  });

  it('a wrong password or an invalid request gets no token and writes nothing', async () => {
    await expectRefused(c.stores, () => issueToken(c.stores, new SignInLimiter(), { email: 'wim@example.org', wachtwoord: 'fout-wachtwoord' }, '192.0.2.1'), NotSignedIn);
    const invalid = await expectRefused(c.stores, () => issueToken(c.stores, new SignInLimiter(), { email: 'wim@example.org', wachtwoord: PASSWORD, omschrijving: 'x'.repeat(201) }, '192.0.2.1'), InvalidInput);
    expect(fieldsOf(invalid)).toEqual(['omschrijving']);
  });
});

describe('createToken', () => {
  it('makes a token for the signed-in user with their description', async () => {
    const { result, entries } = await withAudit(c.stores, () => createToken(c.stores, ursula.user, { omschrijving: '  Mijn script  ' }));
    expect(result.record).toMatchObject({ gebruiker: ursula.user.id, omschrijving: 'Mijn script', hash: sha256(result.token) });
    expect(entries).toMatchObject([{ actie: 'token-aangemaakt', actor: { id: ursula.user.id }, object: { id: result.record.id } }]);
  });

  it('a missing description is 400 naming omschrijving; an account that no longer exists is 404', async () => {
    expect(fieldsOf(await expectRefused(c.stores, () => createToken(c.stores, ursula.user, { omschrijving: '   ' }), InvalidInput))).toEqual(['omschrijving']);
    await expectRefused(c.stores, () => createToken(c.stores, { ...ursula.user, id: 'gbr_bestaatniet00' }, { omschrijving: 'x' }), NotFound);
  });
});

describe('revokeToken', () => {
  it('revokes one’s own token: the bearer no longer works, and it is audited', async () => {
    const { record, token } = await createToken(c.stores, wim.user, { omschrijving: 'Weg ermee' });
    const now = new Date();
    const { result, entries } = await withAudit(c.stores, () => revokeToken(c.stores, wim.user, record.id, now));
    expect(result.ingetrokken).toBe(now.toISOString());
    expect(c.stores.db.data.tokens.find((t) => t.id === record.id)?.ingetrokken).toBe(now.toISOString());
    expect(userOfBearer(c.stores, token, now)).toBeNull();
    expect(entries).toMatchObject([{ actie: 'token-ingetrokken', actor: { id: wim.user.id }, object: { soort: 'token', id: record.id } }]);
  });

  it('someone else’s token is not found and stays active; an unknown id is not found', async () => {
    const { record, token } = await createToken(c.stores, wim.user, { omschrijving: 'Van Wim' });
    await expectRefused(c.stores, () => revokeToken(c.stores, ursula.user, record.id), NotFound);
    await expectRefused(c.stores, () => revokeToken(c.stores, ursula.user, 'tok_bestaatniet00'), NotFound);
    expect(userOfBearer(c.stores, token, new Date())?.id).toBe(wim.user.id);
  });

  it('revoking a revoked token again answers it as it is: the first time stays, no second audit entry', async () => {
    const { record } = await createToken(c.stores, wim.user, { omschrijving: 'Twee keer' });
    const first = await revokeToken(c.stores, wim.user, record.id, new Date('2025-05-01T10:00:00Z'));
    const before = c.stores.audit.entries().length;
    const again = await revokeToken(c.stores, wim.user, record.id, new Date('2025-05-02T10:00:00Z'));
    expect(again.ingetrokken).toBe(first.ingetrokken);
    expect(c.stores.audit.entries().length, 'nothing was revoked, so nothing is audited').toBe(before);
  });
});
