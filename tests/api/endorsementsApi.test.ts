/**
 * Endorsements through the real API on a real store: the seed from the VNG letter, endorsing and
 * withdrawing with every bad input of the issue, open data as JSON and CSV (RFC 4180, formula
 * injection), filters, the organisation API, and the verifiable audit export (also with the CLI).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileEndorsements } from '../../src/commands/endorsements/reconcileEndorsements.js';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { parseCsv } from '../../src/commands/organisations/seedOrganisations.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { verifyChain, verifyExport, type AuditEntry } from '../../src/domain/auditChain.js';
import { csvField } from '../../src/domain/csv.js';
import { amsterdamDate } from '../../src/domain/calendar.js';
import { openStores } from '../../src/storage/stores.js';
import { adminToken, makeUser, type TestUser } from '../helpers/auth.js';
import { nextVersionName, editDraft, ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, tempDir, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const LIST = `${DOC}/onderschrijvingen`;
const LETTER_CODES = ['GM0772', 'GM0363', 'GM0268', 'GM0855', 'GM0758', 'GM0796', 'GM0794', 'BE-ANTWERPEN'];

let t: TestApp;
let admin: string;
let utrecht: TestUser; // GM0344
let amsterdam: TestUser; // GM0363 (endorsed 1.0 according to the letter)
let zwolle: TestUser; // GM0193
const scratch = tempDir('principes-endorsements-');

beforeAll(async () => {
  t = await makeTestApp();
  admin = await adminToken(t);
  utrecht = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Vertegenwoordiger Utrecht');
  amsterdam = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Vertegenwoordiger Amsterdam');
  zwolle = await makeUser(t, 'vertegenwoordiger', 'GM0193', 'Vertegenwoordiger Zwolle');
});
afterAll(() => {
  t.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

interface Endorsement {
  id: string;
  document: string;
  organisatie: { code: string; naam: string; type: string };
  versie: string;
  commit: string;
  tree: string;
  status: string;
  ondertekenaar: { naam: string | null; functie: string | null };
  besluit: { orgaan: string | null; datum: string | null; kenmerk: string | null; url: string | null };
  bron: string;
  intrekking: { reden: string; tijdstip: string } | null;
}

let sequence = 0;
function body(over: { ondertekenaar?: Record<string, unknown>; besluit?: Record<string, unknown>; [k: string]: unknown } = {}) {
  sequence += 1;
  const { ondertekenaar, besluit, ...rest } = over;
  return {
    ondertekenaar: { naam: 'J. de Vries', functie: 'burgemeester', ...ondertekenaar },
    besluit: { orgaan: 'college', datum: '2025-03-14', kenmerk: `Z/25/${sequence}`, url: 'https://www.example.org/besluiten/1', ...besluit },
    ...rest,
  };
}

const endorse = (who: TestUser | null, versie: string, payload: unknown) => {
  const req = request(t.app).post(`${DOC}/versies/${versie}/onderschrijvingen`);
  return (who ? req.set('Authorization', `Bearer ${who.token}`) : req).send(payload as object);
};
const withdraw = (who: TestUser | null, id: string, payload: unknown) => {
  const req = request(t.app).post(`${LIST}/${id}/intrekking`);
  return (who ? req.set('Authorization', `Bearer ${who.token}`) : req).send(payload as object);
};

/** Names the current draft as a new version (there is always a newer number). */
async function newVersion(): Promise<string> {
  await editDraft(t.store);
  const naam = nextVersionName(t.store);
  await request(t.app).post(`${DOC}/versies`).set('Authorization', `Bearer ${admin}`).send({ naam, toelichting: 'Voor de test.' }).expect(201);
  return naam;
}

