/**
 * The adoption forms and downloads on the web, without a browser: CSRF, who may post, Dutch errors
 * at the form, redirects back to the version page, and the downloads with their file names.
 */
import request from 'supertest';
import { amsterdamDate } from '../../src/domain/calendar.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, makeUser, signedInAgent } from '../helpers/auth.js';
import { mergedAmendmentVersion, type AdoptionScenario } from '../helpers/adoptionScenario.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const PAGE = '/documenten/digitale-stad/versies/1.1';
let t: TestApp;
let scenario: AdoptionScenario;

beforeAll(async () => {
  t = await makeTestApp();
  scenario = await mergedAmendmentVersion(t);
});
afterAll(() => t.cleanup());

describe('adoption on the version page', () => {
  it('downloads: Word as an attachment, HTML shown, an unknown format a Dutch 400 page, the draft 404', async () => {
    const docx = await request(t.app).get(`${PAGE}/vaststellingsstuk?formaat=docx`).expect(200);
    expect(docx.headers['content-disposition']).toBe('attachment; filename="vaststellingsstuk-digitale-stad-1.1.docx"');
    const html = await request(t.app).get(`${PAGE}/vaststellingsstuk?formaat=html`).expect(200);
    expect(html.headers['content-disposition']).toBe('inline; filename="vaststellingsstuk-digitale-stad-1.1.html"');
    const bad = await request(t.app).get(`${PAGE}/vaststellingsstuk?formaat=pdf`).expect(400);
    expect(bad.text).toContain('Kies het formaat md, html of docx.');
    await request(t.app).get('/documenten/digitale-stad/versies/concept/vaststellingsstuk').expect(404);
  });

  it('the forms are the secretary’s: others get 403, a form without its CSRF token 403', async () => {
    const wg = await makeUser(t, 'werkgroeplid');
    const { agent, csrf } = await signedInAgent(t, wg.email, wg.wachtwoord);
    const page = await agent.get(PAGE).expect(200);
    expect(page.text).not.toContain('action="/documenten/digitale-stad/versies/1.1/agendering"');
    await agent.post(`${PAGE}/agendering`).type('form').send({ _csrf: csrf, alvDatum: '2026-06-12' }).expect(403);
    const sec = await signedInAgent(t, scenario.secretaris.email, scenario.secretaris.wachtwoord);
    await sec.agent.post(`${PAGE}/agendering`).type('form').send({ alvDatum: '2026-06-12' }).expect(403);
    expect(t.stores.db.data.versies).toEqual([]);
  });

  it('the secretary schedules, gets Dutch errors at the decision form, and records the decision', async () => {
    const { agent } = await signedInAgent(t, scenario.secretaris.email, scenario.secretaris.wachtwoord);
    let csrf = csrfFrom((await agent.get(PAGE).expect(200)).text);
    const scheduled = await agent.post(`${PAGE}/agendering`).type('form').send({ _csrf: csrf, alvDatum: '2026-06-12' }).expect(303);
    expect(scheduled.headers.location).toBe(`${PAGE}#vaststelling`);
    const page = await agent.get(PAGE).expect(200);
    expect(page.text).toContain('staat ter vaststelling op de agenda van de ALV van <strong>12 juni 2026</strong>');
    csrf = csrfFrom(page.text);
    // The decision's date defaults to today (not to the planned ALV date) and cannot lie after it.
    const today = amsterdamDate(new Date());
    expect(page.text).toContain(`id="veld-datum" name="datum" type="date" value="${today}" max="${today}"`);
    const future = await agent.post(`${PAGE}/vaststelling`).type('form').send({ _csrf: csrf, datum: '2030-01-01', uitkomst: 'aangenomen', voor: '80', tegen: '20', onthouding: '0', kenmerk: 'ALV-7' }).expect(400);
    expect(future.text).toContain(`De datum van het besluit kan niet na vandaag (${today}) liggen.`);
    expect(t.stores.db.data.versies[0]?.besluiten).toEqual([]);

    const bad = await agent.post(`${PAGE}/vaststelling`).type('form').send({ _csrf: csrf, datum: '2026-06-12', uitkomst: 'aangenomen', voor: '-5', tegen: '', onthouding: 'veel', kenmerk: '' }).expect(400);
    expect(bad.text).toContain('Het percentage voor kan niet negatief zijn.');
    expect(bad.text).toContain('id="fout-onthouding"');
    expect(bad.text).toContain('id="fout-kenmerk"');
    expect(bad.text).toContain('value="veel"');

    await agent.post(`${PAGE}/vaststelling`).type('form').send({ _csrf: csrf, datum: '2026-06-12', uitkomst: 'aangenomen', voor: '80,5', tegen: '19,5', onthouding: '0', kenmerk: 'ALV-7' }).expect(303);
    expect(t.stores.db.data.versies[0]?.besluiten[0]?.percentages).toEqual({ voor: 80.5, tegen: 19.5, onthouding: 0 });
    const done = await agent.get(PAGE).expect(200);
    expect(done.text).toContain('is vastgesteld door de Algemene Ledenvergadering');
    // A late form post after adoption: the page again with the conflict, 409.
    const late = await agent.post(`${PAGE}/besluittekst`).type('form').send({ _csrf: csrfFrom(done.text), tekst: 'Te laat.' }).expect(409);
    expect(late.text).toContain('is vastgesteld door de ALV');
  });
});
