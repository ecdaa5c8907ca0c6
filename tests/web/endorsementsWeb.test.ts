/**
 * The endorsement forms through real HTTP with a real session: the link on a named version's page,
 * CSRF, Dutch errors on the right fields, success (303 to the organisation page), escaping, and
 * withdrawing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsterdamDate } from '../../src/domain/calendar.js';
import { adminToken, csrfFrom, makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { nextVersionName, editDraft, makeTestApp, type TestApp } from '../helpers/testApp.js';

type Agent = ReturnType<typeof request.agent>;

let t: TestApp;
let utrecht: TestUser;
let zwolle: TestUser;
let secretaris: TestUser;
let rep: { agent: Agent; csrf: string };
let other: { agent: Agent; csrf: string };
let admin: string;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await adminToken(t);
  utrecht = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Vertegenwoordiger Utrecht');
  zwolle = await makeUser(t, 'vertegenwoordiger', 'GM0193', 'Vertegenwoordiger Zwolle');
  secretaris = await makeUser(t, 'secretaris');
  rep = await signedInAgent(t, utrecht.email, utrecht.wachtwoord);
  other = await signedInAgent(t, zwolle.email, zwolle.wachtwoord);
});
afterAll(() => t.cleanup());

const FORM = '/documenten/digitale-stad/versies/1.0/onderschrijven';

function fields(over: Record<string, string> = {}): Record<string, string> {
  return {
    'ondertekenaar.naam': 'M. Jansen',
    'ondertekenaar.functie': 'burgemeester',
    'besluit.orgaan': 'college',
    'besluit.datum': '2025-02-11',
    'besluit.kenmerk': 'UTR-2025-17',
    'besluit.url': 'https://www.utrecht.nl/besluit/17',
    ...over,
  };
}

async function newVersion(): Promise<string> {
  await editDraft(t.store);
  const naam = nextVersionName(t.store);
  await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam, toelichting: 'Voor de test.' }).expect(201);
  return naam;
}

describe('the link "Onderschrijven" on a version page', () => {
  it('shows for a representative on a named version, not on the draft, not for others', async () => {
    const page = await rep.agent.get('/documenten/digitale-stad/versies/1.0').expect(200);
    expect(page.text).toContain(`<a class="utrecht-link" href="${FORM}">Onderschrijven</a>`);
    expect(page.text).toContain('namens Utrecht');
    const draft = await rep.agent.get('/documenten/digitale-stad/versies/concept').expect(200);
    expect(draft.text).not.toContain('/onderschrijven"');
    const anonymous = await request(t.app).get('/documenten/digitale-stad/versies/1.0').expect(200);
    expect(anonymous.text).not.toContain('/onderschrijven"');
    const sec = await signedInAgent(t, secretaris.email, secretaris.wachtwoord);
    expect((await sec.agent.get('/documenten/digitale-stad/versies/1.0').expect(200)).text).not.toContain('/onderschrijven"');
  });
});

describe('the endorse form', () => {
  it('asks for the signatory, the deciding body, the date, the reference and an optional link, with _csrf', async () => {
    const res = await rep.agent.get(FORM).expect(200);
    const html = res.text;
    expect(html).toContain('<h1 class="utrecht-heading-1">Versie 1.0 onderschrijven</h1>');
    expect(html).toContain('name="_csrf"');
    for (const [id, label] of [
      ['ondertekenaar.naam', 'Naam'],
      ['ondertekenaar.functie', 'Functie'],
      ['besluit.orgaan', 'Besloten door'],
      ['besluit.datum', 'Datum van het besluit'],
      ['besluit.kenmerk', 'Kenmerk van het besluit'],
      ['besluit.url', 'Link naar het gepubliceerde besluit (optioneel)'],
    ]) {
      expect(html).toContain(`<label class="utrecht-form-label" for="veld-${id}">${label}</label>`);
      expect(html).toContain(`name="${id}"`);
    }
    for (const option of ['College van B en W', 'Gemeenteraad', 'Burgemeester', 'Bestuur', 'Anders']) expect(html).toContain(`>${option}</option>`);
    expect(html).toContain('type="date"');
    expect(html).toContain(`niet na vandaag (${amsterdamDate(new Date())})`);
  });

  it('sends a visitor who is not signed in to the sign-in page; other roles get 403; the draft 409; an unknown version 404', async () => {
    const anon = await request(t.app).get(FORM).expect(303);
    expect(anon.headers.location).toBe(`/aanmelden?terug=${encodeURIComponent(FORM)}`);
    const sec = await signedInAgent(t, secretaris.email, secretaris.wachtwoord);
    expect((await sec.agent.get(FORM).expect(403)).text).toContain('Alleen een vertegenwoordiger kan onderschrijven');
    const draft = await rep.agent.get('/documenten/digitale-stad/versies/concept/onderschrijven').expect(409);
    expect(draft.text).toContain('Het concept kan niet worden onderschreven');
    await rep.agent.get('/documenten/digitale-stad/versies/9.9/onderschrijven').expect(404);
    // A POST by another role is refused before anything else.
    await sec.agent.post(FORM).type('form').send({ _csrf: sec.csrf, ...fields() }).expect(403);
  });

  it('refuses a POST without a valid CSRF token (403) and stores nothing', async () => {
    const before = t.stores.endorsements.all().length;
    await rep.agent.post(FORM).type('form').send(fields()).expect(403);
    await rep.agent.post(FORM).type('form').send({ _csrf: 'verkeerd', ...fields() }).expect(403);
    // Another session's token does not work either.
    await rep.agent.post(FORM).type('form').send({ _csrf: other.csrf, ...fields() }).expect(403);
    expect(t.stores.endorsements.all()).toHaveLength(before);
  });

  it('shows Dutch errors on the fields, keeps (escaped) what was typed, and stores nothing', async () => {
    const before = t.stores.endorsements.all().length;
    const tomorrow = amsterdamDate(new Date(Date.now() + 24 * 3600_000));
    const res = await rep.agent
      .post(FORM)
      .type('form')
      .send({ _csrf: rep.csrf, ...fields({ 'ondertekenaar.naam': '<script>alert("x")</script>', 'ondertekenaar.functie': '', 'besluit.orgaan': '', 'besluit.datum': '14-02-2025', 'besluit.url': 'javascript:alert(1)' }) })
      .expect(400);
    const html = res.text;
    expect(html).toContain('Controleer de gemarkeerde velden.');
    expect(html).toContain('Vul de functie van de ondertekenaar in.');
    expect(html).toContain('Kies wie besloot: college, raad, burgemeester, bestuur, anders.');
    expect(html).toContain('Een datum in de vorm JJJJ-MM-DD');
    expect(html).toContain('Alleen een http- of https-link');
    expect(html).toContain('href="#veld-besluit.datum"');
    expect(html).toMatch(/id="veld-besluit\.datum" name="besluit\.datum" type="date" value="14-02-2025" aria-describedby="[^"]*fout-besluit\.datum" aria-invalid="true"/);
    // What was typed comes back escaped, never as markup.
    expect(html).toContain('value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('value="javascript:alert(1)"');

    const future = await rep.agent.post(FORM).type('form').send({ _csrf: rep.csrf, ...fields({ 'besluit.datum': tomorrow }) }).expect(400);
    expect(future.text).toContain('kan niet na vandaag');
    expect(future.text).toContain('id="fout-besluit.datum"');
    expect(t.stores.endorsements.all()).toHaveLength(before);
  });

  it('endorses and goes to the organisation page (303); the next visit says it is endorsed already; a second POST is 409', async () => {
    const res = await rep.agent
      .post(FORM)
      .type('form')
      .send({ _csrf: rep.csrf, ...fields({ 'ondertekenaar.naam': '<b>M. Jansen</b> & co', 'besluit.url': '' }) })
      .expect(303);
    expect(res.headers.location).toBe('/organisaties/GM0344');
    const stored = t.stores.endorsements.activeFor('digitale-stad', '1.0', 'GM0344');
    expect(stored).toMatchObject({
      bron: 'dienst',
      ondertekenaar: { naam: '<b>M. Jansen</b> & co', functie: 'burgemeester' },
      besluit: { orgaan: 'college', datum: '2025-02-11', kenmerk: 'UTR-2025-17', url: null },
      door: { gebruiker: utrecht.id },
    });
    expect(t.stores.audit.entries().at(-1)).toMatchObject({ actie: 'onderschrijving-vastgelegd', object: { id: stored?.id } });
    await rep.agent.get('/organisaties/GM0344').expect(200);

    const again = await rep.agent.get(FORM).expect(200);
    expect(again.text).toContain('Utrecht heeft versie 1.0 al onderschreven');
    expect(again.text).toContain(`/documenten/digitale-stad/onderschrijvingen/${stored?.id ?? ''}/intrekken`);
    expect(again.text).not.toContain('name="ondertekenaar.naam"');
    const twice = await rep.agent.post(FORM).type('form').send({ _csrf: rep.csrf, ...fields() }).expect(409);
    expect(twice.text).toContain('al onderschreven');
    expect(t.stores.endorsements.forOrganisation('GM0344').filter((e) => e.versie === '1.0')).toHaveLength(1);
  });
});

describe('the withdraw form', () => {
  it('withdraws with a reason (303 to the organisation page); only for one\'s own organisation; CSRF; Dutch errors; escaping', async () => {
    const v = await newVersion();
    await rep.agent
      .post(`/documenten/digitale-stad/versies/${v}/onderschrijven`)
      .type('form')
      .send({ _csrf: rep.csrf, ...fields({ 'ondertekenaar.naam': '<script>alert(1)</script>', 'besluit.kenmerk': '<i>K-9</i>' }) })
      .expect(303);
    const e = t.stores.endorsements.activeFor('digitale-stad', v, 'GM0344');
    expect(e).toBeDefined();
    const url = `/documenten/digitale-stad/onderschrijvingen/${e?.id ?? ''}/intrekken`;

    const page = await rep.agent.get(url).expect(200);
    expect(page.text).toContain(`Onderschrijving van versie ${v} intrekken`);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('&lt;i&gt;K-9&lt;/i&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain('<label class="utrecht-form-label" for="veld-reden">Reden van de intrekking</label>');
    expect(csrfFrom(page.text)).toBe(rep.csrf);

    // Another organisation's representative, and a visitor who is not signed in.
    await other.agent.get(url).expect(403);
    await other.agent.post(url).type('form').send({ _csrf: other.csrf, reden: 'Niet van ons.' }).expect(403);
    expect((await request(t.app).get(url).expect(303)).headers.location).toMatch(/^\/aanmelden/);
    // CSRF.
    await rep.agent.post(url).type('form').send({ reden: 'Zonder token.' }).expect(403);
    // No reason: the form again with the Dutch error.
    const empty = await rep.agent.post(url).type('form').send({ _csrf: rep.csrf, reden: '  ' }).expect(400);
    expect(empty.text).toContain('Vul de reden van de intrekking in.');
    expect(empty.text).toContain('aria-invalid="true"');
    expect(t.stores.endorsements.get(e?.id ?? '')?.status).toBe('actief');

    const done = await rep.agent.post(url).type('form').send({ _csrf: rep.csrf, reden: 'Besluit <herzien>.' }).expect(303);
    expect(done.headers.location).toBe('/organisaties/GM0344');
    expect(t.stores.endorsements.get(e?.id ?? '')).toMatchObject({ status: 'ingetrokken', intrekking: { reden: 'Besluit <herzien>.' } });
    const withdrawn = await rep.agent.get(url).expect(409);
    expect(withdrawn.text).toContain('al ingetrokken');
    await rep.agent.post(url).type('form').send({ _csrf: rep.csrf, reden: 'Nog eens.' }).expect(409);
    await rep.agent.get('/documenten/digitale-stad/onderschrijvingen/ond_bestaatniet/intrekken').expect(404);
    await rep.agent.get('/documenten/digitale-stad/onderschrijvingen/iets/intrekken').expect(404);
  });
});