async function listAll(query = ''): Promise<Endorsement[]> {
  const items: Endorsement[] = [];
  let cursor: string | null = null;
  do {
    const sep = query === '' ? '?' : `?${query}&`;
    const url: string = `${LIST}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await request(t.app).get(url).expect(200);
    items.push(...(res.body.items as Endorsement[]));
    cursor = res.body.volgende as string | null;
  } while (cursor);
  return items;
}

function problem(res: request.Response, status: number, field?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (field !== undefined) expect((res.body.errors as { name: string }[]).map((e) => e.name)).toContain(field);
  return res.body as { detail: string; errors?: { name: string; reason: string }[] };
}

function auditCount(): number {
  return t.stores.audit.entries().length;
}

describe('the seed: version 1.0 carries the endorsements of the VNG letter', () => {
  it('has the eight endorsers, from the letter, with no invented dates, signatories or references', async () => {
    const v10 = await request(t.app).get(`${DOC}/versies/1.0`).expect(200);
    const seeded = await listAll('versie=1.0');
    expect(seeded.map((e) => e.organisatie.code)).toEqual(LETTER_CODES);
    for (const e of seeded) {
      expect(e).toMatchObject({
        document: 'digitale-stad',
        versie: '1.0',
        commit: v10.body.commit,
        tree: v10.body.tree,
        status: 'actief',
        bron: 'ledenbrief',
        ondertekenaar: { naam: null, functie: null },
        besluit: { orgaan: null, datum: null, kenmerk: null, url: null },
        intrekking: null,
      });
    }
    expect(seeded.find((e) => e.organisatie.code === 'BE-ANTWERPEN')?.organisatie).toEqual({ code: 'BE-ANTWERPEN', naam: 'Antwerpen', type: 'buitenlandse-gemeente' });
    expect(seeded.find((e) => e.organisatie.code === 'GM0796')?.organisatie.naam).toBe("'s-Hertogenbosch");
    expect(seeded.filter((e) => /Opsteller/.test((e as { opmerking?: string }).opmerking ?? '')).map((e) => e.organisatie.code)).toEqual(['GM0772', 'GM0363']);
    // Each is in the audit log, by the system.
    const entries = t.stores.audit.entries().filter((e) => e.object.soort === 'onderschrijving');
    expect(entries.filter((e) => e.actor.id === 'systeem').map((e) => (e.gegevens?.organisatie as { code: string }).code)).toEqual(LETTER_CODES);
  });

  it('is idempotent: starting again (same process or a fresh open of the store) adds nothing', async () => {
    const before = { endorsements: t.stores.endorsements.all().length, audit: auditCount(), file: fs.readFileSync(t.stores.endorsements.file) };
    const log: string[] = [];
    await initialiseStore(t.stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: (l) => log.push(l) });
    const reopened = await openStores(t.dataDir);
    await initialiseStore(reopened, { seedDir: path.join(PROJECT_ROOT, 'principles'), log: (l) => log.push(l) });
    expect(log.filter((l) => /endorsement/i.test(l))).toEqual([]);
    expect(t.stores.endorsements.all()).toHaveLength(before.endorsements);
    expect(reopened.endorsements.all()).toHaveLength(before.endorsements);
    expect(reopened.audit.entries()).toHaveLength(before.audit);
    expect(fs.readFileSync(t.stores.endorsements.file)).toEqual(before.file);
  });
});

describe('POST /documenten/{document}/versies/{versie}/onderschrijvingen', () => {
  it('endorses a named version for the caller\'s organisation: 201, Location, pinned to commit and tree, audited', async () => {
    const auditBefore = auditCount();
    const res = await endorse(utrecht, '1.0', body({ besluit: { orgaan: 'raad', datum: '2025-03-14', kenmerk: 'RIS-2025-0042', url: 'https://ris.utrecht.nl/besluit/42' } })).expect(201);
    const e = res.body as Endorsement;
    expect(res.headers.location).toBe(`/api/v1/documenten/digitale-stad/onderschrijvingen/${e.id}`);
    expect(e.id).toMatch(/^ond_/);
    const v10 = await request(t.app).get(`${DOC}/versies/1.0`).expect(200);
    expect(e).toMatchObject({
      document: 'digitale-stad',
      organisatie: { code: 'GM0344', naam: 'Utrecht', type: 'gemeente' },
      versie: '1.0',
      commit: v10.body.commit,
      tree: v10.body.tree,
      status: 'actief',
      ondertekenaar: { naam: 'J. de Vries', functie: 'burgemeester' },
      besluit: { orgaan: 'raad', datum: '2025-03-14', kenmerk: 'RIS-2025-0042', url: 'https://ris.utrecht.nl/besluit/42' },
      bron: 'dienst',
      intrekking: null,
    });
    expect(e).not.toHaveProperty('door');
    await request(t.app).get(res.headers.location ?? '').expect(200, e);
    // The audit entry holds what pins the endorsement.
    const entries = t.stores.audit.entries();
    expect(entries).toHaveLength(auditBefore + 1);
    expect(entries.at(-1)).toMatchObject({
      actie: 'onderschrijving-vastgelegd',
      actor: { id: utrecht.id, organisatie: 'GM0344' },
      object: { soort: 'onderschrijving', id: e.id },
      gegevens: { document: 'digitale-stad', versie: '1.0', commit: e.commit, tree: e.tree, organisatie: { code: 'GM0344' }, besluit: e.besluit },
    });
    // "v1.0" names the same version.
    expect((await endorse(zwolle, 'v1.0', body()).expect(201)).body.versie).toBe('1.0');
  });

  it('twice for the same version: 409; the organisation named in the body may be one\'s own', async () => {
    const v = await newVersion();
    await endorse(utrecht, v, body({ organisatie: 'GM0344' })).expect(201);
    const before = { audit: auditCount(), n: t.stores.endorsements.all().length };
    problem(await endorse(utrecht, v, body()), 409);
    // Also Amsterdam, which endorsed 1.0 according to the letter.
    problem(await endorse(amsterdam, '1.0', body()), 409);
    expect(auditCount()).toBe(before.audit);
    expect(t.stores.endorsements.all()).toHaveLength(before.n);
  });

  it('twelve requests at once for one organisation and version: exactly one 201, the others 409', async () => {
    const v = await newVersion();
    const results = await Promise.all(Array.from({ length: 12 }, () => endorse(zwolle, v, body())));
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array<number>(11).fill(409)]);
    expect(t.stores.endorsements.all().filter((e) => e.versie === v && e.organisatie.code === 'GM0193')).toHaveLength(1);
  });

  it('for another organisation: 403 (a body field naming another one too), nothing written', async () => {
    const v = await newVersion();
    const secretaris = await makeUser(t, 'secretaris');
    const werkgroeplid = await makeUser(t, 'werkgroeplid');
    const before = { audit: auditCount(), n: t.stores.endorsements.all().length };
    problem(await endorse(utrecht, v, body({ organisatie: 'GM0363' })), 403);
    problem(await endorse(utrecht, v, body({ organisatie: 'BE-ANTWERPEN' })), 403);
    // Even with an otherwise invalid body, the answer is 403, not a field list.
    problem(await endorse(utrecht, v, { organisatie: 'GM0363' }), 403);
    // Roles that act for no organisation.
    problem(await endorse(secretaris, v, body()), 403);
    problem(await endorse(werkgroeplid, v, body()), 403);
    problem(await endorse({ ...utrecht, token: admin }, v, body()), 403);
    problem(await endorse(null, v, body()), 401);
    expect(auditCount()).toBe(before.audit);
    expect(t.stores.endorsements.all()).toHaveLength(before.n);
  });

  it('the draft or a bare commit: 409; an unknown version or document: 404', async () => {
    const draft = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
    const before = t.stores.endorsements.all().length;
    expect(problem(await endorse(utrecht, 'concept', body()), 409).detail).toMatch(/concept/i);
    problem(await endorse(utrecht, draft.body.commit as string, body()), 409);
    problem(await endorse(utrecht, 'concept', {}), 409);
    problem(await endorse(utrecht, '9.9', body()), 404);
    problem(await endorse(utrecht, 'geen-versie', body()), 404);
    const unknownDoc = await request(t.app).post('/api/v1/documenten/bestaat-niet/versies/1.0/onderschrijvingen').set('Authorization', `Bearer ${utrecht.token}`).send(body());
    problem(unknownDoc, 404);
    expect(t.stores.endorsements.all()).toHaveLength(before);
  });

  it('a decision date in the future or malformed: 400 on besluit.datum; today (Europe/Amsterdam) is fine', async () => {
    const v = await newVersion();
    const tomorrow = amsterdamDate(new Date(Date.now() + 24 * 3600_000));
    const future = problem(await endorse(utrecht, v, body({ besluit: { datum: tomorrow } })), 400, 'besluit.datum');
    expect(future.errors?.[0]?.reason).toMatch(/vandaag/);
    for (const datum of ['2025-13-01', '2025-02-30', '14-03-2025', '2025-3-14', '20250314', '', 'gisteren', 20250314, null]) {
      problem(await endorse(utrecht, v, body({ besluit: { datum } })), 400, 'besluit.datum');
    }
    const today = amsterdamDate(new Date());
    expect((await endorse(utrecht, v, body({ besluit: { datum: today } })).expect(201)).body.besluit.datum).toBe(today);
  });

  it('a link that is not http(s): 400 on besluit.url; no link at all is fine', async () => {
    const v = await newVersion();
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'ftp://example.org/besluit', 'data:text/html,<b>x</b>', 'mailto:raad@example.org', 'http://', 'https://exa mple.org', '//example.org/x', 'www.example.org', 42]) {
      problem(await endorse(utrecht, v, body({ besluit: { url } })), 400, 'besluit.url');
    }
    const without = body();
    delete (without.besluit as { url?: string }).url;
    expect((await endorse(utrecht, v, without).expect(201)).body.besluit.url).toBeNull();
    const v2 = await newVersion();
    expect((await endorse(utrecht, v2, body({ besluit: { url: '' } })).expect(201)).body.besluit.url).toBeNull();
    const v3 = await newVersion();
    expect((await endorse(utrecht, v3, body({ besluit: { url: 'HTTP://Example.org/Besluit?id=1&x=2' } })).expect(201)).body.besluit.url).toBe('HTTP://Example.org/Besluit?id=1&x=2');
  });

  it('missing or invalid fields: 400 with a Dutch reason per field', async () => {
    const v = await newVersion();
    const res = problem(await endorse(utrecht, v, {}), 400);
    expect(res.errors?.map((e) => e.name).sort()).toEqual(['besluit', 'ondertekenaar']);
    const fields = problem(await endorse(utrecht, v, { ondertekenaar: { naam: ' ', functie: 'x\ny' }, besluit: { orgaan: 'koning', datum: '2025-01-01', kenmerk: '' } }), 400);
    expect(fields.errors?.map((e) => e.name).sort()).toEqual(['besluit.kenmerk', 'besluit.orgaan', 'ondertekenaar.functie', 'ondertekenaar.naam']);
    expect(fields.errors?.find((e) => e.name === 'besluit.orgaan')?.reason).toMatch(/college, raad, burgemeester, bestuur, anders/);
    problem(await endorse(utrecht, v, body({ ondertekenaar: { naam: 'x'.repeat(201) } })), 400, 'ondertekenaar.naam');
    // Not JSON: 415.
    const form = await request(t.app).post(`${DOC}/versies/${v}/onderschrijvingen`).set('Authorization', `Bearer ${utrecht.token}`).type('form').send('a=b');
    expect(form.status).toBe(415);
    expect(t.stores.endorsements.all().filter((e) => e.versie === v)).toEqual([]);
  });

  it('stores text with HTML or script as text, exactly as sent', async () => {
    const v = await newVersion();
    const naam = '<script>alert("x")</script> & <b>Jan</b>';
    const kenmerk = '<img src=x onerror=alert(1)>';
    const res = await endorse(utrecht, v, body({ ondertekenaar: { naam }, besluit: { kenmerk } })).expect(201);
    expect(res.body.ondertekenaar.naam).toBe(naam);
    expect(res.body.besluit.kenmerk).toBe(kenmerk);
    expect(t.stores.endorsements.get(res.body.id as string)?.ondertekenaar.naam).toBe(naam);
  });
});

describe('POST /documenten/{document}/onderschrijvingen/{id}/intrekking', () => {
  it('withdraws with a reason: it stays visible as withdrawn, audited; then the organisation may endorse again', async () => {
    const v = await newVersion();
    const e = (await endorse(zwolle, v, body()).expect(201)).body as Endorsement;
    problem(await withdraw(zwolle, e.id, {}), 400, 'reden');
    problem(await withdraw(zwolle, e.id, { reden: '   ' }), 400, 'reden');
    const auditBefore = auditCount();
    const res = await withdraw(zwolle, e.id, { reden: 'De raad heeft het besluit ingetrokken.' }).expect(200);
    expect(res.body).toMatchObject({ id: e.id, status: 'ingetrokken', intrekking: { reden: 'De raad heeft het besluit ingetrokken.' } });
    expect(Date.parse(res.body.intrekking.tijdstip as string)).toBeGreaterThan(0);
    expect(t.stores.audit.entries().at(-1)).toMatchObject({ actie: 'onderschrijving-ingetrokken', object: { soort: 'onderschrijving', id: e.id }, gegevens: { reden: 'De raad heeft het besluit ingetrokken.' } });
    expect(auditCount()).toBe(auditBefore + 1);
    expect((await request(t.app).get(`${LIST}/${e.id}`).expect(200)).body.status).toBe('ingetrokken');
    expect((await listAll(`versie=${v}`)).map((x) => [x.id, x.status])).toEqual([[e.id, 'ingetrokken']]);
    problem(await withdraw(zwolle, e.id, { reden: 'Nog eens.' }), 409);
    const again = (await endorse(zwolle, v, body()).expect(201)).body as Endorsement;
    expect((await listAll(`versie=${v}`)).map((x) => [x.id, x.status])).toEqual([
      [e.id, 'ingetrokken'],
      [again.id, 'actief'],
    ]);
  });

  it('only by the organisation itself: another organisation 403, anonymous 401, unknown 404; nothing written', async () => {
    const v = await newVersion();
    const e = (await endorse(zwolle, v, body()).expect(201)).body as Endorsement;
    const before = auditCount();
    problem(await withdraw(utrecht, e.id, { reden: 'Niet van mij.' }), 403);
    problem(await withdraw(null, e.id, { reden: 'Anoniem.' }), 401);
    problem(await withdraw({ ...zwolle, token: admin }, e.id, { reden: 'Beheer.' }), 403);
    problem(await withdraw(zwolle, 'ond_bestaatniet', { reden: 'x' }), 404);
    problem(await withdraw(zwolle, 'iets-anders', { reden: 'x' }), 404);
    expect(auditCount()).toBe(before);
    expect(t.stores.endorsements.get(e.id)?.status).toBe('actief');
    // A representative of Amsterdam may withdraw Amsterdam's endorsement from the letter.
    const fromLetter = t.stores.endorsements.activeFor('digitale-stad', '1.0', 'GM0363');
    expect(fromLetter?.bron).toBe('ledenbrief');
    problem(await withdraw(utrecht, fromLetter?.id ?? '', { reden: 'x' }), 403);
  });
});

describe('GET /documenten/{document}/onderschrijvingen: open data', () => {
  it('lists JSON pages {items, volgende} oldest first, and filters by versie, organisatie and status', async () => {
    const all = await listAll();
    expect(all.length).toBe(t.stores.endorsements.all().length);
    expect(all.map((e) => e.id)).toEqual(t.stores.endorsements.all().map((e) => e.id));
    const page = await request(t.app).get(`${LIST}?limit=3`).expect(200);
    expect(page.body.items).toHaveLength(3);
    expect(typeof page.body.volgende).toBe('string');
    const next = await request(t.app).get(`${LIST}?limit=3&cursor=${page.body.volgende as string}`).expect(200);
    expect((next.body.items as Endorsement[])[0]?.id).toBe(all[3]?.id);

    expect((await listAll('organisatie=GM0344')).every((e) => e.organisatie.code === 'GM0344')).toBe(true);
    expect((await listAll('organisatie=GM0344')).length).toBeGreaterThan(2);
    expect((await listAll('versie=1.0&status=actief')).map((e) => e.organisatie.code).sort()).toEqual([...LETTER_CODES, 'GM0344', 'GM0193'].sort());
    expect((await listAll('status=ingetrokken')).every((e) => e.status === 'ingetrokken')).toBe(true);
    expect(await listAll('organisatie=GM0034')).toEqual([]);
    problem(await request(t.app).get(`${LIST}?versie=abc`), 400, 'versie');
    problem(await request(t.app).get(`${LIST}?status=weg`), 400, 'status');
    problem(await request(t.app).get(`${LIST}?organisatie=gm0363`), 400, 'organisatie');
    problem(await request(t.app).get(`${LIST}?formaat=xml`), 400, 'formaat');
    problem(await request(t.app).get('/api/v1/documenten/bestaat-niet/onderschrijvingen'), 404);
    problem(await request(t.app).get(`${LIST}/`), 404);
    problem(await request(t.app).get(`${LIST}/ond_bestaatniet`), 404);
  });

  it('gives CSV with ?formaat=csv and with Accept: text/csv: RFC 4180, UTF-8, a header, one row per endorsement with commit and tree', async () => {
    const byQuery = await request(t.app).get(`${LIST}?formaat=csv`).expect(200);
    const byAccept = await request(t.app).get(LIST).set('Accept', 'text/csv').expect(200);
    for (const res of [byQuery, byAccept]) {
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="onderschrijvingen-digitale-stad.csv"/);
      expect(res.headers['api-version']).toBe('1.0.0');
    }
    expect(byAccept.headers.vary).toMatch(/Accept/);
    expect(byAccept.text).toBe(byQuery.text);
    // JSON stays the default, also for browsers' Accept headers, and ?formaat=json wins over Accept.
    expect((await request(t.app).get(LIST).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200)).headers['content-type']).toMatch(/^application\/json/);
    expect((await request(t.app).get(`${LIST}?formaat=json`).set('Accept', 'text/csv').expect(200)).headers['content-type']).toMatch(/^application\/json/);

    const text = byQuery.text;
    expect(text.startsWith('id,document,organisatieCode,organisatieNaam,organisatieType,versie,commit,tree,status,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const rows = parseCsv(text);
    const [header, ...records] = rows;
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const all = t.stores.endorsements.all();
    expect(records).toHaveLength(all.length);
    records.forEach((row, i) => {
      expect(row).toHaveLength(header?.length ?? 0);
      expect(row[col('id')]).toBe(all[i]?.id);
      expect(row[col('commit')]).toMatch(/^[0-9a-f]{40}$/);
      expect(row[col('commit')]).toBe(all[i]?.commit);
      expect(row[col('tree')]).toBe(all[i]?.tree);
    });
    expect(records.find((r) => r[col('organisatieCode')] === 'GM0796')?.[col('organisatieNaam')]).toBe("'s-Hertogenbosch");
    // Filters apply to CSV too.
    const filtered = parseCsv((await request(t.app).get(`${LIST}?formaat=csv&versie=1.0&organisatie=GM0363`).expect(200)).text);
    expect(filtered).toHaveLength(2);
    expect(filtered[1]?.[col('bron')]).toBe('ledenbrief');
    const none = await request(t.app).get(`${LIST}?formaat=csv&organisatie=GM0034`).expect(200);
    expect(parseCsv(none.text)).toHaveLength(1);
    // A weak ETag names the state and the filters: revalidation gives 304 until something changes.
    const etag = byQuery.headers.etag as string;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
    expect(none.headers.etag).not.toBe(etag);
    await request(t.app).get(`${LIST}?formaat=csv`).set('If-None-Match', etag).expect(304);
  });

  it('neutralises formula cells and quotes commas, quotes and line breaks (RFC 4180)', async () => {
    const v = await newVersion();
    const e = (
      await endorse(
        utrecht,
        v,
        body({
          ondertekenaar: { naam: '=HYPERLINK("http://evil.example","klik")', functie: '+31 20 123 4567' },
          besluit: { kenmerk: '@SUM(A1:A9)', orgaan: 'anders' },
        }),
      ).expect(201)
    ).body as Endorsement;
    // Asked for before the withdrawal (rows are kept per endorsement state), and after it: it shows the withdrawal.
    const before = await request(t.app).get(`${LIST}?formaat=csv&versie=${v}`).expect(200);
    expect(parseCsv(before.text)[1]?.[parseCsv(before.text)[0]?.indexOf('status') ?? -1]).toBe('actief');
    await withdraw(utrecht, e.id, { reden: '-1+2, "anders" gezegd\nen een tweede regel' }).expect(200);
    const e2 = (await endorse(utrecht, v, body({ ondertekenaar: { naam: 'Jansen, "Piet"', functie: 'wethouder' }, besluit: { kenmerk: 'A-1' } })).expect(201)).body as Endorsement;

    const text = (await request(t.app).get(`${LIST}?formaat=csv&versie=${v}`).expect(200)).text;
    // Raw form: formula cells start with a quote mark, fields with quotes/commas/line breaks are quoted.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(text).toContain(`,'+31 20 123 4567,`);
    expect(text).toContain(`,'@SUM(A1:A9),`);
    expect(text).toContain(`"'-1+2, ""anders"" gezegd\nen een tweede regel"`);
    expect(text).toContain(`"Jansen, ""Piet"""`);
    const [header, first, second, ...rest] = parseCsv(text);
    expect(rest).toEqual([]);
    const col = (name: string) => header?.indexOf(name) ?? -1;
    expect(first?.[col('id')]).toBe(e.id);
    expect(first?.[col('ondertekenaarNaam')]).toBe(`'=HYPERLINK("http://evil.example","klik")`);
    expect(first?.[col('intrekkingReden')]).toBe(`'-1+2, "anders" gezegd\nen een tweede regel`);
    expect(first?.[col('status')]).toBe('ingetrokken');
    expect(second?.[col('id')]).toBe(e2.id);
    expect(second?.[col('ondertekenaarNaam')]).toBe('Jansen, "Piet"');
    // No cell of the file starts with a formula character.
    for (const row of parseCsv(text)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // The JSON keeps the text as it was entered.
    expect((await request(t.app).get(`${LIST}/${e.id}`).expect(200)).body.ondertekenaar.naam).toBe('=HYPERLINK("http://evil.example","klik")');
  });

  it('neutralises a leading tab or carriage return too, and quotes what needs it (csvField)', () => {
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe(`"'\r'=1"`);
    expect(csvField('-')).toBe("'-");
    expect(csvField("'s-Hertogenbosch")).toBe("'s-Hertogenbosch");
    expect(csvField('2025-03-14')).toBe('2025-03-14');
    expect(csvField(null)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
  });
});

