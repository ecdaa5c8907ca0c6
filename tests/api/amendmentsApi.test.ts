/**
 * Amendments over real HTTP (createApp) on a real store with a real bare git repository, checked
 * with the stock git CLI: proposing, revising, updating onto the draft, co-signing, comments,
 * reviews (pinned to revisions, stale or still valid), decisions (merge commits on main), the
 * concurrency rules, bad input, the audit log and the OpenAPI description of the API.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/domain/auditChain.js';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const AM = `${DOC}/amendementen`;
const P1 = '01-infrastructuur-voor-iedereen.md';
const P2 = '02-samen-producent-en-consument.md';
const P3 = '03-open-en-bekende-technologie.md';
const P4 = '04-open-en-gedeelde-data.md';

// Sentences of the seed text (one per line).
const P1_S3 = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en veilige stad.';
const P1_S4 = 'De infrastructuur is er voor iedereen in de openbare ruimte van de stad, ongeacht sociale positie en inkomen.';
const P1_S5 = 'De infrastructuur is goed beschikbaar en toegankelijk en is toekomstvast en veilig.';
const P1_S6 = 'Zij is ingericht conform gemeentebrede standaarden en de Europese en landelijke wet- en regelgeving rond privacy en security.';
const P3_S3_START = 'De gebruikte technologie voor de digitale infrastructuur';
const P3_S4 = 'Deze zijn leidend.';
const P3_S5 = 'Bewoners weten welke apparatuur in ‘hun omgeving’ is geplaatst, hebben daar invloed op en kunnen daar gebruik van maken.';
const P4_S5 = 'De data van de digitale infrastructuur verzameld in en over de publieke ruimte is publiek goed.';

type Headers = Record<string, string>;
const bearer = (u: TestUser): Headers => ({ Authorization: `Bearer ${u.token}` });

interface Party {
  naam: string;
  organisatie: { code: string; naam: string } | null;
}
interface ReviewBody {
  id: string;
  door: Party;
  oordeel: 'akkoord' | 'wijzigen';
  revisie: string;
  geldig: boolean;
}
interface SentenceConflictBody {
  bestand: string;
  regelBasis: number;
  basis: string[];
  concept: string[];
  amendement: string[];
}
interface AmendmentBody {
  document: string;
  nummer: number;
  titel: string;
  toelichting: string;
  status: string;
  basis: string;
  revisie: string;
  tak: string;
  indiener: Party;
  medeIndieners: { organisatie: { code: string; naam: string } }[];
  beoordelingen: ReviewBody[];
  samenvoegbaar?: boolean;
  besluit: { besluit: string; reden: string; door: Party; commit?: string } | null;
  conflicten: SentenceConflictBody[];
  raaktOok: number[];
  geldigeGoedkeuringen: number;
  revisies: { commit: string; basis: string; soort: string; door: Party }[];
  reacties: { id: string; tekst: string; door: Party; anker: { bestand: string; zin: string; revisie: string } | null; verouderd: boolean }[];
  wijziging: { gewijzigd: boolean; principes: { soort: string; naar: { bestand: string } | null; van: { bestand: string } | null; regels: unknown[] }[] };
}

function problem(res: request.Response): { code: string; detail: string; errors?: { name: string }[]; data?: Record<string, unknown> } {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  return res.body;
}

function fieldNames(res: request.Response): string[] {
  return (problem(res).errors ?? []).map((e) => e.name).sort();
}

function amendment(res: request.Response): AmendmentBody {
  return res.body as AmendmentBody;
}

// ---- git, with the stock CLI on the bare repository ----

function repoDir(t: TestApp): string {
  return path.join(t.dataDir, 'documents', 'digitale-stad.git');
}

function gitRun(t: TestApp, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('git', ['--git-dir', repoDir(t), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(t: TestApp, ...args: string[]): string {
  const r = gitRun(t, args);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout.replace(/\n$/, '');
}

function gitLines(t: TestApp, ...args: string[]): string[] {
  const out = git(t, ...args);
  return out === '' ? [] : out.split('\n');
}

function parentsOf(t: TestApp, commit: string): string[] {
  return git(t, 'rev-list', '--parents', '-n', '1', commit).split(' ').slice(1);
}

function fsckClean(t: TestApp): void {
  const r = gitRun(t, ['fsck', '--strict', '--no-dangling', '--no-progress']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('');
  expect(r.stderr.trim()).toBe('');
}

/** What git's own merge makes of the two parents of `merge`: the same tree as the merge commit. */
function expectGitAgreesWithMerge(t: TestApp, merge: string): void {
  const [first, second] = parentsOf(t, merge);
  expect(second, `${merge} is a merge commit`).toBeDefined();
  const r = gitRun(t, ['merge-tree', '--write-tree', first ?? '', second ?? '']);
  expect(r.status, r.stdout).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe(git(t, 'rev-parse', `${merge}^{tree}`));
}

// ---- API helpers ----

async function draftHead(t: TestApp): Promise<string> {
  const res = await request(t.app).get(DOC).expect(200);
  return res.body.concept.commit as string;
}

async function textAt(t: TestApp, bestand: string, ref = 'concept'): Promise<string> {
  const res = await request(t.app).get(`${DOC}/versies/${ref}`).expect(200);
  const p = (res.body.principes as { bestand: string; tekst: string }[]).find((x) => x.bestand === bestand);
  if (!p) throw new Error(`${bestand} not in ${ref}`);
  return p.tekst;
}

function replaceLine(text: string, from: string, to: string): string {
  const lines = text.split('\n');
  const i = lines.indexOf(from);
  if (i < 0) throw new Error(`sentence not found: ${from}`);
  lines[i] = to;
  return lines.join('\n');
}

function lineStarting(text: string, start: string): string {
  const l = text.split('\n').find((x) => x.startsWith(start));
  if (l === undefined) throw new Error(`no line starting with ${start}`);
  return l;
}

interface ProposeBody {
  titel?: unknown;
  toelichting?: unknown;
  basis?: unknown;
  principes?: unknown;
  namens?: unknown;
}

function propose(t: TestApp, user: TestUser, body: ProposeBody) {
  return request(t.app).post(AM).set(bearer(user)).send({ toelichting: 'Omdat het beter is.', ...body });
}

