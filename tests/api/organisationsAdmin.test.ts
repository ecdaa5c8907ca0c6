/**
 * The administrator adds and changes organisations through the API: POST /api/v1/organisaties and
 * PATCH /api/v1/organisaties/{code}, on a real store (no mocks).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, makeUser, tokenFor } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.cleanup());

const post = (body: unknown, token = admin) => request(t.app).post('/api/v1/organisaties').set('Authorization', `Bearer ${token}`).send(body as object);
const patch = (code: string, body: unknown, token = admin) =>
  request(t.app).patch(`/api/v1/organisaties/${code}`).set('Authorization', `Bearer ${token}`).send(body as object);

/** Checks a problem+json answer and returns the names of the fields it names. */
function problemFields(res: request.Response): string[] {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
  return ((res.body.errors ?? []) as { name: string }[]).map((e) => e.name);
}

function reasonFor(res: request.Response, field: string): string {
  return ((res.body.errors ?? []) as { name: string; reason: string }[]).find((e) => e.name === field)?.reason ?? '';
}

describe('POST /api/v1/organisaties', () => {
  it('adds a provincie, a waterschap, a buitenlandse gemeente and an overig, each with bron and an audit entry', async () => {
    const cases = [
      { code: 'PV27', naam: 'Provincie Noord-Holland', type: 'provincie' },
      { code: 'WS-AGV', naam: 'Waterschap Amstel, Gooi en Vecht', type: 'waterschap' },
      { code: 'BE-GENT', naam: 'Gent', type: 'buitenlandse-gemeente' },
      { code: 'IPO', naam: 'Interprovinciaal Overleg', type: 'overig' },
    ];
    for (const c of cases) {
      const res = await post(c).expect(201);
      expect(res.headers.location).toBe(`/api/v1/organisaties/${c.code}`);
      expect(res.headers['api-version']).toBeDefined();
      expect(res.body).toEqual({ ...c, bron: 'Toegevoegd door de beheerder' });
      // The single GET also lists the organisation's endorsements (none yet).
      await request(t.app).get(res.headers.location as string).expect(200, { ...c, bron: 'Toegevoegd door de beheerder', onderschrijvingen: [] });

      const stored = t.stores.db.data.organisaties.find((o) => o.code === c.code);
      expect(stored).toMatchObject({ ...c, bron: 'Toegevoegd door de beheerder', aangemaakt: expect.any(String) });
      const audit = t.stores.audit.entries().filter((e) => e.actie === 'organisatie-toegevoegd' && e.object.id === c.code);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: { naam: 'Beheerder', rol: 'beheerder' },
        object: { soort: 'organisatie', id: c.code },
        gegevens: { ...c, bron: 'Toegevoegd door de beheerder', aangemaakt: stored?.aangemaakt },
      });
    }
  });

  it('trims the name and keeps it as text', async () => {
    const res = await post({ code: 'WS-HHNK', naam: '  Hoogheemraadschap Hollands Noorderkwartier  ', type: 'waterschap' }).expect(201);
    expect(res.body.naam).toBe('Hoogheemraadschap Hollands Noorderkwartier');
  });

  it('a code that exists: 409 naming code, for added organisations and for CBS municipalities alike; nothing changes', async () => {
    const before = t.stores.db.data.organisaties;
    const auditBefore = t.stores.audit.entries().length;
    for (const body of [
      { code: 'PV27', naam: 'Nog een Noord-Holland', type: 'provincie' },
      { code: 'GM0363', naam: 'Amsterdam', type: 'gemeente' },
      { code: 'VNG', naam: 'VNG', type: 'overig' },
    ]) {
      const res = await post(body).expect(409);
      expect(problemFields(res)).toEqual([]);
      expect(res.body.detail).toContain(`code ${body.code}`);
      expect(res.body.data).toEqual({ field: 'code' });
    }
    expect(t.stores.db.data.organisaties).toBe(before);
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
  });

  it('invalid input: 400 naming the field with a Dutch reason, nothing stored', async () => {
    const count = t.stores.db.data.organisaties.length;
    const auditBefore = t.stores.audit.entries().length;
    const cases: [unknown, string, RegExp][] = [
      [{ code: 'pv 27!', naam: 'Provincie', type: 'provincie' }, 'code', /hoofdletters, cijfers of streepjes/],
      [{ code: 'X', naam: 'Provincie', type: 'provincie' }, 'code', /2 tot 20/],
      [{ code: 'A'.repeat(21), naam: 'Provincie', type: 'provincie' }, 'code', /2 tot 20/],
      [{ code: 'pv27', naam: 'Provincie', type: 'provincie' }, 'code', /hoofdletters/],
      [{ naam: 'Provincie', type: 'provincie' }, 'code', /Vul een code in/],
      [{ code: 'GM9998', naam: 'Geen gemeente', type: 'overig' }, 'code', /CBS-gemeentecode/],
      [{ code: 'PV-LEEG', naam: '', type: 'provincie' }, 'naam', /Vul een naam in/],
      [{ code: 'PV-SPATIE', naam: '    ', type: 'provincie' }, 'naam', /Vul een naam in/],
      [{ code: 'PV-LANG', naam: 'x'.repeat(201), type: 'provincie' }, 'naam', /te lang/],
      [{ code: 'PV-TAB', naam: 'Provincie\tTab', type: 'provincie' }, 'naam', /ongeldige tekens/],
      [{ code: 'PV-NL', naam: 'Provincie\nRegel', type: 'provincie' }, 'naam', /ongeldige tekens/],
      [{ code: 'PV-NUM', naam: 42, type: 'provincie' }, 'naam', /Vul een naam in/],
      [{ code: 'STAD', naam: 'Stad', type: 'stad' }, 'type', /Kies een van deze typen/],
      [{ code: 'STAD', naam: 'Stad' }, 'type', /Kies een van deze typen/],
      [{ code: 'GM9999', naam: 'Nergenshuizen', type: 'gemeente' }, 'type', /CBS-gebiedsindeling/],
      [{ code: 'NL-NERGENS', naam: 'Nergenshuizen', type: 'gemeente' }, 'type', /CBS-gebiedsindeling/],
    ];
    for (const [body, field, reason] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(problemFields(res), JSON.stringify(body)).toContain(field);
      expect(reasonFor(res, field), JSON.stringify(body)).toMatch(reason);
    }
    const all = await post({ code: '?', naam: '', type: 'x' }).expect(400);
    expect(problemFields(all).sort()).toEqual(['code', 'naam', 'type']);
    await request(t.app).post('/api/v1/organisaties').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{geen json').expect(400);
    expect(problemFields(await post([]).expect(400))).toContain('(body)');
    expect(t.stores.db.data.organisaties).toHaveLength(count);
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
  });

  it('two concurrent adds of one code: one 201, one 409, one record', async () => {
    const body = { code: 'PV-RACE', naam: 'Provincie Race', type: 'provincie' };
    const statuses = (await Promise.all([post(body), post(body)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect(t.stores.db.data.organisaties.filter((o) => o.code === 'PV-RACE')).toHaveLength(1);
    expect(t.stores.audit.entries().filter((e) => e.actie === 'organisatie-toegevoegd' && e.object.id === 'PV-RACE')).toHaveLength(1);
  });

  it('HTML in the name is stored as text and escaped on the pages', async () => {
    const naam = '<script>alert(1)</script> & <b>Zeeland</b>';
    const res = await post({ code: 'PV29', naam, type: 'provincie' }).expect(201);
    expect(res.body.naam).toBe(naam);
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'PV29')?.naam).toBe(naam);
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Zeeland&lt;/b&gt;';
    const page = await request(t.app).get('/organisaties/PV29').expect(200);
    expect(page.text).toContain(`<h1 class="utrecht-heading-1">${escaped}</h1>`);
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<b>Zeeland');
    const list = await request(t.app).get('/organisaties?zoek=zeeland').expect(200);
    expect(list.text).toContain(escaped);
    expect(list.text).not.toContain('<script>alert(1)');
  });

  it('the new organisation is found by GET, by search and by type, and can be the organisation of a vertegenwoordiger', async () => {
    const found = await request(t.app).get('/api/v1/organisaties?zoek=noorderkwartier').expect(200);
    expect(found.body.items.map((o: { code: string }) => o.code)).toEqual(['WS-HHNK']);
    const byCode = await request(t.app).get('/api/v1/organisaties?zoek=BE-GENT').expect(200);
    expect(byCode.body.items.map((o: { code: string }) => o.code)).toEqual(['BE-GENT']);
    const provinces = await request(t.app).get('/api/v1/organisaties?type=provincie').expect(200);
    expect(provinces.body.items.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['PV27', 'PV29']));
    const page = await request(t.app).get('/organisaties?zoek=gent&type=buitenlandse-gemeente').expect(200);
    expect(page.text).toContain('<a class="utrecht-link" href="/organisaties/BE-GENT">Gent</a>');

    const rep = await request(t.app)
      .post('/api/v1/gebruikers')
      .set('Authorization', `Bearer ${admin}`)
      .send({ naam: 'Gerda Gedeputeerde', email: 'gerda@noord-holland.example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie: 'PV27' })
      .expect(201);
    expect(rep.body.organisatie).toEqual({ code: 'PV27', naam: 'Provincie Noord-Holland' });
    const token = await tokenFor(t, 'gerda@noord-holland.example.org', 'een-lang-wachtwoord');
    expect(token.length).toBeGreaterThan(20);
  });

  it('only the administrator: anonymous 401, other roles 403, nothing stored', async () => {
    const body = { code: 'PV-NIET', naam: 'Niet toegestaan', type: 'provincie' };
    const anon = await request(t.app).post('/api/v1/organisaties').send(body).expect(401);
    expect(problemFields(anon)).toEqual([]);
    for (const rol of ['secretaris', 'werkgroeplid'] as const) {
      const u = await makeUser(t, rol);
      const res = await post(body, u.token).expect(403);
      expect(res.body.detail).toBe('Alleen een beheerder kan organisaties beheren.');
      await patch('PV27', { naam: 'x' }, u.token).expect(403);
    }
    expect(t.stores.db.data.organisaties.some((o) => o.code === 'PV-NIET')).toBe(false);
  });
});

describe('PATCH /api/v1/organisaties/{code}', () => {
  it('changes the name and the type of an added organisation, audited with the previous values', async () => {
    await post({ code: 'OVERLEG-X', naam: 'Overleg X', type: 'overig' }).expect(201);
    const res = await patch('OVERLEG-X', { naam: '  Overleg X en Y ' }).expect(200);
    expect(res.body).toEqual({ code: 'OVERLEG-X', naam: 'Overleg X en Y', type: 'overig', bron: 'Toegevoegd door de beheerder' });
    const typed = await patch('OVERLEG-X', { type: 'provincie' }).expect(200);
    expect(typed.body.type).toBe('provincie');
    const both = await patch('OVERLEG-X', { naam: 'Provincie X', type: 'waterschap' }).expect(200);
    expect(both.body).toMatchObject({ naam: 'Provincie X', type: 'waterschap' });
    // The single GET also lists the organisation's endorsements (none here).
    await request(t.app).get('/api/v1/organisaties/OVERLEG-X').expect(200, { ...both.body, onderschrijvingen: [] });

    const audit = t.stores.audit.entries().filter((e) => e.actie === 'organisatie-gewijzigd' && e.object.id === 'OVERLEG-X');
    expect(audit.map((e) => e.gegevens)).toEqual([
      { naam: 'Overleg X en Y', vorig: { naam: 'Overleg X' } },
      { type: 'provincie', vorig: { type: 'overig' } },
      { naam: 'Provincie X', type: 'waterschap', vorig: { naam: 'Overleg X en Y', type: 'provincie' } },
    ]);
    expect(audit[0]).toMatchObject({ actor: { rol: 'beheerder' }, object: { soort: 'organisatie', id: 'OVERLEG-X' } });

    // A change to the same values changes nothing and is not audited.
    const auditBefore = t.stores.audit.entries().length;
    await patch('OVERLEG-X', { naam: 'Provincie X' }).expect(200);
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
  });

  it('seeded organisations that are not municipalities can be changed too', async () => {
    const res = await patch('BE-ANTWERPEN', { naam: 'Stad Antwerpen' }).expect(200);
    expect(res.body).toMatchObject({ code: 'BE-ANTWERPEN', naam: 'Stad Antwerpen', type: 'buitenlandse-gemeente' });
    expect(res.body.bron).toContain('ledenbrief');
  });

  it('CBS municipalities are refused with 409; nothing changes', async () => {
    const before = t.stores.db.data.organisaties.find((o) => o.code === 'GM0363');
    const auditBefore = t.stores.audit.entries().length;
    for (const body of [{ naam: 'Mokum' }, { type: 'overig' }, { naam: 'Amsterdam', type: 'gemeente' }]) {
      const res = await patch('GM0363', body).expect(409);
      problemFields(res);
      expect(res.body.detail).toContain('CBS-gebiedsindeling');
    }
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'GM0363')).toEqual(before);
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
  });

  it('invalid changes: 400 naming the field; unknown organisation 404; malformed code 400', async () => {
    const cases: [unknown, string][] = [
      [{ naam: '' }, 'naam'],
      [{ naam: 'a\u0000b' }, 'naam'],
      [{ type: 'stad' }, 'type'],
      [{ type: 'gemeente' }, 'type'],
      [{ code: 'ANDERS' }, '(body)'],
      [{}, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await patch('IPO', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(problemFields(res), JSON.stringify(body)).toContain(field);
    }
    expect(reasonFor(await patch('IPO', { type: 'gemeente' }), 'type')).toMatch(/CBS-gebiedsindeling/);
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'IPO')).toMatchObject({ naam: 'Interprovinciaal Overleg', type: 'overig' });

    const unknown = await patch('PV99', { naam: 'Onbekend' }).expect(404);
    problemFields(unknown);
    const malformed = await patch('pv27', { naam: 'x' }).expect(400);
    expect(problemFields(malformed)).toEqual(['code']);
  });
});
