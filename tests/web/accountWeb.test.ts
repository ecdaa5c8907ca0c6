import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { csrfFrom, makeUser, signedInAgent } from '../helpers/auth.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, editDraft, makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

function setCookies(res: request.Response): string[] {
  const raw = res.headers['set-cookie'] as unknown;
  return Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
}

describe('sign-in page', () => {
  it('signs in with a rotated, HttpOnly, SameSite=Lax session cookie and shows who is signed in', async () => {
    const agent = request.agent(t.app);
    const form = await agent.get('/aanmelden').expect(200);
    expect(form.text).toContain('<label class="utrecht-form-label" for="veld-email">E-mailadres</label>');
    const res = await agent.post('/aanmelden').type('form').send({ _csrf: csrfFrom(form.text), email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD, terug: '/documenten' }).expect(303);
    expect(res.headers.location).toBe('/documenten');
    const session = setCookies(res).find((c) => c.startsWith('sessie='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Aangemeld als');
    expect(home.text).toContain('Beheerder');

    // Signing in again gives a new session; the old cookie stops working.
    const oldCookie = session?.split(';')[0] ?? '';
    const again = await agent.post('/aanmelden').type('form').send({ _csrf: csrfFrom(home.text), email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(303);
    const newCookie = setCookies(again).find((c) => c.startsWith('sessie='))?.split(';')[0];
    expect(newCookie).toBeDefined();
    expect(newCookie).not.toBe(oldCookie);
    const withOld = await request(t.app).get('/').set('Cookie', oldCookie).expect(200);
    expect(withOld.text).not.toContain('Aangemeld als');
  });

  it('sets the Secure flag when the request came over HTTPS (behind a trusted proxy)', async () => {
    const app = createApp({ stores: t.stores, trustProxy: 1 });
    const form = await request(app).get('/aanmelden').set('X-Forwarded-Proto', 'https').expect(200);
    const csrfCookie = setCookies(form).find((c) => c.startsWith('csrf='));
    expect(csrfCookie).toMatch(/Secure/);
    // supertest speaks plain http, so it would not send a Secure cookie back by itself.
    const res = await request(app)
      .post('/aanmelden')
      .set('X-Forwarded-Proto', 'https')
      .set('Cookie', csrfCookie?.split(';')[0] ?? '')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD })
      .expect(303);
    expect(setCookies(res).find((c) => c.startsWith('sessie='))).toMatch(/Secure/);
  });

  it('a wrong password or unknown e-mail: 401 and the same Dutch message; HTML in the e-mail is escaped', async () => {
    const agent = request.agent(t.app);
    const form = await agent.get('/aanmelden').expect(200);
    const csrf = csrfFrom(form.text);
    const wrong = await agent.post('/aanmelden').type('form').send({ _csrf: csrf, email: ADMIN_EMAIL, wachtwoord: 'onjuist-wachtwoord' }).expect(401);
    const unknown = await agent.post('/aanmelden').type('form').send({ _csrf: csrf, email: '<script>x</script>@example.org', wachtwoord: 'onjuist-wachtwoord' }).expect(401);
    for (const res of [wrong, unknown]) expect(res.text).toContain('Het e-mailadres of het wachtwoord is onjuist');
    expect(unknown.text).not.toContain('<script>x</script>');
    const empty = await agent.post('/aanmelden').type('form').send({ _csrf: csrf, email: '', wachtwoord: '' }).expect(400);
    expect(empty.text).toContain('Vul uw e-mailadres in.');
    expect(empty.text).toContain('Vul uw wachtwoord in.');
  });

  it('without or with a wrong CSRF token: 403 and nothing changes', async () => {
    const agent = request.agent(t.app);
    await agent.get('/aanmelden').expect(200);
    const none = await agent.post('/aanmelden').type('form').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(403);
    expect(none.text).toContain('CSRF');
    expect(setCookies(none).some((c) => c.startsWith('sessie='))).toBe(false);
    await agent.post('/aanmelden').type('form').send({ _csrf: 'x'.repeat(43), email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(403);

    const { agent: admin, csrf } = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const count = t.stores.db.data.gebruikers.length;
    const tags = t.store.get('digitale-stad').versions().length;
    await admin.post('/beheer/gebruikers').type('form').send({ naam: 'X', email: 'x@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' }).expect(403);
    await admin.post('/documenten/digitale-stad/versies').type('form').send({ _csrf: 'fout', naam: '9.0', toelichting: 'x' }).expect(403);
    await admin.post('/afmelden').type('form').send({}).expect(403);
    // A session cookie on the API needs the X-CSRF-Token header.
    await admin.post('/api/v1/documenten/digitale-stad/versies').send({ naam: '9.0', toelichting: 'x' }).expect(403);
    expect(t.stores.db.data.gebruikers.length).toBe(count);
    expect(t.store.get('digitale-stad').versions().length).toBe(tags);
    await admin.get('/account').expect(200);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sign-out ends the session', async () => {
    const { agent, csrf } = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    await agent.post('/afmelden').type('form').send({ _csrf: csrf }).expect(303);
    await agent.get('/account').expect(303).expect('Location', '/aanmelden?terug=%2Faccount');
  });

  it('only local return paths are followed after sign-in', async () => {
    for (const terug of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      const agent = request.agent(t.app);
      const form = await agent.get('/aanmelden').expect(200);
      const res = await agent.post('/aanmelden').type('form').send({ _csrf: csrfFrom(form.text), email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD, terug }).expect(303);
      expect(res.headers.location, terug).toBe('/');
    }
  });
});

describe('administration pages', () => {
  it('the administrator creates a user with the form; a name with HTML is shown escaped', async () => {
    const { agent, csrf } = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const res = await agent
      .post('/beheer/gebruikers')
      .type('form')
      .send({ _csrf: csrf, naam: '<img src=x onerror=alert(1)> Piet', email: 'piet@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie: 'GM0363' })
      .expect(303);
    expect(res.headers.location).toMatch(/^\/beheer\/gebruikers\/gbr_/);
    const list = await agent.get('/beheer/gebruikers').expect(200);
    expect(list.text).toContain('&lt;img src=x onerror=alert(1)&gt; Piet');
    expect(list.text).not.toContain('<img src=x');
    expect(list.text).toContain('Amsterdam');
  });

  it('the organisation field takes what the suggestions offer, a code or an exact name; anything else is a Dutch field error', async () => {
    const { agent, csrf } = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const form = await agent.get('/beheer/gebruikers/nieuw').expect(200);
    expect(form.text).toContain('list="lijst-organisatie"');
    expect(form.text).toContain('<option value="Utrecht (GM0344)"></option>');
    const make = (n: number, organisatie: string) =>
      agent.post('/beheer/gebruikers').type('form').send({ _csrf: csrf, naam: `Keuze ${n}`, email: `keuze-${n}@example.org`, wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie });
    for (const [n, typed] of [[1, 'Utrecht (GM0344)'], [2, ' gm0344 '], [3, 'utrecht']] as const) {
      const res = await make(n, typed).expect(303);
      const id = /gbr_[\w-]+/.exec(res.headers.location ?? '')?.[0];
      expect(t.stores.db.data.gebruikers.find((u) => u.id === id)?.organisatie, typed).toBe('GM0344');
      const edit = await agent.get(`/beheer/gebruikers/${id}`).expect(200);
      expect(edit.text).toContain('value="Utrecht (GM0344)"');
    }
    const count = t.stores.db.data.gebruikers.length;
    const unknown = await make(4, 'Utr').expect(400);
    expect(unknown.text).toContain('Onbekende organisatie.');
    expect(unknown.text).toContain('value="Utr"');
    expect(t.stores.db.data.gebruikers).toHaveLength(count);
  });

  it('invalid form input: 400 with Dutch field errors, values kept, nothing stored', async () => {
    const { agent, csrf } = await signedInAgent(t, ADMIN_EMAIL, ADMIN_PASSWORD);
    const count = t.stores.db.data.gebruikers.length;
    const res = await agent
      .post('/beheer/gebruikers')
      .type('form')
      .send({ _csrf: csrf, naam: 'Anna', email: 'geen-email', wachtwoord: 'kort', rol: 'vertegenwoordiger', organisatie: '' })
      .expect(400);
    expect(res.text).toContain('Vul een geldig e-mailadres in');
    expect(res.text).toContain('minstens 12 tekens');
    expect(res.text).toContain('value="Anna"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(t.stores.db.data.gebruikers.length).toBe(count);
  });

  it('others: anonymous is sent to sign in, other roles get the Dutch 403 page', async () => {
    await request(t.app).get('/beheer/gebruikers').expect(303).expect('Location', '/aanmelden?terug=%2Fbeheer%2Fgebruikers');
    const sec = await makeUser(t, 'secretaris');
    const { agent, csrf } = await signedInAgent(t, sec.email, sec.wachtwoord);
    const page = await agent.get('/beheer/gebruikers').expect(403);
    expect(page.text).toContain('Alleen een beheerder kan accounts beheren.');
    await agent.post('/beheer/gebruikers').type('form').send({ _csrf: csrf, naam: 'X', email: 'y@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'beheerder' }).expect(403);
  });

  it('the secretary names a version with the form on the versions page; others do not see the form', async () => {
    const sec = await makeUser(t, 'secretaris');
    const { agent, csrf } = await signedInAgent(t, sec.email, sec.wachtwoord);
    // Nothing changed since 1.0: nothing to name, so no form, but a sentence that says why.
    const unchanged = await agent.get('/documenten/digitale-stad/versies').expect(200);
    expect(unchanged.text).toContain('Het concept is gelijk aan versie 1.0');
    expect(unchanged.text).not.toContain('Versie benoemen');
    await editDraft(t.store);
    const page = await agent.get('/documenten/digitale-stad/versies').expect(200);
    expect(page.text).toContain('Versie benoemen');
    expect(page.text).toContain('Het volgende nummer na versie 1.0: 1.1 of 2.0.');
    const head = t.store.get('digitale-stad').head().oid;
    const bad = await agent.post('/documenten/digitale-stad/versies').type('form').send({ _csrf: csrf, naam: 'een', toelichting: '', verwachtConcept: head }).expect(400);
    expect(bad.text).toContain('Gebruik de vorm 1.1 of 2.0.');
    const skipped = await agent.post('/documenten/digitale-stad/versies').type('form').send({ _csrf: csrf, naam: '1.5', toelichting: 'Herzien', verwachtConcept: head }).expect(400);
    expect(skipped.text).toContain('Kies het volgende nummer na de nieuwste versie 1.0: 1.1 of 2.0.');
    const ok = await agent.post('/documenten/digitale-stad/versies').type('form').send({ _csrf: csrf, naam: '1.1', toelichting: 'Herzien', verwachtConcept: head }).expect(303);
    expect(ok.headers.location).toBe('/documenten/digitale-stad/versies/1.1');
    const wg = await makeUser(t, 'werkgroeplid');
    const other = await signedInAgent(t, wg.email, wg.wachtwoord);
    const theirs = await other.agent.get('/documenten/digitale-stad/versies').expect(200);
    expect(theirs.text).not.toContain('Versie benoemen');
    await other.agent.post('/documenten/digitale-stad/versies').type('form').send({ _csrf: other.csrf, naam: '1.2', toelichting: 'x' }).expect(403);
  });

  it('the header shows the organisation a representative acts for', async () => {
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0599');
    const { agent } = await signedInAgent(t, rep.email, rep.wachtwoord);
    const page = await agent.get('/').expect(200);
    expect(page.text).toContain('namens Rotterdam');
  });
});
