/**
 * One rule for when the ALV's vote percentages may be left out (null): the API, its OpenAPI
 * description and the README say the same, and that is `OUTCOMES_WITHOUT_VOTE`.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { ADOPTION_OUTCOMES, OUTCOMES_WITHOUT_VOTE } from '../../src/domain/versionStatus.js';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let secretaris: TestUser;

beforeAll(async () => {
  t = await makeTestApp();
  secretaris = await makeUser(t, 'secretaris');
});
afterAll(() => t.cleanup());

const backquoted = (text: string): string[] => [...text.matchAll(/`([a-z-]+)`/g)].map((m) => m[1] ?? '').sort();

describe('percentages may be null exactly for the outcomes without a vote', () => {
  it('the API refuses null percentages for every other outcome (field percentages), and only then', async () => {
    const url = '/api/v1/documenten/digitale-stad/versies/1.0/vaststelling';
    for (const uitkomst of ADOPTION_OUTCOMES) {
      // An impossible date as well, so that nothing is ever recorded: the answer lists every field problem.
      const res = await request(t.app)
        .post(url)
        .set('Authorization', `Bearer ${secretaris.token}`)
        .send({ datum: '2026-02-30', uitkomst, percentages: null, kenmerk: 'ALV-1' })
        .expect(400);
      const fields = (res.body.errors as { name: string }[]).map((e) => e.name);
      expect(fields, uitkomst).toContain('datum');
      expect(fields.includes('percentages'), uitkomst).toBe(!OUTCOMES_WITHOUT_VOTE.includes(uitkomst));
    }
    expect(t.stores.db.data.versies).toEqual([]);
  });

  it('the OpenAPI description names the same outcomes', async () => {
    const spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body;
    const body = spec.paths['/documenten/{document}/versies/{versie}/vaststelling'].post.requestBody.content['application/json'].schema;
    expect(backquoted(body.properties.percentages.description as string)).toEqual([...OUTCOMES_WITHOUT_VOTE].sort());
  });

  it('the README names the same outcomes', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const sentence = /`percentages` may be null only for ([^;(]*?), which/.exec(readme);
    expect(sentence).not.toBeNull();
    expect(backquoted(sentence?.[1] ?? '')).toEqual([...OUTCOMES_WITHOUT_VOTE].sort());
  });
});