describe('GET /organisaties/{code} with its endorsements', () => {
  it('lists the organisation\'s endorsements, withdrawn ones included', async () => {
    const zw = await request(t.app).get('/api/v1/organisaties/GM0193').expect(200);
    expect(zw.body).toMatchObject({ code: 'GM0193', naam: 'Zwolle', type: 'gemeente' });
    const list = zw.body.onderschrijvingen as Endorsement[];
    expect(list.map((e) => e.id)).toEqual(t.stores.endorsements.forOrganisation('GM0193').map((e) => e.id));
    expect(list.some((e) => e.status === 'ingetrokken')).toBe(true);
    expect(list.every((e) => e.organisatie.code === 'GM0193' && /^[0-9a-f]{40}$/.test(e.commit))).toBe(true);
    const antwerpen = await request(t.app).get('/api/v1/organisaties/BE-ANTWERPEN').expect(200);
    expect(antwerpen.body.onderschrijvingen).toMatchObject([{ versie: '1.0', bron: 'ledenbrief', status: 'actief' }]);
    expect((await request(t.app).get('/api/v1/organisaties/GM0034').expect(200)).body.onderschrijvingen).toEqual([]);
    // The list of organisations stays light.
    const page = await request(t.app).get('/api/v1/organisaties?limit=5').expect(200);
    expect((page.body.items as object[]).every((o) => !('onderschrijvingen' in o))).toBe(true);
  });
});

