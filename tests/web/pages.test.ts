import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signature, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
const P1 = '01-infrastructuur-voor-iedereen.md';

beforeAll(async () => {
  t = await makeTestApp();
  const repo = t.store.get('digitale-stad');
  const text = (await repo.readFile(repo.head().oid, P1)) ?? '';
  await repo.commit({
    branch: 'main',
    parent: repo.head().oid,
    changes: [
      {
        path: P1,
        content: text.replace('leefbare, gezonde en veilige stad.', 'leefbare, gezonde, duurzame en veilige stad <script>alert(1)</script>.'),
      },
    ],
    author: signature('Gemeente Utrecht'),
    message: 'Principe 1: duurzaam <img src=x onerror=alert(1)> <b>vet</b>',
  });
});
afterAll(() => t.cleanup());

describe('web pages', () => {
  it('start page shows the document at version 1.0 with its four principles, in Dutch', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<html lang="nl" class="utrecht-root voorbeeld-theme">');
    expect(res.text).toContain('Direct naar de inhoud');
    expect(res.text).toContain('Principes voor de digitale stad');
    for (const title of ['Een digitale infrastructuur voor iedereen', 'Samen producent en consument', 'Open, veilige en bekende technologie', 'Open en gedeelde data']) {
      expect(res.text).toContain(title);
    }
    expect(res.text).toContain('Gepubliceerd');
    expect(res.text).toContain('Het concept bevat wijzigingen sinds versie 1.0');
    expect(res.text).toContain('Bron: CBS / PDOK');
  });

  it('version page, principle permalink, versions list and switcher', async () => {
    await request(t.app).get('/documenten/digitale-stad').expect(303).expect('Location', '/documenten/digitale-stad/versies/1.0');
    const v = await request(t.app).get('/documenten/digitale-stad/versies/1.0').expect(200);
    expect(v.text).toContain('Toelichting bij deze versie');
    const draft = await request(t.app).get('/documenten/digitale-stad/versies/concept').expect(200);
    expect(draft.text).toContain('duurzame');
    await request(t.app).get('/documenten/digitale-stad/versies?versie=concept').expect(303).expect('Location', '/documenten/digitale-stad/versies/concept');
    const p = await request(t.app).get('/documenten/digitale-stad/versies/1.0/principes/04-open-en-gedeelde-data').expect(200);
    expect(p.text).toContain('De data over de bewoner is van de bewoner');
    const list = await request(t.app).get('/documenten/digitale-stad/versies').expect(200);
    expect(list.text).toContain('Versie 1.0');
  });

  it('escapes user text: script in Markdown and HTML in commit messages never run', async () => {
    const draft = await request(t.app).get('/documenten/digitale-stad/versies/concept').expect(200);
    expect(draft.text).not.toContain('<script>alert(1)</script>');
    expect(draft.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const hist = await request(t.app).get('/documenten/digitale-stad/geschiedenis').expect(200);
    expect(hist.text).not.toContain('<img src=x');
    expect(hist.text).not.toContain('<b>vet</b>');
    expect(hist.text).toContain('&lt;b&gt;vet&lt;/b&gt;');
    const cmp = await request(t.app).get('/documenten/digitale-stad/vergelijking?van=1.0&naar=concept').expect(200);
    expect(cmp.text).not.toContain('<script>alert(1)</script>');
  });

  it('history pages and a principle history', async () => {
    const hist = await request(t.app).get('/documenten/digitale-stad/geschiedenis?limit=1').expect(200);
    expect(hist.text).toContain('Oudere wijzigingen');
    expect(hist.text).toContain('Bekijk de wijziging');
    const ph = await request(t.app).get('/documenten/digitale-stad/principes/02-samen-producent-en-consument/geschiedenis').expect(200);
    expect(ph.text).toContain('Geschiedenis van “Samen producent en consument”');
    expect(ph.text).toContain('tekst uit de bron');
  });

  it('compare page: inline redline with ins/del, side by side, unchanged principles collapsed', async () => {
    const inline = await request(t.app).get('/documenten/digitale-stad/vergelijking?van=1.0&naar=concept').expect(200);
    expect(inline.text).toMatch(/<ins>[^<]*duurzame/);
    expect(inline.text).toContain('<details class="app-compare-principle app-kind-ongewijzigd">');
    expect(inline.text).toContain('<details class="app-compare-principle app-kind-gewijzigd" open>');
    const side = await request(t.app).get('/documenten/digitale-stad/vergelijking?van=1.0&naar=concept&weergave=naast-elkaar').expect(200);
    expect(side.text).toContain('app-side-by-side');
    const form = await request(t.app).get('/documenten/digitale-stad/vergelijking').expect(200);
    expect(form.text).toContain('Vergelijken');
  });

  it('compare page: a missing or malformed ref is a 400 with a Dutch message naming the field', async () => {
    const missing = await request(t.app).get('/documenten/digitale-stad/vergelijking?van=1.0').expect(400);
    expect(missing.text).toContain('Kies de nieuwe versie (&#34;naar&#34;)');
    const bad = await request(t.app).get('/documenten/digitale-stad/vergelijking?van=%3Cscript%3E&naar=concept').expect(400);
    expect(bad.text).toContain('Kies de oude versie');
    expect(bad.text).not.toContain('<script>');
  });

  it('Dutch 404 page for unknown pages, documents, versions and principles', async () => {
    for (const url of [
      '/bestaat-niet',
      '/documenten/onbekend',
      '/documenten/digitale-stad/versies/8.8',
      '/documenten/digitale-stad/versies/..%2F..',
      '/documenten/digitale-stad/versies/1.0/principes/99-niets',
      '/documenten/digitale-stad/principes/99-niets/geschiedenis',
      '/documenten/',
      '/assets/utrecht/bestaat-niet.css',
    ]) {
      const res = await request(t.app).get(url).expect(404);
      expect(res.text, url).toContain('Pagina niet gevonden');
    }
    expect(t.errors).toEqual([]);
  });

  it('serves the NL Design System CSS and the font locally', async () => {
    await request(t.app).get('/assets/utrecht/index.css').expect(200).expect('Content-Type', /css/);
    await request(t.app).get('/assets/thema/theme.css').expect(200);
    await request(t.app).get('/assets/noto-sans/400.css').expect(200);
    await request(t.app).get('/assets/app/app.css').expect(200);
  });
});
