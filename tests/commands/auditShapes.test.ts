/**
 * The audit log is public (its chain and the endorsement entries are exported) and existing stores must
 * keep verifying, so every entry the service writes keeps its exact shape: the action, the actor's
 * fields, the object and the data, with their keys in the same order (the log line is the entry's JSON).
 * One scenario over real HTTP makes every kind of entry a request can cause; the entries, with ids,
 * commits and times replaced by placeholders, must equal `fixtures/auditShapes.json`, which was written
 * from the service before the audit entries came from one catalogue (src/domain/auditEvents.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/auditChain.js';
import { csrfFrom, makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, editDraft, makeTestApp, nextVersionName, type TestApp } from '../helpers/testApp.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'auditShapes.json');
const DOC = '/api/v1/documenten/digitale-stad';
const AM = `${DOC}/amendementen`;
const P2 = '02-samen-producent-en-consument.md';

let t: TestApp;
const bearer = (u: TestUser | string) => ({ Authorization: `Bearer ${typeof u === 'string' ? u : u.token}` });

/** Ids, oids and times become placeholders numbered in order of appearance, so equal values stay equal. */
function normalise(value: unknown, seen: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const kind = /^[0-9a-f]{40}$/.test(value)
      ? 'oid'
      : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)
        ? 'tijd'
        : /^(gbr|tok|ond|rct|brd)_[A-Za-z0-9_-]+$/.test(value)
          ? value.slice(0, 3)
          : /^matrix-|@example\.org$/.test(value)
            ? 'email'
            : null;
    if (kind === null) return value;
    let placeholder = seen.get(value);
    if (placeholder === undefined) {
      placeholder = `<${kind} ${[...seen.values()].filter((p) => p.startsWith(`<${kind} `)).length + 1}>`;
      seen.set(value, placeholder);
    }
    return placeholder;
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, seen));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, seen)]));
  }
  return value;
}

/** Each entry as its JSON line without the chain fields, normalised. Long code lists are shortened. */
function shapes(): string[] {
  const seen = new Map<string, string>();
  return t.stores.audit.entries().map((e) => {
    const { volgnummer: _n, tijdstip: _t, vorigeHash: _v, hash: _h, ...rest } = e;
    const g = rest.gegevens;
    const shortened = g !== undefined && Array.isArray(g.codes) ? { ...rest, gegevens: { ...g, codes: `${g.codes.length} codes` } } : rest;
    return JSON.stringify(normalise(shortened, seen));
  });
}

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

