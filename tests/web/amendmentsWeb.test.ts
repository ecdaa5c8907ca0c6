/**
 * The amendment pages through real HTTP (supertest on createApp, a real git store): every form's happy
 * path, CSRF, Dutch errors with the typed values kept, conflicts (409) on the page, escaping of user
 * Markdown, and who sees which form (and who is refused when posting anyway).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfFrom, makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';
import type { Role } from '../../src/domain/roles.js';

const DOC = '/documenten/digitale-stad';
const LIST = `${DOC}/amendementen`;
const P1 = '01-infrastructuur-voor-iedereen.md';
const P2 = '02-samen-producent-en-consument.md';
const P3 = '03-open-en-bekende-technologie.md';
const P4 = '04-open-en-gedeelde-data.md';

let t: TestApp;

interface Person {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  user: TestUser;
}

let utrecht: Person; // vertegenwoordiger, Utrecht: proposes
let utrecht2: Person; // a second representative of Utrecht (may act on Utrecht's amendments)
let amsterdam: Person; // vertegenwoordiger, Amsterdam: co-signs
let werkgroep: Person; // werkgroeplid: reviews
let werkgroep2: Person; // another werkgroeplid: proposes and reviews
let secretaris: Person;
let beheerder: Person;

async function person(rol: Role, organisatie: string | null, naam: string): Promise<Person> {
  const user = await makeUser(t, rol, organisatie, naam);
  const { agent, csrf } = await signedInAgent(t, user.email, user.wachtwoord);
  return { agent, csrf, user };
}

beforeAll(async () => {
  t = await makeTestApp();
  utrecht = await person('vertegenwoordiger', 'GM0344', 'Ute van Utrecht');
  utrecht2 = await person('vertegenwoordiger', 'GM0344', 'Udo van Utrecht');
  amsterdam = await person('vertegenwoordiger', 'GM0363', 'Anne van Amsterdam');
  werkgroep = await person('werkgroeplid', null, 'Wim Werkgroep');
  werkgroep2 = await person('werkgroeplid', null, 'Wendy Werkgroep');
  secretaris = await person('secretaris', null, 'Sanne Secretaris');
  const admin = await signedInAgent(t, 'beheerder@example.org', 'beheer-wachtwoord-voor-tests');
  beheerder = { ...admin, user: { id: '', email: 'beheerder@example.org', wachtwoord: '', token: '' } };
});
afterAll(() => t.cleanup());

// ---------------------------------------------------------------------------------------------------
// Helpers

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function repo() {
  return t.store.get('digitale-stad');
}

async function draft(bestand: string): Promise<string> {
  const text = await repo().readFile(repo().head().oid, bestand);
  if (text === null) throw new Error(`${bestand} not in the draft`);
  return text;
}

async function draftReplace(bestand: string, from: string, to: string): Promise<string> {
  const text = await draft(bestand);
  if (!text.includes(from)) throw new Error(`"${from}" not in ${bestand}`);
  return text.replace(from, to);
}

/** The principle rows of a form page: file name -> row index, and every row's fields as posted by a browser. */
function formRows(html: string): { index: Map<string, number>; fields: Record<string, string> } {
  const index = new Map<string, number>();
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/name="bestand_(\d+)" value="([^"]*)"/g)) {
    index.set(unescapeHtml(m[2] ?? ''), Number(m[1]));
    fields[`bestand_${m[1]}`] = unescapeHtml(m[2] ?? '');
  }
  for (const m of html.matchAll(/<textarea[^>]*name="(tekst_\d+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    // Browsers send textareas with CRLF line ends.
    fields[m[1] ?? ''] = unescapeHtml(m[2] ?? '').replace(/\n/g, '\r\n');
  }
  for (const m of html.matchAll(/<input[^>]*name="(verwijder_\d+)"[^>]*checked/g)) fields[m[1] ?? ''] = 'ja';
  return { index, fields };
}

function hidden(html: string, name: string): string {
  const m = new RegExp(`type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no hidden field ${name}`);
  return unescapeHtml(m[1] ?? '');
}

/** Fills a principle form page: `changes` maps file -> new full text, or null to tick "Dit principe verwijderen". */
function fill(html: string, changes: Record<string, string | null>): Record<string, string> {
  const { index, fields } = formRows(html);
  for (const [bestand, tekst] of Object.entries(changes)) {
    const i = index.get(bestand);
    if (i === undefined) throw new Error(`${bestand} not on the form`);
    if (tekst === null) fields[`verwijder_${i}`] = 'ja';
    else fields[`tekst_${i}`] = tekst;
  }
  return fields;
}

interface ProposeExtra {
  namens?: string;
  titel?: string;
  toelichting?: string;
  nieuwBestand?: string;
  nieuwTekst?: string;
}

async function proposeRaw(p: Person, changes: Record<string, string | null>, extra: ProposeExtra = {}) {
  const form = await p.agent.get(`${LIST}/nieuw`).expect(200);
  return p.agent
    .post(LIST)
    .type('form')
    .send({ _csrf: p.csrf, basis: hidden(form.text, 'basis'), titel: 'Een wijziging', toelichting: 'Omdat het beter is.', ...fill(form.text, changes), ...extra });
}

async function propose(p: Person, changes: Record<string, string | null>, extra: ProposeExtra = {}): Promise<number> {
  const res = await proposeRaw(p, changes, extra);
  expect(res.status, res.text.slice(0, 2000)).toBe(303);
  const m = /\/amendementen\/(\d+)\?melding=ingediend$/.exec(res.headers.location ?? '');
  if (!m) throw new Error(`unexpected location ${res.headers.location}`);
  return Number(m[1]);
}

function record(nummer: number) {
  const r = t.stores.amendments.all().find((a) => a.document === 'digitale-stad' && a.nummer === nummer);
  if (!r) throw new Error(`no amendment ${nummer}`);
  return r;
}

function currentRevision(nummer: number): string {
  return record(nummer).revisies.at(-1)?.commit ?? '';
}

async function page(p: Person | null, nummer: number, query = ''): Promise<string> {
  const res = await (p ? p.agent : request(t.app)).get(`${LIST}/${nummer}${query}`).expect(200);
  return res.text;
}

/** The visible text of an HTML page's main element, whitespace collapsed. */
function mainText(html: string): string {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  const main = html.slice(Math.max(0, start), end < 0 ? undefined : end);
  return unescapeHtml(main.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

function postForms(html: string): string[] {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<form[^>]*method="post"[^>]*action="([^"]*)"/g)].map((m) => m[1] ?? '');
}

