/**
 * "Mijn account" over HTTP: changing one's own password ends one's other sessions (not this one), a
 * wrong current password or a mismatch is a Dutch field error (400) that changes nothing, "overal
 * afmelden" ends every session; the forms need the session's CSRF token and a signed-in user.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let wim: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  wim = await makeUser(t, 'werkgroeplid');
});
afterAll(() => t.cleanup());

const signedIn = async (agent: ReturnType<typeof request.agent>) => (await agent.get('/account')).status === 200;

describe('own password', () => {
  it('a wrong current password and two different new ones: 400 with Dutch field errors, nothing changes', async () => {
    const { agent, csrf } = await signedInAgent(t, wim.email, wim.wachtwoord);
    const before = t.stores.db.data.gebruikers.find((u) => u.id === wim.id)?.wachtwoordHash;
    const wrong = await agent.post('/account/wachtwoord').type('form').send({ _csrf: csrf, huidigWachtwoord: 'niet goed', nieuwWachtwoord: 'een nieuw wachtwoord', herhaling: 'een nieuw wachtwoord' }).expect(400);
    expect(wrong.text).toContain('Het huidige wachtwoord is onjuist.');
    expect(wrong.text).not.toContain('een nieuw wachtwoord');
    const mismatch = await agent.post('/account/wachtwoord').type('form').send({ _csrf: csrf, huidigWachtwoord: wim.wachtwoord, nieuwWachtwoord: 'een nieuw wachtwoord', herhaling: 'een ander wachtwoord' }).expect(400);
    expect(mismatch.text).toContain('De twee nieuwe wachtwoorden zijn niet gelijk.');
    const short = await agent.post('/account/wachtwoord').type('form').send({ _csrf: csrf, huidigWachtwoord: wim.wachtwoord, nieuwWachtwoord: 'kort', herhaling: 'kort' }).expect(400);
    expect(short.text).toContain('Het wachtwoord moet minstens 12 tekens lang zijn.');
    expect(t.stores.db.data.gebruikers.find((u) => u.id === wim.id)?.wachtwoordHash).toBe(before);
  });

  it('without the CSRF token 403, without a session 401; nothing changes', async () => {
    const { agent } = await signedInAgent(t, wim.email, wim.wachtwoord);
    const body = { huidigWachtwoord: wim.wachtwoord, nieuwWachtwoord: 'een nieuw wachtwoord', herhaling: 'een nieuw wachtwoord' };
    await agent.post('/account/wachtwoord').type('form').send(body).expect(403);
    await agent.post('/account/overal-afmelden').type('form').send({}).expect(403);
    expect(await signedIn(agent)).toBe(true);
    const anonymous = request.agent(t.app);
    const page = await anonymous.get('/aanmelden').expect(200);
    const csrf = /name="_csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '';
    await anonymous.post('/account/wachtwoord').type('form').send({ _csrf: csrf, ...body }).expect(401);
    await anonymous.post('/account/overal-afmelden').type('form').send({ _csrf: csrf }).expect(401);
  });

  it('the change ends the other sessions and keeps this one; the page lists the sessions and says what happened', async () => {
    const here = await signedInAgent(t, wim.email, wim.wachtwoord);
    const elsewhere = await signedInAgent(t, wim.email, wim.wachtwoord);
    const page = await here.agent.get('/account').expect(200);
    expect(page.text).toContain('deze browser');
    expect(page.text).toContain('elders');
    const res = await here.agent
      .post('/account/wachtwoord')
      .type('form')
      .send({ _csrf: here.csrf, huidigWachtwoord: wim.wachtwoord, nieuwWachtwoord: 'een nieuw wachtwoord', herhaling: 'een nieuw wachtwoord' })
      .expect(303);
    expect(res.headers.location).toBe('/account?melding=wachtwoord');
    const after = await here.agent.get('/account?melding=wachtwoord').expect(200);
    expect(after.text).toContain('Uw wachtwoord is gewijzigd.');
    expect(after.text).not.toContain('elders');
    expect(await signedIn(elsewhere.agent)).toBe(false);
    // The API token made with the old password keeps working; a new sign-in needs the new password.
    await request(t.app).get('/api/v1/tokens').set('Authorization', `Bearer ${wim.token}`).expect(200);
    await request(t.app).post('/api/v1/tokens').send({ email: wim.email, wachtwoord: wim.wachtwoord }).expect(401);
    wim = { ...wim, wachtwoord: 'een nieuw wachtwoord' };
  });

  it('"overal afmelden" ends every session of the account, this one too, and says so on the sign-in page', async () => {
    const a = await signedInAgent(t, wim.email, wim.wachtwoord);
    const b = await signedInAgent(t, wim.email, wim.wachtwoord);
    const res = await a.agent.post('/account/overal-afmelden').type('form').send({ _csrf: a.csrf }).expect(303);
    expect(res.headers.location).toBe('/aanmelden?melding=overal-afgemeld');
    expect(await signedIn(a.agent)).toBe(false);
    expect(await signedIn(b.agent)).toBe(false);
    const login = await a.agent.get('/aanmelden?melding=overal-afgemeld').expect(200);
    expect(login.text).toContain('U bent overal afgemeld');
    expect((await request(t.app).get('/aanmelden?melding=%3Cscript%3E').expect(200)).text).not.toContain('<script>');
  });
});