describe('audit entries', () => {
  it('keep the shape of every kind of entry a request causes', async () => {
    const admin = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const adminToken = (await request(t.app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD, omschrijving: 'Beheer' }).expect(201)).body as { token: string; id: string };
    const secretaris = await makeUser(t, 'secretaris', null, 'Sara Secretaris');
    const werkgroep = await makeUser(t, 'werkgroeplid', 'GM0363', 'Wim Werkgroep');
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Rita Utrecht');
    const rep2 = await makeUser(t, 'vertegenwoordiger', 'GM0599', 'Ruud Rotterdam');

    // Accounts and tokens.
    await request(t.app).patch(`/api/v1/gebruikers/${werkgroep.id}`).set(bearer(adminToken.token)).send({ naam: 'Wim de Werkgroep', actief: true }).expect(200);
    await request(t.app).patch(`/api/v1/gebruikers/${rep2.id}`).set(bearer(adminToken.token)).send({ wachtwoord: 'een-nieuw-lang-wachtwoord' }).expect(200);
    rep2.wachtwoord = 'een-nieuw-lang-wachtwoord';
    rep2.token = (await request(t.app).post('/api/v1/tokens').send({ email: rep2.email, wachtwoord: rep2.wachtwoord }).expect(201)).body.token as string;
    await request(t.app).delete(`/api/v1/tokens/${adminToken.id}`).set(bearer(adminToken.token)).expect(204);
    const page = await admin.agent.get('/account').expect(200);
    await admin.agent.post('/account/tokens').type('form').send({ _csrf: csrfFrom(page.text), omschrijving: 'Via de pagina' }).expect(201);

    // Organisations.
    const adminApi = (await request(t.app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(201)).body.token as string;
    await request(t.app).post('/api/v1/organisaties').set(bearer(adminApi)).send({ code: 'PV27', naam: 'Provincie Test', type: 'provincie' }).expect(201);
    await request(t.app).patch('/api/v1/organisaties/PV27').set(bearer(adminApi)).send({ naam: 'Provincie Getest', type: 'overig' }).expect(200);

    // Amendments: propose, revise, co-sign and withdraw it, comment, review, update onto the draft, decide, withdraw.
    const text = (await request(t.app).get(`${DOC}/versies/concept`).expect(200)).body.principes.find((p: { bestand: string }) => p.bestand === P2).tekst as string;
    const propose = async (by: TestUser, zin: string) => {
      const res = await request(t.app)
        .post(AM)
        .set(bearer(by))
        .send({ titel: `Voorstel ${zin}`, toelichting: 'Waarom.', principes: [{ bestand: P2, tekst: `${text.replace(/\n$/, '')}\n${zin}\n` }] })
        .expect(201);
      return { nummer: res.body.nummer as number, revisie: res.body.revisie as string };
    };
    const a = await propose(werkgroep, 'Een eerste nieuwe zin.');
    const revised = await request(t.app)
      .post(`${AM}/${a.nummer}/revisies`)
      .set(bearer(werkgroep))
      .send({ principes: [{ bestand: P2, tekst: `${text.replace(/\n$/, '')}\nEen herziene nieuwe zin.\n` }], verwachteRevisie: a.revisie })
      .expect(201);
    a.revisie = revised.body.revisie as string;
    await request(t.app).post(`${AM}/${a.nummer}/mede-indieners`).set(bearer(rep)).expect(201);
    await request(t.app).post(`${AM}/${a.nummer}/mede-indieners/intrekking`).set(bearer(rep)).expect(200);
    await request(t.app).post(`${AM}/${a.nummer}/reacties`).set(bearer(secretaris)).send({ tekst: 'Een reactie.', anker: { bestand: P2, zin: 'Een herziene nieuwe zin.' } }).expect(201);
    await request(t.app).post(`${AM}/${a.nummer}/reacties`).set(bearer(rep)).send({ tekst: 'Nog een reactie.' }).expect(201);
    await editDraft(t.store);
    const updated = await request(t.app).post(`${AM}/${a.nummer}/revisies`).set(bearer(werkgroep)).send({ verwachteRevisie: a.revisie }).expect(201);
    a.revisie = updated.body.revisie as string;
    const reviewer = await makeUser(t, 'werkgroeplid', null, 'Rik Reviewer');
    await request(t.app).post(`${AM}/${a.nummer}/beoordelingen`).set(bearer(reviewer)).send({ oordeel: 'akkoord', toelichting: 'Goed.' }).expect(201);
    await request(t.app).post(`${AM}/${a.nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'overnemen', reden: 'Overgenomen.', verwachteRevisie: a.revisie }).expect(200);
    const b = await propose(rep, 'Een tweede nieuwe zin.');
    await request(t.app).post(`${AM}/${b.nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'verwerpen', reden: 'Niet nodig.' }).expect(200);
    const c = await propose(rep2, 'Een derde nieuwe zin.');
    await request(t.app).post(`${AM}/${c.nummer}/intrekking`).set(bearer(rep2)).send({ reden: 'Toch niet.' }).expect(200);

    // Versions and the ALV.
    await editDraft(t.store);
    const naam = nextVersionName(t.store);
    await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam, toelichting: 'Een nieuwe versie.' }).expect(201);
    const V = `${DOC}/versies/${naam}`;
    await request(t.app).post(`${V}/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-12' }).expect(200);
    await request(t.app).put(`${V}/besluittekst`).set(bearer(secretaris)).send({ tekst: 'Een toelichting.' }).expect(200);
    await request(t.app).put(`${V}/besluittekst`).set(bearer(secretaris)).send({ tekst: '' }).expect(200);
    await request(t.app).post(`${V}/vaststelling`).set(bearer(secretaris)).send({ datum: '2025-06-12', uitkomst: 'aangehouden', percentages: null, kenmerk: 'A-1' }).expect(201);
    await request(t.app).post(`${V}/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-13' }).expect(200);
    await request(t.app).post(`${V}/vaststelling`).set(bearer(secretaris)).send({ datum: '2025-06-13', uitkomst: 'verworpen', percentages: { voor: 10, tegen: 80, onthouding: 10 }, kenmerk: 'A-2' }).expect(201);
    await request(t.app).post(`${V}/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-14' }).expect(200);
    await request(t.app).post(`${V}/vaststelling`).set(bearer(secretaris)).send({ datum: '2025-06-14', uitkomst: 'aangenomen', percentages: { voor: 90, tegen: 5, onthouding: 5 }, kenmerk: 'A-3' }).expect(201);

    // Endorsements.
    const endorsed = await request(t.app)
      .post(`${V}/onderschrijvingen`)
      .set(bearer(rep))
      .send({ ondertekenaar: { naam: 'Rita', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'U-1', url: 'https://www.utrecht.nl/besluit' } })
      .expect(201);
    await request(t.app).post(`${DOC}/onderschrijvingen/${endorsed.body.id as string}/intrekking`).set(bearer(rep)).send({ reden: 'Herzien.' }).expect(200);

    // Sign out.
    const form = await admin.agent.get('/account').expect(200);
    await admin.agent.post('/afmelden').type('form').send({ _csrf: csrfFrom(form.text) }).expect(303);

    expect(verifyChain(t.stores.audit.entries()).ok).toBe(true);
    const actual = shapes();
    if (process.env.WRITE_AUDIT_FIXTURE === '1') {
      fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
      fs.writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 1)}\n`);
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')));
  });
});
