/**
 * Text input must be well-formed Unicode. JSON can carry a lone UTF-16 surrogate (`"\ud800"`); it is
 * refused with 400 naming the field, on every write, before anything is stored. (Accepted, git stored
 * U+FFFD while the API served U+D800 until a restart: the same commit's text changed.) A surrogate pair
 * (an emoji) is well-formed and kept exactly. Form posts cannot carry a lone surrogate at all: their
 * percent-decoding yields well-formed text.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { illFormedTextFields } from '../../src/validation.js';
import { adminToken, makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let wg: TestUser;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  wg = await makeUser(t, 'werkgroeplid');
  admin = await adminToken(t);
});
afterAll(() => t.cleanup());

const LONE = '\ud800';
const AM = '/api/v1/documenten/digitale-stad/amendementen';
const P2 = '02-samen-producent-en-consument.md';

async function principle2(): Promise<string> {
  const res = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/concept').expect(200);
  return (res.body.principes as { bestand: string; tekst: string }[]).find((p) => p.bestand === P2)?.tekst ?? '';
}

function fieldNames(res: request.Response): string[] {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return (res.body.errors as { name: string; reason: string }[]).map((e) => e.name);
}

describe('a lone surrogate in JSON is refused with 400 naming the field', () => {
  it('proposing an amendment: title and principle text; nothing is stored', async () => {
    const amendmentsBefore = t.stores.amendments.all().length;
    const auditBefore = t.stores.audit.entries().length;
    const tekst = `${(await principle2()).trimEnd()}\nEen zin met ${LONE} erin.\n`;
    const res = await request(t.app)
      .post(AM)
      .set('Authorization', `Bearer ${wg.token}`)
      .send(JSON.parse(`{"titel": "Titel \\ud800", "toelichting": "Goed.", "principes": [${JSON.stringify({ bestand: P2, tekst })}]}`))
      .expect(400);
    expect(fieldNames(res).sort()).toEqual(['principes.0.tekst', 'titel']);
    expect(res.body.errors[0].reason).toMatch(/ongeldig teken/);
    expect(t.stores.amendments.all().length).toBe(amendmentsBefore);
    expect(t.stores.audit.entries().length).toBe(auditBefore);
  });

  it('the same rule on other writes: a comment, an account, a version, the sign-in', async () => {
    const ok = await request(t.app)
      .post(AM)
      .set('Authorization', `Bearer ${wg.token}`)
      .send({ titel: 'Een goed amendement', toelichting: 'Goed.', principes: [{ bestand: P2, tekst: `${(await principle2()).trimEnd()}\nNog een zin.\n` }] })
      .expect(201);
    const comment = await request(t.app).post(`${AM}/${ok.body.nummer as number}/reacties`).set('Authorization', `Bearer ${wg.token}`).send({ tekst: `Reactie ${LONE}` }).expect(400);
    expect(fieldNames(comment)).toEqual(['tekst']);
    const user = await request(t.app)
      .post('/api/v1/gebruikers')
      .set('Authorization', `Bearer ${admin}`)
      .send({ naam: `Naam ${LONE}`, email: 'surrogaat@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' })
      .expect(400);
    expect(fieldNames(user)).toEqual(['naam']);
    const version = await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam: '1.9', toelichting: `\udc00 los` }).expect(400);
    expect(fieldNames(version)).toEqual(['toelichting']);
    const signIn = await request(t.app).post('/api/v1/tokens').send({ email: 'a@example.org', wachtwoord: `wachtwoord${LONE}` }).expect(400);
    expect(fieldNames(signIn)).toEqual(['wachtwoord']);
    // An ill-formed key is named too (with U+FFFD in its place), even where the schema ignores unknown keys.
    const key = await request(t.app).post(`${AM}/${ok.body.nummer as number}/reacties`).set('Authorization', `Bearer ${wg.token}`).send(JSON.parse('{"tekst": "Goed.", "x\\udfff": 1}')).expect(400);
    expect(fieldNames(key)).toEqual(['x\ufffd']);
  });

  it('a surrogate pair is well-formed: an emoji is kept exactly, in the API, in git and after reading back', async () => {
    const zin = 'Een zin met een emoji 😀 en een ĳ.';
    const res = await request(t.app)
      .post(AM)
      .set('Authorization', `Bearer ${wg.token}`)
      .send({ titel: 'Emoji 😀', toelichting: 'Goed.', principes: [{ bestand: P2, tekst: `${(await principle2()).trimEnd()}\n${zin}\n` }] })
      .expect(201);
    expect(res.body.titel).toBe('Emoji 😀');
    const repo = path.join(t.dataDir, 'documents', 'digitale-stad.git');
    const inGit = execFileSync('git', ['show', `amendementen/${res.body.nummer as number}:${P2}`], { cwd: repo, encoding: 'utf8' });
    expect(inGit).toContain(zin);
  });

  it('the check names nested fields like zod does', () => {
    expect(illFormedTextFields({ a: [{ b: 'x' }, { b: `y${LONE}` }], c: '😀', d: 3 })).toEqual([{ name: 'a.1.b', reason: expect.stringMatching(/ongeldig teken/) }]);
    expect(illFormedTextFields(LONE).map((e) => e.name)).toEqual(['(body)']);
    expect(illFormedTextFields({ ok: 'ĳ 😀 \ud83d\ude00' })).toEqual([]);
  });
});

describe('forms cannot carry a lone surrogate', () => {
  it('the percent-encoded bytes of a surrogate (not UTF-8) and %uD800 arrive as well-formed text', async () => {
    const ok = await request(t.app)
      .post(AM)
      .set('Authorization', `Bearer ${wg.token}`)
      .send({ titel: 'Voor het formulier', toelichting: 'Goed.', principes: [{ bestand: P2, tekst: `${(await principle2()).trimEnd()}\nFormulierzin.\n` }] })
      .expect(201);
    const nummer = ok.body.nummer as number;
    const { agent, csrf } = await signedInAgent(t, wg.email, wg.wachtwoord);
    const url = `/documenten/digitale-stad/amendementen/${nummer}/reacties`;
    for (const encoded of ['%ED%A0%80', '%uD800', 'x%ED%A0%80y%C3%A9']) {
      await agent.post(url).type('form').send(`_csrf=${encodeURIComponent(csrf)}&tekst=Reactie+${encoded}`).expect(303);
    }
    const record = t.stores.amendments.all().find((a) => a.nummer === nummer);
    expect(record?.reacties).toHaveLength(3);
    expect(illFormedTextFields(record)).toEqual([]);
  });
});