// ---------------------------------------------------------------------------------------------------

describe('proposing an amendment', () => {
  it('the link and the form are there for proposers only; others are sent to sign in or refused', async () => {
    const home = await utrecht.agent.get('/').expect(200);
    expect(home.text).toContain(`href="${LIST}/nieuw">Wijziging voorstellen</a>`);
    const concept = await werkgroep.agent.get(`${DOC}/versies/concept`).expect(200);
    expect(concept.text).toContain('Wijziging voorstellen');
    expect(concept.text).toContain(`href="${LIST}">Amendementen</a>`);

    for (const p of [secretaris, beheerder]) {
      const v = await p.agent.get(`${DOC}/versies/concept`).expect(200);
      expect(v.text).not.toContain('Wijziging voorstellen');
      const refused = await p.agent.get(`${LIST}/nieuw`).expect(403);
      expect(refused.text).toContain('Alleen werkgroepleden en vertegenwoordigers van organisaties kunnen amendementen indienen.');
    }
    expect((await request(t.app).get('/').expect(200)).text).not.toContain('Wijziging voorstellen');
    await request(t.app).get(`${LIST}/nieuw`).expect(303).expect('Location', `/aanmelden?terug=${encodeURIComponent(`${LIST}/nieuw`)}`);

    // Posting anyway changes nothing.
    const before = t.stores.amendments.all().length;
    const form = await utrecht.agent.get(`${LIST}/nieuw`).expect(200);
    const body = { basis: hidden(form.text, 'basis'), titel: 'X', toelichting: 'Y', ...fill(form.text, { [P1]: `${await draft(P1)}Extra zin.\n` }) };
    await secretaris.agent.post(LIST).type('form').send({ _csrf: secretaris.csrf, ...body }).expect(403);
    await beheerder.agent.post(LIST).type('form').send({ _csrf: beheerder.csrf, ...body }).expect(403);
    const anonymous = request.agent(t.app);
    const anonForm = await anonymous.get('/aanmelden').expect(200);
    await anonymous.post(LIST).type('form').send({ _csrf: csrfFrom(anonForm.text), ...body }).expect(401);
    expect(t.stores.amendments.all().length).toBe(before);
  });

  it('the form holds the draft Markdown per principle; only changed principles are sent; the page shows the amendment', async () => {
    const form = await utrecht.agent.get(`${LIST}/nieuw`).expect(200);
    expect(form.text).toContain('<h1 class="utrecht-heading-1">Wijziging voorstellen</h1>');
    expect(form.text).toContain('name="_csrf"');
    expect(hidden(form.text, 'basis')).toBe(repo().head().oid);
    const { fields } = formRows(form.text);
    expect(Object.keys(fields).filter((k) => k.startsWith('tekst_'))).toHaveLength(4);
    expect(fields.tekst_3?.replace(/\r\n/g, '\n')).toBe(await draft(P3));
    expect(form.text.match(/Dit principe verwijderen/g)).toHaveLength(4);
    expect(form.text).toContain('Bestandsnaam van het nieuwe principe');

    const head = repo().head().oid;
    // Every principle is posted back (with the browser's CRLF line ends); only principle 3 changed.
    const nummer = await propose(utrecht, { [P3]: await draftReplace(P3, 'Deze zijn leidend.', 'Deze zijn altijd leidend.') }, { titel: 'Standaarden zijn altijd leidend', toelichting: 'Geen *uitzonderingen*.' });
    const r = record(nummer);
    expect(r.status).toBe('ingediend');
    expect(r.titel).toBe('Standaarden zijn altijd leidend');
    expect(r.indiener.organisatie?.code).toBe('GM0344');
    const rev = r.revisies[0];
    expect(rev?.basis).toBe(head);
    const [baseFiles, tipFiles] = await Promise.all([repo().readFiles(head), repo().readFiles(rev?.commit ?? '')]);
    const changed = [...tipFiles.keys()].filter((k) => tipFiles.get(k) !== baseFiles.get(k));
    expect(changed).toEqual([P3]);
    expect(repo().head().oid).toBe(head);

    const html = await page(null, nummer, '?melding=ingediend');
    const text = mainText(html);
    expect(html).toContain(`<h1 class="utrecht-heading-1">Amendement ${nummer}: Standaarden zijn altijd leidend</h1>`);
    expect(text).toContain('Uw amendement is ingediend.');
    expect(text).toContain('Ute van Utrecht, namens Utrecht');
    expect(text).toContain('Ingediend');
    expect(text).toContain('geschreven op versie 1.0');
    expect(html).toContain('<em>uitzonderingen</em>');
    // The redline: word level, inline by default, side by side on request.
    expect(html).toMatch(/Deze zijn <ins>altijd ?<\/ins> ?leidend\./);
    expect(html).toContain('app-kind-gewijzigd');
    const side = await page(null, nummer, '?weergave=naast-elkaar');
    expect(side).toContain('app-side-by-side');
    expect(side).toMatch(/<td class="utrecht-table__cell app-src">Deze zijn <ins>altijd ?<\/ins> ?leidend\.<\/td>/);
    expect(text).toContain('ja, zonder conflicten');
    // The anonymous reader sees no forms and no "Reageer op deze zin" links.
    expect(postForms(html)).toEqual([]);
    expect(html).not.toContain('Reageer op deze zin');
  });

  it('adds a principle and removes one', async () => {
    const nummer = await propose(werkgroep2, { [P4]: null }, { titel: 'Nieuw principe', toelichting: 'Data wordt principe 5.', nieuwBestand: '05-nieuw-principe.md', nieuwTekst: '# Nieuw principe\n\nEen nieuwe zin. En nog een.\n' });
    const tip = await repo().readFiles(currentRevision(nummer));
    expect(tip.has(P4)).toBe(false);
    expect(tip.get('05-nieuw-principe.md')).toBe('# Nieuw principe\n\nEen nieuwe zin.\nEn nog een.\n');
    const html = await page(null, nummer);
    expect(html).toContain('app-kind-toegevoegd');
    expect(html).toContain('app-kind-verwijderd');
    expect(mainText(html)).toContain('Principe 4: Nieuw principe');
    expect(mainText(html)).toContain('Indiener Wendy Werkgroep');
  });

  it('invalid input: 400 with Dutch errors per field, everything typed is kept, nothing is stored', async () => {
    const before = t.stores.amendments.all().length;
    const branches = repo().branches('amendementen/').length;

    const nothing = await proposeRaw(utrecht, {}, { titel: '', toelichting: '  ' });
    expect(nothing.status).toBe(400);
    expect(nothing.text).toContain('Controleer de gemarkeerde velden.');
    expect(nothing.text).toContain('Vul een titel in.');
    expect(nothing.text).toContain('Vul een toelichting in: waarom stelt u deze wijziging voor?');
    expect(nothing.text).toContain('U hebt geen principe gewijzigd');
    expect(nothing.text).toContain('href="#veld-principes"');
    expect(nothing.text).toContain('id="veld-principes"');
    expect(nothing.text).toMatch(/id="veld-titel" name="titel" type="text" value=""[^>]*aria-invalid="true"/);

    const typed = 'Mijn eigen tekst die bewaard moet blijven';
    const noHeading = await proposeRaw(utrecht, { [P2]: `Geen titel meer.\n${typed}\n` }, { titel: 'Titel blijft <staan>', nieuwBestand: '5-fout.md', nieuwTekst: '# Vijf' });
    expect(noHeading.status).toBe(400);
    expect(noHeading.text).toContain('value="Titel blijft &lt;staan&gt;"');
    expect(noHeading.text).toContain(typed);
    expect(noHeading.text).toContain('Een principebestand heet zoals 05-nieuw-principe.md');
    expect(noHeading.text).toContain('value="5-fout.md"');
    // The command's error about principle 2 lands on principle 2's textarea.
    const second = await proposeRaw(utrecht, { [P2]: `Geen titel meer.\n${typed}\n` });
    expect(second.status).toBe(400);
    expect(second.text).toContain('De eerste regel is de titel van het principe');
    expect(second.text).toMatch(/id="veld-tekst_2" name="tekst_2"[^>]*aria-invalid="true"/);
    expect(second.text).toContain('href="#veld-tekst_2"');

    expect(t.stores.amendments.all().length).toBe(before);
    expect(repo().branches('amendementen/').length).toBe(branches);
  });

  it('without a CSRF token: 403 and nothing changes', async () => {
    const before = t.stores.amendments.all().length;
    const form = await utrecht.agent.get(`${LIST}/nieuw`).expect(200);
    const body = { basis: hidden(form.text, 'basis'), titel: 'X', toelichting: 'Y', ...fill(form.text, { [P1]: `${await draft(P1)}Extra zin.\n` }) };
    const res = await utrecht.agent.post(LIST).type('form').send(body).expect(403);
    expect(res.text).toContain('CSRF');
    await utrecht.agent.post(LIST).type('form').send({ ...body, _csrf: 'verkeerd' }).expect(403);
    expect(t.stores.amendments.all().length).toBe(before);
  });

  it('Markdown with <script> and javascript: links is stored as text and shown escaped', async () => {
    const hostile = '<script>alert("tekst")</script> Zie [de site](javascript:alert(1)) en <img src=x onerror=alert(2)>.';
    const nummer = await propose(amsterdam, { [P2]: `${await draft(P2)}${hostile}\n` }, { titel: '<b>Vet</b> voorstel', toelichting: `Toelichting ${hostile}` });
    const tip = await repo().readFile(currentRevision(nummer), P2);
    expect(tip).toContain('<script>alert("tekst")</script>');
    expect(tip).toContain('[de site](javascript:alert(1))');
    expect(record(nummer).toelichting).toContain('<script>alert("tekst")</script>');

    const comment = await amsterdam.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: amsterdam.csrf, tekst: `Reactie ${hostile}` }).expect(303);
    expect(comment.headers.location).toMatch(/#rct_/);

    for (const html of [await page(null, nummer), await page(null, nummer, '?weergave=naast-elkaar'), (await request(t.app).get(LIST).expect(200)).text]) {
      const main = html.slice(html.indexOf('<main'));
      expect(main).not.toContain('<script');
      expect(main).not.toContain('<img src=x');
      expect(main).not.toMatch(/href="javascript:/i);
      expect(main).not.toContain('<b>Vet</b>');
    }
    const html = await page(null, nummer);
    expect(html).toContain('&lt;script&gt;alert(&#34;tekst&#34;)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;Vet&lt;/b&gt; voorstel');
    expect(html).toContain('[de site](javascript:alert(1))');
    // The edit form shows the Markdown as text inside the textarea.
    const edit = await amsterdam.agent.get(`${LIST}/${nummer}/bewerken`).expect(200);
    expect(edit.text).toContain('&lt;script&gt;alert(&#34;tekst&#34;)&lt;/script&gt;');
    expect(edit.text).not.toContain('<script>alert');
  });
});

