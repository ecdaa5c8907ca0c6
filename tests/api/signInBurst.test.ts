/**
 * The sign-in limit holds against bursts: many attempts sent at once over real sockets to a listening
 * server, so they overlap in the ~100 ms password check. An attempt is reserved before its password is
 * checked, so at most the limit is ever evaluated (5 per account, 20 per address); the rest get 429.
 */
import type { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { makeUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

/** A fresh app on the same store (its own, empty limiter), listening on a real port. */
async function listening(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const app: Express = createApp({ stores: t.stores, log: (_m, err) => t.errors.push(err) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  retryAfter: string | null;
}

/** Sends all requests at once (no request waits for another) and collects status and Retry-After. */
async function burst(send: (i: number) => Promise<Response>, n: number): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await send(i);
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    }),
  );
}

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('a burst of sign-ins for one account (API)', () => {
  it('100 at once, 99 wrong and the right one: at most 5 are evaluated, the rest 429 with Retry-After', async () => {
    const u = await makeUser(t, 'werkgroeplid');
    const server = await listening();
    try {
      const answers = await burst(
        (i) =>
          fetch(`${server.baseUrl}/api/v1/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: u.email, wachtwoord: i === 50 ? u.wachtwoord : `fout-wachtwoord-${i}` }),
          }),
        100,
      );
      const evaluated = count(answers, 401) + count(answers, 201);
      expect(evaluated, JSON.stringify(answers.map((a) => a.status))).toBeLessThanOrEqual(5);
      expect(count(answers, 429)).toBe(100 - evaluated);
      expect(count(answers, 401) + count(answers, 201) + count(answers, 429)).toBe(100);
      for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
      // The limit holds afterwards too, for the right password.
      const after = await fetch(`${server.baseUrl}/api/v1/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: u.email, wachtwoord: u.wachtwoord }),
      });
      expect(after.status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('within the limit a burst still signs in: 4 wrong and the right one at once -> the right one gets its token', async () => {
    const u = await makeUser(t, 'werkgroeplid');
    const server = await listening();
    try {
      const answers = await burst(
        (i) =>
          fetch(`${server.baseUrl}/api/v1/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: u.email, wachtwoord: i === 2 ? u.wachtwoord : `fout-wachtwoord-${i}` }),
          }),
        5,
      );
      expect(answers.map((a) => a.status)).toEqual([401, 401, 201, 401, 401]);
      // The success forgot the account's failures: the next try is evaluated again.
      const next = await fetch(`${server.baseUrl}/api/v1/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: u.email, wachtwoord: u.wachtwoord }),
      });
      expect(next.status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it('100 at once for different unknown accounts from one address: at most 20 are evaluated', async () => {
    const server = await listening();
    try {
      const answers = await burst(
        (i) =>
          fetch(`${server.baseUrl}/api/v1/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: `onbekend-${i}@example.org`, wachtwoord: 'fout-wachtwoord-123' }),
          }),
        100,
      );
      expect(count(answers, 401)).toBeLessThanOrEqual(20);
      expect(count(answers, 429)).toBe(100 - count(answers, 401));
    } finally {
      await server.close();
    }
  });
});

describe('a burst of sign-ins for one account (the form /aanmelden)', () => {
  it('100 at once, 99 wrong and the right one: at most 5 are evaluated, the rest 429 with Retry-After', async () => {
    const u = await makeUser(t, 'werkgroeplid');
    const server = await listening();
    try {
      // One anonymous visitor: the double-submit CSRF cookie and the form's token.
      const form = await fetch(`${server.baseUrl}/aanmelden`);
      const cookie = (form.headers.getSetCookie().find((c) => c.startsWith('csrf=')) ?? '').split(';')[0] ?? '';
      const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '';
      expect(cookie).not.toBe('');
      const answers = await burst(
        (i) =>
          fetch(`${server.baseUrl}/aanmelden`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
            body: new URLSearchParams({ _csrf: csrf, email: u.email, wachtwoord: i === 50 ? u.wachtwoord : `fout-wachtwoord-${i}`, terug: '/' }).toString(),
          }),
        100,
      );
      const evaluated = count(answers, 401) + count(answers, 303);
      expect(evaluated, JSON.stringify(answers.map((a) => a.status))).toBeLessThanOrEqual(5);
      expect(evaluated).toBeGreaterThan(0);
      expect(count(answers, 429)).toBe(100 - evaluated);
      for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
