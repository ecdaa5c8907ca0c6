/**
 * The ALV adoption end to end over real HTTP on a real store: amendments merged, rejected and
 * withdrawn, an endorsement given, the version named and put on the agenda, its adoption document
 * exported in all three formats (and reproduced byte for byte), the decision recorded, and the version
 * immutable afterwards; then the next version's document has the adopted one as its baseline.
 * Bad input, conflicts and authorization on every new endpoint.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/auditChain.js';
import { amsterdamDate } from '../../src/domain/calendar.js';
import { readZip } from '../../src/presenters/adoption/zipArchive.js';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const AM = `${DOC}/amendementen`;
const P1 = '01-infrastructuur-voor-iedereen.md';
const P3 = '03-open-en-bekende-technologie.md';
const P4 = '04-open-en-gedeelde-data.md';
const OLD_SENTENCE = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en veilige stad.';
const NEW_SENTENCE = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en duurzame stad.';
const ADDED_SENTENCE = 'Gemeenten publiceren welke sensoren zij in de openbare ruimte plaatsen.';
const EXPLANATION = 'De werkgroep stelt voor deze versie vast te stellen.\n\nZij is door de leden besproken.';

let t: TestApp;
let secretaris: TestUser;
let werkgroep: TestUser;
let anna: TestUser;
let uma: TestUser;
let rob: TestUser;
const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

async function principleText(ref: string, bestand: string): Promise<string> {
  const res = await request(t.app).get(`${DOC}/versies/${ref}`).expect(200);
  const p = (res.body.principes as { bestand: string; tekst: string }[]).find((x) => x.bestand === bestand);
  if (!p) throw new Error(`${bestand} missing at ${ref}`);
  return p.tekst;
}

async function propose(by: TestUser, titel: string, bestand: string, edit: (text: string) => string): Promise<{ nummer: number; revisie: string }> {
  const tekst = edit(await principleText('concept', bestand));
  const res = await request(t.app).post(AM).set(bearer(by)).send({ titel, toelichting: `Toelichting bij ${titel}.`, principes: [{ bestand, tekst }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { nummer: res.body.nummer as number, revisie: res.body.revisie as string };
}

async function merge(a: { nummer: number; revisie: string }, reden: string): Promise<void> {
  await request(t.app).post(`${AM}/${a.nummer}/beoordelingen`).set(bearer(werkgroep)).send({ oordeel: 'akkoord', toelichting: 'Akkoord.' }).expect(201);
  const res = await request(t.app).post(`${AM}/${a.nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'overnemen', reden, verwachteRevisie: a.revisie });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

function download(versie: string, formaat: string): request.Test {
  return request(t.app)
    .get(`${DOC}/versies/${versie}/vaststellingsstuk?formaat=${formaat}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function documentXml(docx: Buffer): string {
  const entry = readZip(docx).find((e) => e.name === 'word/document.xml');
  if (!entry) throw new Error('no word/document.xml');
  return entry.data.toString('utf8');
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The visible text of the document (w:t and w:delText), paragraph by paragraph. */
function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => unescapeXml(m[1] ?? '')).join(''));
}

beforeAll(async () => {
  t = await makeTestApp();
  secretaris = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
  werkgroep = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
  anna = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Anna Amsterdam');
  uma = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Uma Utrecht');
  rob = await makeUser(t, 'vertegenwoordiger', 'GM0599', 'Rob Rotterdam');
});
afterAll(() => t.cleanup());

