/**
 * Signing in during tests, through the real endpoints: a bearer token from POST /api/v1/tokens, or a
 * supertest agent with a session cookie and its CSRF token from the real sign-in form.
 */
import request from 'supertest';
import type { Role } from '../../src/domain/roles.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from './testApp.js';

export async function tokenFor(t: TestApp, email: string, wachtwoord: string): Promise<string> {
  const res = await request(t.app).post('/api/v1/tokens').send({ email, wachtwoord });
  if (res.status !== 201) throw new Error(`sign-in for ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

export function adminToken(t: TestApp): Promise<string> {
  return tokenFor(t, ADMIN_EMAIL, ADMIN_PASSWORD);
}

export interface TestUser {
  id: string;
  email: string;
  wachtwoord: string;
  token: string;
}

let counter = 0;

/** Creates a user through the API as the administrator and signs them in. */
export async function makeUser(t: TestApp, rol: Role, organisatie: string | null = null, naam?: string): Promise<TestUser> {
  const admin = await adminToken(t);
  counter += 1;
  const email = `${rol}-${counter}-${Date.now()}@example.org`;
  const wachtwoord = `wachtwoord-${counter}-lang-genoeg`;
  const res = await request(t.app)
    .post('/api/v1/gebruikers')
    .set('Authorization', `Bearer ${admin}`)
    .send({ naam: naam ?? `Test ${rol} ${counter}`, email, wachtwoord, rol, organisatie });
  if (res.status !== 201) throw new Error(`creating ${rol} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, email, wachtwoord, token: await tokenFor(t, email, wachtwoord) };
}

/** The value of `name="_csrf"` in a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF field in page');
  return m[1];
}

/** A supertest agent signed in through the real sign-in form; returns it with the session's CSRF token. */
export async function signedInAgent(t: TestApp, email: string, wachtwoord: string): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(t.app);
  const form = await agent.get('/aanmelden').expect(200);
  await agent.post('/aanmelden').type('form').send({ _csrf: csrfFrom(form.text), email, wachtwoord, terug: '/' }).expect(303);
  const page = await agent.get('/account').expect(200);
  return { agent, csrf: csrfFrom(page.text) };
}
