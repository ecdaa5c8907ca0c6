import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAmendments } from '../../src/commands/setup/reconcileAmendments.js';
import { openStores } from '../../src/storage/stores.js';
import { makeUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

describe('reconciling amendments at start', () => {
  it('rebuilds the record of a branch whose metadata was lost (crash between git and db), and reports missing commits', async () => {
    const wg = await makeUser(t, 'werkgroeplid');
    const p3 = '03-open-en-bekende-technologie.md';
    const text = (await t.store.get('digitale-stad').readFile(t.store.get('digitale-stad').head().oid, p3)) ?? '';
    await request(t.app)
      .post('/api/v1/documenten/digitale-stad/amendementen')
      .set('Authorization', `Bearer ${wg.token}`)
      .send({ titel: 'Altijd leidend', toelichting: 'Standaarden zijn altijd leidend.', principes: [{ bestand: p3, tekst: text.replace('Deze zijn leidend.', 'Deze zijn altijd leidend.') }] })
      .expect(201);
    const file = path.join(t.dataDir, 'amendementen.json');
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { amendementen: { revisies: { commit: string }[] }[] };
    // Simulate the crash: the branch exists, the metadata does not; and one record points at a commit that is gone.
    const ghost = { ...saved.amendementen[0], nummer: 7, branch: 'amendementen/7', revisies: [{ ...saved.amendementen[0]?.revisies[0], commit: 'f'.repeat(40) }] };
    fs.writeFileSync(file, JSON.stringify({ amendementen: [ghost] }));

    const stores = await openStores(t.dataDir);
    const report = await reconcileAmendments(stores);
    expect(report.repaired).toEqual(['digitale-stad#1']);
    expect(report.problems.some((p) => p.includes('ffffffffff'))).toBe(true);
    const rebuilt = stores.amendments.data.amendementen.find((a) => a.nummer === 1);
    expect(rebuilt).toMatchObject({ titel: 'Altijd leidend', toelichting: 'Standaarden zijn altijd leidend.', status: 'ingediend', branch: 'amendementen/1' });
    expect(stores.audit.entries().some((e) => e.actie === 'amendement-hersteld')).toBe(true);
    // A second pass changes nothing.
    const again = await reconcileAmendments(stores);
    expect(again.repaired).toEqual([]);
  });
});
