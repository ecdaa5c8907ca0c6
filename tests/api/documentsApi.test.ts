import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signature, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const P3 = '03-open-en-bekende-technologie.md';

beforeAll(async () => {
  t = await makeTestApp();
  // Amend the draft: one word in principle 3, so 1.0 and concept differ.
  const repo = t.store.get('digitale-stad');
  const text = (await repo.readFile(repo.head().oid, P3)) ?? '';
  await repo.commit({
    branch: 'main',
    parent: repo.head().oid,
    changes: [{ path: P3, content: text.replace('Deze zijn leidend.', 'Deze zijn altijd leidend.') }],
    author: signature('Gemeente Utrecht'),
    message: 'Principe 3: standaarden zijn altijd leidend',
  });
});
afterAll(() => t.cleanup());

describe('documents API', () => {
  it('lists the seeded document with version 1.0 and the API-Version header', async () => {
    const res = await request(t.app).get('/api/v1/documenten').expect(200);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.volgende).toBeNull();
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0].document).toBe('digitale-stad');
    expect(res.body.items[0].titel).toBe('Principes voor de digitale stad');
    expect(res.body.items[0].versies.map((v: { naam: string }) => v.naam)).toEqual(['1.0']);
  });

  it('serves a version with its four principles, commit and tree', async () => {
    const res = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/1.0').expect(200);
    expect(res.body).toMatchObject({ document: 'digitale-stad', naam: '1.0', status: 'gepubliceerd' });
    expect(res.body.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.tree).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.principes.map((p: { nummer: number }) => p.nummer)).toEqual([1, 2, 3, 4]);
    expect(res.body.principes[2].tekst).toContain('Deze zijn leidend.');
    expect(res.body.markdown).toContain('## 4. Open en gedeelde data');
  });

  it('serves the draft as concept and any commit by (short) oid', async () => {
    const draft = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/concept').expect(200);
    expect(draft.body.status).toBe('concept');
    expect(draft.body.principes[2].tekst).toContain('Deze zijn altijd leidend.');
    const byOid = await request(t.app).get(`/api/v1/documenten/digitale-stad/versies/${draft.body.commit.slice(0, 12)}`).expect(200);
    expect(byOid.body.commit).toBe(draft.body.commit);
    expect(byOid.body.status).toBe('historisch');
  });

  it('pages through the history newest first', async () => {
    const first = await request(t.app).get('/api/v1/documenten/digitale-stad/geschiedenis?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].samenvatting).toBe('Principe 3: standaarden zijn altijd leidend');
    expect(first.body.volgende).toEqual(expect.any(String));
    const second = await request(t.app)
      .get(`/api/v1/documenten/digitale-stad/geschiedenis?limit=1&cursor=${encodeURIComponent(first.body.volgende)}`)
      .expect(200);
    expect(second.body.items[0].auteur.naam).toBe('Gemeente Eindhoven en Gemeente Amsterdam');
    expect(second.body.volgende).toBeNull();
  });

  it('filters the history by principle file', async () => {
    const res = await request(t.app).get(`/api/v1/documenten/digitale-stad/geschiedenis?bestand=01-infrastructuur-voor-iedereen.md`).expect(200);
    expect(res.body.items).toHaveLength(1);
    const p3 = await request(t.app).get(`/api/v1/documenten/digitale-stad/geschiedenis?bestand=${P3}`).expect(200);
    expect(p3.body.items).toHaveLength(2);
  });

  it('compares two refs word by word', async () => {
    const res = await request(t.app).get('/api/v1/documenten/digitale-stad/vergelijking?van=1.0&naar=concept').expect(200);
    expect(res.body.gewijzigd).toBe(true);
    const changed = res.body.principes.filter((p: { soort: string }) => p.soort !== 'ongewijzigd');
    expect(changed).toHaveLength(1);
    expect(changed[0].naar.bestand).toBe(P3);
    const line = changed[0].regels.find((l: { soort: string }) => l.soort === 'gewijzigd');
    expect(line.van).toBe('Deze zijn leidend.');
    expect(line.naar).toBe('Deze zijn altijd leidend.');
    const inserted = line.woorden.filter((w: { soort: string }) => w.soort === 'ingevoegd').map((w: { tekst: string }) => w.tekst).join('');
    expect(inserted.trim()).toBe('altijd');
    expect(line.woorden.some((w: { soort: string }) => w.soort === 'verwijderd')).toBe(false);
  });

  it('serves an OpenAPI 3.1 document with contact', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info.contact).toMatchObject({ name: expect.any(String), email: expect.any(String), url: expect.any(String) });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('documents API: bad input', () => {
  const problem = (res: request.Response) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status, detail: expect.any(String) });
    return res.body;
  };

  it('404 for an unknown document, version or commit', async () => {
    problem(await request(t.app).get('/api/v1/documenten/bestaat-niet').expect(404));
    problem(await request(t.app).get('/api/v1/documenten/digitale-stad/versies/9.9').expect(404));
    problem(await request(t.app).get(`/api/v1/documenten/digitale-stad/versies/${'a'.repeat(40)}`).expect(404));
    problem(await request(t.app).get('/api/v1/bestaat-niet').expect(404));
  });

  it('404 for a trailing slash', async () => {
    problem(await request(t.app).get('/api/v1/documenten/').expect(404));
    problem(await request(t.app).get('/api/v1/documenten/digitale-stad/').expect(404));
  });

  it('400 naming van or naar when missing or malformed', async () => {
    const missing = problem(await request(t.app).get('/api/v1/documenten/digitale-stad/vergelijking?van=1.0').expect(400));
    expect(missing.errors.map((e: { name: string }) => e.name)).toEqual(['naar']);
    const both = problem(await request(t.app).get('/api/v1/documenten/digitale-stad/vergelijking').expect(400));
    expect(both.errors.map((e: { name: string }) => e.name).sort()).toEqual(['naar', 'van']);
    const bad = problem(await request(t.app).get('/api/v1/documenten/digitale-stad/vergelijking?van=../../etc&naar=concept').expect(400));
    expect(bad.errors[0].name).toBe('van');
    const unknown = await request(t.app).get('/api/v1/documenten/digitale-stad/vergelijking?van=7.7&naar=concept').expect(404);
    problem(unknown);
  });

  it('400 for a bad limit or cursor, unknown parameters ignored', async () => {
    const limit = problem(await request(t.app).get('/api/v1/documenten/digitale-stad/geschiedenis?limit=0').expect(400));
    expect(limit.errors[0].name).toBe('limit');
    const cursor = problem(await request(t.app).get('/api/v1/documenten/digitale-stad/geschiedenis?cursor=zzz').expect(400));
    expect(cursor.errors[0].name).toBe('cursor');
    await request(t.app).get('/api/v1/documenten/digitale-stad/geschiedenis?foo=bar&limit=2').expect(200);
  });

  it('never reads outside the store: traversal attempts are 404 or 400', async () => {
    const attempts = [
      '/api/v1/documenten/..%2F..%2Fetc',
      '/api/v1/documenten/%2e%2e',
      '/api/v1/documenten/digitale-stad/versies/..%2F..%2F..%2Fetc%2Fpasswd',
      '/api/v1/documenten/digitale-stad/versies/%2Fetc%2Fpasswd',
      '/api/v1/documenten/digitale-stad/versies/main',
      '/api/v1/documenten/digitale-stad/versies/HEAD',
      '/api/v1/documenten/digitale-stad/versies/1.0%00',
      '/api/v1/documenten/digitale-stad/versies/refs%2Fheads%2Fmain',
      '/api/v1/documenten/digitale-stad.git/versies/1.0',
      '/api/v1/documenten/digitale-stad/geschiedenis?bestand=..%2F..%2Fconfig',
    ];
    for (const url of attempts) {
      const res = await request(t.app).get(url);
      expect([400, 404], url).toContain(res.status);
      problem(res);
    }
    expect(t.errors).toEqual([]);
  });

  it('413 for a body over 1 MB, 415 for a non-JSON body, 400 for broken JSON', async () => {
    const big = JSON.stringify({ x: 'a'.repeat(1024 * 1024 + 10) });
    problem(await request(t.app).post('/api/v1/documenten').set('Content-Type', 'application/json').send(big).expect(413));
    problem(await request(t.app).post('/api/v1/documenten').set('Content-Type', 'text/plain').send('hallo').expect(415));
    problem(await request(t.app).post('/api/v1/documenten').set('Content-Type', 'application/json').send('{"x":').expect(400));
    expect(t.errors).toEqual([]);
  });
});
