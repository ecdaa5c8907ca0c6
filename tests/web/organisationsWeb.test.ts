import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;

beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

/** The rows of the results table: [name, type, code] per row, as text. */
function rows(html: string): string[][] {
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => (c[1] ?? '').replace(/<[^>]+>/g, '').trim()),
  );
}

function nextLink(html: string): string | undefined {
  return /<a class="utrecht-link" rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
}

describe('organisation pages', () => {
  it('lists the organisations: search form, table with caption, count, pagination, attribution', async () => {
    const res = await request(t.app).get('/organisaties').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="nl"');
    expect(res.text).toContain('<h1 class="utrecht-heading-1">Organisaties</h1>');
    expect(res.text).toMatch(/<form[^>]*method="get"[^>]*action="\/organisaties"/);
    expect(res.text).toContain('<label class="utrecht-form-label" for="veld-zoek">');
    expect(res.text).toMatch(/<input[^>]*id="veld-zoek"[^>]*name="zoek"/);
    expect(res.text).toContain('<label class="utrecht-form-label" for="veld-type">Type</label>');
    expect(res.text).toContain('<option value="buitenlandse-gemeente">Buitenlandse gemeente</option>');
    expect(res.text).toContain('<caption class="utrecht-table__caption">');
    expect(res.text).toContain('344 organisaties gevonden.');
    expect(res.text).toContain('U ziet 1 tot en met 50.');
    expect(res.text).toContain('Bron: CBS / PDOK');
    const first = rows(res.text);
    expect(first).toHaveLength(50);
    expect(first[0]).toEqual(['Aa en Hunze', 'Gemeente', 'GM1680']);
    expect(res.text).toContain('<a class="utrecht-link" href="/organisaties/GM1680">Aa en Hunze</a>');
    expect(res.text).not.toContain('Eerste pagina');
  });

  it('pages through all 344 with the pagination links', async () => {
    let url: string | undefined = '/organisaties';
    const codes: string[] = [];
    let pages = 0;
    while (url !== undefined && pages < 20) {
      const res = await request(t.app).get(url).expect(200);
      codes.push(...rows(res.text).map((r) => r[2] ?? ''));
      if (pages > 0) expect(res.text).toContain('Eerste pagina');
      url = nextLink(res.text);
      pages += 1;
    }
    expect(pages).toBe(7);
    expect(codes).toHaveLength(344);
    expect(new Set(codes).size).toBe(344);
  });

  it('searches and filters with the GET form, and keeps the search in the form and the links', async () => {
    const bosch = await request(t.app).get('/organisaties?zoek=bosch&type=').expect(200);
    expect(rows(bosch.text)).toEqual([['&#39;s-Hertogenbosch', 'Gemeente', 'GM0796']]);
    expect(bosch.text).toContain('1 organisatie gevonden voor “bosch”.');
    expect(bosch.text).toMatch(/id="veld-zoek" name="zoek" value="bosch"/);
    expect(bosch.text).toContain('<title>Organisaties: zoekresultaten | ');

    const blank = await request(t.app).get('/organisaties?zoek=%20%20&type=').expect(200);
    expect(blank.text).toContain('344 organisaties gevonden.');
    expect(blank.text).toContain('<title>Organisaties | ');

    const sudwest = await request(t.app).get('/organisaties?zoek=sudwest').expect(200);
    expect(rows(sudwest.text).map((r) => r[0])).toEqual(['Súdwest-Fryslân']);

    const foreign = await request(t.app).get('/organisaties?type=buitenlandse-gemeente').expect(200);
    expect(rows(foreign.text)).toEqual([['Antwerpen', 'Buitenlandse gemeente', 'BE-ANTWERPEN']]);
    expect(foreign.text).toContain('<option value="buitenlandse-gemeente" selected>');

    const none = await request(t.app).get('/organisaties?type=provincie').expect(200);
    expect(none.text).toContain('Geen organisaties gevonden.');
    expect(none.text).not.toContain('<table');

    const municipalities = await request(t.app).get('/organisaties?type=gemeente&limit=20').expect(200);
    expect(municipalities.text).toContain('342 organisaties gevonden.');
    const next = nextLink(municipalities.text) ?? '';
    expect(next).toMatch(/^\/organisaties\?type=gemeente&limit=20&cursor=/);
  });

  it('an invalid type or cursor shows the form again with a Dutch error (400)', async () => {
    const badType = await request(t.app).get('/organisaties?type=stad&zoek=%3Cb%3E').expect(400);
    expect(badType.text).toContain('De zoekvraag is niet geldig');
    expect(badType.text).toContain('Kies een van deze typen');
    expect(badType.text).toContain('aria-invalid="true"');
    expect(badType.text).toContain('value="&lt;b&gt;"');
    const badCursor = await request(t.app).get('/organisaties?cursor=kapot').expect(400);
    expect(badCursor.text).toContain('Ongeldige cursor');
  });

  it('shows one organisation: name, type, code, source', async () => {
    const res = await request(t.app).get('/organisaties/GM0363').expect(200);
    expect(res.text).toContain('<h1 class="utrecht-heading-1">Amsterdam</h1>');
    expect(res.text).toContain('<title>Amsterdam | ');
    expect(res.text).toContain('Gemeente');
    expect(res.text).toContain('GM0363');
    expect(res.text).toContain('CBS gebiedsindeling 2025');
    expect(res.text).toContain('Bron: CBS / PDOK');
    expect(res.text).toContain('href="/organisaties"');
    const antwerpen = await request(t.app).get('/organisaties/BE-ANTWERPEN').expect(200);
    expect(antwerpen.text).toContain('<h1 class="utrecht-heading-1">Antwerpen</h1>');
    expect(antwerpen.text).toContain('Buitenlandse gemeente');
  });

  it('an unknown or malformed code is a Dutch 404 page', async () => {
    const unknown = await request(t.app).get('/organisaties/GM9999').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    expect(unknown.text).toContain('Pagina niet gevonden');
    expect(unknown.text).toContain('Er is geen organisatie met code GM9999.');
    for (const url of ['/organisaties/gm0363', '/organisaties/%3Cscript%3E', '/organisaties/GM0363/', '/organisaties/']) {
      const res = await request(t.app).get(url).expect(404);
      expect(res.text).toContain('Pagina niet gevonden');
      expect(res.text).not.toMatch(/<script>/);
    }
  });
});