/** Proposes to replace one sentence of the current draft; expects 201. */
async function proposeSentence(t: TestApp, user: TestUser, bestand: string, from: string, to: string, titel: string): Promise<AmendmentBody> {
  const tekst = replaceLine(await textAt(t, bestand), from, to);
  const res = await propose(t, user, { titel, principes: [{ bestand, tekst }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return amendment(res);
}

async function getAmendment(t: TestApp, nummer: number): Promise<AmendmentBody> {
  return amendment(await request(t.app).get(`${AM}/${nummer}`).expect(200));
}

async function reviseSentence(t: TestApp, user: TestUser, nummer: number, bestand: string, from: string, to: string): Promise<request.Response> {
  const a = await getAmendment(t, nummer);
  const tekst = replaceLine(await textAt(t, bestand, a.revisie), from, to);
  return request(t.app).post(`${AM}/${nummer}/revisies`).set(bearer(user)).send({ principes: [{ bestand, tekst }], verwachteRevisie: a.revisie });
}

async function approve(t: TestApp, user: TestUser, nummer: number, oordeel: 'akkoord' | 'wijzigen' = 'akkoord'): Promise<AmendmentBody> {
  const res = await request(t.app).post(`${AM}/${nummer}/beoordelingen`).set(bearer(user)).send({ oordeel, toelichting: `Beoordeeld: ${oordeel}.` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return amendment(res);
}

function decide(t: TestApp, user: TestUser, nummer: number, body: Record<string, unknown>) {
  return request(t.app).post(`${AM}/${nummer}/besluit`).set(bearer(user)).send({ reden: 'Besproken in de werkgroep.', ...body });
}

async function merge(t: TestApp, user: TestUser, nummer: number): Promise<AmendmentBody> {
  const a = await getAmendment(t, nummer);
  const res = await decide(t, user, nummer, { besluit: 'overnemen', verwachteRevisie: a.revisie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return amendment(res);
}

function auditActions(t: TestApp, nummer: number): string[] {
  return t.stores.audit
    .entries()
    .filter((e) => e.object.soort === 'amendement' && e.object.id === `digitale-stad#${nummer}`)
    .map((e) => e.actie);
}

/** Everything a refused request must leave alone: metadata, branches, the draft and the audit log. */
function snapshot(t: TestApp) {
  return {
    amendments: JSON.stringify(t.stores.amendments.all()),
    refs: git(t, 'for-each-ref', '--format=%(refname) %(objectname)'),
    audit: t.stores.audit.entries().length,
  };
}

// =====================================================================================================

describe('the story: two municipalities amend the same sentence of principle 3', () => {
  let t: TestApp;
  let eindhoven: TestUser;
  let amsterdam: TestUser;
  let nijmegen: TestUser;
  let wg1: TestUser;
  let wg2: TestUser;
  let sec: TestUser;
  let seedSubjects: string[];
  let seedHead: string;
  const A = 'Deze zijn leidend voor alle gemeenten.';
  const B = 'Deze zijn leidend, tenzij de gemeenteraad gemotiveerd anders besluit.';
  const R = 'Deze zijn leidend voor alle gemeenten, tenzij de gemeenteraad gemotiveerd anders besluit.';
  const titleA = 'Standaarden gelden voor alle gemeenten';
  const titleB = 'Ruimte voor de gemeenteraad';
  let rev1 = '';
  let rev2a = '';
  let rev2b = '';
  let m1 = '';
  let m2 = '';

  beforeAll(async () => {
    t = await makeTestApp();
    eindhoven = await makeUser(t, 'vertegenwoordiger', 'GM0772', 'Eva Eindhoven');
    amsterdam = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Arjen Amsterdam');
    nijmegen = await makeUser(t, 'vertegenwoordiger', 'GM0268', 'Nina Nijmegen');
    wg1 = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
    wg2 = await makeUser(t, 'werkgroeplid', null, 'Wanda Werkgroep');
    sec = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
    seedSubjects = gitLines(t, 'log', '--format=%s', 'main');
    seedHead = git(t, 'rev-parse', 'main');
  });
  afterAll(() => t.cleanup());

  it('both municipalities propose: a branch per amendment, one commit by the person and organisation', async () => {
    const a1 = await proposeSentence(t, eindhoven, P3, P3_S4, A, titleA);
    const a2 = await proposeSentence(t, amsterdam, P3, P3_S4, B, titleB);
    expect([a1.nummer, a2.nummer]).toEqual([1, 2]);
    rev1 = a1.revisie;
    rev2a = a2.revisie;
    expect(a1).toMatchObject({
      status: 'ingediend',
      basis: seedHead,
      tak: 'amendementen/1',
      indiener: { naam: 'Eva Eindhoven', organisatie: { code: 'GM0772', naam: 'Eindhoven' } },
      samenvoegbaar: true,
    });
    expect(a2.indiener).toEqual({ naam: 'Arjen Amsterdam', organisatie: { code: 'GM0363', naam: 'Amsterdam' } });
    for (const [n, rev, who, title] of [
      [1, rev1, 'Eva Eindhoven (Eindhoven)', titleA],
      [2, rev2a, 'Arjen Amsterdam (Amsterdam)', titleB],
    ] as const) {
      expect(git(t, 'rev-parse', `refs/heads/amendementen/${n}`)).toBe(rev);
      expect(parentsOf(t, rev)).toEqual([seedHead]);
      expect(git(t, 'log', '-1', '--format=%an|%s', rev)).toBe(`${who}|Amendement ${n}: ${title}`);
      expect(gitLines(t, 'diff', '--name-only', seedHead, rev)).toEqual([P3]);
    }
    // Each sees the other as touching the same sentence.
    expect((await getAmendment(t, 1)).raaktOok).toEqual([2]);
    expect((await getAmendment(t, 2)).raaktOok).toEqual([1]);
    // Nijmegen supports Eindhoven's amendment.
    await request(t.app).post(`${AM}/1/mede-indieners`).set(bearer(nijmegen)).expect(201);
  });

  it('the working group reviews both', async () => {
    expect((await approve(t, wg1, 1)).geldigeGoedkeuringen).toBe(1);
    const a2 = await approve(t, wg1, 2);
    expect(a2.beoordelingen).toEqual([expect.objectContaining({ oordeel: 'akkoord', revisie: rev2a, geldig: true, door: { naam: 'Wim Werkgroep', organisatie: null } })]);
  });

  it('the secretary merges amendment 1: a merge commit on main, visible at once in draft, history and comparison', async () => {
    const decided = await merge(t, sec, 1);
    expect(decided.status).toBe('overgenomen');
    expect(decided.besluit).toMatchObject({ besluit: 'overgenomen', reden: 'Besproken in de werkgroep.', door: { naam: 'Sanne Secretaris' } });
    m1 = decided.besluit?.commit ?? '';
    expect(git(t, 'rev-parse', 'main')).toBe(m1);
    expect(parentsOf(t, m1)).toEqual([seedHead, rev1]);
    const body = git(t, 'log', '-1', '--format=%B', m1);
    expect(body).toContain(`Amendement 1 overgenomen: ${titleA}`);
    expect(body).toContain('Indiener: Eva Eindhoven (Eindhoven)');
    expect(body).toContain('Mede-indieners: Nijmegen');
    expect(body).toContain('Besluit: overgenomen door Sanne Secretaris');
    expect(body).toContain(`Revisie: ${rev1}`);
    expect(git(t, 'log', '-1', '--format=%an|%cn', m1)).toBe('Eva Eindhoven (Eindhoven)|Sanne Secretaris');

    expect((await textAt(t, P3)).split('\n')).toContain(A);
    const history = await request(t.app).get(`${DOC}/geschiedenis?limit=1`).expect(200);
    expect(history.body.items[0]).toMatchObject({ commit: m1, ouders: [seedHead, rev1], samenvatting: `Amendement 1 overgenomen: ${titleA}` });
    const cmp = await request(t.app).get(`${DOC}/vergelijking?van=1.0&naar=concept`).expect(200);
    expect(cmp.body.gewijzigd).toBe(true);
    const p3 = (cmp.body.principes as { naar: { bestand: string } | null; regels: { soort: string; van?: string; naar?: string }[] }[]).find((p) => p.naar?.bestand === P3);
    expect(p3?.regels).toContainEqual(expect.objectContaining({ soort: 'gewijzigd', van: P3_S4, naar: A }));
    // Decided amendments no longer count as touching the same sentences.
    expect((await getAmendment(t, 2)).raaktOok).toEqual([]);
  });

  it('amendment 2 shows its conflict; merging it is refused with the sentences, and nothing changes', async () => {
    const a2 = await getAmendment(t, 2);
    expect(a2.samenvoegbaar).toBe(false);
    const conflict = { bestand: P3, regelBasis: 4, basis: [P3_S4], concept: [A], amendement: [B] };
    expect(a2.conflicten).toEqual([conflict]);
    // git itself agrees that the amendment's revision conflicts with the draft.
    const gitMerge = gitRun(t, ['merge-tree', '--write-tree', '--name-only', m1, rev2a]);
    expect(gitMerge.status).toBe(1);
    expect(gitMerge.stdout).toContain(`CONFLICT (content): Merge conflict in ${P3}`);

    const before = snapshot(t);
    const refused = await decide(t, sec, 2, { besluit: 'overnemen', verwachteRevisie: rev2a }).expect(409);
    expect(problem(refused).code).toBe('merge_conflict');
    expect(problem(refused).data?.conflicts).toEqual([conflict]);
    expect(snapshot(t)).toEqual(before);
  });

  it('its proposer cannot simply update it (409 merge_conflict), and resolves it against the draft', async () => {
    const before = snapshot(t);
    const update = await request(t.app).post(`${AM}/2/revisies`).set(bearer(amsterdam)).send({ verwachteRevisie: rev2a }).expect(409);
    expect(problem(update).code).toBe('merge_conflict');
    expect(problem(update).data?.conflicts).toEqual([{ bestand: P3, regelBasis: 4, basis: [P3_S4], concept: [A], amendement: [B] }]);
    expect(snapshot(t)).toEqual(before);

    const tekst = replaceLine(await textAt(t, P3), A, R);
    // Written against a draft that has moved on since: refused, so it cannot undo the newer draft.
    const stale = await request(t.app)
      .post(`${AM}/2/revisies`)
      .set(bearer(amsterdam))
      .send({ principes: [{ bestand: P3, tekst }], verwachteRevisie: rev2a, opConcept: true, verwachtConcept: rev2a })
      .expect(409);
    expect(problem(stale).code).toBe('stale_head');
    expect(snapshot(t)).toEqual(before);
    const res = await request(t.app)
      .post(`${AM}/2/revisies`)
      .set(bearer(amsterdam))
      .send({ principes: [{ bestand: P3, tekst }], verwachteRevisie: rev2a, opConcept: true, verwachtConcept: m1 })
      .expect(201);
    expect(res.headers.location).toBe(`${AM}/2`);
    const a2 = amendment(res);
    rev2b = a2.revisie;
    expect(a2).toMatchObject({ basis: m1, samenvoegbaar: true, conflicten: [], geldigeGoedkeuringen: 0 });
    expect(a2.revisies.map((r) => r.soort)).toEqual(['voorstel', 'tekst']);
    // The earlier approval was for another change: stale now.
    expect(a2.beoordelingen).toEqual([expect.objectContaining({ revisie: rev2a, geldig: false })]);
    expect(parentsOf(t, rev2b)).toEqual([rev2a, m1]);
    expect(git(t, 'rev-parse', 'refs/heads/amendementen/2')).toBe(rev2b);
    expect(git(t, 'show', `${rev2b}:${P3}`).split('\n')).toContain(R);
    // Without a valid approval the secretary cannot merge it yet.
    const early = await decide(t, sec, 2, { besluit: 'overnemen', verwachteRevisie: rev2b }).expect(409);
    expect(problem(early).data).toEqual({ approvals: 0, required: 1 });
  });

  it('it is reviewed again and merged', async () => {
    expect((await approve(t, wg2, 2)).geldigeGoedkeuringen).toBe(1);
    const decided = await merge(t, sec, 2);
    m2 = decided.besluit?.commit ?? '';
    expect(parentsOf(t, m2)).toEqual([m1, rev2b]);
    expect((await textAt(t, P3)).split('\n')).toEqual(expect.arrayContaining([R]));
    expect((await textAt(t, P3)).split('\n')).not.toContain(A);
    expect((await request(t.app).get(`${AM}?status=overgenomen`).expect(200)).body.items.map((a: AmendmentBody) => a.nummer)).toEqual([2, 1]);
  });

  it('git log on the bare repository tells exactly that story; fsck is clean; git merge-tree agrees', () => {
    expect(gitLines(t, 'log', '--first-parent', '--format=%s', 'main')).toEqual([`Amendement 2 overgenomen: ${titleB}`, `Amendement 1 overgenomen: ${titleA}`, ...seedSubjects]);
    expect(gitLines(t, 'log', '--format=%s', `${m1}^1..${m1}^2`)).toEqual([`Amendement 1: ${titleA}`]);
    expect(gitLines(t, 'log', '--format=%s', `${m2}^1..${m2}^2`)).toEqual(['Amendement 2: nieuwe revisie op het huidige concept', `Amendement 2: ${titleB}`]);
    const all = gitLines(t, 'log', '--format=%s', 'main');
    expect([...all].sort()).toEqual(
      [
        `Amendement 2 overgenomen: ${titleB}`,
        'Amendement 2: nieuwe revisie op het huidige concept',
        `Amendement 2: ${titleB}`,
        `Amendement 1 overgenomen: ${titleA}`,
        `Amendement 1: ${titleA}`,
        ...seedSubjects,
      ].sort(),
    );
    expect(git(t, 'log', '-1', '--format=%an|%cn', m2)).toBe('Arjen Amsterdam (Amsterdam)|Sanne Secretaris');
    // The branches stay, at the revisions that were merged.
    expect(git(t, 'rev-parse', 'refs/heads/amendementen/1')).toBe(rev1);
    expect(git(t, 'rev-parse', 'refs/heads/amendementen/2')).toBe(rev2b);
    expectGitAgreesWithMerge(t, m1);
    expectGitAgreesWithMerge(t, m2);
    fsckClean(t);
    // A stock clone sees the same text as the API.
    expect(git(t, 'show', `main:${P3}`).split('\n')).toContain(R);
  });

  it('the audit log holds every step, and its chain verifies', () => {
    expect(auditActions(t, 1)).toEqual(['amendement-ingediend', 'amendement-mede-ingediend', 'amendement-beoordeeld', 'amendement-overgenomen']);
    expect(auditActions(t, 2)).toEqual(['amendement-ingediend', 'amendement-beoordeeld', 'amendement-herzien', 'amendement-beoordeeld', 'amendement-overgenomen']);
    const merged = t.stores.audit.entries().find((e) => e.actie === 'amendement-overgenomen' && e.object.id === 'digitale-stad#2');
    expect(merged?.gegevens).toMatchObject({ revisie: rev2b, commit: m2 });
    expect(merged?.actor).toMatchObject({ naam: 'Sanne Secretaris', rol: 'secretaris' });
    expect(verifyChain(t.stores.audit.entries()).ok).toBe(true);
  });
});

// =====================================================================================================

describe('concurrency', () => {
  let t: TestApp;
  let repA: TestUser;
  let repB: TestUser;
  let wg: TestUser;
  let sec: TestUser;

  beforeAll(async () => {
    t = await makeTestApp();
    repA = await makeUser(t, 'vertegenwoordiger', 'GM0772');
    repB = await makeUser(t, 'vertegenwoordiger', 'GM0363');
    wg = await makeUser(t, 'werkgroeplid');
    sec = await makeUser(t, 'secretaris');
  });
  afterAll(() => t.cleanup());

  it('two decisions at once on amendments to different sentences: both merge, the second three-way onto the first', async () => {
    const start = git(t, 'rev-parse', 'main');
    const s3 = lineStarting(await textAt(t, P3), P3_S3_START);
    const x = await proposeSentence(t, repA, P3, s3, s3.replace('is bekend, veilig', 'is bekend, betrouwbaar, veilig'), 'Betrouwbare technologie');
    const y = await proposeSentence(t, repB, P3, P3_S5, `${P3_S5.slice(0, -1)} en kunnen die laten verwijderen.`, 'Recht op verwijdering');
    await approve(t, wg, x.nummer);
    await approve(t, wg, y.nummer);
    const answers = await Promise.all([
      decide(t, sec, x.nummer, { besluit: 'overnemen', verwachteRevisie: x.revisie }),
      decide(t, sec, y.nummer, { besluit: 'overnemen', verwachteRevisie: y.revisie }),
    ]);
    expect(answers.map((r) => r.status), JSON.stringify(answers.map((r) => r.body))).toEqual([200, 200]);
    const merges = gitLines(t, 'log', '--first-parent', '--format=%H', `${start}..main`);
    expect(merges).toHaveLength(2);
    const [second = '', first = ''] = merges;
    const byCommit = new Map(answers.map((r) => [amendment(r).besluit?.commit, amendment(r)]));
    const firstAm = byCommit.get(first);
    const secondAm = byCommit.get(second);
    expect(parentsOf(t, first)).toEqual([start, firstAm?.revisie]);
    // The second merge's base is the amendment's basis, its "ours" the first merge: a real three-way merge.
    expect(parentsOf(t, second)).toEqual([first, secondAm?.revisie]);
    expect(secondAm?.basis).toBe(start);
    const p3 = (await textAt(t, P3)).split('\n');
    expect(p3).toContain(s3.replace('is bekend, veilig', 'is bekend, betrouwbaar, veilig'));
    expect(p3).toContain(`${P3_S5.slice(0, -1)} en kunnen die laten verwijderen.`);
    expectGitAgreesWithMerge(t, first);
    expectGitAgreesWithMerge(t, second);
    fsckClean(t);
  });

  it('two decisions at once on amendments to the same sentence: one merges, the other gets 409 with the sentences, nothing is lost', async () => {
    const start = git(t, 'rev-parse', 'main');
    const toA = `${P1_S4.slice(0, -1)}, afkomst of beperking.`;
    const toB = 'De infrastructuur is er voor iedereen, overal in de stad.';
    const a = await proposeSentence(t, repA, P1, P1_S4, toA, 'Ook afkomst en beperking');
    const b = await proposeSentence(t, repB, P1, P1_S4, toB, 'Overal in de stad');
    await approve(t, wg, a.nummer);
    await approve(t, wg, b.nummer);
    const auditBefore = t.stores.audit.entries().length;
    const answers = await Promise.all([
      decide(t, sec, a.nummer, { besluit: 'overnemen', verwachteRevisie: a.revisie }),
      decide(t, sec, b.nummer, { besluit: 'overnemen', verwachteRevisie: b.revisie }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = answers.find((r) => r.status === 200);
    const lost = answers.find((r) => r.status === 409);
    if (!won || !lost) throw new Error('expected one winner and one loser');
    const winner = amendment(won);
    const loser = winner.nummer === a.nummer ? b : a;
    const [winText, loseText] = winner.nummer === a.nummer ? [toA, toB] : [toB, toA];
    expect(problem(lost).code).toBe('merge_conflict');
    expect(problem(lost).data?.conflicts).toEqual([{ bestand: P1, regelBasis: 4, basis: [P1_S4], concept: [winText], amendement: [loseText] }]);
    // Exactly one merge on main; the loser is untouched: still open, its branch and text as they were.
    expect(gitLines(t, 'log', '--first-parent', '--format=%H', `${start}..main`)).toEqual([winner.besluit?.commit]);
    const after = await getAmendment(t, loser.nummer);
    expect(after).toMatchObject({ status: 'ingediend', revisie: loser.revisie, samenvoegbaar: false, geldigeGoedkeuringen: 1 });
    expect(git(t, 'rev-parse', `refs/heads/amendementen/${loser.nummer}`)).toBe(loser.revisie);
    expect(git(t, 'show', `${loser.revisie}:${P1}`).split('\n')).toContain(loseText);
    expect((await textAt(t, P1)).split('\n')).toContain(winText);
    expect(t.stores.audit.entries().slice(auditBefore).map((e) => e.actie)).toEqual(['amendement-overgenomen']);
    fsckClean(t);
  });

  it('the same decision twice at once: one merge, the other 409', async () => {
    const x = await proposeSentence(t, repA, P2, lineStarting(await textAt(t, P2), 'De overheid regisseert'), 'De overheid regisseert en reguleert waar nodig.', 'Korter');
    await approve(t, wg, x.nummer);
    const start = git(t, 'rev-parse', 'main');
    const body = { besluit: 'overnemen', verwachteRevisie: x.revisie };
    const answers = await Promise.all([decide(t, sec, x.nummer, body), decide(t, sec, x.nummer, body)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(gitLines(t, 'log', '--first-parent', '--format=%H', `${start}..main`)).toHaveLength(1);
    expect(auditActions(t, x.nummer).filter((a) => a === 'amendement-overgenomen')).toHaveLength(1);
  });

  it('two revisions saved at once with the same expected revision: one wins, the other gets 409 stale_head, no commit is lost', async () => {
    const x = await proposeSentence(t, repA, P4, P4_S5, 'De data uit de publieke ruimte is een publiek goed.', 'Publiek goed');
    const base = await textAt(t, P4, x.revisie);
    const texts = ['Eerste versie van de zin.', 'Tweede versie van de zin.'].map((s) => replaceLine(base, 'De data uit de publieke ruimte is een publiek goed.', s));
    const answers = await Promise.all(
      texts.map((tekst) => request(t.app).post(`${AM}/${x.nummer}/revisies`).set(bearer(repA)).send({ principes: [{ bestand: P4, tekst }], verwachteRevisie: x.revisie })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = answers.find((r) => r.status === 201);
    const lost = answers.find((r) => r.status === 409);
    if (!won || !lost) throw new Error('expected one winner and one loser');
    const winner = amendment(won);
    expect(problem(lost)).toMatchObject({ code: 'stale_head', data: { expected: x.revisie, actual: winner.revisie } });
    expect(gitLines(t, 'log', '--format=%H', `${x.basis}..refs/heads/amendementen/${x.nummer}`)).toEqual([winner.revisie, x.revisie]);
    expect((await getAmendment(t, x.nummer)).revisies.map((r) => r.commit)).toEqual([x.revisie, winner.revisie]);
    // The loser retries on top of the winner: every revision is kept.
    const loserText = texts[answers.indexOf(lost)] ?? '';
    const retry = await request(t.app)
      .post(`${AM}/${x.nummer}/revisies`)
      .set(bearer(repA))
      .send({ principes: [{ bestand: P4, tekst: loserText }], verwachteRevisie: winner.revisie })
      .expect(201);
    expect(gitLines(t, 'log', '--format=%H', `${x.basis}..refs/heads/amendementen/${x.nummer}`)).toEqual([amendment(retry).revisie, winner.revisie, x.revisie]);
    fsckClean(t);
  });
});

// =====================================================================================================

describe('amendments', () => {
  let t: TestApp;
  let eindhoven: TestUser;
  let eindhoven2: TestUser;
  let amsterdam: TestUser;
  let nijmegen: TestUser;
  let wg: TestUser;
  let wg2: TestUser;
  let wgOrg: TestUser;
  let sec: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await makeTestApp();
    eindhoven = await makeUser(t, 'vertegenwoordiger', 'GM0772', 'Eva Eindhoven');
    eindhoven2 = await makeUser(t, 'vertegenwoordiger', 'GM0772', 'Erik Eindhoven');
    amsterdam = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Arjen Amsterdam');
    nijmegen = await makeUser(t, 'vertegenwoordiger', 'GM0268', 'Nina Nijmegen');
    wg = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
    wg2 = await makeUser(t, 'werkgroeplid', null, 'Wanda Werkgroep');
    wgOrg = await makeUser(t, 'werkgroeplid', 'GM0855', 'Tom Tilburg');
    sec = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
    admin = await makeUser(t, 'beheerder', null, 'Bea Beheer');
  });
  afterAll(() => t.cleanup());

  describe('proposing', () => {
    it('creates branch amendementen/<n> from its base with one commit; numbers count up; Location and detail', async () => {
      const head = await draftHead(t);
      const tekst = replaceLine(await textAt(t, P1), P1_S6, 'Zij voldoet aan gemeentebrede standaarden en aan de wet- en regelgeving.');
      const res = await propose(t, eindhoven, { titel: 'Eenvoudiger geformuleerd', toelichting: 'Leesbaarder.', principes: [{ bestand: P1, tekst }] }).expect(201);
      const a = amendment(res);
      expect(res.headers.location).toBe(`${AM}/${a.nummer}`);
      expect(a).toMatchObject({
        document: 'digitale-stad',
        nummer: 1,
        titel: 'Eenvoudiger geformuleerd',
        toelichting: 'Leesbaarder.',
        status: 'ingediend',
        basis: head,
        tak: 'amendementen/1',
        indiener: { naam: 'Eva Eindhoven', organisatie: { code: 'GM0772', naam: 'Eindhoven' } },
        medeIndieners: [],
        beoordelingen: [],
        samenvoegbaar: true,
        besluit: null,
        geldigeGoedkeuringen: 0,
        reacties: [],
      });
      expect(a.revisies).toEqual([expect.objectContaining({ commit: a.revisie, basis: head, soort: 'voorstel' })]);
      expect(a.wijziging.gewijzigd).toBe(true);
      expect(a.wijziging.principes.map((p) => [p.soort, p.naar?.bestand])).toEqual([['gewijzigd', P1]]);
      expect(parentsOf(t, a.revisie)).toEqual([head]);
      // The motivation, then trailers naming the proposer's account and organisation (a rebuilt record is complete).
      expect(git(t, 'log', '-1', '--format=%an|%s|%b', a.revisie).trimEnd()).toBe(
        'Eva Eindhoven (Eindhoven)|Amendement 1: Eenvoudiger geformuleerd|Leesbaarder.\n\n' +
          `Amendement: 1\nIndiener: Eva Eindhoven\nIndiener-Account: ${eindhoven.id}\nOrganisatie: GM0772\nOrganisatie-Naam: Eindhoven`,
      );
      expect(git(t, 'show', `${a.revisie}:${P1}`)).toBe(tekst.replace(/\n$/, ''));
      // The draft did not move.
      expect(await draftHead(t)).toBe(head);

      // Working-group member: for their organisation by default, or for themselves; without one, for themselves.
      const forOrg = await propose(t, wgOrg, { titel: 'Tilburg', principes: [{ bestand: P1, tekst: replaceLine(tekst, P1_S3, 'De digitale infrastructuur draagt bij aan een leefbare stad.') }] }).expect(201);
      expect(amendment(forOrg)).toMatchObject({ nummer: 2, indiener: { naam: 'Tom Tilburg', organisatie: { code: 'GM0855', naam: 'Tilburg' } } });
      const forSelf = await propose(t, wgOrg, {
        titel: 'Persoonlijk',
        namens: 'persoon',
        principes: [{ bestand: P1, tekst: replaceLine(tekst, P1_S3, 'De digitale infrastructuur draagt bij aan een gezonde stad.') }],
      }).expect(201);
      expect(amendment(forSelf)).toMatchObject({ nummer: 3, indiener: { naam: 'Tom Tilburg', organisatie: null } });
      expect(git(t, 'log', '-1', '--format=%an', amendment(forSelf).revisie)).toBe('Tom Tilburg');
      const plain = await propose(t, wg, { titel: 'Zonder organisatie', principes: [{ bestand: P1, tekst: replaceLine(tekst, P1_S3, 'De digitale infrastructuur draagt bij aan een veilige stad.') }] }).expect(201);
      expect(amendment(plain)).toMatchObject({ nummer: 4, indiener: { naam: 'Wim Werkgroep', organisatie: null } });
      expect(auditActions(t, 1)).toEqual(['amendement-ingediend']);
      expect(t.stores.audit.entries().find((e) => e.object.id === 'digitale-stad#2')?.gegevens).toMatchObject({ organisatie: 'GM0855', revisie: amendment(forOrg).revisie, bestanden: [P1] });
    });

    it('only working-group members and representatives propose, and a representative only for their organisation', async () => {
      const before = snapshot(t);
      const principes = [{ bestand: P2, tekst: replaceLine(await textAt(t, P2), lineStarting(await textAt(t, P2), 'Samen, in co-creatie'), 'Samen, in co-creatie.') }];
      problem(await request(t.app).post(AM).send({ titel: 'Anoniem', toelichting: 'x', principes }).expect(401));
      problem(await propose(t, sec, { titel: 'Secretaris', principes }).expect(403));
      problem(await propose(t, admin, { titel: 'Beheerder', principes }).expect(403));
      problem(await propose(t, eindhoven, { titel: 'Persoonlijk', namens: 'persoon', principes }).expect(403));
      expect(fieldNames(await propose(t, wg, { titel: 'Geen organisatie', namens: 'organisatie', principes }).expect(400))).toEqual(['namens']);
      expect(fieldNames(await propose(t, wg, { titel: 'Onzin', namens: 'iedereen', principes }).expect(400))).toEqual(['namens']);
      expect(snapshot(t)).toEqual(before);
    });

    it('accepts an older commit of the draft as basis (full or abbreviated), and refuses one that is not on the draft', async () => {
      const head = await draftHead(t);
      const tekst = replaceLine(await textAt(t, P2), lineStarting(await textAt(t, P2), 'De marktpartijen'), 'Marktpartijen, instellingen, overheden en bewoners maken en gebruiken de infrastructuur samen.');
      const res = await propose(t, eindhoven, { titel: 'Met korte basis', basis: head.slice(0, 10), principes: [{ bestand: P2, tekst }] }).expect(201);
      expect(amendment(res).basis).toBe(head);
      const nummers = t.stores.amendments.all().map((a) => a.nummer);
      const before = snapshot(t);
      // A revision on an amendment branch is a commit of the repository but not of the draft.
      const notOnDraft = await propose(t, eindhoven, { titel: 'Verkeerde basis', basis: amendment(res).revisie, principes: [{ bestand: P2, tekst }] }).expect(400);
      expect(fieldNames(notOnDraft)).toEqual(['basis']);
      expect(fieldNames(await propose(t, eindhoven, { titel: 'Onbekende basis', basis: 'a'.repeat(40), principes: [{ bestand: P2, tekst }] }).expect(400))).toEqual(['basis']);
      expect(fieldNames(await propose(t, eindhoven, { titel: 'Geen commit', basis: 'main', principes: [{ bestand: P2, tekst }] }).expect(400))).toEqual(['basis']);
      expect(snapshot(t)).toEqual(before);
      // Refused proposals use no number.
      const next = await propose(t, eindhoven, { titel: 'Volgende', principes: [{ bestand: P2, tekst: `${tekst.replace(/\n$/, '')}\nEen extra zin.\n` }] }).expect(201);
      expect(amendment(next).nummer).toBe(Math.max(...nummers) + 1);
    });

    it('bad input is a clear 4xx and changes nothing', async () => {
      const p3 = await textAt(t, P3);
      const changed = replaceLine(p3, P3_S4, 'Deze zijn altijd leidend.');
      const cases: [ProposeBody, number, string[]][] = [
        [{ titel: '', principes: [{ bestand: P3, tekst: changed }] }, 400, ['titel']],
        [{ titel: '   ', principes: [{ bestand: P3, tekst: changed }] }, 400, ['titel']],
        [{ titel: 'x'.repeat(201), principes: [{ bestand: P3, tekst: changed }] }, 400, ['titel']],
        // The title becomes the subject line of the commit: one line.
        [{ titel: 'Regel een\nRegel twee', principes: [{ bestand: P3, tekst: changed }] }, 400, ['titel']],
        [{ titel: 'Met\u0000nul', principes: [{ bestand: P3, tekst: changed }] }, 400, ['titel']],
        [{ titel: 'Nul in toelichting', toelichting: 'a\u0000b', principes: [{ bestand: P3, tekst: changed }] }, 400, ['toelichting']],
        [{ titel: 'Geen tekst', principes: [] }, 400, ['principes']],
        [{ titel: 'Geen principes' }, 400, ['principes']],
        [{ titel: 'Lege tekst', principes: [{ bestand: P3, tekst: '' }] }, 400, ['principes.0.tekst']],
        [{ titel: 'Witruimte', principes: [{ bestand: P3, tekst: '  \n\n ' }] }, 400, ['principes.0.tekst']],
        [{ titel: 'Zonder titelregel', principes: [{ bestand: P3, tekst: 'Alleen een zin.' }] }, 400, ['principes.0.tekst']],
        [{ titel: 'Geen principe', principes: [{ bestand: 'document.yml', tekst: 'titel: Iets anders' }] }, 400, ['principes.0.bestand']],
        [{ titel: 'Pad', principes: [{ bestand: '../03-open-en-bekende-technologie.md', tekst: changed }] }, 400, ['principes.0.bestand']],
        [{ titel: 'Map', principes: [{ bestand: 'sub/05-nieuw.md', tekst: '# Nieuw\n' }] }, 400, ['principes.0.bestand']],
        [{ titel: 'Onbekend bestand weg', principes: [{ bestand: '09-bestaat-niet.md', tekst: null }] }, 400, ['principes.0.bestand']],
        [{ titel: 'Dubbel', principes: [{ bestand: P3, tekst: changed }, { bestand: P3, tekst: changed }] }, 400, ['principes.1.bestand']],
        [{ titel: 'Geen tekstveld', principes: [{ bestand: P3 }] }, 400, ['principes.0.tekst']],
        // Identical to its base, also after normalisation (two sentences on one line become two lines again).
        [{ titel: 'Gelijk', principes: [{ bestand: P3, tekst: p3 }] }, 400, ['principes']],
        [{ titel: 'Gelijk na normalisatie', principes: [{ bestand: P3, tekst: p3.replace(`${P3_S4}\n`, `${P3_S4} `) }] }, 400, ['principes']],
      ];
      const before = snapshot(t);
      for (const [body, status, fields] of cases) {
        const res = await propose(t, eindhoven, body);
        expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(status);
        expect(fieldNames(res), JSON.stringify(body).slice(0, 200)).toEqual(fields);
      }
      // Over 1 MB: 413 before anything is parsed.
      const huge = await propose(t, eindhoven, { titel: 'Te groot', principes: [{ bestand: P3, tekst: `# Groot\n\n${'Een zin. '.repeat(120_000)}` }] });
      expect(huge.status).toBe(413);
      expect(problem(huge).code).toBe('payload_too_large');
      problem(await request(t.app).post(AM).set(bearer(eindhoven)).set('Content-Type', 'application/json').send('{"titel": ').expect(400));
      problem(await request(t.app).post('/api/v1/documenten/bestaat-niet/amendementen').set(bearer(eindhoven)).send({ titel: 'x', toelichting: 'y', principes: [{ bestand: P3, tekst: changed }] }).expect(404));
      expect(snapshot(t)).toEqual(before);
    });

    it('stores Markdown with HTML, javascript: links and script as text', async () => {
      const tekst = [
        '# Veilig <em>ontwerp</em>',
        '',
        'Een zin met <script>alert("x")</script> erin.',
        'Een [link](javascript:alert(1)) en een <img src=x onerror="alert(1)"> afbeelding.',
        '',
      ].join('\n');
      const res = await propose(t, amsterdam, {
        titel: '<b>Nieuw</b> principe',
        toelichting: '<script>alert(2)</script>',
        principes: [{ bestand: '05-veilig-ontwerp.md', tekst }],
      }).expect(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const a = amendment(res);
      expect(a.titel).toBe('<b>Nieuw</b> principe');
      expect(a.toelichting).toBe('<script>alert(2)</script>');
      expect(git(t, 'show', `${a.revisie}:05-veilig-ontwerp.md`)).toBe(tekst.replace(/\n$/, ''));
      expect(a.wijziging.principes.map((p) => [p.soort, p.naar?.bestand])).toEqual([['toegevoegd', '05-veilig-ontwerp.md']]);
      const raw = JSON.stringify(a.wijziging);
      expect(raw).toContain('<script>alert(\\"x\\")</script>');
      expect(raw).toContain('javascript:alert(1)');
      expect(await textAt(t, '05-veilig-ontwerp.md', a.revisie)).toBe(tekst);
      // The list filter finds a principle that the amendment adds.
      const list = await request(t.app).get(`${AM}?bestand=05-veilig-ontwerp.md`).expect(200);
      expect(list.body.items.map((x: AmendmentBody) => x.nummer)).toEqual([a.nummer]);
    });
  });

  describe('numbering', () => {
    it('numbers count up per document', async () => {
      const sig = { name: 'Test', email: 'test@example.org', timestamp: Math.floor(Date.now() / 1000), timezoneOffset: 0 };
      await t.store.create('tweede-document', {
        files: { 'document.yml': 'titel: Tweede document\n', '01-een-principe.md': '# Een principe\n\nEen zin.\n' },
        author: sig,
        message: 'Tweede document',
        version: { naam: '1.0', message: 'Eerste versie', tagger: sig },
      });
      const own = Math.max(...t.stores.amendments.all().filter((a) => a.document === 'digitale-stad').map((a) => a.nummer));
      const other = '/api/v1/documenten/tweede-document/amendementen';
      const body = (zin: string) => ({ titel: zin, toelichting: 'x', principes: [{ bestand: '01-een-principe.md', tekst: `# Een principe\n\n${zin}\n` }] });
      const first = await request(t.app).post(other).set(bearer(eindhoven)).send(body('Een andere zin.')).expect(201);
      expect(first.body.nummer).toBe(1);
      expect(first.headers.location).toBe(`${other}/1`);
      expect((await request(t.app).post(other).set(bearer(eindhoven)).send(body('Nog een zin.')).expect(201)).body.nummer).toBe(2);
      expect((await request(t.app).get(other).expect(200)).body.items.map((a: AmendmentBody) => [a.document, a.nummer])).toEqual([
        ['tweede-document', 2],
        ['tweede-document', 1],
      ]);
      // The first document's numbers are its own.
      const next = await proposeSentence(t, eindhoven, P1, P1_S6, 'Zij volgt de standaarden.', 'Doortellen');
      expect(next.nummer).toBe(own + 1);
      expect((await request(t.app).get(`${AM}/${next.nummer}`).expect(200)).body.document).toBe('digitale-stad');
      expect(gitRun(t, ['rev-parse', '--verify', '-q', 'refs/heads/amendementen/1']).status).toBe(0);
      const otherRepo = path.join(t.dataDir, 'documents', 'tweede-document.git');
      expect(spawnSync('git', ['--git-dir', otherRepo, 'for-each-ref', '--format=%(refname)', 'refs/heads/amendementen/'], { encoding: 'utf8' }).stdout.trim().split('\n')).toEqual([
        'refs/heads/amendementen/1',
        'refs/heads/amendementen/2',
      ]);
    });
  });

  describe('revisions', () => {
    let n = 0;
    let rev1 = '';
    let rev2 = '';
    const first = 'De infrastructuur is goed beschikbaar, toegankelijk, toekomstvast en veilig.';
    const second = 'De infrastructuur is beschikbaar en toegankelijk voor iedereen, toekomstvast en veilig.';

    it('the proposer (or a representative of the same organisation) saves a new text as a commit on the branch', async () => {
      const a = await proposeSentence(t, eindhoven, P1, P1_S5, first, 'Beschikbaarheid');
      n = a.nummer;
      rev1 = a.revisie;
      const res = await reviseSentence(t, eindhoven2, n, P1, first, second);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const b = amendment(res);
      rev2 = b.revisie;
      expect(b.basis).toBe(a.basis);
      expect(b.revisies.map((r) => [r.commit, r.soort, r.door.naam])).toEqual([
        [rev1, 'voorstel', 'Eva Eindhoven'],
        [rev2, 'tekst', 'Erik Eindhoven'],
      ]);
      expect(parentsOf(t, rev2)).toEqual([rev1]);
      expect(git(t, 'log', '-1', '--format=%an|%s', rev2)).toBe(`Erik Eindhoven (Eindhoven)|Amendement ${n}: nieuwe revisie`);
      expect(git(t, 'rev-parse', `refs/heads/amendementen/${n}`)).toBe(rev2);
      expect(auditActions(t, n)).toEqual(['amendement-ingediend', 'amendement-herzien']);
      const list = await request(t.app).get(`${AM}/${n}/revisies`).expect(200);
      expect(list.body).toEqual({ items: b.revisies, volgende: null });
    });

    it('compares two revisions', async () => {
      const cmp = await request(t.app).get(`${AM}/${n}/vergelijking?van=${rev1}&naar=${rev2.slice(0, 8)}`).expect(200);
      expect(cmp.body.gewijzigd).toBe(true);
      const p1 = (cmp.body.principes as { soort: string; naar: { bestand: string } | null; regels: { soort: string; van?: string; naar?: string }[] }[]).find((p) => p.naar?.bestand === P1);
      expect(p1?.soort).toBe('gewijzigd');
      expect(p1?.regels.filter((r) => r.soort !== 'gelijk')).toEqual([expect.objectContaining({ soort: 'gewijzigd', van: first, naar: second })]);
      const same = await request(t.app).get(`${AM}/${n}/vergelijking?van=${rev2}&naar=${rev2}`).expect(200);
      expect(same.body.gewijzigd).toBe(false);
      // A commit of another amendment, or of the draft, is no revision of this one.
      const other = (await getAmendment(t, 1)).revisie;
      problem(await request(t.app).get(`${AM}/${n}/vergelijking?van=${other}&naar=${rev2}`).expect(404));
      expect(fieldNames(await request(t.app).get(`${AM}/${n}/vergelijking?van=xyz&naar=${rev2}`).expect(400))).toEqual(['van']);
      expect(fieldNames(await request(t.app).get(`${AM}/${n}/vergelijking?van=${rev1}`).expect(400))).toEqual(['naar']);
      problem(await request(t.app).get(`${AM}/999/vergelijking?van=${rev1}&naar=${rev2}`).expect(404));
    });

    it('refuses others, stale, unchanged and identical-to-base revisions, without a trace', async () => {
      const base = await textAt(t, P1, rev2);
      const before = snapshot(t);
      const body = (tekst: string, verwachteRevisie = rev2) => ({ principes: [{ bestand: P1, tekst }], verwachteRevisie });
      const other = replaceLine(base, second, 'Een andere zin.');
      problem(await request(t.app).post(`${AM}/${n}/revisies`).send(body(other)).expect(401));
      for (const u of [wg, amsterdam, sec, admin]) problem(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(u)).send(body(other)).expect(403));
      const stale = await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body(other, rev1)).expect(409);
      expect(problem(stale)).toMatchObject({ code: 'stale_head', data: { expected: rev1, actual: rev2 } });
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body(base)).expect(400))).toEqual(['principes']);
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body(replaceLine(base, second, P1_S5))).expect(400))).toEqual(['principes']);
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send({ principes: [{ bestand: P1, tekst: other }] }).expect(400))).toEqual(['verwachteRevisie']);
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body(other, 'abc')).expect(400))).toEqual(['verwachteRevisie']);
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body('')).expect(400))).toEqual(['principes.0.tekst']);
      const tooBig = await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send(body(`# Groot\n\n${'Een zin. '.repeat(120_000)}`));
      expect(tooBig.status).toBe(413);
      // Updating onto the draft when it already is on the draft (nothing has been merged yet).
      expect((await getAmendment(t, n)).basis).toBe(await draftHead(t));
      problem(await request(t.app).post(`${AM}/${n}/revisies`).set(bearer(eindhoven)).send({ verwachteRevisie: rev2 }).expect(409));
      problem(await request(t.app).post(`${AM}/999/revisies`).set(bearer(eindhoven)).send(body(other)).expect(404));
      problem(await request(t.app).post(`${AM}/nul/revisies`).set(bearer(eindhoven)).send(body(other)).expect(404));
      expect(snapshot(t)).toEqual(before);
    });
  });

  describe('reviews: pinned to a revision, stale when the change changes, valid after a clean update', () => {
    let x = 0;
    let y = 0;
    const first = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde, veilige en duurzame stad.';
    const second = 'De digitale infrastructuur draagt bij aan een leefbare, gezonde, veilige en duurzame stad.';

    it('an approval counts for the revision it was given to', async () => {
      const a = await proposeSentence(t, amsterdam, P1, P1_S3, first, 'Duurzaam');
      x = a.nummer;
      const reviewed = await approve(t, wg, x);
      expect(reviewed.beoordelingen).toEqual([expect.objectContaining({ oordeel: 'akkoord', revisie: a.revisie, geldig: true, door: { naam: 'Wim Werkgroep', organisatie: null } })]);
      expect(reviewed.geldigeGoedkeuringen).toBe(1);
      // A review may name the revision it read; an old one is refused.
      const stale = await request(t.app).post(`${AM}/${x}/beoordelingen`).set(bearer(wg2)).send({ oordeel: 'akkoord', toelichting: 'Goed.', revisie: 'f'.repeat(40) }).expect(409);
      expect(problem(stale).code).toBe('stale_head');
    });

    it('a revision that changes what the amendment changes makes it stale', async () => {
      const a = await getAmendment(t, x);
      const res = await reviseSentence(t, amsterdam, x, P1, first, second);
      expect(res.status).toBe(201);
      const b = amendment(res);
      expect(b.beoordelingen).toEqual([expect.objectContaining({ revisie: a.revisie, geldig: false })]);
      expect(b.geldigeGoedkeuringen).toBe(0);
      const refused = await decide(t, sec, x, { besluit: 'overnemen', verwachteRevisie: b.revisie }).expect(409);
      expect(problem(refused)).toMatchObject({ code: 'conflict', data: { approvals: 0, required: 1 } });
      // A new approval of the new revision; per reviewer only the newest counts.
      const again = await request(t.app).post(`${AM}/${x}/beoordelingen`).set(bearer(wg)).send({ oordeel: 'akkoord', toelichting: 'Nog steeds goed.', revisie: b.revisie }).expect(201);
      expect(amendment(again).beoordelingen.map((r) => [r.revisie, r.geldig])).toEqual([
        [a.revisie, false],
        [b.revisie, true],
      ]);
      expect(amendment(again).geldigeGoedkeuringen).toBe(1);
    });

    it('an update onto a draft changed elsewhere keeps the change identical: the approval stays valid', async () => {
      const before = await getAmendment(t, x);
      // Meanwhile the draft changes elsewhere (principle 4).
      const other = await proposeSentence(t, nijmegen, P4, P4_S5, 'Data uit de publieke ruimte is een publiek goed.', 'Publiek goed');
      y = other.nummer;
      await approve(t, wg2, y);
      const mergedY = await merge(t, sec, y);
      const head = await draftHead(t);
      expect(head).toBe(mergedY.besluit?.commit);

      const stillMergeable = await getAmendment(t, x);
      expect(stillMergeable).toMatchObject({ samenvoegbaar: true, basis: before.basis });
      const res = await request(t.app).post(`${AM}/${x}/revisies`).set(bearer(amsterdam)).send({ verwachteRevisie: before.revisie }).expect(201);
      const updated = amendment(res);
      expect(updated.basis).toBe(head);
      expect(updated.revisies.map((r) => r.soort)).toEqual(['voorstel', 'tekst', 'bijwerken']);
      expect(updated.beoordelingen.at(-1)).toMatchObject({ revisie: before.revisie, geldig: true });
      expect(updated.geldigeGoedkeuringen).toBe(1);
      expect(parentsOf(t, updated.revisie)).toEqual([before.revisie, head]);
      expect(git(t, 'log', '-1', '--format=%s', updated.revisie)).toBe(`Amendement ${x}: bijgewerkt naar het huidige concept`);
      // The updated revision has both the draft's change and its own.
      expect(git(t, 'show', `${updated.revisie}:${P4}`).split('\n')).toContain('Data uit de publieke ruimte is een publiek goed.');
      expect(git(t, 'show', `${updated.revisie}:${P1}`).split('\n')).toContain(second);
      // Its diff is still only its own change.
      expect(updated.wijziging.principes.map((p) => p.naar?.bestand)).toEqual([P1]);
      // Already on the current draft: nothing to update.
      problem(await request(t.app).post(`${AM}/${x}/revisies`).set(bearer(amsterdam)).send({ verwachteRevisie: updated.revisie }).expect(409));

      const decided = await merge(t, sec, x);
      const m = decided.besluit?.commit ?? '';
      expect(parentsOf(t, m)).toEqual([head, updated.revisie]);
      expect(git(t, 'rev-parse', `${m}^{tree}`)).toBe(git(t, 'rev-parse', `${updated.revisie}^{tree}`));
      expectGitAgreesWithMerge(t, m);
      expect(auditActions(t, x)).toEqual([
        'amendement-ingediend',
        'amendement-beoordeeld',
        'amendement-herzien',
        'amendement-beoordeeld',
        'amendement-bijgewerkt',
        'amendement-overgenomen',
      ]);
      fsckClean(t);
    });

    it('the same text again "op het concept" while the draft did not move is refused as unchanged; the approval stays', async () => {
      const p2 = await textAt(t, P2);
      const s4 = lineStarting(p2, 'Samen, in co-creatie');
      const a = await proposeSentence(t, amsterdam, P2, s4, 'Samen, in co-creatie of alleen, waar dat wenselijk of nodig is.', 'Co-creatie');
      await approve(t, wg, a.nummer);
      const same = await request(t.app)
        .post(`${AM}/${a.nummer}/revisies`)
        .set(bearer(amsterdam))
        .send({ principes: [{ bestand: P2, tekst: await textAt(t, P2, a.revisie) }], verwachteRevisie: a.revisie, opConcept: true })
        .expect(400);
      expect(fieldNames(same)).toEqual(['principes']);
      expect((await getAmendment(t, a.nummer)).geldigeGoedkeuringen).toBe(1);
    });

    it('refuses a review of one’s own amendment, by other roles, with bad input', async () => {
      const own = await proposeSentence(t, wg2, P2, lineStarting(await textAt(t, P2), 'De marktpartijen'), 'De marktpartijen en bewoners zijn producent en consument.', 'Eigen');
      const before = snapshot(t);
      const body = { oordeel: 'akkoord', toelichting: 'Prima.' };
      const ownRes = await request(t.app).post(`${AM}/${own.nummer}/beoordelingen`).set(bearer(wg2)).send(body).expect(403);
      expect(problem(ownRes).code).toBe('not_allowed');
      for (const u of [eindhoven, sec, admin]) problem(await request(t.app).post(`${AM}/${own.nummer}/beoordelingen`).set(bearer(u)).send(body).expect(403));
      problem(await request(t.app).post(`${AM}/${own.nummer}/beoordelingen`).send(body).expect(401));
      expect(fieldNames(await request(t.app).post(`${AM}/${own.nummer}/beoordelingen`).set(bearer(wg)).send({ oordeel: 'misschien', toelichting: 'Hm.' }).expect(400))).toEqual(['oordeel']);
      expect(fieldNames(await request(t.app).post(`${AM}/${own.nummer}/beoordelingen`).set(bearer(wg)).send({ oordeel: 'wijzigen', toelichting: ' ' }).expect(400))).toEqual(['toelichting']);
      expect(snapshot(t)).toEqual(before);
      // "wijzigen" is a review, but no approval.
      const asked = await approve(t, wg, own.nummer, 'wijzigen');
      expect(asked.geldigeGoedkeuringen).toBe(0);
      expect(problem(await decide(t, sec, own.nummer, { besluit: 'overnemen', verwachteRevisie: own.revisie }).expect(409)).data).toEqual({ approvals: 0, required: 1 });
    });
  });

  describe('resolving a conflict against the draft keeps the amendment’s other changes', () => {
    it('only the conflicting principle is sent with opConcept; the change to another principle stays', async () => {
      const p1 = await textAt(t, P1);
      const p4 = await textAt(t, P4);
      const s4 = lineStarting(p1, 'De infrastructuur is er voor iedereen');
      const p4s3 = lineStarting(p4, 'Data is ‘open en gedeeld');
      // Amendment A changes a sentence of principle 1 and one of principle 4.
      const a = await propose(t, eindhoven, {
        titel: 'Twee principes',
        principes: [
          { bestand: P1, tekst: replaceLine(p1, s4, 'De infrastructuur is er voor iedereen.') },
          { bestand: P4, tekst: replaceLine(p4, p4s3, 'Data is open en gedeeld, tenzij de wet iets anders zegt.') },
        ],
      }).expect(201);
      const am = amendment(a);
      // Amendment B changes the same sentence of principle 1 and is merged first.
      const b = await proposeSentence(t, nijmegen, P1, s4, 'De infrastructuur is er voor alle inwoners.', 'Alle inwoners');
      await approve(t, wg, b.nummer);
      await merge(t, sec, b.nummer);
      const conflict = await getAmendment(t, am.nummer);
      expect(conflict.samenvoegbaar).toBe(false);
      expect(conflict.conflicten.map((c) => c.bestand)).toEqual([P1]);
      // The proposer resolves principle 1 only.
      const resolved = replaceLine(await textAt(t, P1), 'De infrastructuur is er voor alle inwoners.', 'De infrastructuur is er voor alle inwoners en bezoekers.');
      const res = await request(t.app)
        .post(`${AM}/${am.nummer}/revisies`)
        .set(bearer(eindhoven))
        .send({ principes: [{ bestand: P1, tekst: resolved }], verwachteRevisie: am.revisie, opConcept: true })
        .expect(201);
      const after = amendment(res);
      expect(after.samenvoegbaar).toBe(true);
      expect(git(t, 'show', `${after.revisie}:${P4}`).split('\n')).toContain('Data is open en gedeeld, tenzij de wet iets anders zegt.');
      expect(after.wijziging.principes.map((p) => p.naar?.bestand).sort()).toEqual([P1, P4]);
      expect(t.stores.audit.entries().at(-1)).toMatchObject({ actie: 'amendement-herzien', gegevens: { opConcept: true, revisie: after.revisie } });
    });

    it('a principle the amendment added can be dropped while resolving', async () => {
      const p1 = await textAt(t, P1);
      const s5 = lineStarting(p1, 'De infrastructuur is goed beschikbaar');
      const NEW = '09-extra-principe.md';
      const a = await propose(t, eindhoven, {
        titel: 'Nieuw principe en een zin',
        principes: [
          { bestand: P1, tekst: replaceLine(p1, s5, 'De infrastructuur is altijd beschikbaar.') },
          { bestand: NEW, tekst: '# Extra principe\n\nEen extra principe.\n' },
        ],
      }).expect(201);
      const am = amendment(a);
      const b = await proposeSentence(t, nijmegen, P1, s5, 'De infrastructuur is overal beschikbaar.', 'Overal');
      await approve(t, wg, b.nummer);
      await merge(t, sec, b.nummer);
      const resolved = replaceLine(await textAt(t, P1), 'De infrastructuur is overal beschikbaar.', 'De infrastructuur is overal en altijd beschikbaar.');
      const res = await request(t.app)
        .post(`${AM}/${am.nummer}/revisies`)
        .set(bearer(eindhoven))
        .send({ principes: [{ bestand: P1, tekst: resolved }, { bestand: NEW, tekst: null }], verwachteRevisie: am.revisie, opConcept: true })
        .expect(201);
      const after = amendment(res);
      expect(git(t, 'ls-tree', '--name-only', after.revisie).split('\n')).not.toContain(NEW);
      expect(after.wijziging.principes.map((p) => p.naar?.bestand)).toEqual([P1]);
    });
  });

  describe('co-signing', () => {
    let n = 0;
    it('a representative co-signs for their own organisation, not twice, not the proposer’s organisation; and withdraws', async () => {
      const a = await proposeSentence(t, eindhoven, P2, lineStarting(await textAt(t, P2), 'De overheid regisseert'), 'De overheid regisseert waar dat nodig is.', 'Regie');
      n = a.nummer;
      const res = await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(amsterdam)).expect(201);
      expect(res.headers.location).toBe(`${AM}/${n}`);
      expect(amendment(res).medeIndieners).toEqual([expect.objectContaining({ organisatie: { code: 'GM0363', naam: 'Amsterdam' } })]);
      const before = snapshot(t);
      expect(problem(await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(amsterdam)).expect(409)).code).toBe('conflict');
      for (const u of [eindhoven, eindhoven2, wg, wgOrg, sec, admin]) {
        problem(await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(u)).expect(403));
      }
      problem(await request(t.app).post(`${AM}/${n}/mede-indieners`).expect(401));
      expect(snapshot(t)).toEqual(before);

      await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(nijmegen)).expect(201);
      const withdrawn = await request(t.app).post(`${AM}/${n}/mede-indieners/intrekking`).set(bearer(amsterdam)).expect(200);
      expect(amendment(withdrawn).medeIndieners.map((m) => m.organisatie.code)).toEqual(['GM0268']);
      problem(await request(t.app).post(`${AM}/${n}/mede-indieners/intrekking`).set(bearer(amsterdam)).expect(409));
      problem(await request(t.app).post(`${AM}/${n}/mede-indieners/intrekking`).set(bearer(eindhoven)).expect(403));
      const again = await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(amsterdam)).expect(201);
      expect(amendment(again).medeIndieners.map((m) => m.organisatie.code)).toEqual(['GM0268', 'GM0363']);
      expect(auditActions(t, n)).toEqual(['amendement-ingediend', 'amendement-mede-ingediend', 'amendement-mede-ingediend', 'amendement-mede-indiening-ingetrokken', 'amendement-mede-ingediend']);
      const entry = t.stores.audit.entries().find((e) => e.actie === 'amendement-mede-indiening-ingetrokken' && e.object.id === `digitale-stad#${n}`);
      expect(entry?.gegevens).toEqual({ organisatie: 'GM0363' });
    });

    it('a personal amendment of a working-group member can be co-signed by that member’s organisation', async () => {
      const a = await propose(t, wgOrg, {
        titel: 'Persoonlijk voorstel',
        namens: 'persoon',
        principes: [{ bestand: P2, tekst: replaceLine(await textAt(t, P2), lineStarting(await textAt(t, P2), 'De marktpartijen'), 'Iedereen is producent en consument.') }],
      }).expect(201);
      const tilburg = await makeUser(t, 'vertegenwoordiger', 'GM0855');
      await request(t.app).post(`${AM}/${amendment(a).nummer}/mede-indieners`).set(bearer(tilburg)).expect(201);
      // ...while the organisation's representative cannot act as its proposer.
      problem(await request(t.app).post(`${AM}/${amendment(a).nummer}/intrekking`).set(bearer(tilburg)).send({ reden: 'Niet van ons.' }).expect(403));
    });
  });

  describe('comments', () => {
    it('anchored to a sentence of the current revision, or not; an unknown sentence is 400', async () => {
      const a = await proposeSentence(t, amsterdam, P3, P3_S4, 'Deze standaarden zijn leidend.', 'Duidelijker');
      const n = a.nummer;
      const anchored = await request(t.app)
        .post(`${AM}/${n}/reacties`)
        .set(bearer(wg))
        .send({ tekst: 'Welke standaarden?', anker: { bestand: P3, zin: 'Deze standaarden zijn leidend.' } })
        .expect(201);
      expect(anchored.body).toMatchObject({ tekst: 'Welke standaarden?', anker: { bestand: P3, zin: 'Deze standaarden zijn leidend.', revisie: a.revisie }, door: { naam: 'Wim Werkgroep', organisatie: null } });
      expect(anchored.headers.location).toBe(`${AM}/${n}#${anchored.body.id as string}`);
      for (const u of [sec, admin, eindhoven, amsterdam]) await request(t.app).post(`${AM}/${n}/reacties`).set(bearer(u)).send({ tekst: `Reactie <script>x</script> van ${u.email}` }).expect(201);
      const before = snapshot(t);
      const bad: [Record<string, unknown>, string[]][] = [
        [{ tekst: 'x', anker: { bestand: P3, zin: 'Deze zin bestaat niet.' } }, ['anker']],
        [{ tekst: 'x', anker: { bestand: P3, zin: P3_S4 } }, ['anker']], // the base's sentence, not in this revision
        [{ tekst: 'x', anker: { bestand: '09-onbekend.md', zin: 'Deze standaarden zijn leidend.' } }, ['anker']],
        [{ tekst: 'x', anker: { bestand: 'document.yml', zin: 'nummering: doorlopend' } }, ['anker']],
        [{ tekst: 'x', anker: { bestand: P3, zin: '' } }, ['anker']],
        [{ tekst: '' }, ['tekst']],
        [{ tekst: '   ' }, ['tekst']],
        [{}, ['tekst']],
      ];
      for (const [body, fields] of bad) expect(fieldNames(await request(t.app).post(`${AM}/${n}/reacties`).set(bearer(wg)).send(body).expect(400)), JSON.stringify(body)).toEqual(fields);
      problem(await request(t.app).post(`${AM}/${n}/reacties`).send({ tekst: 'anoniem' }).expect(401));
      problem(await request(t.app).post(`${AM}/999/reacties`).set(bearer(wg)).send({ tekst: 'x' }).expect(404));
      expect(snapshot(t)).toEqual(before);
      const detail = await getAmendment(t, n);
      expect(detail.reacties.map((r) => r.door.naam)).toEqual(['Wim Werkgroep', 'Sanne Secretaris', 'Bea Beheer', 'Eva Eindhoven', 'Arjen Amsterdam']);
      expect(detail.reacties[1]?.tekst).toBe(`Reactie <script>x</script> van ${sec.email}`);
      expect(detail.reacties[0]?.anker).toEqual({ bestand: P3, zin: 'Deze standaarden zijn leidend.', revisie: a.revisie });
      expect(auditActions(t, n).filter((x) => x === 'amendement-reactie')).toHaveLength(5);
      expect(t.stores.audit.entries().find((e) => e.actie === 'amendement-reactie' && e.object.id === `digitale-stad#${n}`)?.gegevens).toMatchObject({ anker: { bestand: P3 } });
      expect(detail.reacties.map((r) => r.verouderd)).toEqual([false, false, false, false, false]);
    });

    it('a comment whose sentence a later revision removed is verouderd in the API, with the sentence it was about', async () => {
      const a = await proposeSentence(t, amsterdam, P3, P3_S4, 'Deze standaarden zijn altijd leidend.', 'Nog duidelijker');
      await request(t.app).post(`${AM}/${a.nummer}/reacties`).set(bearer(wg)).send({ tekst: 'Waarom altijd?', anker: { bestand: P3, zin: 'Deze standaarden zijn altijd leidend.' } }).expect(201);
      await request(t.app).post(`${AM}/${a.nummer}/reacties`).set(bearer(wg)).send({ tekst: 'Zonder anker.' }).expect(201);
      expect((await getAmendment(t, a.nummer)).reacties.map((r) => r.verouderd)).toEqual([false, false]);
      expect((await reviseSentence(t, amsterdam, a.nummer, P3, 'Deze standaarden zijn altijd leidend.', 'Deze standaarden zijn meestal leidend.')).status).toBe(201);
      const after = await getAmendment(t, a.nummer);
      expect(after.reacties.map((r) => [r.tekst, r.verouderd, r.anker?.zin ?? null])).toEqual([
        ['Waarom altijd?', true, 'Deze standaarden zijn altijd leidend.'],
        ['Zonder anker.', false, null],
      ]);
    });
  });

  describe('decisions', () => {
    it('overnemen needs the expected revision, a valid approval and no conflict; reject and decide twice', async () => {
      const a = await proposeSentence(t, nijmegen, P4, lineStarting(await textAt(t, P4), 'De data over de bewoner'), 'De data over de bewoner is van de bewoner.', 'Eigendom');
      const n = a.nummer;
      const before = snapshot(t);
      expect(fieldNames(await decide(t, sec, n, { besluit: 'overnemen' }).expect(400))).toEqual(['verwachteRevisie']);
      expect(fieldNames(await decide(t, sec, n, { besluit: 'misschien' }).expect(400))).toEqual(['besluit']);
      expect(fieldNames(await decide(t, sec, n, { besluit: 'verwerpen', reden: '' }).expect(400))).toEqual(['reden']);
      expect(fieldNames(await decide(t, sec, n, { besluit: 'verwerpen', reden: 'a\u0000b' }).expect(400))).toEqual(['reden']);
      expect(problem(await decide(t, sec, n, { besluit: 'overnemen', verwachteRevisie: a.revisie }).expect(409)).data).toEqual({ approvals: 0, required: 1 });
      for (const u of [wg, eindhoven, nijmegen, admin]) problem(await decide(t, u, n, { besluit: 'verwerpen' }).expect(403));
      problem(await request(t.app).post(`${AM}/${n}/besluit`).send({ besluit: 'verwerpen', reden: 'x' }).expect(401));
      await approve(t, wg, n);
      const afterReview = snapshot(t);
      expect(afterReview.audit).toBe(before.audit + 1);
      const stale = await decide(t, sec, n, { besluit: 'overnemen', verwachteRevisie: 'e'.repeat(40) }).expect(409);
      expect(problem(stale)).toMatchObject({ code: 'stale_head', data: { expected: 'e'.repeat(40), actual: a.revisie } });
      problem(await decide(t, sec, n, { besluit: 'verwerpen', verwachteRevisie: 'e'.repeat(40) }).expect(409));
      expect(snapshot(t)).toEqual(afterReview);

      const main = git(t, 'rev-parse', 'main');
      const rejected = amendment(await decide(t, sec, n, { besluit: 'verwerpen', reden: 'Past niet bij de principes.' }).expect(200));
      expect(rejected).toMatchObject({ status: 'verworpen', samenvoegbaar: false, besluit: { besluit: 'verworpen', reden: 'Past niet bij de principes.', door: { naam: 'Sanne Secretaris' } } });
      expect(git(t, 'rev-parse', 'main')).toBe(main);
      expect(git(t, 'rev-parse', `refs/heads/amendementen/${n}`)).toBe(a.revisie);
      const decided = snapshot(t);
      for (const body of [{ besluit: 'overnemen', verwachteRevisie: a.revisie }, { besluit: 'verwerpen' }]) {
        const twice = await decide(t, sec, n, body).expect(409);
        expect(problem(twice)).toMatchObject({ code: 'conflict', data: { status: 'verworpen' } });
      }
      expect(snapshot(t)).toEqual(decided);
      expect(auditActions(t, n)).toEqual(['amendement-ingediend', 'amendement-beoordeeld', 'amendement-verworpen']);
    });
  });

  describe('withdrawal', () => {
    it('the proposer withdraws; afterwards every action on it is 409 and changes nothing', async () => {
      const a = await proposeSentence(t, wg2, P3, P3_S5, 'Bewoners weten welke apparatuur er in hun omgeving hangt.', 'Apparatuur');
      const n = a.nummer;
      await request(t.app).post(`${AM}/${n}/mede-indieners`).set(bearer(amsterdam)).expect(201);
      problem(await request(t.app).post(`${AM}/${n}/intrekking`).set(bearer(wg)).send({ reden: 'Niet van mij.' }).expect(403));
      problem(await request(t.app).post(`${AM}/${n}/intrekking`).set(bearer(sec)).send({ reden: 'x' }).expect(403));
      expect(fieldNames(await request(t.app).post(`${AM}/${n}/intrekking`).set(bearer(wg2)).send({ reden: '' }).expect(400))).toEqual(['reden']);
      const res = await request(t.app).post(`${AM}/${n}/intrekking`).set(bearer(wg2)).send({ reden: 'Achterhaald.' }).expect(200);
      expect(amendment(res)).toMatchObject({ status: 'ingetrokken', besluit: { besluit: 'ingetrokken', reden: 'Achterhaald.', door: { naam: 'Wanda Werkgroep' } } });

      const before = snapshot(t);
      const tekst = replaceLine(await textAt(t, P3, a.revisie), 'Bewoners weten welke apparatuur er in hun omgeving hangt.', 'Iets anders.');
      const attempts: [TestUser, string, Record<string, unknown>][] = [
        [wg2, 'revisies', { principes: [{ bestand: P3, tekst }], verwachteRevisie: a.revisie }],
        [wg2, 'revisies', { verwachteRevisie: a.revisie }],
        [wg, 'beoordelingen', { oordeel: 'akkoord', toelichting: 'Toch goed.' }],
        [wg, 'reacties', { tekst: 'Jammer.' }],
        [nijmegen, 'mede-indieners', {}],
        [amsterdam, 'mede-indieners/intrekking', {}],
        [sec, 'besluit', { besluit: 'overnemen', reden: 'x', verwachteRevisie: a.revisie }],
        [sec, 'besluit', { besluit: 'verwerpen', reden: 'x' }],
        [wg2, 'intrekking', { reden: 'Nog eens.' }],
      ];
      for (const [u, what, body] of attempts) {
        const r = await request(t.app).post(`${AM}/${n}/${what}`).set(bearer(u)).send(body);
        expect(r.status, `${what} ${JSON.stringify(r.body)}`).toBe(409);
        expect(problem(r).data).toMatchObject({ status: 'ingetrokken' });
      }
      expect(snapshot(t)).toEqual(before);
      // It stays public, with its branch.
      const shown = await getAmendment(t, n);
      expect(shown).toMatchObject({ status: 'ingetrokken', revisie: a.revisie, samenvoegbaar: false });
      expect(git(t, 'rev-parse', `refs/heads/amendementen/${n}`)).toBe(a.revisie);
      expect(auditActions(t, n)).toEqual(['amendement-ingediend', 'amendement-mede-ingediend', 'amendement-ingetrokken']);
    });

    it('a representative of the proposing organisation may withdraw it too', async () => {
      const a = await proposeSentence(t, eindhoven, P3, P3_S5, 'Bewoners weten welke apparatuur is geplaatst.', 'Kort');
      await request(t.app).post(`${AM}/${a.nummer}/intrekking`).set(bearer(eindhoven2)).send({ reden: 'Namens Eindhoven ingetrokken.' }).expect(200);
    });
  });

  describe('reading', () => {
    it('lists newest first, filtered by status and principle, paginated', async () => {
      const all = await request(t.app).get(AM).expect(200);
      const items = all.body.items as AmendmentBody[];
      expect(items.length).toBeGreaterThan(10);
      expect(items.map((a) => a.nummer)).toEqual([...items.map((a) => a.nummer)].sort((a, b) => b - a));
      for (const a of items) {
        expect(a).toHaveProperty('indiener');
        if (a.status === 'ingediend') expect(typeof a.samenvoegbaar).toBe('boolean');
      }
      const stored = t.stores.amendments.all().filter((a) => a.document === 'digitale-stad');
      for (const status of ['ingediend', 'overgenomen', 'verworpen', 'ingetrokken']) {
        const res = await request(t.app).get(`${AM}?status=${status}`).expect(200);
        const expected = stored.filter((a) => a.status === status).map((a) => a.nummer).sort((a, b) => b - a);
        expect(expected.length, status).toBeGreaterThan(0);
        expect(res.body.items.map((a: AmendmentBody) => a.nummer), status).toEqual(expected);
      }
      const p4 = await request(t.app).get(`${AM}?bestand=${P4}`).expect(200);
      const p4Numbers = (p4.body.items as AmendmentBody[]).map((a) => a.nummer);
      expect(p4Numbers.length).toBeGreaterThan(1);
      for (const nr of p4Numbers) {
        const d = await getAmendment(t, nr);
        expect(d.wijziging.principes.some((p) => p.naar?.bestand === P4 || p.van?.bestand === P4), String(nr)).toBe(true);
      }
      const both = await request(t.app).get(`${AM}?bestand=${P4}&status=overgenomen`).expect(200);
      expect((both.body.items as AmendmentBody[]).every((a) => a.status === 'overgenomen' && p4Numbers.includes(a.nummer))).toBe(true);
      expect((both.body.items as AmendmentBody[]).length).toBeGreaterThan(0);
      expect(fieldNames(await request(t.app).get(`${AM}?status=onzin`).expect(400))).toEqual(['status']);
      expect(fieldNames(await request(t.app).get(`${AM}?bestand=../document.yml`).expect(400))).toEqual(['bestand']);

      const page1 = await request(t.app).get(`${AM}?limit=2`).expect(200);
      expect(page1.body.items.map((a: AmendmentBody) => a.nummer)).toEqual(items.slice(0, 2).map((a) => a.nummer));
      expect(typeof page1.body.volgende).toBe('string');
      const page2 = await request(t.app).get(`${AM}?limit=2&cursor=${page1.body.volgende as string}`).expect(200);
      expect(page2.body.items.map((a: AmendmentBody) => a.nummer)).toEqual(items.slice(2, 4).map((a) => a.nummer));
      expect(fieldNames(await request(t.app).get(`${AM}?cursor=onzin`).expect(400))).toEqual(['cursor']);
    });

    it('unknown amendments and paths are 404', async () => {
      problem(await request(t.app).get(`${AM}/999`).expect(404));
      problem(await request(t.app).get(`${AM}/abc`).expect(404));
      problem(await request(t.app).get(`${AM}/0`).expect(404));
      problem(await request(t.app).get(`${AM}/`).expect(404));
      problem(await request(t.app).get('/api/v1/documenten/bestaat-niet/amendementen').expect(404));
      problem(await request(t.app).post(`${AM}/999/beoordelingen`).set(bearer(wg)).send({ oordeel: 'akkoord', toelichting: 'x' }).expect(404));
    });

    it('every step is in the audit log, with the chain intact', () => {
      const actions = new Set(t.stores.audit.entries().map((e) => e.actie));
      for (const a of [
        'amendement-ingediend',
        'amendement-herzien',
        'amendement-bijgewerkt',
        'amendement-mede-ingediend',
        'amendement-mede-indiening-ingetrokken',
        'amendement-reactie',
        'amendement-beoordeeld',
        'amendement-overgenomen',
        'amendement-verworpen',
        'amendement-ingetrokken',
      ]) {
        expect(actions.has(a), a).toBe(true);
      }
      expect(verifyChain(t.stores.audit.entries()).ok).toBe(true);
      fsckClean(t);
    });
  });
});

