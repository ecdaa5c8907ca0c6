/**
 * Walks every write endpoint (and every restricted read) with every role and without sign-in, and
 * checks that exactly the allowed ones pass: the others get 401 (not signed in) or 403 (not allowed)
 * and change nothing. When a new write endpoint is added, add it to ENDPOINTS: the last test fails
 * until every POST/PATCH/DELETE in openapi.json is listed here.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/roles.js';
import { adminToken, makeUser, type TestUser } from '../helpers/auth.js';
import { editDraft, nextVersionName, ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers/testApp.js';

type Who = Role | 'anoniem';
const EVERYONE: Who[] = ['anoniem', 'beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'];

interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path template, to check coverage. */
  template: string;
  allowed: Who[];
  /** Builds the request for one attempt (each attempt gets fresh targets so allowed ones can succeed). */
  prepare: (who: Who, i: number) => Promise<{ url: string; body?: unknown }>;
}

let t: TestApp;
const users = {} as Record<Role, TestUser>;
let admin: string;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await adminToken(t);
  users.beheerder = { id: t.stores.db.data.gebruikers[0]?.id ?? '', email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD, token: admin };
  users.secretaris = await makeUser(t, 'secretaris');
  users.werkgroeplid = await makeUser(t, 'werkgroeplid');
  users.vertegenwoordiger = await makeUser(t, 'vertegenwoordiger', 'GM0363');
});
afterAll(() => t.cleanup());

// ---- amendments: every attempt acts on a fresh amendment, so that an allowed attempt can succeed ----

const AM = '/api/v1/documenten/digitale-stad/amendementen';
const P2 = '02-samen-producent-en-consument.md';
let sentence = 0;

async function principleText(ref: string): Promise<string> {
  const res = await request(t.app).get(`/api/v1/documenten/digitale-stad/versies/${ref}`).expect(200);
  const p = (res.body.principes as { bestand: string; tekst: string }[]).find((x) => x.bestand === P2);
  if (!p) throw new Error(`${P2} missing at ${ref}`);
  return p.tekst;
}

/** Principle 2 at `ref` with one new sentence at its end. */
async function withNewSentence(ref: string): Promise<{ bestand: string; tekst: string }[]> {
  sentence += 1;
  return [{ bestand: P2, tekst: `${(await principleText(ref)).replace(/\n$/, '')}\nMatrixzin nummer ${sentence}.\n` }];
}

/** A new amendment proposed by `by`. */
async function freshAmendment(by: TestUser): Promise<{ nummer: number; revisie: string }> {
  const res = await request(t.app)
    .post(AM)
    .set('Authorization', `Bearer ${by.token}`)
    .send({ titel: `Matrix ${sentence + 1}`, toelichting: 'Voor de autorisatiematrix.', principes: await withNewSentence('concept') })
    .expect(201);
  return { nummer: res.body.nummer as number, revisie: res.body.revisie as string };
}

/** A new named version (the newest, so the ALV may still adopt it), named by the administrator. */
async function adoptableVersion(): Promise<string> {
  await editDraft(t.store);
  const naam = nextVersionName(t.store);
  await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam, toelichting: 'Matrix ALV' }).expect(201);
  return naam;
}

/** The proposer for an attempt on a proposer-only endpoint: the caller when they may propose, else someone else. */
function proposerFor(who: Who): TestUser {
  return who === 'werkgroeplid' || who === 'vertegenwoordiger' ? users[who] : users.werkgroeplid;
}

