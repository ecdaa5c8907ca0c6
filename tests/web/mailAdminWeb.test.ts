/**
 * The administrator's mail page (/beheer/mail) over HTTP: counts per state, the failed and waiting
 * messages with recipient, subject, attempts, last error and next attempt; the test-message form (CSRF,
 * a Dutch field error for a bad address with nothing queued, one message per form key); "Opnieuw
 * proberen" for a failed message; anonymous visitors are sent to sign in and other roles get 403.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptFailed, attemptStarted, DEFAULT_RETRY_POLICY } from '../../src/domain/mailState.js';
import { csrfFrom, makeUser, signedInAgent } from '../helpers/auth.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let admin: Awaited<ReturnType<typeof signedInAgent>>;

beforeAll(async () => {
  t = await makeTestApp({ publicUrl: 'https://principes.example.nl' });
  admin = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
});
afterAll(() => t.cleanup());

const sleutelFrom = (html: string) => /name="sleutel" value="([^"]*)"/.exec(html)?.[1] ?? '';

describe('the mail page', () => {
  it('is linked from the administration, names where mail goes, and shows an empty queue', async () => {
    const users = await admin.agent.get('/beheer/gebruikers').expect(200);
    expect(users.text).toContain('<a class="utrecht-link" href="/beheer/mail">Uitgaande mail</a>');
    const page = await admin.agent.get('/beheer/mail').expect(200);
    expect(page.text).toContain('<h1 class="utrecht-heading-1">Uitgaande mail</h1>');
    expect(page.text).toContain(`bestanden in ${t.dataDir}/uitgaande-mail`);
    for (const s of ['wachtend', 'verzonden', 'mislukt']) expect(page.text).toContain(`data-status="${s}">0<`);
    expect(page.text).toContain('Er zijn geen mislukte berichten.');
    expect(page.text).toContain(`name="aan" type="email" value="${ADMIN_EMAIL}"`);
  });

  it('the test-message form queues one message per form, and the page lists it as waiting', async () => {
    const page = await admin.agent.get('/beheer/mail').expect(200);
    const sleutel = sleutelFrom(page.text);
    expect(sleutel).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const form = { _csrf: csrfFrom(page.text), aan: 'ontvanger@example.nl', sleutel };
    const res = await admin.agent.post('/beheer/mail/testbericht').type('form').send(form).expect(303);
    expect(res.headers.location).toBe('/beheer/mail?gedaan=testbericht');
    await admin.agent.post('/beheer/mail/testbericht').type('form').send(form).expect(303);
    expect(t.stores.mail.all()).toHaveLength(1);
    const [m] = t.stores.mail.all();
    expect(m).toMatchObject({ status: 'wachtend', soort: 'testbericht', aan: { email: 'ontvanger@example.nl' }, onderwerp: 'Testbericht van Principes voor de digitale stad' });
    expect(m?.tekst).toContain('https://principes.example.nl/beheer/mail');

    const after = await admin.agent.get('/beheer/mail?gedaan=testbericht').expect(200);
    expect(after.text).toContain('Het testbericht staat in de wachtrij en wordt zo verstuurd.');
    expect(after.text).toContain('data-status="wachtend">1<');
    expect(after.text).toContain('ontvanger@example.nl');
    expect(after.text).not.toContain(sleutel);
  });

  it('a bad address: 400 with the Dutch field error, the value kept (escaped), nothing queued', async () => {
    const before = t.stores.mail.all().length;
    const page = await admin.agent.get('/beheer/mail').expect(200);
    const res = await admin.agent
      .post('/beheer/mail/testbericht')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), aan: '<script>geen-adres', sleutel: sleutelFrom(page.text) })
      .expect(400);
    expect(res.text).toContain('Controleer de gemarkeerde velden.');
    expect(res.text).toContain('Vul een geldig e-mailadres in, zoals naam@gemeente.nl.');
    expect(res.text).toContain('href="#veld-aan"');
    expect(res.text).toContain('value="&lt;script&gt;geen-adres"');
    expect(t.stores.mail.all()).toHaveLength(before);
  });

  it('a failed message shows its error and attempts; "Opnieuw proberen" makes it wait again (409 for one that did not fail)', async () => {
    const [m] = t.stores.mail.all();
    if (m === undefined) throw new Error('no message');
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
    await t.stores.mail.update(m.id, (r) => attemptFailed(attemptStarted(r, new Date()), new Date(), '550 5.1.1 Mailbox <b>bestaat</b> niet', true, policy));
    const page = await admin.agent.get('/beheer/mail').expect(200);
    expect(page.text).toContain('data-status="mislukt">1<');
    expect(page.text).toContain('550 5.1.1 Mailbox &lt;b&gt;bestaat&lt;/b&gt; niet');
    expect(page.text).toContain(`action="/beheer/mail/berichten/${m.id}/opnieuw"`);

    const csrf = csrfFrom(page.text);
    await admin.agent.post(`/beheer/mail/berichten/${m.id}/opnieuw`).type('form').send({}).expect(403);
    expect(t.stores.mail.get(m.id)?.status).toBe('mislukt');
    const res = await admin.agent.post(`/beheer/mail/berichten/${m.id}/opnieuw`).type('form').send({ _csrf: csrf }).expect(303);
    expect(res.headers.location).toBe('/beheer/mail?gedaan=opnieuw');
    expect(t.stores.mail.get(m.id)).toMatchObject({ status: 'wachtend', pogingen: 0 });
    expect(t.stores.audit.entries().filter((e) => e.actie === 'mail-opnieuw-aangeboden' && e.object.id === m.id)).toHaveLength(1);

    const again = await admin.agent.post(`/beheer/mail/berichten/${m.id}/opnieuw`).type('form').send({ _csrf: csrf }).expect(409);
    expect(again.text).toContain('Dit bericht wacht al op verzending');
    await admin.agent.post('/beheer/mail/berichten/mai_bestaatnietbestaatniet00/opnieuw').type('form').send({ _csrf: csrf }).expect(404);
  });

  it('anonymous visitors are sent to sign in; other roles get 403 and cannot send or retry', async () => {
    await request(t.app).get('/beheer/mail').expect(303).expect('Location', '/aanmelden?terug=%2Fbeheer%2Fmail');
    const before = t.stores.mail.all().length;
    const [m] = t.stores.mail.all();
    for (const rol of ['secretaris', 'werkgroeplid', 'vertegenwoordiger'] as const) {
      const u = await makeUser(t, rol, rol === 'vertegenwoordiger' ? 'GM0363' : null);
      const { agent, csrf } = await signedInAgent(t, u.email, u.wachtwoord);
      const page = await agent.get('/beheer/mail').expect(403);
      expect(page.text).toContain('Alleen een beheerder kan de uitgaande mail bekijken en beheren.');
      await agent.post('/beheer/mail/testbericht').type('form').send({ _csrf: csrf, aan: u.email }).expect(403);
      await agent.post(`/beheer/mail/berichten/${m?.id}/opnieuw`).type('form').send({ _csrf: csrf }).expect(403);
      // A bearer token of another role: the same refusal.
      await request(t.app).post('/beheer/mail/testbericht').set('Authorization', `Bearer ${u.token}`).type('form').send({ aan: u.email }).expect(403);
    }
    expect(t.stores.mail.all()).toHaveLength(before);
  });
});
