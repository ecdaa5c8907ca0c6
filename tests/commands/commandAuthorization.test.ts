/**
 * Commands are the security boundary: every write of accounts, tokens, sign-out, organisations,
 * versions, the ALV adoption and endorsements authorizes itself with the record it acts on, whoever
 * calls it, and a refused caller learns nothing about the body (401/403 before 400). Called here
 * directly on a real store, without any route in between; a refused call writes nothing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../src/commands/organisations/addOrganisation.js';
import { updateOrganisation } from '../../src/commands/organisations/updateOrganisation.js';
import { signOut } from '../../src/commands/auth/sessions.js';
import { createToken, revokeToken } from '../../src/commands/auth/tokens.js';
import { endorseVersion } from '../../src/commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../../src/commands/endorsements/withdrawEndorsement.js';
import { createUser } from '../../src/commands/users/createUser.js';
import { updateUser } from '../../src/commands/users/updateUser.js';
import { nameVersion } from '../../src/commands/versions/nameVersion.js';
import { recordAdoption } from '../../src/commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../src/commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../src/commands/versions/setDecisionText.js';
import { InvalidInput, NotAllowed, NotFound, NotSignedIn } from '../../src/errors.js';
import type { CurrentUser } from '../../src/policies/currentUser.js';
import { DOC, person, type Person } from '../helpers/storeScenario.js';
import { editDraft, makeTestApp, nextVersionName, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let admin: CurrentUser;
let secretaris: Person;
let werkgroeplid: Person;
let utrecht: Person;
let zwolle: Person;

beforeAll(async () => {
  t = await makeTestApp();
  const record = t.stores.db.data.gebruikers[0];
  if (record === undefined) throw new Error('no administrator');
  admin = { id: record.id, naam: record.naam, email: record.email, rol: record.rol, organisatie: null, via: 'token' };
  secretaris = await person(t.stores, 'secretaris', 'Sara');
  werkgroeplid = await person(t.stores, 'werkgroeplid', 'Wim');
  utrecht = await person(t.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
  zwolle = await person(t.stores, 'vertegenwoordiger', 'Zeger', 'GM0193');
});
afterAll(() => t.cleanup());

/** Runs `write`, expects it refused with `error`, and that neither the audit log nor the data changed. */
async function refused(write: () => Promise<unknown>, error: new (...args: never[]) => Error): Promise<void> {
  const audit = t.stores.audit.entries().length;
  const data = JSON.stringify(t.stores.db.data);
  const endorsements = t.stores.endorsements.all().length;
  const tags = t.store.get(DOC).versions().length;
  await expect(write()).rejects.toBeInstanceOf(error);
  expect(t.stores.audit.entries().length, 'a refused write appends nothing').toBe(audit);
  expect(JSON.stringify(t.stores.db.data), 'a refused write changes no record').toBe(data);
  expect(t.stores.endorsements.all().length).toBe(endorsements);
  expect(t.store.get(DOC).versions().length).toBe(tags);
}