// =====================================================================================================

describe('configurable number of approvals', () => {
  it('with minApprovals 2, one approval is not enough', async () => {
    const t = await makeTestApp({ minApprovals: 2 });
    try {
      const rep = await makeUser(t, 'vertegenwoordiger', 'GM0363');
      const [wg1, wg2] = [await makeUser(t, 'werkgroeplid'), await makeUser(t, 'werkgroeplid')];
      const sec = await makeUser(t, 'secretaris');
      const a = await proposeSentence(t, rep, P1, P1_S3, 'De digitale infrastructuur draagt bij aan een leefbare stad.', 'Twee nodig');
      await approve(t, wg1, a.nummer);
      // The same reviewer twice still counts once.
      await approve(t, wg1, a.nummer);
      const refused = await decide(t, sec, a.nummer, { besluit: 'overnemen', verwachteRevisie: a.revisie }).expect(409);
      expect(problem(refused).data).toEqual({ approvals: 1, required: 2 });
      await approve(t, wg2, a.nummer);
      await merge(t, sec, a.nummer);
    } finally {
      t.cleanup();
    }
  });
});

describe('openapi.json', () => {
  it('describes every amendment endpoint', async () => {
    const t = await makeTestApp();
    try {
      const spec = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
        components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }> };
      };
      const ops = Object.entries(spec.paths)
        .filter(([p]) => p.includes('/amendementen'))
        .flatMap(([p, o]) => Object.keys(o).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)).map((m) => `${m} ${p}`))
        .sort();
      const base = '/documenten/{document}/amendementen';
      expect(ops).toEqual(
        [
          `get ${base}`,
          `post ${base}`,
          `get ${base}/{nummer}`,
          `get ${base}/{nummer}/revisies`,
          `post ${base}/{nummer}/revisies`,
          `get ${base}/{nummer}/vergelijking`,
          `post ${base}/{nummer}/mede-indieners`,
          `post ${base}/{nummer}/mede-indieners/intrekking`,
          `post ${base}/{nummer}/reacties`,
          `post ${base}/{nummer}/beoordelingen`,
          `post ${base}/{nummer}/besluit`,
          `post ${base}/{nummer}/intrekking`,
        ].sort(),
      );
      const summary = spec.components.schemas.AmendementSamenvatting;
      expect(summary?.required).toEqual(expect.arrayContaining(['nummer', 'titel', 'toelichting', 'status', 'basis', 'revisie', 'indiener', 'medeIndieners', 'beoordelingen']));
      expect(Object.keys(summary?.properties ?? {})).toContain('samenvoegbaar');
    } finally {
      t.cleanup();
    }
  });
});
