/**
 * Load: all 342 municipalities endorse at the same moment through the real API on a listening server
 * (every request 201, every endorsement stored once, the log file valid when opened again, the audit
 * chain and the public export verify); and a store with 20,000 endorsements (and their audit entries)
 * that starts and keeps taking endorsements over HTTP. Users and tokens are created directly in the db
 * (scrypt per user would take minutes); the endorsements go through real HTTP.
 * How long an endorsement takes with 20,000 stored is measured in the benchmark (`npm run bench`,
 * section 7; figures in docs/benchmarks.md), not here: this machine is shared, so the tests assert no
 * wall-clock times.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { chainEntry, verifyChain, verifyExport, type AuditEntry } from '../../src/domain/auditChain.js';
import type { EndorsementRecord } from '../../src/domain/endorsementModel.js';
import { EndorsementLog } from '../../src/storage/endorsementLog.js';
import { openStores } from '../../src/storage/stores.js';
import { adminToken } from '../helpers/auth.js';
import { listen } from '../helpers/browser.js';
import { endorsementBody, quickRepresentatives } from '../helpers/representatives.js';
import { editDraft, ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

describe('342 representatives endorsing at the same moment', () => {
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    t = await makeTestApp();
    ({ server, baseUrl } = await listen(t.app));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    t.cleanup();
  });

  it('stores all 342, each answered 201, and the log is valid when opened again', async () => {
    const municipalities = t.stores.db.data.organisaties.filter((o) => o.type === 'gemeente').map((o) => o.code);
    expect(municipalities).toHaveLength(342);
    const reps = await quickRepresentatives(t.stores, municipalities);
    // A fresh version: seven municipalities endorsed 1.0 already (the VNG letter).
    const admin = await adminToken(t);
    await editDraft(t.store);
    await request(t.app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam: '1.1', toelichting: 'Voor de belastingtest.' }).expect(201);
    const before = t.stores.endorsements.all().length;

    const started = performance.now();
    const responses = await Promise.all(
      reps.map(async (r, i) => {
        const res = await fetch(`${baseUrl}/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(endorsementBody(i)),
        });
        return { code: r.code, status: res.status, location: res.headers.get('location'), body: (await res.json()) as { id: string; organisatie: { code: string } } };
      }),
    );
    const ms = performance.now() - started;
    console.log(`342 endorsements at once: ${ms.toFixed(0)} ms in total`);

    expect(responses.filter((r) => r.status !== 201)).toEqual([]);
    for (const r of responses) {
      expect(r.body.organisatie.code).toBe(r.code);
      expect(r.location).toBe(`/api/v1/documenten/digitale-stad/onderschrijvingen/${r.body.id}`);
    }
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(342);

    // In memory, and in the file as a fresh open reads it.
    const stored = t.stores.endorsements.all().filter((e) => e.versie === '1.1');
    expect(stored).toHaveLength(342);
    expect(t.stores.endorsements.all()).toHaveLength(before + 342);
    const { log: reopened, report } = EndorsementLog.openWithReport(t.stores.endorsements.file);
    expect(report.cutBytes).toBe(0);
    const fromFile = reopened.all().filter((e) => e.versie === '1.1');
    expect(fromFile).toHaveLength(342);
    expect(new Set(fromFile.map((e) => e.id))).toEqual(ids);
    expect(new Set(fromFile.map((e) => e.organisatie.code)).size).toBe(342);
    const lines = fs.readFileSync(t.stores.endorsements.file, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).every((l) => (JSON.parse(l) as { v: number }).v === 1)).toBe(true);

    // Every one is in the audit chain, which verifies, as does the public export.
    const entries = t.stores.audit.entries();
    expect(verifyChain(entries).ok).toBe(true);
    const audited = new Set(entries.filter((e) => e.actie === 'onderschrijving-vastgelegd').map((e) => e.object.id));
    for (const id of ids) expect(audited.has(id)).toBe(true);
    const exp = await fetch(`${baseUrl}/api/v1/documenten/digitale-stad/onderschrijvingen/audit`);
    expect(verifyExport(await exp.json()).ok).toBe(true);

    // A second round at once: each organisation has endorsed 1.1 already, so every one is 409.
    const again = await Promise.all(
      reps.slice(0, 50).map((r, i) =>
        fetch(`${baseUrl}/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(endorsementBody(i)),
        }).then((res) => res.status),
      ),
    );
    expect(new Set(again)).toEqual(new Set([409]));
    expect(t.stores.endorsements.all().filter((e) => e.versie === '1.1')).toHaveLength(342);
  }, 120_000);
});

describe('a store with 20,000 endorsements', () => {
  const dataDir = tempDir('principes-endorsements-20k-');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts, and endorsements over HTTP (log + audit) are answered 201 and stored', async () => {
    // 20,000 stored endorsements with their audit entries, as the service writes them.
    const lines: string[] = [];
    const audit: string[] = [];
    let previous: AuditEntry | undefined;
    const when = new Date('2025-01-01T00:00:00Z');
    for (let i = 0; i < 20_000; i++) {
      const record: EndorsementRecord = {
        id: `ond_bulk${i}`,
        document: 'digitale-stad',
        organisatie: { code: `ORG-${i}`, naam: `Organisatie ${i}`, type: 'overig' },
        versie: '1.0',
        commit: 'a'.repeat(40),
        tree: 'b'.repeat(40),
        status: 'actief',
        ondertekenaar: { naam: 'N', functie: 'F' },
        besluit: { orgaan: 'bestuur', datum: '2024-12-01', kenmerk: `B-${i}`, url: null },
        bron: 'dienst',
        door: null,
        vastgelegd: when.toISOString(),
        intrekking: null,
      };
      lines.push(JSON.stringify({ v: 1, event: 'endorsed', record }));
      previous = chainEntry({ actie: 'onderschrijving-vastgelegd', actor: { id: 'systeem', naam: 'Systeem' }, object: { soort: 'onderschrijving', id: record.id }, gegevens: { document: 'digitale-stad' } }, previous, when);
      audit.push(JSON.stringify(previous));
    }
    fs.writeFileSync(path.join(dataDir, 'onderschrijvingen.jsonl'), `${lines.join('\n')}\n`);
    fs.writeFileSync(path.join(dataDir, 'audit.jsonl'), `${audit.join('\n')}\n`);

    const stores = await openStores(dataDir);
    await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
    expect(stores.endorsements.all().length).toBe(20_008);
    const app = createApp({ stores, log: (_m, e) => console.error(e) });
    const { server, baseUrl } = await listen(app);
    try {
      const codes = stores.db.data.organisaties.filter((o) => o.type === 'gemeente').slice(0, 40).map((o) => o.code);
      const reps = await quickRepresentatives(stores, codes);
      const admin = (await request(app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(201)).body.token as string;
      await editDraft(stores.documents);
      await request(app).post('/api/v1/documenten/digitale-stad/versies').set('Authorization', `Bearer ${admin}`).send({ naam: '1.1', toelichting: 'Meting.' }).expect(201);
      for (const [i, r] of reps.entries()) {
        const res = await fetch(`${baseUrl}/api/v1/documenten/digitale-stad/versies/1.1/onderschrijvingen`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${r.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(endorsementBody(i)),
        });
        await res.arrayBuffer();
        expect(res.status).toBe(201);
      }
      expect(stores.endorsements.all().length).toBe(20_048);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 120_000);
});
