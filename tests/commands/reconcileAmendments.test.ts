import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { reconcileAmendments } from '../../src/commands/setup/reconcileAmendments.js';
import { openStores } from '../../src/storage/stores.js';
import { amendmentFile, readAmendmentFile, saveAuditFiles } from '../helpers/amendmentFiles.js';
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
    // The crash comes after git and before the metadata, so before the audit entry too.
    const restoreAudit = saveAuditFiles(t.dataDir);
    await request(t.app)
      .post('/api/v1/documenten/digitale-stad/amendementen')
      .set('Authorization', `Bearer ${wg.token}`)
      .send({ titel: 'Altijd leidend', toelichting: 'Standaarden zijn altijd leidend.', principes: [{ bestand: p3, tekst: text.replace('Deze zijn leidend.', 'Deze zijn altijd leidend.') }] })
      .expect(201);
    const saved = readAmendmentFile(t.dataDir, 'digitale-stad', 1);
    // Simulate the crash: the branch exists, the metadata does not; and one record points at a commit that is gone.
    const ghost = { ...saved, nummer: 7, branch: 'amendementen/7', revisies: [{ ...saved.revisies[0], commit: 'f'.repeat(40) }] };
    fs.rmSync(amendmentFile(t.dataDir, 'digitale-stad', 1));
    fs.writeFileSync(amendmentFile(t.dataDir, 'digitale-stad', 7), JSON.stringify(ghost));
    restoreAudit();

    const stores = await openStores(t.dataDir);
    const report = await reconcileAmendments(stores);
    expect(report.repaired).toEqual(['digitale-stad#1']);
    expect(report.problems.some((p) => p.includes('ffffffffff'))).toBe(true);
    const rebuilt = stores.amendments.all().find((a) => a.nummer === 1);
    expect(rebuilt).toMatchObject({ titel: 'Altijd leidend', toelichting: 'Standaarden zijn altijd leidend.', status: 'ingediend', branch: 'amendementen/1' });
    expect(stores.audit.entries().some((e) => e.actie === 'amendement-hersteld')).toBe(true);
    // A second pass changes nothing.
    const again = await reconcileAmendments(stores);
    expect(again.repaired).toEqual([]);
  });
});

describe('an amendment rebuilt from its branch', () => {
  // A store of its own: the test above wrote to the shared one through a second set of stores (as a
  // restart would), so its audit log has moved on without the first app's knowledge.
  beforeAll(async () => {
    t.cleanup();
    t = await makeTestApp();
  });

  it('gets its proposer and organisation back from the commit trailers, so the proposer can still revise and withdraw it', async () => {
    const p1 = '01-infrastructuur-voor-iedereen.md';
    const rep = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Vera Vertegenwoordiger');
    const other = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    const repo = t.store.get('digitale-stad');
    const text = (await repo.readFile(repo.head().oid, p1)) ?? '';
    // A motivation with a Markdown rule: git ends its trailer search at a `---` line, so it must be escaped.
    const toelichting = 'Waarom.\n\n---\n\nZie: de bijlage';
    const restoreAudit = saveAuditFiles(t.dataDir);
    const proposed = await request(t.app)
      .post('/api/v1/documenten/digitale-stad/amendementen')
      .set('Authorization', `Bearer ${rep.token}`)
      .send({ titel: 'Duurzaam', toelichting, principes: [{ bestand: p1, tekst: text.replace('toekomstvast en veilig', 'toekomstvast, duurzaam en veilig') }] })
      .expect(201);
    const nummer = proposed.body.nummer as number;
    const revisie = proposed.body.revisie as string;

    // Stock git reads the trailers from the commit.
    const gitDir = path.join(t.dataDir, 'documents', 'digitale-stad.git');
    const message = execFileSync('git', ['--git-dir', gitDir, 'log', '-1', '--format=%B', revisie], { encoding: 'utf8' });
    const parsed = execFileSync('git', ['interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
    expect(parsed).toBe(`Amendement: ${nummer}\nIndiener: Vera Vertegenwoordiger\nIndiener-Account: ${rep.id}\nOrganisatie: GM0363\nOrganisatie-Naam: Amsterdam\n`);

    // The record is lost (a crash between git and the metadata, so before the audit entry); the service starts again.
    fs.rmSync(amendmentFile(t.dataDir, 'digitale-stad', nummer));
    restoreAudit();
    const stores = await openStores(t.dataDir);
    const report = await reconcileAmendments(stores);
    expect(report.repaired).toEqual([`digitale-stad#${nummer}`]);
    const rebuilt = stores.amendments.all().find((a) => a.nummer === nummer);
    expect(rebuilt).toMatchObject({
      titel: 'Duurzaam',
      toelichting,
      status: 'ingediend',
      indiener: { gebruiker: rep.id, naam: 'Vera Vertegenwoordiger', organisatie: { code: 'GM0363', naam: 'Amsterdam' } },
    });

    // The proposer acts on it as before: a new revision, then the withdrawal.
    const app = createApp({ stores, log: () => undefined });
    const auth = { Authorization: `Bearer ${rep.token}` };
    const shown = await request(app).get(`/api/v1/documenten/digitale-stad/amendementen/${nummer}`).expect(200);
    expect(shown.body.indiener).toEqual({ naam: 'Vera Vertegenwoordiger', organisatie: { code: 'GM0363', naam: 'Amsterdam' } });
    const revised = await request(app)
      .post(`/api/v1/documenten/digitale-stad/amendementen/${nummer}/revisies`)
      .set(auth)
      .send({ verwachteRevisie: revisie, principes: [{ bestand: p1, tekst: text.replace('toekomstvast en veilig', 'toekomstvast, duurzaam, zuinig en veilig') }] });
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    await request(app).post(`/api/v1/documenten/digitale-stad/amendementen/${nummer}/intrekking`).set(auth).send({ reden: 'Toch niet.' }).expect(200);
    // Someone else still cannot.
    const foreign = await request(app).post(`/api/v1/documenten/digitale-stad/amendementen/${nummer}/revisies`).set({ Authorization: `Bearer ${other.token}` }).send({ verwachteRevisie: revisie, principes: [{ bestand: p1, tekst: text }] });
    expect(foreign.status).toBe(403);
  });
});