describe('the amendment page: discussion, co-signing, reviews, revisions', () => {
  let nummer: number;
  const sentence = 'De data over de bewoner is van de bewoner; zij is de eigenaar en beslist wat ermee gebeurt.';

  beforeAll(async () => {
    nummer = await propose(utrecht, { [P4]: await draftReplace(P4, sentence, 'De data over de bewoner is van de bewoner; zij beslist wat ermee gebeurt.') }, { titel: 'Bewoner beslist', toelichting: 'Korter.' });
  });

  it('a comment anchored to a sentence via "Reageer op deze zin": shown at the sentence and in the discussion', async () => {
    const html = await page(amsterdam, nummer);
    const link = [...html.matchAll(/href="([^"]*)">Reageer op deze zin/g)].map((m) => unescapeHtml(m[1] ?? '')).find((h) => h.includes(encodeURIComponent('zij beslist')));
    expect(link).toBeDefined();
    expect(link).toMatch(new RegExp(`^${LIST}/${nummer}\\?bestand=04-open-en-gedeelde-data\\.md&zin=.*#reageren$`));
    const target = await amsterdam.agent.get(link?.replace(/#.*$/, '') ?? '').expect(200);
    const zin = 'De data over de bewoner is van de bewoner; zij beslist wat ermee gebeurt.';
    expect(hidden(target.text, 'ankerBestand')).toBe(P4);
    expect(hidden(target.text, 'ankerZin')).toBe(zin);
    expect(mainText(target.text)).toContain(`U reageert op deze zin in Principe 4: Open en gedeelde data: ${zin}`);

    // Empty: 400, the anchor is kept.
    const empty = await amsterdam.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: amsterdam.csrf, tekst: ' ', ankerBestand: P4, ankerZin: zin }).expect(400);
    expect(empty.text).toContain('Uw reactie is niet geplaatst');
    expect(empty.text).toContain('Vul uw reactie in.');
    expect(hidden(empty.text, 'ankerZin')).toBe(zin);
    expect(empty.text).toMatch(/id="veld-tekst" name="tekst"[^>]*aria-invalid="true"/);

    // A sentence that is not in the text (a tampered form): the command's error, on the page.
    const wrong = await amsterdam.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: amsterdam.csrf, tekst: 'Hm', ankerBestand: P4, ankerZin: 'Bestaat niet.' }).expect(400);
    expect(wrong.text).toContain('Deze zin staat niet in de huidige tekst van het amendement.');
    expect(wrong.text).toContain('>Hm</textarea>');

    const ok = await amsterdam.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: amsterdam.csrf, tekst: 'Wie is "de bewoner" hier?', ankerBestand: P4, ankerZin: zin }).expect(303);
    expect(ok.headers.location).toMatch(new RegExp(`^${LIST}/${nummer}\\?melding=reactie#rct_`));
    const general = await werkgroep.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: werkgroep.csrf, tekst: 'Algemene reactie.' }).expect(303);
    expect(general.headers.location).toContain('#rct_');

    const after = await page(null, nummer);
    const sentenceItem = after.slice(after.indexOf('id="zin-04-open-en-gedeelde-data-4"'), after.indexOf('</li>', after.indexOf('id="zin-04-open-en-gedeelde-data-4"')));
    expect(sentenceItem).toContain('Wie is &quot;de bewoner&quot; hier?');
    expect(sentenceItem).toContain('Anne van Amsterdam');
    const discussion = mainText(after.slice(after.indexOf('id="reacties"')));
    expect(discussion).toContain('Reacties (2)');
    expect(discussion.indexOf('Wie is "de bewoner" hier?')).toBeLessThan(discussion.indexOf('Algemene reactie.'));
    expect(after).toContain('href="#zin-04-open-en-gedeelde-data-4"');
    expect(after).not.toContain('verouderd (deze zin staat niet meer in de tekst)');
  });

  it('co-signing: another organisation co-signs and withdraws; the proposer\'s organisation and others cannot', async () => {
    const mine = await page(utrecht, nummer);
    expect(mine).not.toContain('Mede-indienen namens');
    const theirs = await page(amsterdam, nummer);
    expect(theirs).toContain('Mede-indienen namens Amsterdam');
    for (const p of [werkgroep, secretaris, utrecht2]) expect(await page(p, nummer)).not.toContain('Mede-indienen namens');

    await utrecht2.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({ _csrf: utrecht2.csrf }).expect(403);
    await werkgroep.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({ _csrf: werkgroep.csrf }).expect(403);
    await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({}).expect(403);
    expect(record(nummer).medeIndieners).toEqual([]);

    const ok = await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({ _csrf: amsterdam.csrf }).expect(303);
    expect(ok.headers.location).toBe(`${LIST}/${nummer}?melding=mede-ingediend`);
    const after = await page(amsterdam, nummer);
    expect(mainText(after)).toContain('Mede-indieners Amsterdam');
    expect(after).toContain('Mede-indiening van Amsterdam intrekken');
    // Twice: a conflict, shown on the page.
    const again = await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({ _csrf: amsterdam.csrf }).expect(409);
    expect(again.text).toContain('Amsterdam is al mede-indiener van amendement');

    await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners/intrekking`).type('form').send({ _csrf: amsterdam.csrf }).expect(303);
    expect(record(nummer).medeIndieners.filter((m) => m.ingetrokken === null)).toEqual([]);
    expect(mainText(await page(null, nummer))).toContain('Mede-indieners geen');
    const notAny = await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners/intrekking`).type('form').send({ _csrf: amsterdam.csrf }).expect(409);
    expect(notAny.text).toContain('Uw organisatie is geen mede-indiener van dit amendement.');
    await amsterdam.agent.post(`${LIST}/${nummer}/mede-indieners`).type('form').send({ _csrf: amsterdam.csrf }).expect(303);
  });

  it('reviews: only other working-group members see the form; invalid and stale reviews are refused on the page', async () => {
    for (const p of [utrecht, amsterdam, secretaris, beheerder]) expect(await page(p, nummer)).not.toContain('Beoordeling opslaan');
    await utrecht.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: utrecht.csrf, oordeel: 'akkoord', toelichting: 'Eigen werk' }).expect(403);
    await secretaris.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: secretaris.csrf, oordeel: 'akkoord', toelichting: 'x' }).expect(403);
    const own = await propose(werkgroep, { [P1]: `${await draft(P1)}Een eigen zin.\n` }, { titel: 'Eigen voorstel' });
    expect(await page(werkgroep, own)).not.toContain('Beoordeling opslaan');
    await werkgroep.agent.post(`${LIST}/${own}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, oordeel: 'akkoord', toelichting: 'Eigen' }).expect(403);

    const html = await page(werkgroep, nummer);
    expect(html).toContain('Beoordeling opslaan');
    const revisie = hidden(html.slice(html.indexOf('/beoordelingen"')), 'revisie');
    expect(revisie).toBe(currentRevision(nummer));

    const invalid = await werkgroep.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie, toelichting: 'Mijn uitleg' }).expect(400);
    expect(invalid.text).toContain('Kies akkoord of wijzigen.');
    expect(invalid.text).toContain('>Mijn uitleg</textarea>');
    const stale = await werkgroep.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: 'a'.repeat(40), oordeel: 'akkoord', toelichting: 'Goed' }).expect(409);
    expect(stale.text).toContain('Het amendement is intussen gewijzigd');
    expect(record(nummer).beoordelingen).toEqual([]);

    await werkgroep.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie, oordeel: 'wijzigen', toelichting: 'Zeg ook wie de eigenaar is.' }).expect(303);
    const after = mainText(await page(null, nummer));
    expect(after).toContain('Wijzigen gevraagd door Wim Werkgroep');
    expect(after).toContain('op revisie 1');
    expect(after).toContain('geldig');
    expect(after).toContain('Zeg ook wie de eigenaar is.');
  });

  it('revisions: the proposer (or a colleague of the same organisation) saves a new text; the page compares any two revisions; comments and reviews on removed text are outdated', async () => {
    await amsterdam.agent.get(`${LIST}/${nummer}/bewerken`).expect(403);
    await werkgroep.agent.get(`${LIST}/${nummer}/bewerken`).expect(403);
    const other = await page(amsterdam, nummer);
    expect(other).not.toContain('/bewerken');
    expect(postForms(other)).not.toContain(`${LIST}/${nummer}/intrekking`);

    const form = await utrecht2.agent.get(`${LIST}/${nummer}/bewerken`).expect(200);
    expect(form.text).toContain(`Amendement ${nummer} wijzigen: nieuwe revisie`);
    const first = currentRevision(nummer);
    expect(hidden(form.text, 'verwachteRevisie')).toBe(first);
    expect(formRows(form.text).fields.tekst_4).toContain('zij beslist wat ermee gebeurt.');

    const newText = await repo().readFile(first, P4);
    const revised = (newText ?? '').replace('zij beslist wat ermee gebeurt.', 'zij is de eigenaar van die data en beslist erover.');
    // Nothing changed: a Dutch error.
    const same = await utrecht2.agent.post(`${LIST}/${nummer}/revisies`).type('form').send({ _csrf: utrecht2.csrf, verwachteRevisie: first, ...fill(form.text, {}) }).expect(400);
    expect(same.text).toContain('U hebt geen principe gewijzigd');
    // A stale revision: 409, the typed text kept.
    const stale = await utrecht2.agent.post(`${LIST}/${nummer}/revisies`).type('form').send({ _csrf: utrecht2.csrf, verwachteRevisie: 'b'.repeat(40), ...fill(form.text, { [P4]: revised }) }).expect(409);
    expect(stale.text).toContain('Het amendement is intussen gewijzigd');
    expect(stale.text).toContain('zij is de eigenaar van die data en beslist erover.');
    expect(record(nummer).revisies).toHaveLength(1);
    // Others cannot post a revision.
    await amsterdam.agent.post(`${LIST}/${nummer}/revisies`).type('form').send({ _csrf: amsterdam.csrf, verwachteRevisie: first, ...fill(form.text, { [P4]: revised }) }).expect(403);
    await utrecht2.agent.post(`${LIST}/${nummer}/revisies`).type('form').send({ verwachteRevisie: first, ...fill(form.text, { [P4]: revised }) }).expect(403);
    expect(record(nummer).revisies).toHaveLength(1);

    const ok = await utrecht2.agent.post(`${LIST}/${nummer}/revisies`).type('form').send({ _csrf: utrecht2.csrf, verwachteRevisie: first, ...fill(form.text, { [P4]: revised }) }).expect(303);
    expect(ok.headers.location).toBe(`${LIST}/${nummer}?melding=revisie#wijziging`);
    const second = currentRevision(nummer);
    expect(second).not.toBe(first);

    const html = await page(null, nummer);
    const text = mainText(html);
    expect(text).toContain('Revisie 2 (huidige) nieuwe tekst Udo van Utrecht (Utrecht)');
    expect(text).toContain('verouderd (gegeven op een eerdere tekst)');
    expect(text).toContain('verouderd (deze zin staat niet meer in de tekst)');
    // Each state word once: the badge is part of the sentence, not said twice.
    expect(text).not.toMatch(/verouderd verouderd|vervangen vervangen/);
    expect(text).toContain('Wie is "de bewoner" hier?');
    // The revision comparison (a GET form): revision 1 -> 2, word level.
    expect(html).toContain('id="revisie-van"');
    const compared = await page(null, nummer, `?van=${first}&naar=${second}`);
    expect(mainText(compared)).toContain('Van revisie 1 naar revisie 2');
    expect(compared).toMatch(/<del>beslist wat ermee gebeurt\.?<\/del>|<ins>is de eigenaar van die data en <\/ins>/);
    const unknown = await page(null, nummer, `?van=${'c'.repeat(40)}&naar=${second}`);
    expect(unknown).toContain('hoort niet bij amendement');
    // The same member reviews the new text: the earlier review is replaced, said once.
    await werkgroep.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: second, oordeel: 'akkoord', toelichting: 'Nu goed.' }).expect(303);
    const reviewed = mainText(await page(null, nummer));
    expect(reviewed).toContain('vervangen door een latere beoordeling van dezelfde persoon');
    expect(reviewed).not.toMatch(/verouderd verouderd|vervangen vervangen/);
  });
});