describe('ALV adoption, end to end', () => {
  let v11: { commit: string; tree: string; markdown: string };

  it('amendments merged, rejected and withdrawn; the version named and endorsed', async () => {
    const a1 = await propose(anna, 'Duurzaam', P1, (s) => s.replace(OLD_SENTENCE, NEW_SENTENCE));
    await request(t.app).post(`${AM}/${a1.nummer}/mede-indieners`).set(bearer(uma)).expect(201);
    await merge(a1, 'Breed gesteund.');
    const a2 = await propose(uma, 'Sensoren openbaar', P4, (s) => `${s.replace(/\n+$/, '')}\n${ADDED_SENTENCE}\n`);
    await merge(a2, 'Helder en uitvoerbaar.');
    const a3 = await propose(werkgroep, 'Open standaarden altijd', P3, (s) => s.replace('Deze zijn leidend.', 'Deze zijn altijd leidend.'));
    await request(t.app).post(`${AM}/${a3.nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'verwerpen', reden: 'Te absoluut.' }).expect(200);
    const a4 = await propose(rob, 'Ingetrokken voorstel', P3, (s) => `${s.replace(/\n+$/, '')}\nEen zin die niet blijft.\n`);
    await request(t.app).post(`${AM}/${a4.nummer}/intrekking`).set(bearer(rob)).send({ reden: 'Niet meer nodig.' }).expect(200);

    const named = await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam: '1.1', toelichting: 'Met twee amendementen.' }).expect(201);
    expect(named.body.status).toBe('gepubliceerd');
    const endorsed = await request(t.app)
      .post(`${DOC}/versies/1.1/onderschrijvingen`)
      .set(bearer(rob))
      .send({ ondertekenaar: { naam: 'Rob Rotterdam', functie: 'Burgemeester' }, besluit: { orgaan: 'college', datum: '2026-05-01', kenmerk: 'RDAM-2026-17', url: null } });
    expect(endorsed.status, JSON.stringify(endorsed.body)).toBe(201);
    const version = await request(t.app).get(`${DOC}/versies/1.1`).expect(200);
    v11 = { commit: version.body.commit, tree: version.body.tree, markdown: version.body.markdown };
    expect(version.body.alv).toEqual({ alvDatum: null, besluittekst: null, besluiten: [] });
  });

  it('puts the version on the agenda: status ter-vaststelling everywhere, with the ALV date', async () => {
    const res = await request(t.app).post(`${DOC}/versies/1.1/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-12' }).expect(200);
    expect(res.body).toMatchObject({ document: 'digitale-stad', versie: '1.1', status: 'ter-vaststelling', alvDatum: '2026-06-12', besluiten: [] });
    expect((await request(t.app).get(`${DOC}/versies/1.1`).expect(200)).body).toMatchObject({ status: 'ter-vaststelling', alv: { alvDatum: '2026-06-12' } });
    const list = await request(t.app).get(`${DOC}/versies`).expect(200);
    expect(list.body.items.map((v: { naam: string; status: string }) => [v.naam, v.status])).toEqual([
      ['1.1', 'ter-vaststelling'],
      ['1.0', 'gepubliceerd'],
    ]);
    expect((await request(t.app).get(DOC).expect(200)).body.versies[0].status).toBe('ter-vaststelling');
    const page = await request(t.app).get('/documenten/digitale-stad/versies/1.1').expect(200);
    expect(page.text).toContain('Ter vaststelling');
    expect(page.text).toContain('12 juni 2026');
    expect((await request(t.app).get('/documenten').expect(200)).text).toContain('Versies: 1.1 (ter vaststelling), 1.0');
    await request(t.app).put(`${DOC}/versies/1.1/besluittekst`).set(bearer(secretaris)).send({ tekst: EXPLANATION }).expect(200);
  });

  it('exports the adoption document as Markdown: decision, text, CriticMarkup redline, amendments, endorsers, verification', async () => {
    const res = await download('1.1', 'md').expect(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="vaststellingsstuk-digitale-stad-1.1.md"');
    const md = (res.body as Buffer).toString('utf8');
    expect(md).toContain('De Algemene Ledenvergadering van de VNG besluit de Principes voor de digitale stad, versie 1.1, vast te stellen.');
    expect(md).toContain('De werkgroep stelt voor deze versie vast te stellen.\n\nZij is door de leden besproken.');
    expect(md).toContain('| ALV | 12 juni 2026 |');
    expect(md).toContain('| Status | Ter vaststelling |');
    expect(md).toContain('### 1. Een digitale infrastructuur voor iedereen');
    expect(md).toContain(NEW_SENTENCE);
    expect(md).toContain('gezonde en {--veilige--}{++duurzame++} stad. {>>Amendement 1 (Anna Amsterdam (Amsterdam))<<}');
    expect(md).toContain(`{++${ADDED_SENTENCE}++} {>>Amendement 2 (Uma Utrecht (Utrecht))<<}`);
    expect(md).toMatch(/\| \[1\]\(https:\/\/principes\.vng\.nl\/documenten\/digitale-stad\/amendementen\/1\) \| Duurzaam \| Anna Amsterdam \(Amsterdam\) \| Utrecht \| Overgenomen \| Breed gesteund\. \|/);
    expect(md).toContain('| Open standaarden altijd | Wim Werkgroep | – | Verworpen | Te absoluut. |');
    expect(md).toContain('| Ingetrokken voorstel | Rob Rotterdam (Rotterdam) | – | Ingetrokken | Niet meer nodig. |');
    expect(md).toContain('Onderschrijvers van versie 1.1: 1 organisatie, 1 van de 342 gemeenten (0,3%)');
    expect(md).toContain('| Rotterdam | Gemeente | 1.1 | Rob Rotterdam, Burgemeester | College van B en W, 1 mei 2026, RDAM-2026-17 |');
    expect(md).toMatch(/Alleen een eerdere versie onderschreven: 8 organisaties, 7 van de 342 gemeenten \(2,0%\)/);
    expect(md).toContain('| Amsterdam | Gemeente | 1.0 |');
    const sha = createHash('sha256').update(v11.markdown, 'utf8').digest('hex');
    expect(md).toContain(`| Commit | \`${v11.commit}\` |`);
    expect(md).toContain(`| Tree | \`${v11.tree}\` |`);
    expect(md).toContain(`| SHA-256 van de geconsolideerde Markdown | \`${sha}\` |`);
    expect(md).toContain("git rev-parse 'v1.1^{commit}'");
    // The audit head printed is a real entry of the chain.
    const head = /Auditketen: kop \| `([0-9a-f]{64}) \(regel (\d+)/.exec(md);
    const entries = t.stores.audit.entries();
    expect(entries.find((e) => e.hash === head?.[1])?.volgnummer).toBe(Number(head?.[2]));
  });

  it('the commit and tree in the document are what stock git says for the tag', () => {
    const gitdir = `${t.dataDir}/documents/digitale-stad.git`;
    expect(execFileSync('git', ['--git-dir', gitdir, 'rev-parse', 'v1.1^{commit}'], { encoding: 'utf8' }).trim()).toBe(v11.commit);
    expect(execFileSync('git', ['--git-dir', gitdir, 'rev-parse', 'v1.1^{tree}'], { encoding: 'utf8' }).trim()).toBe(v11.tree);
  });

  it('HTML: a self-contained page with <ins>/<del> citing the amendment, and its own CSP', async () => {
    const res = await download('1.1', 'html').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = (res.body as Buffer).toString('utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(html).toContain('<ins cite="https://principes.vng.nl/documenten/digitale-stad/amendementen/1" datetime="');
    expect(html).toContain(`title="Amendement 2 (Uma Utrecht (Utrecht))">${ADDED_SENTENCE}</ins>`);
    expect(html).toMatch(/<del[^>]*>[^<]*<\/del>|<ins/);
    expect(html).not.toMatch(/<link |<script/);
  });

  it('DOCX: all principle texts, tracked changes by the proposers, the endorsers, fixed dates', async () => {
    const res = await download('1.1', 'docx').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const docx = res.body as Buffer;
    const xml = documentXml(docx);
    const text = paragraphsOf(xml).join('\n');
    for (const p of (await request(t.app).get(`${DOC}/versies/1.1`).expect(200)).body.principes as { titel: string; tekst: string }[]) {
      expect(text).toContain(p.titel);
      for (const line of p.tekst.split('\n').slice(1)) if (line.trim() !== '') expect(text).toContain(line);
    }
    expect(xml).toMatch(/<w:ins [^>]*w:author="Anna Amsterdam \(Amsterdam\)"[^>]*>/);
    expect(xml).toMatch(/<w:ins [^>]*w:author="Uma Utrecht \(Utrecht\)"[^>]*>[\s\S]*?Gemeenten publiceren welke sensoren/);
    expect(xml).toMatch(/<w:del [^>]*w:author="Anna Amsterdam \(Amsterdam\)"[^>]*><w:r>(?:<w:rPr>.*?<\/w:rPr>)?<w:delText[^>]*>veilige<\/w:delText>/);
    expect(xml).toContain('<w:delText');
    expect(text).toContain('Rotterdam');
    expect(text).toContain('Rob Rotterdam, Burgemeester');
    expect(text).toContain("'s-Hertogenbosch");
    const entries = readZip(docx);
    expect(entries[0]?.name).toBe('[Content_Types].xml');
    const core = entries.find((e) => e.name === 'docProps/core.xml')?.data.toString('utf8') ?? '';
    const created = /<dcterms:created[^>]*>([^<]+)</.exec(core)?.[1];
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(/<dcterms:modified[^>]*>([^<]+)</.exec(core)?.[1]).toBe(created);
    // A stock tool agrees: `unzip -t` checks every entry's CRC, `unzip -p` gives the same document.xml.
    const file = path.join(t.dataDir, 'stuk.docx');
    fs.writeFileSync(file, docx);
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
    expect(execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 20 * 1024 * 1024 })).toBe(xml);
  });

  it('the same record gives the same bytes, also after unrelated writes (a sign-in)', async () => {
    const first = await Promise.all(['md', 'html', 'docx'].map(async (f) => (await download('1.1', f).expect(200)).body as Buffer));
    await request(t.app).post('/api/v1/tokens').send({ email: werkgroep.email, wachtwoord: werkgroep.wachtwoord }).expect(201);
    const second = await Promise.all(['md', 'html', 'docx'].map(async (f) => (await download('1.1', f).expect(200)).body as Buffer));
    for (let i = 0; i < 3; i++) expect(second[i]?.equals(first[i] as Buffer), ['md', 'html', 'docx'][i]).toBe(true);
  });

  it('bad input: unknown version or format, the draft, bad decisions, wrong roles', async () => {
    await download('9.9', 'md').expect(404);
    await download('concept', 'md').expect(404);
    await request(t.app).get('/api/v1/documenten/onbekend/versies/1.0/vaststellingsstuk').expect(404);
    const bad = await download('1.1', 'pdf').expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const url = `${DOC}/versies/1.1/vaststelling`;
    const ok = { datum: '2026-06-12', uitkomst: 'aangenomen', percentages: { voor: 90, tegen: 6, onthouding: 4 }, kenmerk: 'ALV-2026-07' };
    const expect400 = async (body: unknown, field: string) => {
      const res = await request(t.app).post(url).set(bearer(secretaris)).send(body as object).expect(400);
      expect(res.body.errors.map((e: { name: string }) => e.name)).toContain(field);
    };
    await expect400({ ...ok, percentages: { voor: -1, tegen: 6, onthouding: 4 } }, 'percentages.voor');
    await expect400({ ...ok, percentages: { voor: 90, tegen: 8, onthouding: 4 } }, 'percentages');
    await expect400({ ...ok, percentages: undefined }, 'percentages');
    await expect400({ ...ok, uitkomst: 'misschien' }, 'uitkomst');
    await expect400({ ...ok, datum: '2026-02-30' }, 'datum');
    // A decision that has not been taken yet cannot be recorded (it would make the version final at once).
    const before = JSON.stringify(t.stores.db.data.versies);
    for (const datum of [amsterdamDate(new Date(Date.now() + 30 * 3600 * 1000)), '2030-01-01']) {
      const future = await request(t.app).post(url).set(bearer(secretaris)).send({ ...ok, datum }).expect(400);
      expect(future.body.errors).toEqual([{ name: 'datum', reason: `De datum van het besluit kan niet na vandaag (${amsterdamDate(new Date())}) liggen.` }]);
    }
    expect(JSON.stringify(t.stores.db.data.versies)).toBe(before);
    await expect400({ ...ok, kenmerk: ' ' }, 'kenmerk');
    await request(t.app).post(`${DOC}/versies/1.1/agendering`).set(bearer(secretaris)).send({ alvDatum: '12-06-2026' }).expect(400);
    await request(t.app).post(`${DOC}/versies/1.1/agendering`).set(bearer(secretaris)).send('alvDatum=2026-06-12').set('Content-Type', 'text/plain').expect(415);

    // Only the secretary; not signed in is 401.
    await request(t.app).post(url).send(ok).expect(401);
    for (const who of [werkgroep, anna]) await request(t.app).post(url).set(bearer(who)).send(ok).expect(403);
    await request(t.app).put(`${DOC}/versies/1.1/besluittekst`).set(bearer(werkgroep)).send({ tekst: 'x' }).expect(403);
    // A version that is not on the agenda cannot be decided on.
    const notScheduled = await request(t.app).post(`${DOC}/versies/1.0/vaststelling`).set(bearer(secretaris)).send(ok).expect(409);
    expect(notScheduled.body.detail).toContain('niet ter vaststelling');
    await request(t.app).post(`${DOC}/versies/concept/vaststelling`).set(bearer(secretaris)).send(ok).expect(404);
    await request(t.app).post(`${DOC}/versies/7.7/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-06-12' }).expect(404);
  });

  it('records the decision: vastgesteld, immutable, audited; a second decision is 409', async () => {
    const res = await request(t.app)
      .post(`${DOC}/versies/1.1/vaststelling`)
      .set(bearer(secretaris))
      .send({ datum: '2026-06-12', uitkomst: 'aangenomen', percentages: { voor: 91.5, tegen: 6.25, onthouding: 2.25 }, kenmerk: 'ALV-2026-07' })
      .expect(201);
    expect(res.headers.location).toBe('/api/v1/documenten/digitale-stad/versies/1.1');
    expect(res.body).toMatchObject({ status: 'vastgesteld', alvDatum: null, besluiten: [{ alvDatum: '2026-06-12', datum: '2026-06-12', uitkomst: 'aangenomen', kenmerk: 'ALV-2026-07' }] });
    expect((await request(t.app).get(`${DOC}/versies/1.1`).expect(200)).body.status).toBe('vastgesteld');
    expect((await request(t.app).get(`${DOC}/versies`).expect(200)).body.items[0].status).toBe('vastgesteld');

    const again = await request(t.app).post(`${DOC}/versies/1.1/vaststelling`).set(bearer(secretaris)).send({ datum: '2026-06-13', uitkomst: 'verworpen', percentages: { voor: 1, tegen: 99, onthouding: 0 }, kenmerk: 'X' }).expect(409);
    expect(again.body.detail).toContain('vastgesteld');
    await request(t.app).post(`${DOC}/versies/1.1/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-12-01' }).expect(409);
    await request(t.app).put(`${DOC}/versies/1.1/besluittekst`).set(bearer(secretaris)).send({ tekst: 'Anders.' }).expect(409);
    const rename = await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam: '1.1', toelichting: 'Opnieuw.' }).expect(409);
    expect(rename.body.detail).toContain('nooit verplaatst of verwijderd');
    // The tag still points at the same commit.
    const gitdir = `${t.dataDir}/documents/digitale-stad.git`;
    expect(execFileSync('git', ['--git-dir', gitdir, 'rev-parse', 'v1.1^{commit}'], { encoding: 'utf8' }).trim()).toBe(v11.commit);

    const entries = t.stores.audit.entries();
    expect(verifyChain(entries).ok).toBe(true);
    const mine = entries.filter((e) => e.object.id === 'digitale-stad@1.1').map((e) => e.actie);
    expect(mine).toEqual(['versie-benoemd', 'versie-geagendeerd', 'versie-besluittekst-gewijzigd', 'versie-vastgesteld']);
    expect(entries.at(-1)?.gegevens).toMatchObject({ uitkomst: 'aangenomen', percentages: { voor: 91.5, tegen: 6.25, onthouding: 2.25 }, kenmerk: 'ALV-2026-07', commit: v11.commit });
  });

  it('after adoption the document says so, and its date of generation is the decision', async () => {
    const md = ((await download('1.1', 'md').expect(200)).body as Buffer).toString('utf8');
    expect(md).toContain('| Status | Vastgesteld |');
    // Section 3 does not contradict the cover: it speaks of the versions before this one.
    expect(md).not.toContain('nog geen versie vastgesteld');
    expect(md).toContain('Wat er veranderd is ten opzichte van versie 1.0 (vóór versie 1.1 is geen versie vastgesteld)');
    const html = ((await download('1.1', 'html').expect(200)).body as Buffer).toString('utf8');
    expect(html).toContain('<td>Vastgesteld</td>');
    expect(html).not.toContain('nog geen versie vastgesteld');
    expect(paragraphsOf(documentXml((await download('1.1', 'docx').expect(200)).body as Buffer)).join('\n')).not.toContain('nog geen versie vastgesteld');
    expect(md).toContain('- 12 juni 2026 (ALV van 12 juni 2026): **Aangenomen**; voor 91,5%, tegen 6,25%, onthouding 2,25%; kenmerk ALV-2026-07.');
    const decided = t.stores.db.data.versies.find((v) => v.versie === '1.1')?.besluiten[0]?.tijdstip ?? '';
    const docx = (await download('1.1', 'docx').expect(200)).body as Buffer;
    const core = readZip(docx).find((e) => e.name === 'docProps/core.xml')?.data.toString('utf8') ?? '';
    expect(/<dcterms:created[^>]*>([^<]+)</.exec(core)?.[1]).toBe(`${decided.slice(0, 19)}Z`);
  });

  it('the adopted version is the baseline of the next version’s redline', async () => {
    const a5 = await propose(anna, 'Na de vaststelling', P4, (s) => `${s.replace(/\n+$/, '')}\nEen zin na de vaststelling.\n`);
    await merge(a5, 'Goed.');
    await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam: '1.2', toelichting: 'Na de ALV.' }).expect(201);
    const md = ((await download('1.2', 'md').expect(200)).body as Buffer).toString('utf8');
    expect(md).toContain('## 3. Wijzigingen ten opzichte van versie 1.1');
    expect(md).toContain('de laatst vastgestelde versie vóór versie 1.2, 1.1');
    expect(md).toContain('{++Een zin na de vaststelling.++}');
    expect(md).not.toContain('{++duurzame++}');
    expect(md).toContain('| Na de vaststelling |');
    expect(md).not.toContain('| Duurzaam |');
    // An older version cannot be adopted any more once a newer one was.
    await request(t.app).post(`${DOC}/versies/1.0/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-12-01' }).expect(409);
    // Rotterdam endorsed 1.1 only: for 1.2 it is among the earlier endorsers.
    expect(md).toMatch(/Alleen een eerdere versie onderschreven: 9 organisaties/);
    expect(md).toContain('| Rotterdam | Gemeente | 1.1 |');
  });

  it('rejected or deferred: the version goes back to gepubliceerd and may be scheduled again', async () => {
    await request(t.app).post(`${DOC}/versies/1.2/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-12-01' }).expect(200);
    const deferred = await request(t.app).post(`${DOC}/versies/1.2/vaststelling`).set(bearer(secretaris)).send({ datum: '2026-12-01', uitkomst: 'aangehouden', kenmerk: 'ALV-2026-19' }).expect(201);
    expect(deferred.body).toMatchObject({ status: 'gepubliceerd', besluiten: [{ uitkomst: 'aangehouden', percentages: null }] });
    await request(t.app).post(`${DOC}/versies/1.2/vaststelling`).set(bearer(secretaris)).send({ datum: '2026-12-01', uitkomst: 'aangenomen-bij-acclamatie', kenmerk: 'X' }).expect(409);
    await request(t.app).post(`${DOC}/versies/1.2/agendering`).set(bearer(secretaris)).send({ alvDatum: '2026-12-03' }).expect(200);
    const adopted = await request(t.app).post(`${DOC}/versies/1.2/vaststelling`).set(bearer(secretaris)).send({ datum: '2026-12-03', uitkomst: 'aangenomen-bij-acclamatie', percentages: null, kenmerk: 'ALV-2027-03' }).expect(201);
    expect(adopted.body.status).toBe('vastgesteld');
    expect(adopted.body.besluiten.map((b: { uitkomst: string }) => b.uitkomst)).toEqual(['aangehouden', 'aangenomen-bij-acclamatie']);
  });
});
