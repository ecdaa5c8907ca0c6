import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { adminToken, makeUser } from '../helpers/auth.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

const run = promisify(execFile);
let t: TestApp;
let spec: { paths: Record<string, Record<string, unknown>> };
const dir = tempDir('principes-openapi-');

beforeAll(async () => {
  t = await makeTestApp();
  spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body;
});
afterAll(() => {
  t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface SpectralResult {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

async function lintErrors(doc: unknown, name: string): Promise<string[]> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'spectral');
  const ruleset = path.join(PROJECT_ROOT, 'tests', 'api', 'rules', 'linter.yaml');
  // Spectral exits non-zero when it finds errors; read its JSON either way.
  const out = await run(bin, ['lint', '-r', ruleset, '-f', 'json', '--quiet', file], { maxBuffer: 10 * 1024 * 1024 }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  const results = JSON.parse(out.stdout) as SpectralResult[];
  return results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
}

describe('openapi.json', () => {
  it('passes the NL GOV API Design Rules linter (Spectral) without errors', async () => {
    // The harness itself must be able to fail: a trailing slash and a missing contact are errors.
    const broken = { ...spec, info: { title: 'x', version: '1.0.0' }, paths: { ...spec.paths, '/documenten/': {} } };
    expect((await lintErrors(broken, 'broken.json')).length).toBeGreaterThan(0);
    expect(await lintErrors(spec, 'openapi.json')).toEqual([]);
  }, 120_000);

  it('describes every GET endpoint and each described one exists', async () => {
    const admin = await adminToken(t);
    const firstUser = t.stores.db.data.gebruikers[0]?.id ?? '';
    // One amendment, so that its paths have something to show.
    const proposer = await makeUser(t, 'werkgroeplid');
    const draft = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/concept').expect(200);
    const first = (draft.body.principes as { bestand: string; tekst: string }[])[0];
    const proposed = await request(t.app)
      .post('/api/v1/documenten/digitale-stad/amendementen')
      .set('Authorization', `Bearer ${proposer.token}`)
      .send({ titel: 'Voorbeeld', toelichting: 'Voor de OpenAPI-test.', principes: [{ bestand: first?.bestand, tekst: `${first?.tekst ?? ''}Een extra zin.\n` }] })
      .expect(201);
    const revisie = proposed.body.revisie as string;
    const sample: Record<string, string> = { '{document}': 'digitale-stad', '{versie}': '1.0', '{code}': 'GM0363', '{id}': firstUser, '{nummer}': String(proposed.body.nummer) };
    const endorsement = t.stores.endorsements.all()[0]?.id ?? '';
    for (const [p, ops] of Object.entries(spec.paths)) {
      if (!('get' in ops)) continue;
      let url = `/api/v1${p}`.replace('/onderschrijvingen/{id}', `/onderschrijvingen/${endorsement}`);
      for (const [k, v] of Object.entries(sample)) url = url.replace(k, v);
      if (p.endsWith('/amendementen/{nummer}/vergelijking')) url += `?van=${revisie}&naar=${revisie}`;
      else if (p.endsWith('/vergelijking')) url += '?van=1.0&naar=concept';
      await request(t.app).get(url).set('Authorization', `Bearer ${admin}`).expect(200);
    }
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/audit',
      '/documenten',
      '/documenten/{document}',
      '/documenten/{document}/amendementen',
      '/documenten/{document}/amendementen/{nummer}',
      '/documenten/{document}/amendementen/{nummer}/beoordelingen',
      '/documenten/{document}/amendementen/{nummer}/besluit',
      '/documenten/{document}/amendementen/{nummer}/intrekking',
      '/documenten/{document}/amendementen/{nummer}/mede-indieners',
      '/documenten/{document}/amendementen/{nummer}/mede-indieners/intrekking',
      '/documenten/{document}/amendementen/{nummer}/reacties',
      '/documenten/{document}/amendementen/{nummer}/revisies',
      '/documenten/{document}/amendementen/{nummer}/vergelijking',
      '/documenten/{document}/geschiedenis',
      '/documenten/{document}/onderschrijvingen',
      '/documenten/{document}/onderschrijvingen/audit',
      '/documenten/{document}/onderschrijvingen/{id}',
      '/documenten/{document}/onderschrijvingen/{id}/intrekking',
      '/documenten/{document}/vergelijking',
      '/documenten/{document}/versies',
      '/documenten/{document}/versies/{versie}',
      '/documenten/{document}/versies/{versie}/agendering',
      '/documenten/{document}/versies/{versie}/besluittekst',
      '/documenten/{document}/versies/{versie}/onderschrijvingen',
      '/documenten/{document}/versies/{versie}/vaststelling',
      '/documenten/{document}/versies/{versie}/vaststellingsstuk',
      '/gebruikers',
      '/gebruikers/{id}',
      '/openapi.json',
      '/organisaties',
      '/organisaties/{code}',
      '/tokens',
      '/tokens/{id}',
    ]);
  });
});