/** Names the current draft as a new version (as the administrator), for endorsement attempts. */
async function freshVersion(): Promise<string> {
  await editDraft(t.store);
  const naam = nextVersionName(t.store);
  await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam, toelichting: 'Matrix' }).expect(201);
  return naam;
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'post',
    template: '/documenten/{document}/versies',
    allowed: ['beheerder', 'secretaris'],
    prepare: async () => {
      await editDraft(t.store);
      return { url: '/api/v1/documenten/digitale-stad/versies', body: { naam: nextVersionName(t.store), toelichting: 'Matrix' } };
    },
  },
  {
    method: 'post',
    template: '/gebruikers',
    allowed: ['beheerder'],
    prepare: async (who, i) => ({
      url: '/api/v1/gebruikers',
      body: { naam: 'Nieuw', email: `matrix-${who}-${i}@example.org`, wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' },
    }),
  },
  {
    method: 'patch',
    template: '/gebruikers/{id}',
    allowed: ['beheerder'],
    prepare: async () => {
      const target = await makeUser(t, 'werkgroeplid');
      return { url: `/api/v1/gebruikers/${target.id}`, body: { naam: 'Gewijzigd' } };
    },
  },
  {
    method: 'post',
    template: '/organisaties',
    allowed: ['beheerder'],
    prepare: async (_who, i) => ({ url: '/api/v1/organisaties', body: { code: `MATRIX-POST-${i}`, naam: `Matrix ${i}`, type: 'overig' } }),
  },
  {
    method: 'patch',
    template: '/organisaties/{code}',
    allowed: ['beheerder'],
    prepare: async (_who, i) => {
      const code = `MATRIX-PATCH-${i}`;
      await request(t.app)
        .post('/api/v1/organisaties')
        .set('Authorization', `Bearer ${admin}`)
        .send({ code, naam: `Matrix ${i}`, type: 'overig' })
        .expect(201);
      return { url: `/api/v1/organisaties/${code}`, body: { naam: `Matrix ${i} gewijzigd`, type: 'provincie' } };
    },
  },
  {
    // Everyone signed in may revoke their own tokens (someone else's are 404, tested elsewhere).
    method: 'delete',
    template: '/tokens/{id}',
    allowed: ['beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'],
    prepare: async (who) => {
      const owner = who === 'anoniem' ? users.werkgroeplid : users[who];
      const list = await request(t.app).get('/api/v1/tokens').set('Authorization', `Bearer ${owner.token}`).expect(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      // Revoke an extra token, never the one the test signs in with.
      const extra = await request(t.app).post('/api/v1/tokens').send({ email: owner.email, wachtwoord: owner.wachtwoord }).expect(201);
      return { url: `/api/v1/tokens/${extra.body.id as string}` };
    },
  },
  {
    method: 'post',
    template: '/documenten/{document}/amendementen',
    allowed: ['werkgroeplid', 'vertegenwoordiger'],
    prepare: async () => ({ url: AM, body: { titel: 'Matrix', toelichting: 'Voor de matrix.', principes: await withNewSentence('concept') } }),
  },
  {
    // Allowed: the amendment's own proposer (each allowed attempt revises an amendment of their own).
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/revisies',
    allowed: ['werkgroeplid', 'vertegenwoordiger'],
    prepare: async (who) => {
      const a = await freshAmendment(proposerFor(who));
      return { url: `${AM}/${a.nummer}/revisies`, body: { principes: await withNewSentence(a.revisie), verwachteRevisie: a.revisie } };
    },
  },
  {
    // Co-signing is for representatives of another organisation than the proposer's (the proposer here has none).
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/mede-indieners',
    allowed: ['vertegenwoordiger'],
    prepare: async () => ({ url: `${AM}/${(await freshAmendment(users.werkgroeplid)).nummer}/mede-indieners` }),
  },
  {
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/mede-indieners/intrekking',
    allowed: ['vertegenwoordiger'],
    prepare: async () => {
      const a = await freshAmendment(users.werkgroeplid);
      await request(t.app).post(`${AM}/${a.nummer}/mede-indieners`).set('Authorization', `Bearer ${users.vertegenwoordiger.token}`).expect(201);
      return { url: `${AM}/${a.nummer}/mede-indieners/intrekking` };
    },
  },
  {
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/reacties',
    allowed: ['beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'],
    prepare: async () => ({ url: `${AM}/${(await freshAmendment(users.werkgroeplid)).nummer}/reacties`, body: { tekst: 'Een reactie.' } }),
  },
  {
    // Reviewing is for the working group, never on one's own amendment (tested in amendmentsApi.test.ts).
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/beoordelingen',
    allowed: ['werkgroeplid'],
    prepare: async () => ({
      url: `${AM}/${(await freshAmendment(users.vertegenwoordiger)).nummer}/beoordelingen`,
      body: { oordeel: 'akkoord', toelichting: 'Akkoord.' },
    }),
  },
  {
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/besluit',
    allowed: ['secretaris'],
    prepare: async () => {
      const a = await freshAmendment(users.vertegenwoordiger);
      await request(t.app)
        .post(`${AM}/${a.nummer}/beoordelingen`)
        .set('Authorization', `Bearer ${users.werkgroeplid.token}`)
        .send({ oordeel: 'akkoord', toelichting: 'Akkoord.' })
        .expect(201);
      return { url: `${AM}/${a.nummer}/besluit`, body: { besluit: 'overnemen', reden: 'Matrix.', verwachteRevisie: a.revisie } };
    },
  },
  {
    // Allowed: the amendment's own proposer.
    method: 'post',
    template: '/documenten/{document}/amendementen/{nummer}/intrekking',
    allowed: ['werkgroeplid', 'vertegenwoordiger'],
    prepare: async (who) => ({ url: `${AM}/${(await freshAmendment(proposerFor(who))).nummer}/intrekking`, body: { reden: 'Matrix.' } }),
  },
  {
    // A representative endorses for their own organisation (GM0363) only; each attempt gets a new version.
    method: 'post',
    template: '/documenten/{document}/versies/{versie}/onderschrijvingen',
    allowed: ['vertegenwoordiger'],
    prepare: async () => ({
      url: `/api/v1/documenten/digitale-stad/versies/${await freshVersion()}/onderschrijvingen`,
      body: { ondertekenaar: { naam: 'Matrix', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'M-1', url: null } },
    }),
  },
  {
    // Withdrawing is for a representative of the endorsing organisation.
    method: 'post',
    template: '/documenten/{document}/onderschrijvingen/{id}/intrekking',
    allowed: ['vertegenwoordiger'],
    prepare: async () => {
      const res = await request(t.app)
        .post(`/api/v1/documenten/digitale-stad/versies/${await freshVersion()}/onderschrijvingen`)
        .set('Authorization', `Bearer ${users.vertegenwoordiger.token}`)
        .send({ ondertekenaar: { naam: 'Matrix', functie: 'burgemeester' }, besluit: { orgaan: 'raad', datum: '2025-01-15', kenmerk: 'M-2' } })
        .expect(201);
      return { url: `/api/v1/documenten/digitale-stad/onderschrijvingen/${res.body.id as string}/intrekking`, body: { reden: 'Matrix.' } };
    },
  },
  // ---- the ALV adoption of a version: the secretary only, each attempt on a fresh version ----
  {
    method: 'post',
    template: '/documenten/{document}/versies/{versie}/agendering',
    allowed: ['secretaris'],
    prepare: async () => ({ url: `/api/v1/documenten/digitale-stad/versies/${await adoptableVersion()}/agendering`, body: { alvDatum: '2026-06-12' } }),
  },
  {
    method: 'put',
    template: '/documenten/{document}/versies/{versie}/besluittekst',
    allowed: ['secretaris'],
    prepare: async () => ({ url: `/api/v1/documenten/digitale-stad/versies/${await adoptableVersion()}/besluittekst`, body: { tekst: 'Een toelichting.' } }),
  },
  {
    method: 'post',
    template: '/documenten/{document}/versies/{versie}/vaststelling',
    allowed: ['secretaris'],
    prepare: async () => {
      const url = `/api/v1/documenten/digitale-stad/versies/${await adoptableVersion()}`;
      await request(t.app).post(`${url}/agendering`).set('Authorization', `Bearer ${users.secretaris.token}`).send({ alvDatum: '2026-06-12' }).expect(200);
      return { url: `${url}/vaststelling`, body: { datum: '2026-06-12', uitkomst: 'aangenomen', percentages: { voor: 90, tegen: 6, onthouding: 4 }, kenmerk: 'ALV-2026-1' } };
    },
  },
  { method: 'get', template: '/gebruikers', allowed: ['beheerder'], prepare: async () => ({ url: '/api/v1/gebruikers' }) },
  { method: 'get', template: '/audit', allowed: ['beheerder'], prepare: async () => ({ url: '/api/v1/audit' }) },
  {
    method: 'get',
    template: '/tokens',
    allowed: ['beheerder', 'secretaris', 'werkgroeplid', 'vertegenwoordiger'],
    prepare: async () => ({ url: '/api/v1/tokens' }),
  },
];

describe('authorization matrix', () => {
  for (const ep of ENDPOINTS) {
    it(`${ep.method.toUpperCase()} ${ep.template}: only ${ep.allowed.join(', ')}`, async () => {
      let i = 0;
      for (const who of EVERYONE) {
        i += 1;
        const { url, body } = await ep.prepare(who, i);
        const auditBefore = t.stores.audit.entries().length;
        let req = request(t.app)[ep.method](url);
        if (who !== 'anoniem') req = req.set('Authorization', `Bearer ${users[who].token}`);
        const res = body === undefined ? await req : await req.send(body as object);
        if (ep.allowed.includes(who)) {
          expect(res.status, `${who} ${ep.method} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        } else {
          expect(res.status, `${who} ${ep.method} ${url}`).toBe(who === 'anoniem' ? 401 : 403);
          expect(t.stores.audit.entries().length, 'a refused request writes nothing').toBe(auditBefore);
        }
      }
    });
  }

  it('a secretary does not decide on an amendment they proposed or co-signed (403, Dutch reason), also after a role change', async () => {
    const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
    const proposer = await makeUser(t, 'werkgroeplid');
    const cosigner = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    const withdrawn = await makeUser(t, 'vertegenwoordiger', 'GM0599');
    const own = await freshAmendment(proposer);
    const cosigned = await freshAmendment(users.werkgroeplid);
    await request(t.app).post(`${AM}/${cosigned.nummer}/mede-indieners`).set(bearer(cosigner)).expect(201);
    await request(t.app).post(`${AM}/${cosigned.nummer}/mede-indieners`).set(bearer(withdrawn)).expect(201);
    await request(t.app).post(`${AM}/${cosigned.nummer}/mede-indieners/intrekking`).set(bearer(withdrawn)).expect(200);
    for (const u of [proposer, cosigner, withdrawn]) {
      await request(t.app).patch(`/api/v1/gebruikers/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ rol: 'secretaris', organisatie: null }).expect(200);
    }
    const attempts: [TestUser, { nummer: number; revisie: string }][] = [
      [proposer, own],
      [cosigner, cosigned],
      [withdrawn, cosigned],
    ];
    for (const [who, a] of attempts) {
      for (const besluit of ['overnemen', 'verwerpen']) {
        const auditBefore = t.stores.audit.entries().length;
        const res = await request(t.app).post(`${AM}/${a.nummer}/besluit`).set(bearer(who)).send({ besluit, reden: 'Eigen.', verwachteRevisie: a.revisie }).expect(403);
        expect(res.body.detail).toBe('U hebt dit amendement ingediend of mede ingediend. Over een eigen amendement besluit u niet: een andere secretaris besluit erover.');
        expect(t.stores.audit.entries().length, 'a refused decision writes nothing').toBe(auditBefore);
      }
      expect((await request(t.app).get(`${AM}/${a.nummer}`).expect(200)).body.status).toBe('ingediend');
    }
    // Another secretary decides both.
    for (const a of [own, cosigned]) {
      await request(t.app).post(`${AM}/${a.nummer}/besluit`).set(bearer(users.secretaris)).send({ besluit: 'verwerpen', reden: 'Niet nodig.', verwachteRevisie: a.revisie }).expect(200);
    }
  });

  it('covers every write endpoint in openapi.json', async () => {
    const spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'patch', 'put', 'delete'].includes(m))
        .map((m) => `${m} ${p}`),
    );
    const covered = new Set(ENDPOINTS.map((e) => `${e.method} ${e.template}`));
    // POST /tokens is the sign-in itself: public by design, rate limited (tests/api/accountsApi.test.ts).
    expect(writes.filter((w) => !covered.has(w) && w !== 'post /tokens')).toEqual([]);
  });
});
