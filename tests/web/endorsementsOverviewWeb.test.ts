import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, makeUser, signedInAgent } from '../helpers/auth.js';
import { endorsementBody, quickRepresentatives } from '../helpers/representatives.js';
import { editDraft, makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

const PAGE = '/documenten/digitale-stad/onderschrijvingen';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Text of HTML: tags removed, EJS's entities decoded, white space collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of the endorsements table (the one with id="tabel"), as cell texts. */
function rows(html: string): string[][] {
  const table = /<table[^>]*id="tabel"[^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1] ?? '')),
  );
}

/** The fill of a municipality's shape on the map. */
function fillOf(html: string, code: string): string | undefined {
  return new RegExp(`<path id="kaart-${code}" class="[^"]+" fill="([^"]+)"`).exec(html)?.[1];
}

async function endorse(code: string, versie: string, besluit: Record<string, unknown>, naam = 'A. Burger') {
  const rep = await makeUser(t, 'vertegenwoordiger', code);
  const res = await request(t.app)
    .post(`/api/v1/documenten/digitale-stad/versies/${versie}/onderschrijvingen`)
    .set(bearer(rep.token))
    .send({ ondertekenaar: { naam, functie: 'burgemeester' }, besluit });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { rep, id: res.body.id as string };
}

