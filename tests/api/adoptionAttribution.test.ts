/**
 * Who made which change, in the adoption document's redline, when several steps of the draft changed
 * one sentence: amendment A (Amsterdam) adds "duurzaam", amendment B (Utrecht) replaces "interoperabel",
 * both merged in turn through the real API, and a commit made straight on the draft (not through an
 * amendment) changes the same sentence too. Every inserted and deleted word carries its own source, the
 * same in the DOCX (w:ins/w:del w:author), the HTML (<ins>/<del> title) and the Markdown (CriticMarkup
 * comments).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/presenters/adoption/zipArchive.js';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, signature, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const AM = `${DOC}/amendementen`;
const P3 = '03-open-en-bekende-technologie.md';
const ANNA = 'Anna Amsterdam (Amsterdam)';
const UMA = 'Uma Utrecht (Utrecht)';
const DIRK = 'Dirk Direct';

let t: TestApp;
let secretaris: TestUser;
let werkgroep: TestUser;
let anna: TestUser;
let uma: TestUser;
const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

async function draftText(bestand: string): Promise<string> {
  const res = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
  const p = (res.body.principes as { bestand: string; tekst: string }[]).find((x) => x.bestand === bestand);
  if (!p) throw new Error(`${bestand} missing`);
  return p.tekst;
}

async function proposeAndMerge(by: TestUser, titel: string, edit: (text: string) => string): Promise<number> {
  const before = await draftText(P3);
  const tekst = edit(before);
  expect(tekst).not.toBe(before);
  const proposed = await request(t.app).post(AM).set(bearer(by)).send({ titel, toelichting: `Toelichting bij ${titel}.`, principes: [{ bestand: P3, tekst }] });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const nummer = proposed.body.nummer as number;
  await request(t.app).post(`${AM}/${nummer}/beoordelingen`).set(bearer(werkgroep)).send({ oordeel: 'akkoord', toelichting: 'Akkoord.' }).expect(201);
  const decided = await request(t.app).post(`${AM}/${nummer}/besluit`).set(bearer(secretaris)).send({ besluit: 'overnemen', reden: 'Goed.', verwachteRevisie: proposed.body.revisie });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  return nummer;
}

function download(formaat: string): Promise<Buffer> {
  return request(t.app)
    .get(`${DOC}/versies/1.1/vaststellingsstuk?formaat=${formaat}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200)
    .then((res) => res.body as Buffer);
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

interface Change {
  soort: 'ingevoegd' | 'verwijderd';
  tekst: string;
  bron: string;
}

/** Every tracked change of the DOCX: w:ins / w:del with its author and text. */
function docxChanges(docx: Buffer): Change[] {
  const xml = readZip(docx).find((e) => e.name === 'word/document.xml')?.data.toString('utf8') ?? '';
  return [...xml.matchAll(/<w:(ins|del) [^>]*w:author="([^"]*)"[^>]*>([\s\S]*?)<\/w:\1>/g)].map((m) => ({
    soort: m[1] === 'ins' ? 'ingevoegd' : 'verwijderd',
    bron: unescapeXml(m[2] ?? ''),
    tekst: [...(m[3] ?? '').matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((x) => unescapeXml(x[1] ?? '')).join(''),
  }));
}

/** Every <ins>/<del> of the HTML with the source its title names. */
function htmlChanges(html: string): Change[] {
  return [...html.matchAll(/<(ins|del)\b[^>]*title="([^"]*)"[^>]*>([^<]*)<\/\1>/g)].map((m) => ({
    soort: m[1] === 'ins' ? 'ingevoegd' : 'verwijderd',
    bron: unescapeXml(m[2] ?? ''),
    tekst: unescapeXml(m[3] ?? ''),
  }));
}

/** The CriticMarkup changes of one Markdown line, each with the comment that follows it (or ends the line). */
function markdownChanges(line: string): Change[] {
  const out: Change[] = [];
  const pending: Omit<Change, 'bron'>[] = [];
  for (const m of line.matchAll(/\{(\+\+|--)([\s\S]*?)(?:\+\+|--)\}|\{>>([\s\S]*?)<<\}/g)) {
    if (m[3] !== undefined) {
      for (const p of pending.splice(0)) out.push({ ...p, bron: m[3] });
    } else {
      pending.push({ soort: m[1] === '++' ? 'ingevoegd' : 'verwijderd', tekst: m[2] ?? '' });
    }
  }
  return out;
}

/** The source of the one change whose text contains `word`. */
function sourceOf(changes: readonly Change[], soort: Change['soort'], word: string): string[] {
  return changes.filter((c) => c.soort === soort && c.tekst.includes(word)).map((c) => c.bron);
}

let amsterdam: number;
let utrecht: number;
let direct: string;