describe('decisions, withdrawal and the list', () => {
  it('the secretary decides: 409 without enough approvals (on the page), then overnemen merges into the draft', async () => {
    const nummer = await propose(utrecht, { [P1]: await draftReplace(P1, 'De infrastructuur is goed beschikbaar', 'De infrastructuur is altijd goed beschikbaar') }, { titel: 'Altijd beschikbaar' });
    for (const p of [utrecht, werkgroep, beheerder, amsterdam]) expect(await page(p, nummer)).not.toContain('Besluit vastleggen');
    await werkgroep.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ _csrf: werkgroep.csrf, besluit: 'overnemen', reden: 'x', verwachteRevisie: currentRevision(nummer) }).expect(403);

    const html = await page(secretaris, nummer);
    expect(html).toContain('Besluit vastleggen');
    const verwacht = hidden(html.slice(html.indexOf('/besluit"')), 'verwachteRevisie');
    const head = repo().head().oid;

    const invalid = await secretaris.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ _csrf: secretaris.csrf, verwachteRevisie: verwacht, reden: '' }).expect(400);
    expect(invalid.text).toContain('Kies overnemen of verwerpen.');
    expect(invalid.text).toContain('Vul de reden van het besluit in.');
    const tooFew = await secretaris.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Goed voorstel', verwachteRevisie: verwacht }).expect(409);
    expect(tooFew.text).toContain('Het besluit is niet vastgelegd');
    expect(tooFew.text).toContain('0 geldige goedkeuringen van de werkgroep');
    expect(tooFew.text).toContain('>Goed voorstel</textarea>');
    expect(repo().head().oid).toBe(head);
    await secretaris.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ besluit: 'overnemen', reden: 'Goed', verwachteRevisie: verwacht }).expect(403);

    await werkgroep.agent.post(`${LIST}/${nummer}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: verwacht, oordeel: 'akkoord', toelichting: 'Prima.' }).expect(303);
    const stale = await secretaris.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Goed', verwachteRevisie: 'd'.repeat(40) }).expect(409);
    expect(stale.text).toContain('Het amendement is intussen gewijzigd');
    const ok = await secretaris.agent.post(`${LIST}/${nummer}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Breed gesteund.', verwachteRevisie: verwacht }).expect(303);
    expect(ok.headers.location).toBe(`${LIST}/${nummer}?melding=overgenomen`);
    expect(record(nummer).status).toBe('overgenomen');
    expect(await draft(P1)).toContain('De infrastructuur is altijd goed beschikbaar');

    const after = await page(null, nummer);
    expect(mainText(after)).toContain('Besluit: overgenomen');
    expect(mainText(after)).toContain('Overgenomen door Sanne Secretaris');
    expect(mainText(after)).toContain('Breed gesteund.');
    expect(postForms(await page(secretaris, nummer))).toEqual([]);
    const history = await request(t.app).get(`${DOC}/geschiedenis`).expect(200);
    expect(history.text).toContain(`Amendement ${nummer} overgenomen: Altijd beschikbaar`);
    // Closed: comments and decisions are refused (409) and shown on the page.
    const late = await werkgroep.agent.post(`${LIST}/${nummer}/reacties`).type('form').send({ _csrf: werkgroep.csrf, tekst: 'Te laat' }).expect(409);
    expect(late.text).toContain('er kan niets meer aan veranderen');
  });

  it('verwerpen and intrekken: both stay public with their reason', async () => {
    const rejected = await propose(amsterdam, { [P2]: await draftReplace(P2, 'De overheid regisseert', 'De gemeente regisseert') }, { titel: 'Gemeente regisseert' });
    await secretaris.agent.post(`${LIST}/${rejected}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'verwerpen', reden: 'Niet alleen de gemeente.', verwachteRevisie: currentRevision(rejected) }).expect(303);
    expect(record(rejected).status).toBe('verworpen');
    const rText = mainText(await page(null, rejected));
    expect(rText).toContain('Verworpen');
    expect(rText).toContain('Niet alleen de gemeente.');

    const withdrawn = await propose(utrecht, { [P2]: await draftReplace(P2, 'De overheid regisseert', 'De provincie regisseert') }, { titel: 'Provincie regisseert' });
    const ownPage = await page(utrecht, withdrawn);
    expect(postForms(ownPage)).toContain(`${LIST}/${withdrawn}/intrekking`);
    await amsterdam.agent.post(`${LIST}/${withdrawn}/intrekking`).type('form').send({ _csrf: amsterdam.csrf, intrekkingReden: 'x' }).expect(403);
    const empty = await utrecht.agent.post(`${LIST}/${withdrawn}/intrekking`).type('form').send({ _csrf: utrecht.csrf, intrekkingReden: '' }).expect(400);
    expect(empty.text).toContain('Het amendement is niet ingetrokken');
    expect(empty.text).toContain('Vul de reden in.');
    expect(empty.text).toContain('href="#veld-intrekkingReden"');
    await utrecht.agent.post(`${LIST}/${withdrawn}/intrekking`).type('form').send({ intrekkingReden: 'Toch niet' }).expect(403);
    expect(record(withdrawn).status).toBe('ingediend');
    await utrecht.agent.post(`${LIST}/${withdrawn}/intrekking`).type('form').send({ _csrf: utrecht.csrf, intrekkingReden: 'Dubbel met een ander voorstel.' }).expect(303);
    expect(record(withdrawn).status).toBe('ingetrokken');
    const wText = mainText(await page(null, withdrawn));
    expect(wText).toContain('Besluit: ingetrokken');
    expect(wText).toContain('Dubbel met een ander voorstel.');
    expect(postForms(await page(utrecht, withdrawn))).toEqual([]);
  });

  it('the list: every amendment, filterable by status and principle; an invalid filter is a Dutch 400', async () => {
    const all = await request(t.app).get(LIST).expect(200);
    const count = t.stores.amendments.all().length;
    expect(all.text).toContain(`${count} amendementen, nieuwste eerst`);
    expect(all.text).toContain('aria-current="page">Amendementen</a>');
    expect(all.text).not.toContain('Wijziging voorstellen');
    expect((await utrecht.agent.get(LIST).expect(200)).text).toContain('Wijziging voorstellen');

    const rejected = (await request(t.app).get(`${LIST}?status=verworpen&principe=`).expect(200)).text;
    expect(mainText(rejected)).toContain('Gemeente regisseert');
    expect(mainText(rejected)).not.toContain('Provincie regisseert');
    expect(rejected).toContain('<option value="verworpen" selected>');

    const byPrinciple = (await request(t.app).get(`${LIST}?status=&principe=${P4}`).expect(200)).text;
    expect(mainText(byPrinciple)).toContain('Bewoner beslist');
    expect(mainText(byPrinciple)).not.toContain('Gemeente regisseert');

    const bad = await request(t.app).get(`${LIST}?status=weg`).expect(400);
    expect(bad.text).toContain('Kies een status uit de lijst.');
    expect(bad.text).toContain('role="alert"');
  });
});

describe('competing amendments to one sentence: conflicts side by side, "bijwerken" and resolving', () => {
  const zin = 'Bewoners weten welke apparatuur in ‘hun omgeving’ is geplaatst, hebben daar invloed op en kunnen daar gebruik van maken.';

  it('the first merges; the second shows the conflict, is resolved by its proposer with opConcept and can be merged', async () => {
    const first = await propose(utrecht, { [P3]: await draftReplace(P3, zin, zin.replace('Bewoners weten', 'Alle bewoners weten')) }, { titel: 'Alle bewoners' });
    const second = await propose(amsterdam, { [P3]: await draftReplace(P3, zin, zin.replace('hebben daar invloed op', 'hebben daar zeggenschap over')) }, { titel: 'Zeggenschap' });
    // While both are open, each lists the other.
    expect(await page(null, first)).toContain(`raakt ook <a class="utrecht-link" href="${LIST}/${second}">amendement ${second}</a>`);
    expect(await page(null, second)).toContain(`raakt ook <a class="utrecht-link" href="${LIST}/${first}">amendement ${first}</a>`);
    expect(await page(amsterdam, second)).not.toContain('Bijwerken naar het huidige concept');

    await werkgroep.agent.post(`${LIST}/${first}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(first), oordeel: 'akkoord', toelichting: 'Goed.' }).expect(303);
    await secretaris.agent.post(`${LIST}/${first}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(first) }).expect(303);

    // The second now conflicts: the three versions side by side.
    const html = await page(null, second);
    const text = mainText(html);
    expect(text).toContain('nee, er zijn conflicten');
    expect(text).toContain('Dit amendement botst met het huidige concept');
    expect(html).toContain('<th class="utrecht-table__header-cell" scope="col">Amendement</th>');
    expect(html).toContain('<th class="utrecht-table__header-cell" scope="col">Concept (nu)</th>');
    expect(html).toContain('<th class="utrecht-table__header-cell" scope="col">Basis</th>');
    expect(text).toContain('Conflict 1: Principe 3: Open, veilige en bekende technologie');
    expect(html).toContain('hebben daar <del>invloed op</del><ins>zeggenschap over</ins> en kunnen');
    expect(html).toContain('<del>Bewoners</del><ins>Alle bewoners</ins> weten');
    expect(html).not.toContain('raakt ook');

    // The secretary cannot merge it (409 on the page), even with an approval.
    await werkgroep.agent.post(`${LIST}/${second}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(second), oordeel: 'akkoord', toelichting: 'Goed.' }).expect(303);
    const blocked = await secretaris.agent.post(`${LIST}/${second}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(second) }).expect(409);
    expect(blocked.text).toContain('botst met het huidige concept; de indiener moet het eerst bijwerken');

    // The proposer updates: 409 with the resolve form, prefilled with their own version of the sentence.
    const own = await page(amsterdam, second);
    expect(own).toContain('Bijwerken naar het huidige concept');
    await werkgroep.agent.post(`${LIST}/${second}/bijwerken`).type('form').send({ _csrf: werkgroep.csrf, verwachteRevisie: currentRevision(second) }).expect(403);
    const before = currentRevision(second);
    const resolve = await amsterdam.agent.post(`${LIST}/${second}/bijwerken`).type('form').send({ _csrf: amsterdam.csrf, verwachteRevisie: before }).expect(409);
    expect(resolve.text).toContain(`Amendement ${second} bijwerken naar het huidige concept`);
    expect(resolve.text).toContain('Het amendement botst met het huidige concept');
    expect(resolve.text).toContain('<th class="utrecht-table__header-cell" scope="col">Concept (nu)</th>');
    expect(hidden(resolve.text, 'opConcept')).toBe('ja');
    expect(hidden(resolve.text, 'verwachtConcept')).toBe(repo().head().oid);
    expect(hidden(resolve.text, 'verwachteRevisie')).toBe(before);
    const rows = formRows(resolve.text);
    expect([...rows.index.keys()]).toEqual([P3]);
    const prefilled = rows.fields.tekst_1?.replace(/\r\n/g, '\n') ?? '';
    expect(prefilled).toContain('Bewoners weten welke apparatuur in ‘hun omgeving’ is geplaatst, hebben daar zeggenschap over');
    expect(prefilled).not.toContain('Alle bewoners');
    expect(resolve.text).toContain('bevat conflicten');
    expect(currentRevision(second)).toBe(before);

    // Resolved: both changes, saved on the current draft.
    const resolved = prefilled.replace('Bewoners weten welke apparatuur', 'Alle bewoners weten welke apparatuur');
    const saved = await amsterdam.agent
      .post(`${LIST}/${second}/revisies`)
      .type('form')
      .send({ _csrf: amsterdam.csrf, verwachteRevisie: before, opConcept: 'ja', verwachtConcept: repo().head().oid, ...rows.fields, tekst_1: resolved })
      .expect(303);
    expect(saved.headers.location).toBe(`${LIST}/${second}?melding=revisie#wijziging`);
    const rev = record(second).revisies.at(-1);
    expect(rev?.basis).toBe(repo().head().oid);
    const after = await page(null, second);
    expect(mainText(after)).toContain('ja, zonder conflicten');
    expect(mainText(after)).toContain('verouderd (gegeven op een eerdere tekst)');

    await werkgroep.agent.post(`${LIST}/${second}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(second), oordeel: 'akkoord', toelichting: 'Nu goed.' }).expect(303);
    await secretaris.agent.post(`${LIST}/${second}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(second) }).expect(303);
    expect(await draft(P3)).toContain('Alle bewoners weten welke apparatuur in ‘hun omgeving’ is geplaatst, hebben daar zeggenschap over');
  });

  it('a resolve form for an older draft is refused with 409 and rebuilt on the new draft; a clean "bijwerken" keeps valid reviews', async () => {
    const p2 = 'De marktpartijen, instellingen, overheden en bewoners';
    const a = await propose(utrecht, { [P2]: await draftReplace(P2, p2, 'De marktpartijen, kennisinstellingen, overheden en bewoners') }, { titel: 'Kennisinstellingen' });
    const b = await propose(amsterdam, { [P2]: await draftReplace(P2, p2, 'Marktpartijen, instellingen, overheden en bewoners') }, { titel: 'Zonder lidwoord' });
    const c = await propose(werkgroep2, { [P4]: await draftReplace(P4, 'is publiek goed.', 'is een publiek goed.') }, { titel: 'Een publiek goed' });
    await werkgroep.agent.post(`${LIST}/${c}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(c), oordeel: 'akkoord', toelichting: 'Ok.' }).expect(303);
    await werkgroep.agent.post(`${LIST}/${a}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(a), oordeel: 'akkoord', toelichting: 'Ok.' }).expect(303);
    await secretaris.agent.post(`${LIST}/${a}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(a) }).expect(303);

    // c touches other sentences: "bijwerken" is clean, and the review stays valid.
    expect(mainText(await page(null, c))).toContain('ja, zonder conflicten');
    const upd = await werkgroep2.agent.post(`${LIST}/${c}/bijwerken`).type('form').send({ _csrf: werkgroep2.csrf, verwachteRevisie: currentRevision(c) }).expect(303);
    expect(upd.headers.location).toBe(`${LIST}/${c}?melding=bijgewerkt`);
    expect(record(c).revisies.at(-1)?.soort).toBe('bijwerken');
    const cText = mainText(await page(null, c, '?melding=bijgewerkt'));
    expect(cText).toContain('Het amendement is bijgewerkt naar het huidige concept.');
    expect(cText).toContain('geldig');
    expect(cText).not.toContain('verouderd (gegeven op een eerdere tekst)');
    // Already on the draft: the button is gone, and posting anyway is a conflict on the page.
    expect(await page(werkgroep2, c)).not.toContain('Bijwerken naar het huidige concept</button>');
    const twice = await werkgroep2.agent.post(`${LIST}/${c}/bijwerken`).type('form').send({ _csrf: werkgroep2.csrf, verwachteRevisie: currentRevision(c) }).expect(409);
    expect(twice.text).toContain('al gebaseerd op het huidige concept');

    // b conflicts; its resolve form (GET) is for the current draft; the draft then moves.
    const form = await amsterdam.agent.get(`${LIST}/${b}/oplossen`).expect(200);
    const oldDraft = hidden(form.text, 'verwachtConcept');
    await secretaris.agent.post(`${LIST}/${c}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(c) }).expect(303);
    expect(repo().head().oid).not.toBe(oldDraft);
    const rows = formRows(form.text);
    const refused = await amsterdam.agent
      .post(`${LIST}/${b}/revisies`)
      .type('form')
      .send({ _csrf: amsterdam.csrf, verwachteRevisie: currentRevision(b), opConcept: 'ja', verwachtConcept: oldDraft, ...rows.fields })
      .expect(409);
    expect(refused.text).toContain('Het concept is intussen gewijzigd');
    expect(hidden(refused.text, 'verwachtConcept')).toBe(repo().head().oid);
    expect(record(b).revisies).toHaveLength(1);
    await werkgroep.agent.get(`${LIST}/${b}/oplossen`).expect(403);
  });
});