describe('GET /documenten/{document}/onderschrijvingen/audit: the verifiable record', () => {
  function cli(args: string[]) {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const res = spawnSync(tsx, [path.join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), 'audit-verify', ...args], { encoding: 'utf8' });
    return { code: res.status, out: res.stdout + res.stderr };
  }

  it('exports the hash links of every entry and the full endorsement entries; they verify', async () => {
    const res = await request(t.app).get(`${LIST}/audit`).expect(200);
    const exp = res.body as { document: string; kop: string; keten: { volgnummer: number; vorigeHash: string; hash: string }[]; vermeldingen: AuditEntry[] };
    const log = t.stores.audit.entries();
    expect(verifyChain(log).ok).toBe(true);
    expect(exp.document).toBe('digitale-stad');
    expect(exp.kop).toBe(t.stores.audit.head());
    expect(exp.keten).toEqual(log.map((e) => ({ volgnummer: e.volgnummer, vorigeHash: e.vorigeHash, hash: e.hash })));
    expect(exp.vermeldingen).toEqual(log.filter((e) => e.object.soort === 'onderschrijving'));
    expect(exp.vermeldingen.every((e) => ['onderschrijving-vastgelegd', 'onderschrijving-ingetrokken'].includes(e.actie))).toBe(true);
    // Every endorsement and every withdrawal is in it.
    const ids = new Set(exp.vermeldingen.filter((e) => e.actie === 'onderschrijving-vastgelegd').map((e) => e.object.id));
    expect(t.stores.endorsements.all().every((e) => ids.has(e.id))).toBe(true);
    const withdrawn = new Set(exp.vermeldingen.filter((e) => e.actie === 'onderschrijving-ingetrokken').map((e) => e.object.id));
    expect(t.stores.endorsements.all().filter((e) => e.status === 'ingetrokken').every((e) => withdrawn.has(e.id))).toBe(true);
    // Nothing of the other entries but their hashes (no e-mail addresses, no token data).
    expect(JSON.stringify(exp)).not.toContain('@example.org');
    expect(JSON.stringify(exp)).not.toContain('gebruiker-aangemaakt');

    const verdict = verifyExport(exp);
    expect(verdict).toEqual({ ok: true, links: log.length, entries: exp.vermeldingen.length, head: exp.kop });
    expect(verifyExport(exp, exp.kop).ok).toBe(true);
    expect(verifyExport(exp, '0'.repeat(64)).ok).toBe(false);

    const file = path.join(scratch, 'export.json');
    fs.writeFileSync(file, res.text);
    const ok = cli(['--export', file]);
    expect(ok.out).toMatch(/^OK: \d+ links, chain intact; \d+ full entries verified/);
    expect(ok.code).toBe(0);
    expect(cli(['--export', file, '--kop', exp.kop]).code).toBe(0);
    // The existing modes keep working.
    expect(cli(['--data-dir', t.dataDir]).code).toBe(0);
    expect(cli(['--bestand', path.join(t.dataDir, 'audit.jsonl'), '--kop', t.stores.audit.head() ?? '']).code).toBe(0);
  });

  it('a tampered export fails, in every way it can be tampered with (and the CLI exits 1)', async () => {
    const res = await request(t.app).get(`${LIST}/audit`).expect(200);
    type Exp = { kop: string; keten: { volgnummer: number; vorigeHash: string; hash: string }[]; vermeldingen: AuditEntry[] };
    const original = res.body as Exp;
    const copy = (): Exp => structuredClone(original);
    const firstEndorsed = original.vermeldingen.findIndex((e) => e.actor.id !== 'systeem');
    expect(firstEndorsed).toBeGreaterThanOrEqual(0);

    const tampered: Record<string, Exp> = {};
    let x = copy();
    (x.vermeldingen[firstEndorsed]?.gegevens?.besluit as { kenmerk: string }).kenmerk = 'ANDERS';
    tampered['changed decision reference'] = x;
    x = copy();
    (x.vermeldingen[0]?.gegevens?.organisatie as { code: string }).code = 'GM0034';
    tampered['changed organisation'] = x;
    x = copy();
    x.vermeldingen.splice(1, 1);
    x.keten.splice((original.vermeldingen[1]?.volgnummer ?? 1) - 1, 1);
    tampered['removed an endorsement entry and its link'] = x;
    x = copy();
    x.keten.splice(3, 1);
    tampered['removed a link'] = x;
    x = copy();
    x.keten[2] = { ...(x.keten[2] as Exp['keten'][number]), hash: 'f'.repeat(64) };
    tampered['changed a hash in the chain'] = x;
    x = copy();
    x.kop = 'e'.repeat(64);
    tampered['another head'] = x;
    x = copy();
    const [a, b] = [x.vermeldingen[0], x.vermeldingen[1]];
    if (a && b) [x.vermeldingen[0], x.vermeldingen[1]] = [b, a];
    tampered['reordered entries'] = x;
    x = copy();
    if (x.vermeldingen[0]) x.vermeldingen[0] = { ...x.vermeldingen[0], volgnummer: x.vermeldingen[0].volgnummer + 1 };
    tampered['moved an entry'] = x;
    x = copy();
    const forged = { ...(x.vermeldingen[0] as AuditEntry), tijdstip: '2020-01-01T00:00:00.000Z' };
    x.vermeldingen[0] = forged;
    tampered['changed time'] = x;

    for (const [what, exp] of Object.entries(tampered)) {
      expect(verifyExport(exp).ok, what).toBe(false);
    }
    expect(verifyExport({}).ok).toBe(false);
    expect(verifyExport(null).ok).toBe(false);

    const file = path.join(scratch, 'tampered.json');
    fs.writeFileSync(file, JSON.stringify(tampered['changed decision reference']));
    const out = cli(['--export', file]);
    expect(out.code).toBe(1);
    expect(out.out).toContain('FAIL');
    fs.writeFileSync(file, '{niet json');
    expect(cli(['--export', file]).code).toBe(1);
    expect(cli(['--export', path.join(scratch, 'bestaat-niet.json')]).code).toBe(2);
  });

  it('after a crash between the endorsement and its audit entry, the next start adds the entry (marked hersteld)', async () => {
    const v = await newVersion();
    const version = t.store.get('digitale-stad').versions().find((x) => x.naam === v);
    // The log write of an endorsement, without its audit entry (as if the process died in between).
    const orphan = await t.stores.endorsements.endorse(() => ({
      id: 'ond_weesje',
      document: 'digitale-stad',
      organisatie: { code: 'GM0014', naam: 'Groningen', type: 'gemeente' },
      versie: v,
      commit: version?.commit ?? '',
      tree: version?.tree ?? '',
      status: 'actief',
      ondertekenaar: { naam: 'A', functie: 'B' },
      besluit: { orgaan: 'raad', datum: '2025-01-01', kenmerk: 'K', url: null },
      bron: 'dienst',
      door: { gebruiker: 'gbr_x', naam: 'X', organisatie: { code: 'GM0014', naam: 'Groningen' } },
      vastgelegd: new Date().toISOString(),
      intrekking: null,
    }));
    const first = await reconcileEndorsements(t.stores);
    expect(first.repaired).toEqual([`${orphan.id} (onderschrijving-vastgelegd)`]);
    expect(t.stores.audit.entries().at(-1)).toMatchObject({ actie: 'onderschrijving-vastgelegd', object: { id: orphan.id }, gegevens: { hersteld: true }, actor: { id: 'gbr_x' } });
    expect((await reconcileEndorsements(t.stores)).repaired).toEqual([]);
    expect(verifyChain(t.stores.audit.entries()).ok).toBe(true);
    expect(verifyExport((await request(t.app).get(`${LIST}/audit`).expect(200)).body).ok).toBe(true);
  });
});

describe('openapi.json', () => {
  it('describes the endorsement endpoints', async () => {
    const spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/documenten/{document}/onderschrijvingen'] ?? {})).toEqual(['get']);
    expect(Object.keys(spec.paths['/documenten/{document}/onderschrijvingen/audit'] ?? {})).toEqual(['get']);
    expect(Object.keys(spec.paths['/documenten/{document}/onderschrijvingen/{id}'] ?? {})).toEqual(['get']);
    expect(Object.keys(spec.paths['/documenten/{document}/onderschrijvingen/{id}/intrekking'] ?? {})).toEqual(['post']);
    expect(Object.keys(spec.paths['/documenten/{document}/versies/{versie}/onderschrijvingen'] ?? {})).toEqual(['post']);
  });
});
