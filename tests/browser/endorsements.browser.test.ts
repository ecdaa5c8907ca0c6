import type { Page } from 'playwright-core';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../helpers/auth.js';
import { useBrowserSuite } from '../helpers/browser.js';
import { endorsementBody, quickRepresentatives } from '../helpers/representatives.js';
import { editDraft, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let baseUrl: string;
let page: Page;
const { expectNoAxeViolations } = useBrowserSuite({ bind: (s) => ({ t, baseUrl, page } = s) });

const PAGE = '/documenten/digitale-stad/onderschrijvingen';
/** A municipality name with markup and script: it must show as text, and never run. */
const EVIL = `<img src=x onerror="window.__xss=1">Utrecht <script>window.__xss=2</script> & 'Zo'`;

function firstColumn(): Promise<string[]> {
  return page.locator('#tabel tbody tr th').allTextContents().then((cells) => cells.map((c) => c.trim()));
}

describe('the endorsements overview in Chromium', () => {
  it('passes axe; the map shapes are links with names but no tab stops: the keyboard goes to the table', async () => {
    await page.goto(`${baseUrl}${PAGE}`);
    expect(await page.locator('h1').textContent()).toBe('Onderschrijvingen');
    await expectNoAxeViolations();

    // Every municipality is a link with an accessible name; none is in the tab order.
    expect(await page.locator('svg.app-map a').count()).toBe(342);
    expect(await page.locator('svg.app-map a:not([tabindex="-1"])').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Amsterdam: onderschreven, versie 1.0', exact: true }).count()).toBe(1);

    // From the CSV link, Tab reaches the link to the table, then the table's filter form: not 342 shapes.
    await page.getByRole('link', { name: 'CSV', exact: true }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('tabel met alle onderschrijvingen');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-versie');

    // The table is there, with the seed's endorsements; they have no date, so there is no line to draw yet:
    // the chart's text says so.
    expect(await firstColumn()).toEqual(['Amsterdam', 'Antwerpen', 'Breda', 'Eindhoven', 'Helmond', "'s-Hertogenbosch", 'Nijmegen', 'Tilburg']);
    expect(await page.locator('#tabel tbody tr').first().locator('td').nth(2).textContent()).toBe('bron: ledenbrief VNG');
    expect(await page.getByRole('img', { name: /Onderschrijvingen door de tijd/ }).count()).toBe(0);
    expect(await page.locator('#grafiek-samenvatting').textContent()).toContain('8 geldige onderschrijvingen zonder datum (8 uit de ledenbrief)');
    expect(await page.locator('main').textContent()).toContain('Bron: CBS / PDOK');
  });

  it('sorts with the column links and filters with the form, keyboard only', async () => {
    await page.goto(`${baseUrl}${PAGE}`);
    await page.getByRole('link', { name: 'Organisatie (sorteer aflopend)', exact: true }).focus();
    await Promise.all([page.waitForURL(/richting=aflopend/), page.keyboard.press('Enter')]);
    expect((await firstColumn())[0]).toBe('Tilburg');
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Organisatie');
    await expectNoAxeViolations();

    await page.locator('#veld-type').focus();
    await page.selectOption('#veld-type', 'buitenlandse-gemeente');
    await page.locator('#veld-zoek').focus();
    await page.keyboard.type('antw');
    await Promise.all([page.waitForURL(/type=buitenlandse-gemeente/), page.keyboard.press('Enter')]);
    expect(page.url()).toContain('richting=aflopend');
    expect(await firstColumn()).toEqual(['Antwerpen']);
    expect(await page.locator('#aantal-onderschrijvingen').textContent()).toContain('1 onderschrijving gevonden (van 8)');
    await expectNoAxeViolations();

    const bad = await page.goto(`${baseUrl}${PAGE}?type=stad`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('Kies een type organisatie uit de lijst.');
    await expectNoAxeViolations();
  });

  it('a click on a municipality on the map opens its organisation page', async () => {
    await page.goto(`${baseUrl}${PAGE}`);
    await Promise.all([page.waitForURL(/\/organisaties\/GM0363$/), page.locator('svg.app-map a[href="/organisaties/GM0363"]').click()]);
    expect(await page.locator('h1').textContent()).toBe('Amsterdam');
    expect(await page.locator('main').textContent()).toContain('bron: ledenbrief VNG');
    await expectNoAxeViolations();
  });
});

describe('names with HTML, a newer version and a withdrawal in Chromium', () => {
  beforeAll(async () => {
    // The register offers no way to rename a CBS municipality, so the test writes the name into the store.
    await t.stores.db.update((d) => {
      const utrecht = d.organisaties.find((o) => o.code === 'GM0344');
      if (utrecht) utrecht.naam = EVIL;
    });
    const sec = await makeUser(t, 'secretaris');
    await editDraft(t.store);
    await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${sec.token}`).send({ naam: '1.1', toelichting: 'Herziening.' }).expect(201);
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    await request(t.app)
      .post('/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen')
      .set('Authorization', `Bearer ${rep.token}`)
      .send({ ondertekenaar: { naam: '<b>Sharon</b> Dijksma', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-03-14', kenmerk: '2025/0123', url: 'https://www.utrecht.nl/besluit' } })
      .expect(201);
    const list = await request(t.app).get('/api/v1/documenten/digitale-stad/onderschrijvingen?organisatie=GM0772').expect(200);
    const eindhoven = await makeUser(t, 'vertegenwoordiger', 'GM0772');
    await request(t.app)
      .post(`/api/v1/documenten/digitale-stad/onderschrijvingen/${list.body.items[0].id as string}/intrekking`)
      .set('Authorization', `Bearer ${eindhoven.token}`)
      .send({ reden: 'Eerst <script>window.__xss=3</script> bespreken.' })
      .expect(200);
  });

  it('shows the name escaped in the table and in the map label; nothing runs; axe passes', async () => {
    await page.goto(`${baseUrl}${PAGE}`);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('#tabel a[href="/organisaties/GM0344"]').textContent()).toBe(EVIL);
    const shape = page.locator('svg.app-map a[href="/organisaties/GM0344"]');
    expect(await shape.getAttribute('aria-label')).toBe(`${EVIL}: onderschreven, versie 1.1`);
    expect(await shape.locator('title').textContent()).toBe(`${EVIL}: onderschreven, versie 1.1`);
    expect(await page.locator('svg.app-map img, main script').count()).toBe(0);
    expect(await page.locator('svg.app-map a[href="/organisaties/GM0772"]').getAttribute('aria-label')).toBe('Eindhoven: geen onderschrijving');
    expect(await page.locator('.app-map-legend').textContent()).toContain('Versie 1.1 (nieuwste versie) (oranje, kruislings gearceerd): 1 gemeente');
    // A dated endorsement: the chart is an image with a text summary.
    expect(await page.getByRole('img', { name: /Onderschrijvingen door de tijd/ }).count()).toBe(1);
    await expectNoAxeViolations();
  });

  it('organisation pages: the endorsed older version links to the comparison; a withdrawal shows its reason; axe passes', async () => {
    await page.goto(`${baseUrl}/organisaties/GM0796`);
    expect(await page.locator('main').textContent()).toContain("'s-Hertogenbosch onderschrijft versie 1.0. Er is een nieuwere versie: versie 1.1.");
    await expectNoAxeViolations();
    await Promise.all([page.waitForURL(/vergelijking\?van=1\.0&naar=1\.1$/), page.getByRole('link', { name: "Wat is er veranderd sinds de onderschrijving door 's-Hertogenbosch" }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Versies vergelijken');

    await page.goto(`${baseUrl}/organisaties/GM0772`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Eindhoven onderschrijft op dit moment geen versie van dit document');
    expect(main).toContain('Reden: Eerst <script>window.__xss=3</script> bespreken.');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expectNoAxeViolations();

    await page.goto(`${baseUrl}/organisaties/GM0344`);
    expect(await page.locator('h1').textContent()).toBe(EVIL);
    const row = page.locator('.app-endorsements-table tbody tr').first();
    expect((await row.locator('th, td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      'Versie 1.1',
      '14 maart 2025',
      'College van B en W',
      '2025/0123 Het besluit over versie 1.1',
      '<b>Sharon</b> Dijksma, burgemeester',
      'Actief',
    ]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expectNoAxeViolations();
  });
});

describe('a table of several pages in Chromium', () => {
  beforeAll(async () => {
    // 60 more municipalities endorse 1.1 through the API: with the 9 before (the withdrawn one included), 69 rows on two pages.
    const taken = new Set(t.stores.endorsements.all().filter((e) => e.versie === '1.1').map((e) => e.organisatie.code));
    const codes = t.stores.db.data.organisaties.filter((o) => o.type === 'gemeente' && !taken.has(o.code)).map((o) => o.code).slice(0, 60);
    const reps = await quickRepresentatives(t.stores, codes);
    for (const [i, r] of reps.entries()) {
      await request(t.app).post('/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen').set('Authorization', `Bearer ${r.token}`).send(endorsementBody(i)).expect(201);
    }
  });

  it('pages through the table with the keyboard; every page passes axe', async () => {
    await page.goto(`${baseUrl}${PAGE}`);
    expect(await page.locator('#tabel tbody tr').count()).toBe(50);
    expect(await page.locator('#aantal-onderschrijvingen').textContent()).toContain('(pagina 1 van 2)');
    const pagination = page.getByRole('navigation', { name: "Pagina's van de tabel" });
    expect(await pagination.count()).toBe(1);
    await expectNoAxeViolations();

    await pagination.getByRole('link', { name: 'Volgende pagina' }).focus();
    await Promise.all([page.waitForURL(/pagina=2#tabel-kop$/), page.keyboard.press('Enter')]);
    expect(await page.locator('#tabel tbody tr').count()).toBe(19);
    expect(await page.locator('#aantal-onderschrijvingen').textContent()).toContain('nu 51 tot en met 69 (pagina 2 van 2)');
    // The link leads to the table's heading, so reading goes on from there.
    expect(await page.evaluate(() => location.hash)).toBe('#tabel-kop');
    // (Chromium scrolls to the fragment once the page is laid out, a moment after 'load'.)
    await page.waitForFunction(() => (document.querySelector('#tabel-kop')?.getBoundingClientRect().top ?? Infinity) < 200, undefined, { timeout: 5000 });
    await expectNoAxeViolations();

    await Promise.all([page.waitForURL((u) => !u.search.includes('pagina')), pagination.getByRole('link', { name: 'Vorige pagina' }).click()]);
    expect(await page.locator('#tabel tbody tr').count()).toBe(50);
  });
});