describe('the endorsements overview with the seed (the VNG letter)', () => {
  it('shows the counts of 342 municipalities, the open data links, the map with attribution, the table and the chart', async () => {
    const res = await request(t.app).get(PAGE).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<h1 class="utrecht-heading-1">Onderschrijvingen</h1>');
    expect(res.text).toContain('href="/documenten/digitale-stad/onderschrijvingen" aria-current="page">Onderschrijvingen</a>');
    expect(res.text).toContain('7 van de 342 gemeenten en 1 andere organisatie onderschrijven een versie van dit document.');
    expect(res.text).toMatch(/Versie 1\.0<\/a> \(nieuwste\)<\/th>\s*<td[^>]*>7<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>8<\/td>/);
    expect(res.text).toContain('<a class="utrecht-link" href="/api/v1/documenten/digitale-stad/onderschrijvingen">JSON</a>');
    expect(res.text).toContain('<a class="utrecht-link" href="/api/v1/documenten/digitale-stad/onderschrijvingen?formaat=csv">CSV</a>');

    // The map: 342 links, none a tab stop; the seven endorsing municipalities hatched, the rest neutral.
    expect(res.text.match(/<a href="\/organisaties\/GM\d{4}" tabindex="-1" aria-label="/g)).toHaveLength(342);
    for (const code of ['GM0772', 'GM0363', 'GM0268', 'GM0855', 'GM0758', 'GM0796', 'GM0794']) expect(fillOf(res.text, code), code).toBe('url(#kaart-versie-1-0)');
    expect(fillOf(res.text, 'GM0014')).toBe('#e0e0e0');
    expect(res.text).toContain('aria-label="Amsterdam: onderschreven, versie 1.0"');
    expect(res.text).toContain('Bron: CBS / PDOK');
    expect(res.text).toContain('is het tekstalternatief van deze kaart');
    expect(res.text).toContain('Versie 1.0 (nieuwste versie) <span class="app-map-legend-pattern">(blauw, schuin gearceerd)</span>: 7 gemeenten');

    const table = rows(res.text);
    expect(table.map((r) => r[0])).toEqual(['Amsterdam', 'Antwerpen', 'Breda', 'Eindhoven', 'Helmond', "'s-Hertogenbosch", 'Nijmegen', 'Tilburg']);
    expect(table[1]).toEqual(['Antwerpen', 'Buitenlandse gemeente', '1.0', 'bron: ledenbrief VNG', 'niet opgegeven', 'Actief']);
    expect(res.text).toContain('<a class="utrecht-link" href="/organisaties/BE-ANTWERPEN">Antwerpen</a>');

    // The letter names no dates: its endorsements are said to be undated, not placed on the day of import.
    expect(res.text).not.toMatch(/<svg class="app-chart"/);
    expect(res.text).toContain(
      '<p class="utrecht-paragraph" id="grafiek-samenvatting">Er zijn nog geen onderschrijvingen met een datum. Daarnaast zijn er 8 geldige onderschrijvingen zonder datum (8 uit de ledenbrief); die staan niet in de lijn, omdat de datum van het besluit niet bekend is.</p>',
    );
    expect(res.text).not.toContain('De eerste onderschrijvingen zijn van');
  });

  it('sorts with links that toggle the direction and mark the column with aria-sort', async () => {
    const res = await request(t.app).get(PAGE).expect(200);
    expect(res.text).toContain('<th class="utrecht-table__header-cell" scope="col" aria-sort="ascending"><a class="utrecht-link app-sort-link" href="/documenten/digitale-stad/onderschrijvingen?richting=aflopend#tabel-kop">Organisatie');
    expect(res.text).toContain('href="/documenten/digitale-stad/onderschrijvingen?sorteer=type#tabel-kop">Type');

    const desc = await request(t.app).get(`${PAGE}?richting=aflopend`).expect(200);
    expect(rows(desc.text).map((r) => r[0])).toEqual(['Tilburg', 'Nijmegen', "'s-Hertogenbosch", 'Helmond', 'Eindhoven', 'Breda', 'Antwerpen', 'Amsterdam']);
    expect(desc.text).toContain('aria-sort="descending"');
    // The arrow is decoration (hidden from screen readers, which hear aria-sort).
    expect(res.text).toContain('<span aria-hidden="true">&#9650;</span>');
    expect(desc.text).toContain('<span aria-hidden="true">&#9660;</span>');
    expect(desc.text).toContain('gesorteerd op organisatie (aflopend)');

    const byType = await request(t.app).get(`${PAGE}?sorteer=type&richting=aflopend&type=`).expect(200);
    expect(rows(byType.text).map((r) => r[1])).toEqual([...Array(7).fill('Gemeente'), 'Buitenlandse gemeente']);
    // The sort links keep the filters; the filter form keeps the sort.
    const filtered = await request(t.app).get(`${PAGE}?sorteer=type&zoek=a`).expect(200);
    expect(filtered.text).toContain('href="/documenten/digitale-stad/onderschrijvingen?zoek=a&amp;sorteer=versie#tabel-kop"');
    expect(filtered.text).toContain('<input type="hidden" name="sorteer" value="type">');
    // An unknown sort key is ignored.
    const unknown = await request(t.app).get(`${PAGE}?sorteer=%3Cscript%3E&richting=x`).expect(200);
    expect(rows(unknown.text)[0]?.[0]).toBe('Amsterdam');
    expect(unknown.text).not.toContain('<script>');
  });

  it('filters with the GET form: type, version, status, body and a search; counts what it found', async () => {
    const foreign = await request(t.app).get(`${PAGE}?type=buitenlandse-gemeente`).expect(200);
    expect(rows(foreign.text).map((r) => r[0])).toEqual(['Antwerpen']);
    expect(foreign.text).toContain('1 onderschrijving gevonden (van 8).');
    expect(foreign.text).toContain('<option value="buitenlandse-gemeente" selected>');
    const search = await request(t.app).get(`${PAGE}?zoek=bosch&versie=1.0&status=actief`).expect(200);
    expect(rows(search.text).map((r) => r[0])).toEqual(["'s-Hertogenbosch"]);
    expect(search.text).toContain('value="bosch"');
    const none = await request(t.app).get(`${PAGE}?status=ingetrokken`).expect(200);
    expect(rows(none.text)).toEqual([]);
    expect(none.text).toContain('0 onderschrijvingen gevonden (van 8).');
    const body = await request(t.app).get(`${PAGE}?orgaan=raad`).expect(200);
    expect(rows(body.text)).toEqual([]);
  });

  it('invalid filters: 400 with Dutch errors linked to the fields, values shown escaped; unknown documents: 404', async () => {
    const res = await request(t.app).get(`${PAGE}?type=stad&zoek=%3Cb%3Ex%3C/b%3E&status=weg`).expect(400);
    expect(res.text).toContain('De selectie is niet geldig');
    expect(res.text).toContain('<a class="utrecht-link" href="#veld-type">Kies een type organisatie uit de lijst.</a>');
    expect(res.text).toContain('<a class="utrecht-link" href="#veld-status">Kies als status actief of ingetrokken.</a>');
    expect(res.text).toMatch(/id="veld-type" name="type" aria-invalid="true" aria-describedby="fout-type"/);
    expect(res.text).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    expect(res.text).not.toContain('<b>x</b>');
    expect(res.text).not.toContain('id="tabel"');
    const missing = await request(t.app).get('/documenten/bestaat-niet/onderschrijvingen').expect(404);
    expect(missing.text).toContain('Pagina niet gevonden');
    await request(t.app).get(`${PAGE}/`).expect(404);
  });

  it('pages for anonymous visitors are reused, never a signed-in page (nor the other way round)', async () => {
    const first = await request(t.app).get(`${PAGE}?sorteer=versie`).expect(200);
    const second = await request(t.app).get(`${PAGE}?sorteer=versie`).expect(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['content-type']).toBe('text/html; charset=utf-8');
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Vera Vertegenwoordiger');
    const { agent } = await signedInAgent(t, rep.email, rep.wachtwoord);
    const signedIn = await agent.get(`${PAGE}?sorteer=versie`).expect(200);
    expect(signedIn.text).toContain('Aangemeld als');
    expect(signedIn.text).toContain('Vera Vertegenwoordiger');
    const again = await request(t.app).get(`${PAGE}?sorteer=versie`).expect(200);
    expect(again.text).not.toContain('Aangemeld als');
    expect(again.text).not.toContain('Vera Vertegenwoordiger');
  });

  it('the document navigation links to the overview on the other document pages', async () => {
    const res = await request(t.app).get('/documenten/digitale-stad/versies').expect(200);
    expect(res.text).toContain('<a class="utrecht-link" href="/documenten/digitale-stad/onderschrijvingen">Onderschrijvingen</a>');
  });

  it('an organisation page lists its seeded endorsement with "bron: ledenbrief VNG"; without endorsements it says so', async () => {
    const tilburg = await request(t.app).get('/organisaties/GM0855').expect(200);
    expect(tilburg.text).toContain('<h2 class="utrecht-heading-2" id="onderschrijvingen-kop">Onderschrijvingen</h2>');
    expect(tilburg.text).toContain('Tilburg onderschrijft versie 1.0, de nieuwste versie.');
    expect(tilburg.text).toContain('bron: ledenbrief VNG');
    expect(tilburg.text).not.toContain('Wat is er veranderd sinds uw onderschrijving');
    const groningen = await request(t.app).get('/organisaties/GM0014').expect(200);
    expect(groningen.text).toContain('Groningen heeft nog geen versie onderschreven.');
  });
});

describe('after a new version, new endorsements and a withdrawal (through the API)', () => {
  const evilOrg = '<script>alert("org")</script> & Co';
  let amsterdamId = '';

  beforeAll(async () => {
    const sec = await makeUser(t, 'secretaris');
    await editDraft(t.store);
    await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set(bearer(sec.token)).send({ naam: '1.1', toelichting: 'Herziening.' }).expect(201);
    await endorse('GM0344', '1.1', { orgaan: 'college', datum: '2025-03-14', kenmerk: '2025/0123 <i>', url: 'https://www.utrecht.nl/besluit?id=1&x=2' }, '<b>Sharon</b> Dijksma');
    const admin = await adminToken(t);
    await request(t.app).post('/api/v1/organisaties').set(bearer(admin)).send({ code: 'TST-XSS', naam: evilOrg, type: 'overig' }).expect(201);
    await endorse('TST-XSS', '1.1', { orgaan: 'bestuur', datum: '2025-06-01', kenmerk: 'B-1' });
    const list = await request(t.app).get('/api/v1/documenten/digitale-stad/onderschrijvingen?organisatie=GM0363').expect(200);
    amsterdamId = list.body.items[0].id as string;
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0363');
    await request(t.app)
      .post(`/api/v1/documenten/digitale-stad/onderschrijvingen/${amsterdamId}/intrekking`)
      .set(bearer(rep.token))
      .send({ reden: 'De raad wil eerst <em>versie 1.1</em> bespreken.' })
      .expect(200);
  });

  it('counts per version, colours the map by the newest version and shows withdrawals', async () => {
    const res = await request(t.app).get(PAGE).expect(200);
    expect(res.text).toContain('7 van de 342 gemeenten en 2 andere organisaties onderschrijven een versie van dit document.');
    expect(res.text).toMatch(/Versie 1\.1<\/a> \(nieuwste\)<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>2<\/td>/);
    expect(res.text).toMatch(/Versie 1\.0<\/a><\/th>\s*<td[^>]*>6<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>7<\/td>/);
    expect(fillOf(res.text, 'GM0344')).toBe('url(#kaart-versie-1-1)');
    expect(fillOf(res.text, 'GM0363')).toBe('#e0e0e0');
    expect(fillOf(res.text, 'GM0772')).toBe('url(#kaart-versie-1-0)');
    expect(res.text).toContain('<pattern id="kaart-versie-1-1"');
    expect(res.text).toContain('Versie 1.1 (nieuwste versie) <span class="app-map-legend-pattern">(oranje, kruislings gearceerd)</span>: 1 gemeente<');

    const table = rows(res.text);
    expect(table.find((r) => r[0] === 'Amsterdam')?.[5]).toMatch(/^Ingetrokken op \d{1,2} \w+ \d{4}$/);
    expect(table.find((r) => r[0] === 'Utrecht')).toEqual(['Utrecht', 'Gemeente', '1.1', '14 maart 2025', 'College van B en W', 'Actief']);
    expect(res.text).toContain('10 onderschrijvingen, waarvan 1 ingetrokken.');
    // HTML in an organisation's name is text.
    expect(res.text).toContain('&lt;script&gt;alert(&#34;org&#34;)&lt;/script&gt; &amp; Co</a>');
    expect(res.text).not.toContain('<script>alert("org")');
    // The chart: the two dated endorsements on their decision dates; the seven undated letter ones apart
    // (Amsterdam's, withdrawn, no longer counts).
    expect(res.text).toMatch(/<svg class="app-chart"[^>]*role="img"/);
    expect(res.text).toContain('De eerste onderschrijvingen zijn van 14 maart 2025 (1 organisatie).');
    expect(res.text).toContain('Daarnaast zijn er 7 geldige onderschrijvingen zonder datum (7 uit de ledenbrief)');

    const withdrawnOnly = await request(t.app).get(`${PAGE}?status=ingetrokken`).expect(200);
    expect(rows(withdrawnOnly.text).map((r) => r[0])).toEqual(['Amsterdam']);
    const byDate = await request(t.app).get(`${PAGE}?sorteer=datum&richting=aflopend&versie=1.1`).expect(200);
    expect(rows(byDate.text).map((r) => r[3])).toEqual(['1 juni 2025', '14 maart 2025']);
  });

  it('an organisation that endorsed an older version gets the link to what changed since', async () => {
    const res = await request(t.app).get('/organisaties/GM0772').expect(200);
    expect(res.text).toContain('Eindhoven onderschrijft versie 1.0. Er is een nieuwere versie: versie 1.1.');
    // An anonymous visitor is not the organisation: no "uw".
    expect(res.text).toContain('<a class="utrecht-link" href="/documenten/digitale-stad/vergelijking?van=1.0&amp;naar=1.1">Wat is er veranderd sinds de onderschrijving door Eindhoven</a>');
    expect(res.text).not.toContain('uw onderschrijving');
    await request(t.app).get('/documenten/digitale-stad/vergelijking?van=1.0&naar=1.1').expect(200);
    // Its own representative is addressed as the organisation; another organisation's is not.
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0772');
    const own = await (await signedInAgent(t, rep.email, rep.wachtwoord)).agent.get('/organisaties/GM0772').expect(200);
    expect(own.text).toContain('>Wat is er veranderd sinds uw onderschrijving</a>');
    const stranger = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    const theirs = await (await signedInAgent(t, stranger.email, stranger.wachtwoord)).agent.get('/organisaties/GM0772').expect(200);
    expect(theirs.text).not.toContain('uw onderschrijving');
  });

  it("the organisation's representative also gets the links to withdraw and to endorse the newest version", async () => {
    const anonymous = await request(t.app).get('/organisaties/GM0772').expect(200);
    expect(anonymous.text).not.toContain('/intrekken');
    expect(anonymous.text).not.toContain('/onderschrijven"');
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0772');
    const { agent } = await signedInAgent(t, rep.email, rep.wachtwoord);
    const own = await agent.get('/organisaties/GM0772').expect(200);
    expect(own.text).toMatch(/<a class="utrecht-link" href="\/documenten\/digitale-stad\/onderschrijvingen\/ond_[\w-]+\/intrekken">Intrekken<span class="app-visually-hidden"> \(versie 1\.0\)<\/span><\/a>/);
    expect(own.text).toContain('<a class="utrecht-link" href="/documenten/digitale-stad/versies/1.1/onderschrijven">Versie 1.1 onderschrijven</a>');
    // Not on another organisation's page.
    const other = await agent.get('/organisaties/GM0855').expect(200);
    expect(other.text).not.toContain('/intrekken');
  });

  it('an organisation page shows date, body, reference, link and signatory, escaped', async () => {
    const res = await request(t.app).get('/organisaties/GM0344').expect(200);
    expect(res.text).toContain('Utrecht onderschrijft versie 1.1, de nieuwste versie.');
    expect(res.text).not.toContain('Wat is er veranderd sinds uw onderschrijving');
    expect(res.text).toContain('<time datetime="2025-03-14">14 maart 2025</time>');
    expect(res.text).toContain('College van B en W');
    expect(res.text).toContain('2025/0123 &lt;i&gt;');
    expect(res.text).toContain('href="https://www.utrecht.nl/besluit?id=1&amp;x=2"');
    expect(res.text).toContain('&lt;b&gt;Sharon&lt;/b&gt; Dijksma, burgemeester');
    expect(res.text).not.toContain('<b>Sharon</b>');
  });

  it('a withdrawal shows its date and reason (escaped), and that no version is endorsed now', async () => {
    const res = await request(t.app).get('/organisaties/GM0363').expect(200);
    expect(res.text).toContain('Amsterdam onderschrijft op dit moment geen versie van dit document');
    expect(res.text).toMatch(/Ingetrokken op <time datetime="[^"]+">\d{1,2} \w+ \d{4}<\/time>/);
    expect(res.text).toContain('Reden: De raad wil eerst &lt;em&gt;versie 1.1&lt;/em&gt; bespreken.');
    expect(res.text).toContain('bron: ledenbrief VNG');

    const other = await request(t.app).get('/organisaties/TST-XSS').expect(200);
    expect(other.text).toContain('&lt;script&gt;alert(&#34;org&#34;)&lt;/script&gt; &amp; Co onderschrijft versie 1.1, de nieuwste versie.');
    expect(other.text).not.toContain('<script>alert');
  });
});

describe('a table longer than one page', () => {
  let big: TestApp;
  const names = (html: string) => rows(html).map((r) => r[0] ?? '');
  beforeAll(async () => {
    big = await makeTestApp();
    // 150 municipalities that the VNG letter does not list endorse 1.0 through the API (8 were seeded).
    const seeded = new Set(big.stores.endorsements.all().map((e) => e.organisatie.code));
    const codes = big.stores.db.data.organisaties.filter((o) => o.type === 'gemeente' && !seeded.has(o.code)).map((o) => o.code).slice(0, 150);
    const reps = await quickRepresentatives(big.stores, codes);
    for (const [i, r] of reps.entries()) {
      await request(big.app).post('/api/v1/documenten/digitale-stad/versies/1.0/onderschrijvingen').set(bearer(r.token)).send(endorsementBody(i)).expect(201);
    }
  });
  afterAll(() => big.cleanup());

  it('shows 50 rows per page with links to the other pages; the pages together are the whole table, in order', async () => {
    const first = (await request(big.app).get(PAGE).expect(200)).text;
    expect(textOf(first)).toContain('158 onderschrijvingen. De tabel toont er 50 per pagina: nu 1 tot en met 50 (pagina 1 van 4).');
    expect(rows(first)).toHaveLength(50);
    expect(first).toContain(`<a class="utrecht-link" rel="next" href="${PAGE}?pagina=2#tabel-kop">Volgende pagina</a>`);
    expect(first).toContain(`<a class="utrecht-link" href="${PAGE}?pagina=4#tabel-kop">Laatste pagina</a>`);
    expect(first).not.toContain('rel="prev"');
    expect(first).not.toContain('Eerste pagina');
    // Every municipality is still on the map, whatever page of the table is shown.
    expect(first.match(/<path id="kaart-GM/g)?.length).toBe(342);
    // Every slot of the assembled page was filled.
    expect(first).not.toContain('<!--app:slot:');
    expect(first.match(/<svg class="app-map"/g)).toHaveLength(1);
    expect(first.match(/<ul class="app-map-legend">/g)).toHaveLength(1);

    const pages = [first];
    for (let p = 2; p <= 4; p += 1) pages.push((await request(big.app).get(`${PAGE}?pagina=${p}`).expect(200)).text);
    expect(pages.map((html) => rows(html).length)).toEqual([50, 50, 50, 8]);
    const third = pages[2] ?? '';
    expect(textOf(third)).toContain('nu 101 tot en met 150 (pagina 3 van 4)');
    expect(third).toContain(`<a class="utrecht-link" href="${PAGE}#tabel-kop">Eerste pagina</a>`);
    expect(third).toContain(`<a class="utrecht-link" rel="prev" href="${PAGE}?pagina=2#tabel-kop">Vorige pagina</a>`);
    expect(third).toContain(`<a class="utrecht-link" rel="next" href="${PAGE}?pagina=4#tabel-kop">Volgende pagina</a>`);
    const last = pages[3] ?? '';
    expect(textOf(last)).toContain('nu 151 tot en met 158 (pagina 4 van 4)');
    expect(last).not.toContain('rel="next"');

    const all = pages.flatMap(names);
    expect(new Set(all).size).toBe(158);
    const collator = new Intl.Collator('nl');
    const key = (n: string) => n.replace(/^'s-/, '');
    expect([...all].sort((a, b) => collator.compare(key(a), key(b)))).toEqual(all);

    // A page past the end shows the last one; a page number that is not one shows the first.
    expect(names((await request(big.app).get(`${PAGE}?pagina=99`).expect(200)).text)).toEqual(names(last));
    expect(names((await request(big.app).get(`${PAGE}?pagina=twee`).expect(200)).text)).toEqual(names(first));
  });

  it('keeps the filters and the sort in the page links, and a new sort or filter starts at page 1', async () => {
    const url = `${PAGE}?type=gemeente&sorteer=datum&richting=aflopend`;
    const first = (await request(big.app).get(url).expect(200)).text;
    expect(textOf(first)).toContain('157 onderschrijvingen gevonden (van 158).');
    expect(first).toContain(`rel="next" href="${url.replace(/&/g, '&amp;')}&amp;pagina=2#tabel-kop"`);
    const last = (await request(big.app).get(`${url}&pagina=4`).expect(200)).text;
    expect(rows(last)).toHaveLength(7);
    // The sort links of page 4 lead to page 1 of the new order.
    expect(last).toContain(`href="${PAGE}?type=gemeente&amp;sorteer=versie#tabel-kop"`);
    expect(last).toContain(`href="${PAGE}?type=gemeente#tabel-kop"`);
    expect(last).not.toMatch(/sorteer=versie[^"]*pagina=/);
    // Sorted by date, newest first, across the pages: the seeded rows count from the day they were
    // recorded (today), so they lead page 1; the decisions of 15 January 2025 fill the rest.
    expect(rows(first).slice(0, 7).map((r) => r[3])).toEqual(Array(7).fill('bron: ledenbrief VNG'));
    expect(rows(last).map((r) => r[3])).toEqual(Array(7).fill('15 januari 2025'));
  });

  it('the first request after a new endorsement counts it (the read model follows the log)', async () => {
    const first = await request(big.app).get(PAGE).expect(200);
    // Anonymous pages carry a weak ETag named after the state: a revalidation gets 304 until it changes.
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect((await request(big.app).get(PAGE).expect(200)).headers.etag).toBe(etag);
    expect((await request(big.app).get(`${PAGE}?pagina=2`).expect(200)).headers.etag).not.toBe(etag);
    await request(big.app).get(PAGE).set('If-None-Match', etag).expect(304);
    const before = textOf(first.text);
    expect(before).toContain('158 onderschrijvingen');
    const code = big.stores.db.data.organisaties.find((o) => o.type === 'gemeente' && big.stores.endorsements.all().every((e) => e.organisatie.code !== o.code))?.code ?? '';
    const [rep] = await quickRepresentatives(big.stores, [code]);
    await request(big.app).post('/api/v1/documenten/digitale-stad/versies/1.0/onderschrijvingen').set(bearer(rep?.token ?? '')).send(endorsementBody(999)).expect(201);
    const changed = await request(big.app).get(PAGE).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    const after = textOf(changed.text);
    expect(after).toContain('159 onderschrijvingen');
    expect(after).toContain('158 van de 342 gemeenten');
  });
});