describe('resolving with principles the amendment changes cleanly', () => {
  it('every row of the resolve form is sent: a principle restored to the draft\'s text drops that change', async () => {
    const s1 = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en veilige stad.';
    const s4 = 'Data is ‘open en gedeeld tenzij…’';
    const a = await propose(utrecht, {
      [P1]: await draftReplace(P1, s1, 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde, inclusieve en veilige stad.'),
      [P4]: await draftReplace(P4, s4, 'Data is ‘open en gedeeld, tenzij…’'),
    }, { titel: 'Inclusief' });
    const b = await propose(werkgroep2, { [P1]: await draftReplace(P1, s1, 'De digitale infrastructuur moet bijdragen aan een leefbare en veilige stad.') }, { titel: 'Korter' });
    await werkgroep.agent.post(`${LIST}/${b}/beoordelingen`).type('form').send({ _csrf: werkgroep.csrf, revisie: currentRevision(b), oordeel: 'akkoord', toelichting: 'Ok.' }).expect(303);
    await secretaris.agent.post(`${LIST}/${b}/besluit`).type('form').send({ _csrf: secretaris.csrf, besluit: 'overnemen', reden: 'Ja.', verwachteRevisie: currentRevision(b) }).expect(303);

    const resolve = await utrecht.agent.post(`${LIST}/${a}/bijwerken`).type('form').send({ _csrf: utrecht.csrf, verwachteRevisie: currentRevision(a) }).expect(409);
    const rows = formRows(resolve.text);
    // The conflicting principle and the one that merges cleanly but still differs from the draft.
    expect([...rows.index.keys()]).toEqual([P1, P4]);
    expect(rows.fields.tekst_2).toContain('Data is ‘open en gedeeld, tenzij…’');
    const p1 = (rows.fields.tekst_1 ?? '').replace('leefbare, gezonde, inclusieve en veilige stad', 'leefbare, inclusieve en veilige stad');
    await utrecht.agent
      .post(`${LIST}/${a}/revisies`)
      .type('form')
      .send({ _csrf: utrecht.csrf, verwachteRevisie: currentRevision(a), opConcept: 'ja', verwachtConcept: repo().head().oid, ...rows.fields, tekst_1: p1, tekst_2: (await draft(P4)).replace(/\n/g, '\r\n') })
      .expect(303);
    const tip = await repo().readFiles(currentRevision(a));
    expect(tip.get(P4)).toBe(await draft(P4));
    expect(tip.get(P1)).toContain('leefbare, inclusieve en veilige stad.');
    expect(mainText(await page(null, a))).toContain('ja, zonder conflicten');
  });

  it('a working-group member with an organisation chooses: for the organisation (default) or personally', async () => {
    const rotterdam = await person('werkgroeplid', 'GM0599', 'Rob Rotterdam');
    const form = await rotterdam.agent.get(`${LIST}/nieuw`).expect(200);
    expect(form.text).toMatch(/id="veld-namens" name="namens" value="organisatie" checked/);
    expect(form.text).toContain('Namens mijzelf, als werkgroeplid');
    expect((await utrecht.agent.get(`${LIST}/nieuw`).expect(200)).text).not.toContain('name="namens"');
    const own = await propose(rotterdam, { [P2]: `${await draft(P2)}Rotterdam voegt een zin toe.\n` }, { titel: 'Namens Rotterdam', namens: 'organisatie' });
    expect(record(own).indiener.organisatie?.code).toBe('GM0599');
    const res = await proposeRaw(rotterdam, { [P2]: `${await draft(P2)}Rob voegt nog een zin toe.\n` }, { titel: 'Echt persoonlijk', namens: 'persoon' });
    expect(res.status).toBe(303);
    const n = Number(/amendementen\/(\d+)/.exec(res.headers.location ?? '')?.[1]);
    expect(record(n).indiener.organisatie).toBeNull();
    expect(mainText(await page(null, n))).toContain('Indiener Rob Rotterdam Mede-indieners');
  });
});

describe('who sees which form', () => {
  it('anonymous: no forms at all; beheerder: only the comment form; the pages are public', async () => {
    const nummer = t.stores.amendments.all().find((a) => a.status === 'ingediend' && a.titel === 'Bewoner beslist')?.nummer ?? 0;
    const anon = await page(null, nummer);
    expect(postForms(anon)).toEqual([]);
    expect(anon).toContain('Meld u aan</a> om te reageren.');
    const admin = await page(beheerder, nummer);
    expect(postForms(admin)).toEqual([`${LIST}/${nummer}/reacties`]);
    const sec = await page(secretaris, nummer);
    expect(postForms(sec).sort()).toEqual([`${LIST}/${nummer}/besluit`, `${LIST}/${nummer}/reacties`].sort());
    const wg = await page(werkgroep, nummer);
    expect(postForms(wg).sort()).toEqual([`${LIST}/${nummer}/beoordelingen`, `${LIST}/${nummer}/reacties`].sort());
    const ams = await page(amsterdam, nummer);
    expect(postForms(ams).sort()).toEqual([`${LIST}/${nummer}/mede-indieners/intrekking`, `${LIST}/${nummer}/reacties`].sort());
    const own = await page(utrecht, nummer);
    expect(postForms(own).sort()).toEqual([`${LIST}/${nummer}/bijwerken`, `${LIST}/${nummer}/intrekking`, `${LIST}/${nummer}/reacties`].sort());
    // Every form on every page carries the CSRF field.
    for (const html of [admin, sec, wg, ams, own]) {
      const forms = html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
      for (const f of forms) expect(f).toContain('name="_csrf"');
    }
    await request(t.app).get(`${LIST}/999`).expect(404);
    await request(t.app).get(`${LIST}/abc`).expect(404);
    await request(t.app).get('/documenten/bestaat-niet/amendementen').expect(404);
  });
});