beforeAll(async () => {
  t = await makeTestApp();
  secretaris = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
  werkgroep = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
  anna = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Anna Amsterdam');
  uma = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Uma Utrecht');

  amsterdam = await proposeAndMerge(anna, 'Duurzaam', (s) => s.replace('is bekend, veilig (secure)', 'is bekend, duurzaam, veilig (secure)'));
  utrecht = await proposeAndMerge(uma, 'Uitwisselbaar', (s) => s.replace('en interoperabel,', 'en uitwisselbaar,'));
  // A change made on the draft directly, as a maintainer with push access would: no amendment.
  const repo = t.store.get('digitale-stad');
  const text = await draftText(P3);
  const sig = signature(DIRK, Math.floor(Date.now() / 1000));
  const commit = await repo.commit({
    branch: 'main',
    parent: repo.head().oid,
    changes: [{ path: P3, content: text.replace('voor de digitale infrastructuur en Internet', 'voor de digitale infrastructuur en het Internet').replace('Deze zijn leidend.', 'Deze zijn altijd leidend.') }],
    author: sig,
    committer: sig,
    message: 'Redactionele verbetering',
  });
  direct = commit.oid;
  await request(t.app).post(`${DOC}/versies`).set(bearer(secretaris)).send({ naam: '1.1', toelichting: 'Twee amendementen en een redactionele wijziging.' }).expect(201);
});
afterAll(() => t.cleanup());

describe('the redline credits each change to the step that made it', () => {
  it('DOCX: every w:ins and w:del in the shared sentence has its own author', async () => {
    const changes = docxChanges(await download('docx'));
    expect(sourceOf(changes, 'ingevoegd', 'duurzaam')).toEqual([ANNA]);
    expect(sourceOf(changes, 'verwijderd', 'interoperabel')).toEqual([UMA]);
    expect(sourceOf(changes, 'ingevoegd', 'uitwisselbaar')).toEqual([UMA]);
    expect(sourceOf(changes, 'ingevoegd', 'het')).toEqual([DIRK]);
    expect(sourceOf(changes, 'ingevoegd', 'altijd')).toEqual([DIRK]);
    // No change mixes two steps' words.
    for (const c of changes) {
      if (c.tekst.includes('duurzaam')) expect(c.tekst).not.toMatch(/uitwisselbaar|het/);
    }
    expect(changes.every((c) => c.bron !== 'Redactie (geen amendement)')).toBe(true);
  });

  it('HTML names the same source for every change, with a link to the amendment or the commit', async () => {
    const html = (await download('html')).toString('utf8');
    const changes = htmlChanges(html);
    expect(sourceOf(changes, 'ingevoegd', 'duurzaam')).toEqual([`Amendement ${amsterdam} (${ANNA})`]);
    expect(sourceOf(changes, 'verwijderd', 'interoperabel')).toEqual([`Amendement ${utrecht} (${UMA})`]);
    expect(sourceOf(changes, 'ingevoegd', 'uitwisselbaar')).toEqual([`Amendement ${utrecht} (${UMA})`]);
    expect(sourceOf(changes, 'ingevoegd', 'het')).toEqual([`${DIRK}, commit ${direct.slice(0, 10)} (geen amendement)`]);
    expect(html).toMatch(new RegExp(`<ins cite="https://principes\\.vng\\.nl/documenten/digitale-stad/amendementen/${amsterdam}"[^>]*>[^<]*duurzaam`));
    expect(html).toMatch(new RegExp(`<ins cite="https://principes\\.vng\\.nl/documenten/digitale-stad/versies/${direct}"[^>]*>[^<]*het`));
  });

  it('Markdown: a sentence changed by several steps has a comment after each change, naming the same sources', async () => {
    const md = (await download('md')).toString('utf8');
    const line = md.split('\n').find((l) => l.includes('uitwisselbaar') && l.includes('{'));
    expect(line).toBeDefined();
    const changes = markdownChanges(line ?? '');
    expect(sourceOf(changes, 'ingevoegd', 'duurzaam')).toEqual([`Amendement ${amsterdam} (${ANNA})`]);
    expect(sourceOf(changes, 'verwijderd', 'interoperabel')).toEqual([`Amendement ${utrecht} (${UMA})`]);
    expect(sourceOf(changes, 'ingevoegd', 'uitwisselbaar')).toEqual([`Amendement ${utrecht} (${UMA})`]);
    expect(sourceOf(changes, 'ingevoegd', 'het')).toEqual([`${DIRK}, commit ${direct.slice(0, 10)} (geen amendement)`]);
    // A sentence with one source keeps one comment at its end.
    expect(md).toContain(`Deze zijn {++altijd ++}leidend. {>>${DIRK}, commit ${direct.slice(0, 10)} (geen amendement)<<}`);
  });

  it('the three formats agree change by change', async () => {
    const docx = docxChanges(await download('docx'));
    const html = htmlChanges((await download('html')).toString('utf8'));
    const label = (bron: string) => (bron === DIRK ? `${DIRK}, commit ${direct.slice(0, 10)} (geen amendement)` : bron === ANNA ? `Amendement ${amsterdam} (${ANNA})` : `Amendement ${utrecht} (${UMA})`);
    expect(docx.map((c) => ({ ...c, bron: label(c.bron) }))).toEqual(html);
  });
});
