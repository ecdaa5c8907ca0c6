import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, readMunicipalities, seedOrganisations } from '../../src/commands/organisations/seedOrganisations.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { openStores, type Stores } from '../../src/storage/stores.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

const REFERENCE_DIR = path.join(PROJECT_ROOT, 'data', 'reference');

interface Org {
  code: string;
  naam: string;
  type: string;
  bron?: string;
}

let t: TestApp;

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

const problem = (res: request.Response, field?: string) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
  if (field !== undefined) expect(res.body.errors.map((e: { name: string }) => e.name)).toContain(field);
  return res.body as { errors?: { name: string; reason: string }[] };
};

/** Follows `volgende` until the end; returns every item in order. */
async function walk(query: string): Promise<Org[]> {
  const all: Org[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages += 1) {
    const url: string = `/api/v1/organisaties?${query}${cursor !== null ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await request(t.app).get(url).expect(200);
    all.push(...(res.body.items as Org[]));
    cursor = res.body.volgende as string | null;
    if (cursor === null) return all;
  }
  throw new Error('pagination does not end');
}

describe('seeding the register of organisations', () => {
  it('seeds exactly the 342 municipalities, Antwerpen and the VNG, and audits it once', () => {
    const orgs = t.stores.db.data.organisaties;
    expect(orgs).toHaveLength(344);
    expect(orgs.filter((o) => o.type === 'gemeente')).toHaveLength(342);
    expect(orgs.filter((o) => o.type === 'gemeente').every((o) => /^GM\d{4}$/.test(o.code) && o.bron === 'CBS gebiedsindeling 2025')).toBe(true);
    expect(new Set(orgs.map((o) => o.code)).size).toBe(344);
    expect(orgs.find((o) => o.code === 'BE-ANTWERPEN')).toMatchObject({ naam: 'Antwerpen', type: 'buitenlandse-gemeente' });
    expect(orgs.find((o) => o.code === 'BE-ANTWERPEN')?.bron).toContain('ledenbrief');
    expect(orgs.find((o) => o.code === 'VNG')).toMatchObject({ naam: 'Vereniging van Nederlandse Gemeenten', type: 'overig' });
    expect(orgs.find((o) => o.code === 'GM0820')?.naam).toBe('Nuenen, Gerwen en Nederwetten');
    const audit = t.stores.audit.entries().filter((e) => e.actie === 'organisaties-geladen');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { id: 'systeem', naam: 'Systeem' }, gegevens: { aantal: 344 } });
  });

  it('a second seed creates nothing, writes nothing and audits nothing', async () => {
    const before = t.stores.db.data.organisaties;
    const auditBefore = t.stores.audit.entries().length;
    const mtime = fs.statSync(t.stores.db.file).mtimeMs;
    await expect(seedOrganisations(t.stores, REFERENCE_DIR)).resolves.toEqual({ created: 0 });
    expect(t.stores.db.data.organisaties).toBe(before);
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
    expect(fs.statSync(t.stores.db.file).mtimeMs).toBe(mtime);
  });

  describe('on a store of its own', () => {
    let dir: string;
    let stores: Stores;
    beforeAll(async () => {
      dir = tempDir('principes-orgs-');
      stores = await openStores(dir);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('adds only what is missing and never changes an existing record', async () => {
      await stores.db.update((d) => {
        d.organisaties.push({ code: 'GM0363', naam: 'Gemeente Amsterdam (eigen naam)', type: 'gemeente', aangemaakt: '2020-01-01T00:00:00.000Z' });
        d.organisaties.push({ code: 'PV27', naam: 'Provincie Noord-Holland', type: 'provincie', aangemaakt: '2020-01-01T00:00:00.000Z' });
      });
      await expect(seedOrganisations(stores, REFERENCE_DIR)).resolves.toEqual({ created: 343 });
      expect(stores.db.data.organisaties).toHaveLength(345);
      expect(stores.db.data.organisaties.find((o) => o.code === 'GM0363')).toEqual({
        code: 'GM0363',
        naam: 'Gemeente Amsterdam (eigen naam)',
        type: 'gemeente',
        aangemaakt: '2020-01-01T00:00:00.000Z',
      });
      // Durable: a fresh open of the same folder reads the same register.
      const reopened = await openStores(dir);
      expect(reopened.db.data.organisaties).toHaveLength(345);
      const entries = stores.audit.entries();
      expect(entries).toHaveLength(1);
      expect(entries[0]?.gegevens?.aantal).toBe(343);
      expect(entries[0]?.gegevens?.codes).not.toContain('GM0363');
    });
  });

  it('parses CSV as RFC 4180: quotes, doubled quotes, commas and line breaks in fields, CRLF, BOM', () => {
    expect(parseCsv('\uFEFFcode,name\r\nGM0001,"Een, ""twee""\r\ndrie"\r\nGM0002,\'s-Hertogenbosch\r\n')).toEqual([
      ['code', 'name'],
      ['GM0001', 'Een, "twee"\r\ndrie'],
      ['GM0002', "'s-Hertogenbosch"],
    ]);
    expect(parseCsv('a,""\n,b')).toEqual([
      ['a', ''],
      ['', 'b'],
    ]);
    expect(() => parseCsv('a,"b')).toThrow(/unterminated/);
    expect(() => parseCsv('a,b"c')).toThrow(/quote/);
    expect(() => parseCsv('a,"b"c')).toThrow(/after a closing quote/);
  });

  it('refuses a reference list with a malformed or duplicate code, or without the header', () => {
    const dir = tempDir('principes-ref-');
    try {
      const file = path.join(dir, 'gemeenten-2025.csv');
      fs.writeFileSync(file, 'code,name\nGM0001,Een\nGM001,Twee\n');
      expect(() => readMunicipalities(dir)).toThrow(/GM001/);
      fs.writeFileSync(file, 'code,name\nGM0001,Een\nGM0001,Twee\n');
      expect(() => readMunicipalities(dir)).toThrow(/twice/);
      fs.writeFileSync(file, 'GM0001,Een\n');
      expect(() => readMunicipalities(dir)).toThrow(/header/);
      fs.writeFileSync(file, 'code,name\nGM0001,"Een, twee"\n\n');
      expect(readMunicipalities(dir)).toEqual([{ code: 'GM0001', naam: 'Een, twee', type: 'gemeente', bron: 'CBS gebiedsindeling 2025' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('organisations API', () => {
  it('GET /organisaties/GM0363 is Amsterdam', async () => {
    const res = await request(t.app).get('/api/v1/organisaties/GM0363').expect(200);
    expect(res.headers['api-version']).toBe('1.0.0');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const { onderschrijvingen, ...organisation } = res.body as { onderschrijvingen: { versie: string; bron: string }[] };
    expect(organisation).toEqual({ code: 'GM0363', naam: 'Amsterdam', type: 'gemeente', bron: 'CBS gebiedsindeling 2025' });
    // Its endorsements (tested in endorsementsApi.test.ts): Amsterdam endorsed 1.0 according to the VNG letter.
    expect(onderschrijvingen).toMatchObject([{ versie: '1.0', bron: 'ledenbrief' }]);
    const antwerpen = await request(t.app).get('/api/v1/organisaties/BE-ANTWERPEN').expect(200);
    expect(antwerpen.body).toMatchObject({ code: 'BE-ANTWERPEN', naam: 'Antwerpen', type: 'buitenlandse-gemeente' });
    const vng = await request(t.app).get('/api/v1/organisaties/VNG').expect(200);
    expect(vng.body).toMatchObject({ code: 'VNG', naam: 'Vereniging van Nederlandse Gemeenten', type: 'overig' });
  });

  it('lists the first page (50 by default) sorted by name, with only the public fields', async () => {
    const res = await request(t.app).get('/api/v1/organisaties').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body.items).toHaveLength(50);
    expect(res.body.volgende).toEqual(expect.any(String));
    for (const item of res.body.items as Org[]) {
      expect(Object.keys(item).sort()).toEqual(item.bron === undefined ? ['code', 'naam', 'type'] : ['bron', 'code', 'naam', 'type']);
    }
    expect((res.body.items as Org[])[0]?.naam).toBe('Aa en Hunze');
  });

  it('pagination walks all 344 without duplicates or gaps, in Dutch name order', async () => {
    for (const limit of [100, 7]) {
      const all = await walk(`limit=${limit}`);
      expect(all).toHaveLength(344);
      expect(new Set(all.map((o) => o.code)).size).toBe(344);
    }
    const names = (await walk('limit=100')).map((o) => o.naam);
    // 's-Hertogenbosch sorts under H and 's-Gravenhage under G (the leading 's- does not count).
    const at = (n: string) => names.indexOf(n);
    expect(at('Heerlen')).toBeLessThan(at("'s-Hertogenbosch"));
    expect(at("'s-Hertogenbosch")).toBeLessThan(at('Heumen'));
    expect(at('Gouda')).toBeLessThan(at("'s-Gravenhage"));
    expect(at("'s-Gravenhage")).toBeLessThan(at('Groningen'));
    // Accents do not push a name to the end: Súdwest-Fryslân sorts with the S.
    expect(at('Stichtse Vecht')).toBeLessThan(at('Súdwest-Fryslân'));
    expect(at('Súdwest-Fryslân')).toBeLessThan(at('Terneuzen'));
  });

  it('searches case-, accent- and punctuation-insensitively in name and code', async () => {
    const names = async (q: string) =>
      ((await request(t.app).get(`/api/v1/organisaties?zoek=${encodeURIComponent(q)}`).expect(200)).body.items as Org[]).map((o) => o.naam);
    expect(await names('bosch')).toContain("'s-Hertogenbosch");
    expect(await names('s hertogenbosch')).toEqual(["'s-Hertogenbosch"]);
    expect(await names('’s-Hertogenbosch')).toEqual(["'s-Hertogenbosch"]);
    expect(await names('sudwest')).toEqual(['Súdwest-Fryslân']);
    expect(await names('SÚDWEST-fryslan')).toEqual(['Súdwest-Fryslân']);
    expect(await names('gm0363')).toEqual(['Amsterdam']);
    expect(await names('antwerp')).toEqual(['Antwerpen']);
    expect(await names('  ')).toHaveLength(50);
    expect(await names('bestaat-zeker-niet')).toEqual([]);
  });

  it('filters by type, also together with a search', async () => {
    const foreign = await request(t.app).get('/api/v1/organisaties?type=buitenlandse-gemeente').expect(200);
    expect(foreign.body).toEqual({
      items: [{ code: 'BE-ANTWERPEN', naam: 'Antwerpen', type: 'buitenlandse-gemeente', bron: expect.any(String) }],
      volgende: null,
    });
    expect((await request(t.app).get('/api/v1/organisaties?type=provincie').expect(200)).body).toEqual({ items: [], volgende: null });
    const municipalities = await walk('type=gemeente&limit=100');
    expect(municipalities).toHaveLength(342);
    expect(municipalities.every((o) => o.type === 'gemeente')).toBe(true);
    const overig = await request(t.app).get('/api/v1/organisaties?type=overig&zoek=gemeenten').expect(200);
    expect((overig.body.items as Org[]).map((o) => o.code)).toEqual(['VNG']);
    // An empty type (a form's "all types") is no filter.
    expect((await request(t.app).get('/api/v1/organisaties?type=&limit=100').expect(200)).body.items).toHaveLength(100);
  });

  it('a cursor is a position: it keeps working when an organisation is added in between', async () => {
    const first = await request(t.app).get('/api/v1/organisaties?limit=3').expect(200);
    const seen = (first.body.items as Org[]).map((o) => o.code);
    await t.stores.db.update((draft) => {
      draft.organisaties.push({ code: 'PV-AAA', naam: 'Aaaa (eerder in het alfabet)', type: 'provincie', aangemaakt: new Date().toISOString() });
    });
    try {
      const second = await request(t.app).get(`/api/v1/organisaties?limit=3&cursor=${encodeURIComponent(first.body.volgende)}`).expect(200);
      const next = (second.body.items as Org[]).map((o) => o.code);
      expect(next.some((c) => seen.includes(c))).toBe(false);
      expect(next).not.toContain('PV-AAA');
    } finally {
      await t.stores.db.update((draft) => {
        draft.organisaties = draft.organisaties.filter((o) => o.code !== 'PV-AAA');
      });
    }
  });

  it('invalid type, limit, cursor and search are 400 problems naming the parameter', async () => {
    const bad = problem(await request(t.app).get('/api/v1/organisaties?type=stad').expect(400), 'type');
    expect(bad.errors?.find((e) => e.name === 'type')?.reason).toContain('gemeente');
    for (const limit of ['0', '101', 'abc', '2.5', '']) {
      problem(await request(t.app).get(`/api/v1/organisaties?limit=${limit}`).expect(400), 'limit');
    }
    const junk = Buffer.from('{"x":1}').toString('base64url');
    for (const cursor of ['!!!', 'abc', junk, 'x'.repeat(2000)]) {
      problem(await request(t.app).get(`/api/v1/organisaties?cursor=${encodeURIComponent(cursor)}`).expect(400), 'cursor');
    }
    problem(await request(t.app).get(`/api/v1/organisaties?zoek=${'a'.repeat(101)}`).expect(400), 'zoek');
    problem(await request(t.app).get('/api/v1/organisaties?zoek=a&zoek=b').expect(400), 'zoek');
    // Unknown query parameters are ignored.
    await request(t.app).get('/api/v1/organisaties?onbekend=1').expect(200);
  });

  it('a malformed code is 400 naming code; an unknown one is 404; a trailing slash is 404', async () => {
    for (const code of ['gm0363', 'G', 'GM_0363', `GM${'1'.repeat(30)}`, '%3Cscript%3E']) {
      problem(await request(t.app).get(`/api/v1/organisaties/${code}`).expect(400), 'code');
    }
    const unknown = problem(await request(t.app).get('/api/v1/organisaties/GM9999').expect(404));
    expect(unknown).toMatchObject({ code: 'not_found' });
    problem(await request(t.app).get('/api/v1/organisaties/').expect(404));
    problem(await request(t.app).get('/api/v1/organisaties/GM0363/').expect(404));
  });

  it('the OpenAPI description has both endpoints and the Organisatie schema', async () => {
    const spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body;
    expect(spec.paths['/organisaties'].get.operationId).toBe('listOrganisaties');
    expect(spec.paths['/organisaties/{code}'].get.operationId).toBe('getOrganisatie');
    expect(spec.components.schemas.Organisatie.required).toEqual(['code', 'naam', 'type']);
  });
});

describe('a name with markup', () => {
  const NAME = '<script>alert(1)</script> & "Gemeente" \'Test\'';
  let x: TestApp;
  beforeAll(async () => {
    x = await makeTestApp();
    await x.stores.db.update((d) => {
      d.organisaties.push({ code: 'XSS-TEST', naam: NAME, type: 'overig', aangemaakt: new Date().toISOString() });
    });
  });
  afterAll(() => x.cleanup());

  it('is returned as data by the API', async () => {
    const res = await request(x.app).get('/api/v1/organisaties/XSS-TEST').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.naam).toBe(NAME);
    const found = await request(x.app).get('/api/v1/organisaties?zoek=script').expect(200);
    expect(found.body.items).toEqual([{ code: 'XSS-TEST', naam: NAME, type: 'overig' }]);
  });

  it('is shown escaped on the pages', async () => {
    for (const url of ['/organisaties/XSS-TEST', '/organisaties?zoek=script', `/organisaties?zoek=${encodeURIComponent('<script>alert(2)</script>')}`]) {
      const res = await request(x.app).get(url).expect(200);
      expect(res.text).not.toMatch(/<script>alert/);
      expect(res.text).toContain('&lt;script&gt;');
    }
    const detail = await request(x.app).get('/organisaties/XSS-TEST').expect(200);
    expect(detail.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Gemeente&#34; &#39;Test&#39;');
  });
});