const newUser = (email: string) => ({ naam: 'Nieuw', email, wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' });

describe('accounts and tokens', () => {
  it('createUser and updateUser: the administrator only; 401/403 also for an invalid body', async () => {
    await refused(() => createUser(t.stores, null, newUser('a@example.org')), NotSignedIn);
    for (const who of [secretaris, werkgroeplid, utrecht]) {
      await refused(() => createUser(t.stores, who.user, newUser('b@example.org')), NotAllowed);
      await refused(() => createUser(t.stores, who.user, { email: 'geen e-mail' }), NotAllowed);
      await refused(() => updateUser(t.stores, who.user, werkgroeplid.user.id, { rol: 'beheerder' }), NotAllowed);
      await refused(() => updateUser(t.stores, who.user, 'gbr_bestaatniet', {}), NotAllowed);
    }
    await refused(() => updateUser(t.stores, null, werkgroeplid.user.id, { naam: 'Anders' }), NotSignedIn);
    // The administrator: 404 for an unknown account, 400 for invalid input, then it works.
    await refused(() => updateUser(t.stores, admin, 'gbr_bestaatniet', { naam: 'X' }), NotFound);
    await refused(() => createUser(t.stores, admin, { email: 'geen e-mail' }), InvalidInput);
    const created = await createUser(t.stores, admin, newUser('c@example.org'));
    expect(created.email).toBe('c@example.org');
  });

  it('createToken and revokeToken: signed in, for oneself only', async () => {
    await refused(() => createToken(t.stores, null, { omschrijving: 'x' }), NotSignedIn);
    await refused(() => createToken(t.stores, null, {}), NotSignedIn);
    await refused(() => revokeToken(t.stores, null, 'tok_x'), NotSignedIn);
    const own = await createToken(t.stores, werkgroeplid.user, { omschrijving: 'Mijn programma' });
    expect(own.record.gebruiker).toBe(werkgroeplid.user.id);
    // Someone else's token is not found for you, and stays active.
    await refused(() => revokeToken(t.stores, utrecht.user, own.record.id), NotFound);
    expect((await revokeToken(t.stores, werkgroeplid.user, own.record.id)).ingetrokken).not.toBeNull();
  });

  it('signOut without a signed-in user ends nothing and writes nothing', async () => {
    const before = t.stores.audit.entries().length;
    await signOut(t.stores, null, 'een-cookie');
    expect(t.stores.audit.entries().length).toBe(before);
  });
});

describe('organisations', () => {
  it('addOrganisation and updateOrganisation: the administrator only, before the body is looked at', async () => {
    await refused(() => addOrganisation(t.stores, null, { code: 'PV40', naam: 'P', type: 'provincie' }), NotSignedIn);
    await refused(() => addOrganisation(t.stores, werkgroeplid.user, {}), NotAllowed);
    await refused(() => updateOrganisation(t.stores, utrecht.user, 'BE-ANTWERPEN', { naam: 'Antwerpen!' }), NotAllowed);
    await refused(() => updateOrganisation(t.stores, null, 'onzin', {}), NotSignedIn);
  });
});

describe('versions and the ALV adoption', () => {
  it('nameVersion: secretaris and beheerder; 401/403 before the body', async () => {
    await editDraft(t.store);
    const naam = nextVersionName(t.store);
    await refused(() => nameVersion(t.stores, null, DOC, { naam, toelichting: 'x' }), NotSignedIn);
    await refused(() => nameVersion(t.stores, werkgroeplid.user, DOC, {}), NotAllowed);
    await refused(() => nameVersion(t.stores, utrecht.user, DOC, { naam, toelichting: 'x' }), NotAllowed);
    await refused(() => nameVersion(t.stores, secretaris.user, DOC, { naam: 'geen-versie', toelichting: 'x' }), InvalidInput);
    await refused(() => nameVersion(t.stores, secretaris.user, 'bestaat-niet', {}), NotFound);
    expect((await nameVersion(t.stores, secretaris.user, DOC, { naam, toelichting: 'Matrix' })).naam).toBe(naam);
  });

  it('the ALV verbs: the secretary only; the version first (404), then 401/403, then the body (400)', async () => {
    const naam = nextVersionName(t.store).replace(/\d+$/, (m) => String(Number(m) - 1));
    const verbs = [
      (u: CurrentUser | null, v: string, body: unknown) => scheduleVersion(t.stores, u, DOC, v, body),
      (u: CurrentUser | null, v: string, body: unknown) => setDecisionText(t.stores, u, DOC, v, body),
      (u: CurrentUser | null, v: string, body: unknown) => recordAdoption(t.stores, u, DOC, v, body),
    ];
    for (const verb of verbs) {
      await refused(() => verb(null, '9.9', {}), NotFound);
      await refused(() => verb(null, 'concept', {}), NotFound);
      await refused(() => verb(null, naam, {}), NotSignedIn);
      for (const who of [admin, werkgroeplid.user, utrecht.user]) await refused(() => verb(who, naam, {}), NotAllowed);
      await refused(() => verb(secretaris.user, naam, {}), InvalidInput);
    }
    const state = await scheduleVersion(t.stores, secretaris.user, DOC, naam, { alvDatum: '2026-06-12' });
    expect(state.agendering?.alvDatum).toBe('2026-06-12');
  });
});

describe('endorsements', () => {
  const body = { ondertekenaar: { naam: 'U', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'K-1', url: null } };

  it('endorseVersion: a representative for their own organisation; 401/403 before the version and the body', async () => {
    await refused(() => endorseVersion(t.stores, null, DOC, 'concept', {}), NotSignedIn);
    await refused(() => endorseVersion(t.stores, secretaris.user, DOC, '9.9', {}), NotAllowed);
    await refused(() => endorseVersion(t.stores, utrecht.user, DOC, '1.0', { ...body, organisatie: 'GM0193' }), NotAllowed);
    await refused(() => endorseVersion(t.stores, utrecht.user, DOC, '9.9', body), NotFound);
    const record = await endorseVersion(t.stores, utrecht.user, DOC, '1.0', body);
    expect(record).toMatchObject({ status: 'actief', organisatie: { code: 'GM0344' } });
  });

  it('withdrawEndorsement: a representative of the endorsing organisation only', async () => {
    const record = await endorseVersion(t.stores, zwolle.user, DOC, '1.0', body);
    await refused(() => withdrawEndorsement(t.stores, null, DOC, record.id, {}), NotSignedIn);
    await refused(() => withdrawEndorsement(t.stores, utrecht.user, DOC, record.id, { reden: 'Niet van mij.' }), NotAllowed);
    await refused(() => withdrawEndorsement(t.stores, admin, DOC, record.id, {}), NotAllowed);
    await refused(() => withdrawEndorsement(t.stores, zwolle.user, DOC, record.id, {}), InvalidInput);
    expect((await withdrawEndorsement(t.stores, zwolle.user, DOC, record.id, { reden: 'Herzien.' })).status).toBe('ingetrokken');
  });
});

describe('over HTTP the same order holds for every write of these areas', () => {
  it('a refused caller with an invalid body gets 401 or 403, never the field list', async () => {
    const V = `/api/v1/documenten/${DOC}/versies/1.0`;
    const writes: [string, string, unknown][] = [
      ['post', `/api/v1/documenten/${DOC}/versies`, { naam: 'x' }],
      ['post', `${V}/agendering`, { alvDatum: 'morgen' }],
      ['put', `${V}/besluittekst`, { tekst: 5 }],
      ['post', `${V}/vaststelling`, { uitkomst: 'misschien' }],
      ['post', `${V}/onderschrijvingen`, { besluit: 'ja' }],
      ['post', '/api/v1/gebruikers', { email: 'geen' }],
      ['patch', `/api/v1/gebruikers/${werkgroeplid.user.id}`, { rol: 'koning' }],
      ['post', '/api/v1/organisaties', { code: '?' }],
      ['patch', '/api/v1/organisaties/BE-ANTWERPEN', { type: 'stad' }],
    ];
    for (const [method, url, body] of writes) {
      const anonymous = await request(t.app)[method as 'post'](url).send(body as object);
      expect(anonymous.status, `${method} ${url}`).toBe(401);
      const other = await request(t.app)[method as 'post'](url).set('Authorization', `Bearer ${werkgroeplid.token}`).send(body as object);
      expect(other.status, `${method} ${url}`).toBe(403);
      expect(other.body.errors, 'no field errors for a refused caller').toBeUndefined();
    }
  });
});
