/**
 * The administrator's pages for the register of organisations (/beheer/organisaties): the list,
 * the form "Organisatie toevoegen", the edit form, CSRF, Dutch errors and the "Wijzigen" link.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, signedInAgent } from '../helpers/auth.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedInAgent>>;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(() => t.cleanup());

const add = (fields: Record<string, string>) => admin.agent.post('/beheer/organisaties').type('form').send({ _csrf: admin.csrf, ...fields });

describe('administration of organisations', () => {
  it('the users page links to /beheer/organisaties, which lists the non-municipalities and links to the public list and the form', async () => {
    const users = await admin.agent.get('/beheer/gebruikers').expect(200);
    expect(users.text).toContain('<a class="utrecht-link" href="/beheer/organisaties">Organisaties</a>');
    const list = await admin.agent.get('/beheer/organisaties').expect(200);
    expect(list.text).toContain('<h1 class="utrecht-heading-1">Organisaties beheren</h1>');
    expect(list.text).toContain('href="/organisaties"');
    expect(list.text).toContain('<a class="utrecht-link" href="/beheer/organisaties/nieuw">Organisatie toevoegen</a>');
    expect(list.text).toContain('href="/beheer/organisaties/BE-ANTWERPEN"');
    expect(list.text).toContain('Vereniging van Nederlandse Gemeenten');
    expect(list.text).not.toContain('GM0363');
  });

  it('the form has a label per field, the addable types and the CSRF field', async () => {
    const form = await admin.agent.get('/beheer/organisaties/nieuw').expect(200);
    expect(form.text).toContain('<h1 class="utrecht-heading-1">Organisatie toevoegen</h1>');
    expect(form.text).toMatch(/<form[^>]*method="post"[^>]*action="\/beheer\/organisaties"/);
    expect(form.text).toContain(`name="_csrf" value="${admin.csrf}"`);
    for (const [id, label] of [
      ['veld-code', 'Code'],
      ['veld-naam', 'Naam'],
      ['veld-type', 'Type'],
    ]) {
      expect(form.text).toContain(`<label class="utrecht-form-label" for="${id}">${label}</label>`);
    }
    for (const type of ['provincie', 'waterschap', 'buitenlandse-gemeente', 'overig']) expect(form.text).toContain(`<option value="${type}">`);
    expect(form.text).not.toContain('<option value="gemeente">');
  });

  it('success: 303 to the public page of the new organisation, stored and audited', async () => {
    const res = await add({ code: 'PV26', naam: 'Provincie Utrecht', type: 'provincie' }).expect(303);
    expect(res.headers.location).toBe('/organisaties/PV26');
    const page = await admin.agent.get('/organisaties/PV26').expect(200);
    expect(page.text).toContain('<h1 class="utrecht-heading-1">Provincie Utrecht</h1>');
    expect(page.text).toContain('Provincie');
    expect(page.text).toContain('Toegevoegd door de beheerder');
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'PV26')).toMatchObject({ naam: 'Provincie Utrecht', type: 'provincie' });
    expect(t.stores.audit.entries().filter((e) => e.actie === 'organisatie-toegevoegd' && e.object.id === 'PV26')).toHaveLength(1);
  });

  it('without or with a wrong CSRF token: 403 and nothing stored', async () => {
    const count = t.stores.db.data.organisaties.length;
    const auditBefore = t.stores.audit.entries().length;
    const none = await admin.agent.post('/beheer/organisaties').type('form').send({ code: 'PV-CSRF', naam: 'CSRF', type: 'provincie' }).expect(403);
    expect(none.text).toContain('CSRF');
    await admin.agent.post('/beheer/organisaties').type('form').send({ _csrf: 'x'.repeat(43), code: 'PV-CSRF', naam: 'CSRF', type: 'provincie' }).expect(403);
    await admin.agent.post('/beheer/organisaties/PV26').type('form').send({ naam: 'Gewijzigd', type: 'provincie' }).expect(403);
    expect(t.stores.db.data.organisaties).toHaveLength(count);
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'PV26')?.naam).toBe('Provincie Utrecht');
    expect(t.stores.audit.entries()).toHaveLength(auditBefore);
  });

  it('invalid input: 400 with Dutch field errors, values kept (escaped), nothing stored', async () => {
    const count = t.stores.db.data.organisaties.length;
    const empty = await add({ code: '', naam: '', type: '' }).expect(400);
    expect(empty.text).toContain('Controleer de gemarkeerde velden.');
    expect(empty.text).toContain('Vul een code in.');
    expect(empty.text).toContain('Vul een naam in.');
    expect(empty.text).toContain('Kies een van deze typen');
    expect(empty.text).toContain('href="#veld-code"');
    expect(empty.text).toMatch(/id="veld-naam"[^>]*aria-describedby="hint-naam fout-naam" aria-invalid="true"/);

    const bad = await add({ code: 'pv 26!', naam: '"><script>alert(1)</script>', type: 'provincie' }).expect(400);
    expect(bad.text).toContain('2 tot 20 hoofdletters, cijfers of streepjes');
    expect(bad.text).toContain('value="pv 26!"');
    expect(bad.text).toContain('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(bad.text).not.toContain('<script>alert(1)');
    expect(bad.text).toMatch(/<option value="provincie" selected>/);

    const municipality = await add({ code: 'GM9999', naam: 'Nergenshuizen', type: 'gemeente' }).expect(400);
    expect(municipality.text).toContain('CBS-gebiedsindeling');
    expect(municipality.text).toContain('href="#veld-type"');

    const duplicate = await add({ code: 'PV26', naam: 'Nog eens Utrecht', type: 'provincie' }).expect(409);
    expect(duplicate.text).toContain('Er bestaat al een organisatie met code PV26');
    expect(duplicate.text).toContain('href="#veld-code"');
    expect(duplicate.text).toContain('value="Nog eens Utrecht"');
    expect(t.stores.db.data.organisaties).toHaveLength(count);
  });

  it('the public page shows "Wijzigen" to administrators only, and not for CBS municipalities', async () => {
    const asAdmin = await admin.agent.get('/organisaties/PV26').expect(200);
    expect(asAdmin.text).toContain('<a class="utrecht-link" href="/beheer/organisaties/PV26">Wijzigen</a>');
    const anonymous = await request(t.app).get('/organisaties/PV26').expect(200);
    expect(anonymous.text).not.toContain('/beheer/organisaties/PV26');
    const sec = await makeUser(t, 'secretaris');
    const { agent } = await signedInAgent(t, sec.email, sec.wachtwoord);
    expect((await agent.get('/organisaties/PV26').expect(200)).text).not.toContain('Wijzigen');
    expect((await admin.agent.get('/organisaties/GM0363').expect(200)).text).not.toContain('/beheer/organisaties/GM0363');
  });

  it('the edit form changes name and type and sends the browser to the public page', async () => {
    const form = await admin.agent.get('/beheer/organisaties/PV26').expect(200);
    expect(form.text).toContain('<h1 class="utrecht-heading-1">Organisatie wijzigen</h1>');
    expect(form.text).toContain('value="Provincie Utrecht"');
    expect(form.text).toMatch(/<option value="provincie" selected>/);
    expect(form.text).not.toContain('id="veld-code"');

    const invalid = await admin.agent.post('/beheer/organisaties/PV26').type('form').send({ _csrf: admin.csrf, naam: ' ', type: 'provincie' }).expect(400);
    expect(invalid.text).toContain('Vul een naam in.');
    const res = await admin.agent
      .post('/beheer/organisaties/PV26')
      .type('form')
      .send({ _csrf: admin.csrf, naam: 'Provincie Utrecht (gewijzigd)', type: 'overig' })
      .expect(303);
    expect(res.headers.location).toBe('/organisaties/PV26');
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'PV26')).toMatchObject({ naam: 'Provincie Utrecht (gewijzigd)', type: 'overig' });
    expect(t.stores.audit.entries().filter((e) => e.actie === 'organisatie-gewijzigd' && e.object.id === 'PV26')).toHaveLength(1);
  });

  it('CBS municipalities cannot be edited (409 page); unknown or malformed codes are 404', async () => {
    const page = await admin.agent.get('/beheer/organisaties/GM0363').expect(409);
    expect(page.text).toContain('CBS-gebiedsindeling');
    await admin.agent.post('/beheer/organisaties/GM0363').type('form').send({ _csrf: admin.csrf, naam: 'Mokum', type: 'overig' }).expect(409);
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'GM0363')?.naam).toBe('Amsterdam');
    await admin.agent.get('/beheer/organisaties/PV99').expect(404);
    await admin.agent.get('/beheer/organisaties/pv26').expect(404);
  });

  it('others: anonymous is sent to sign in, other roles get the Dutch 403 page and cannot post', async () => {
    await request(t.app).get('/beheer/organisaties/nieuw').expect(303).expect('Location', '/aanmelden?terug=%2Fbeheer%2Forganisaties%2Fnieuw');
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0363');
    const { agent, csrf } = await signedInAgent(t, rep.email, rep.wachtwoord);
    const page = await agent.get('/beheer/organisaties').expect(403);
    expect(page.text).toContain('Alleen een beheerder kan organisaties beheren.');
    await agent.get('/beheer/organisaties/nieuw').expect(403);
    await agent.post('/beheer/organisaties').type('form').send({ _csrf: csrf, code: 'PV-REP', naam: 'X', type: 'provincie' }).expect(403);
    await agent.post('/beheer/organisaties/BE-ANTWERPEN').type('form').send({ _csrf: csrf, naam: 'X', type: 'overig' }).expect(403);
    expect(t.stores.db.data.organisaties.some((o) => o.code === 'PV-REP')).toBe(false);
    expect(t.stores.db.data.organisaties.find((o) => o.code === 'BE-ANTWERPEN')?.naam).toBe('Antwerpen');
  });
});
