/**
 * The history of the document and of one principle, through the API and the pages, checked against
 * stock git on the scenario of the report: amendment 1 (principle 1) is brought up to date with a draft
 * that took over amendment 2 (principle 3) and is then taken over itself. A principle's history is
 * exactly `git log main -- <file>`; the document's history is the draft's own line
 * (`git log --first-parent main`) with each merge shown as the secretary's decision, or every commit
 * (`git log main`) on request; an amendment's revision is never presented as a historical text.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const PAGES = '/documenten/digitale-stad';
const P1 = '01-infrastructuur-voor-iedereen.md';
const P3 = '03-open-en-bekende-technologie.md';
const FILES = [P1, '02-samen-producent-en-consument.md', P3, '04-open-en-gedeelde-data.md', 'document.yml'];

interface Item {
  commit: string;
  soort: string;
  auteur: { naam: string; email: string };
  vastgelegdDoor: { naam: string; email: string };
  versies: string[];
  amendement: { nummer: number; titel: string; status: string; indiener: { naam: string }; besluit: { door: { naam: string }; commit?: string } | null } | null;
}

let t: TestApp;
let gitDir: string;
let amsterdam: TestUser;
let utrecht: TestUser;
let sec: TestUser;
/** Commits of the scenario. */
const c = { seed: '', a1: '', update: '', b1: '', mergeB: '', mergeA: '' };

function git(args: string[]): string[] {
  const out = execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return out.split('\n').filter((l) => l !== '');
}

async function draftText(file: string): Promise<string> {
  const res = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
  return (res.body.principes as { bestand: string; tekst: string }[]).find((p) => p.bestand === file)?.tekst ?? '';
}

async function ok(res: request.Test, status: number): Promise<request.Response> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r;
}

/** Every page of a history, following `volgende`. */
async function allItems(query: string, limit = 2): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const sep = query === '' ? '?' : `?${query}&`;
    const res = await request(t.app).get(`${DOC}/geschiedenis${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
    out.push(...(res.body.items as Item[]));
    cursor = res.body.volgende as string | null;
  } while (cursor !== null);
  return out;
}

beforeAll(async () => {
  t = await makeTestApp();
  gitDir = path.join(t.dataDir, 'documents', 'digitale-stad.git');
  amsterdam = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Arjen Amsterdam');
  utrecht = await makeUser(t, 'vertegenwoordiger', 'GM0344', 'Ursula Utrecht');
  const reviewer = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
  sec = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  c.seed = git(['rev-parse', 'main'])[0] ?? '';

  // Amendment 1 (Amsterdam) changes principle 1; amendment 2 (Utrecht) changes principle 3.
  const a = await ok(
    request(t.app).post(`${DOC}/amendementen`).set(auth(amsterdam)).send({
      titel: 'Duurzaam',
      toelichting: 'Ook duurzaam.',
      principes: [{ bestand: P1, tekst: (await draftText(P1)).replace('toekomstvast en veilig', 'toekomstvast, duurzaam en veilig') }],
    }),
    201,
  );
  c.a1 = a.body.revisie;
  const b = await ok(
    request(t.app).post(`${DOC}/amendementen`).set(auth(utrecht)).send({
      titel: 'Altijd leidend',
      toelichting: 'Standaarden zijn altijd leidend.',
      principes: [{ bestand: P3, tekst: (await draftText(P3)).replace('Deze zijn leidend.', 'Deze zijn altijd leidend.') }],
    }),
    201,
  );
  c.b1 = b.body.revisie;
  // Amendment 2 is taken over.
  await ok(request(t.app).post(`${DOC}/amendementen/2/beoordelingen`).set(auth(reviewer)).send({ oordeel: 'akkoord', toelichting: 'Goed.' }), 201);
  const decidedB = await ok(request(t.app).post(`${DOC}/amendementen/2/besluit`).set(auth(sec)).send({ besluit: 'overnemen', reden: 'Eens.', verwachteRevisie: c.b1 }), 200);
  c.mergeB = decidedB.body.besluit.commit;
  // Amendment 1 is brought up to date with the draft ("bijgewerkt naar het huidige concept"), then taken over.
  const updated = await ok(request(t.app).post(`${DOC}/amendementen/1/revisies`).set(auth(amsterdam)).send({ verwachteRevisie: c.a1 }), 201);
  c.update = updated.body.revisie;
  await ok(request(t.app).post(`${DOC}/amendementen/1/beoordelingen`).set(auth(reviewer)).send({ oordeel: 'akkoord', toelichting: 'Goed.' }), 201);
  const decidedA = await ok(request(t.app).post(`${DOC}/amendementen/1/besluit`).set(auth(sec)).send({ besluit: 'overnemen', reden: 'Eens.', verwachteRevisie: c.update }), 200);
  c.mergeA = decidedA.body.besluit.commit;
  await ok(request(t.app).post(`${DOC}/versies`).set(auth(sec)).send({ naam: '1.1', toelichting: 'Beide amendementen.' }), 201);
  expect(git(['log', '--format=%H', '-1', `${c.update}^2`])).toEqual([c.mergeB]); // the update merged the draft in
});
afterAll(() => t.cleanup());

describe('the history of a principle', () => {
  it('lists exactly the commits of git log main -- <file>, in the same order, page by page', async () => {
    for (const file of FILES) {
      const ours = (await allItems(`bestand=${file}`)).map((i) => i.commit);
      expect(ours, file).toEqual(git(['log', '--format=%H', 'main', '--', file]));
    }
    // Principle 3 was changed by amendment 2 only: not by the update of amendment 1, whose diff against
    // its first parent shows amendment 2's change.
    const p3 = await allItems(`bestand=${P3}`);
    expect(p3.map((i) => i.commit)).toEqual([c.b1, c.seed]);
    expect(p3.map((i) => i.commit)).not.toContain(c.update);
    expect(p3[0]).toMatchObject({ soort: 'amendement', amendement: { nummer: 2, titel: 'Altijd leidend', status: 'overgenomen', indiener: { naam: 'Ursula Utrecht' } } });
    expect(p3[1]).toMatchObject({ soort: 'wijziging', amendement: null });
    expect((await allItems(`bestand=${P1}`)).map((i) => i.commit)).toEqual([c.a1, c.seed]);
    // On request, the draft's own line for one principle (git log --first-parent): the decision that changed it.
    expect((await allItems(`bestand=${P3}&weergave=concept`)).map((i) => i.commit)).toEqual(git(['log', '--first-parent', '--format=%H', 'main', '--', P3]));
  });

  it('shows the same on the principle history page, without presenting an amendment revision as a text of the document', async () => {
    const page = await request(t.app).get(`${PAGES}/principes/03-open-en-bekende-technologie/geschiedenis`).expect(200);
    expect(page.text).toContain(c.b1.slice(0, 10));
    expect(page.text).not.toContain(c.update.slice(0, 10));
    expect(page.text).toContain('Revisie van amendement 2 (overgenomen)');
    expect(page.text).toContain('deze tekst was nooit het concept');
    expect(page.text).not.toContain(`${PAGES}/versies/${c.b1}"`); // no "Tekst na deze wijziging" for a revision
    expect(page.text).toContain(`href="${PAGES}/amendementen/2"`);
    expect(page.text).toContain(`href="${PAGES}/vergelijking?van=${c.seed}&amp;naar=${c.b1}"`);
    expect(page.text).toContain(`href="${PAGES}/versies/${c.seed}"`); // the seed was the draft
  });
});

describe('the history of the document', () => {
  it('shows the draft\'s own line by default, each merge as the secretary\'s decision, and every commit on request', async () => {
    const line = await allItems('');
    expect(line.map((i) => i.commit)).toEqual(git(['log', '--first-parent', '--format=%H', 'main']));
    expect(line.map((i) => i.commit)).toEqual([c.mergeA, c.mergeB, c.seed]);
    expect(line[0]).toMatchObject({
      soort: 'besluit',
      versies: ['1.1'],
      auteur: { naam: 'Arjen Amsterdam (Amsterdam)' },
      vastgelegdDoor: { naam: 'Sanne Secretaris' },
      amendement: { nummer: 1, status: 'overgenomen', indiener: { naam: 'Arjen Amsterdam' }, besluit: { door: { naam: 'Sanne Secretaris' }, commit: c.mergeA } },
    });
    expect(line[1]).toMatchObject({ soort: 'besluit', amendement: { nummer: 2, indiener: { naam: 'Ursula Utrecht' } } });
    expect(line[2]).toMatchObject({ soort: 'wijziging', versies: ['1.0'] });

    const all = await allItems('weergave=alles', 3);
    expect(all.map((i) => i.commit)).toEqual(git(['log', '--format=%H', 'main']));
    expect(new Set(all.map((i) => i.commit))).toEqual(new Set(Object.values(c)));
    expect(all.find((i) => i.commit === c.update)).toMatchObject({ soort: 'amendement', amendement: { nummer: 1 } });

    const bad = await request(t.app).get(`${DOC}/geschiedenis?weergave=takken`).expect(400);
    expect(bad.body.errors).toEqual([{ name: 'weergave', reason: expect.stringContaining('concept') }]);
  });

  it('presents each decision on the history page, with a switch to every commit', async () => {
    const page = await request(t.app).get(`${PAGES}/geschiedenis`).expect(200);
    expect(page.text).toContain('Besluit van Sanne Secretaris over amendement 1, ingediend door Arjen Amsterdam (Amsterdam)');
    expect(page.text).toContain('Besluit van Sanne Secretaris over amendement 2, ingediend door Ursula Utrecht (Utrecht)');
    expect(page.text).not.toContain(c.a1.slice(0, 10));
    expect(page.text).toContain(`href="${PAGES}/versies/${c.mergeA}"`);
    expect(page.text).toContain(`href="${PAGES}/geschiedenis?weergave=alles"`);
    const all = await request(t.app).get(`${PAGES}/geschiedenis?weergave=alles`).expect(200);
    for (const oid of Object.values(c)) expect(all.text).toContain(oid.slice(0, 10));
    expect(all.text).not.toContain(`href="${PAGES}/versies/${c.update}"`);
    // The update's own change is shown against the draft it was brought onto.
    expect(all.text).toContain(`href="${PAGES}/vergelijking?van=${c.mergeB}&amp;naar=${c.update}"`);
  });
});

describe('the text at a commit', () => {
  it('is a historical text only when the commit once was the draft; an amendment\'s commit says so', async () => {
    expect((await request(t.app).get(`${DOC}/versies/${c.mergeB}`).expect(200)).body.status).toBe('historisch');
    expect((await request(t.app).get(`${DOC}/versies/${c.b1}`).expect(200)).body.status).toBe('amendement');
    expect((await request(t.app).get(`${DOC}/versies/${c.update}`).expect(200)).body.status).toBe('amendement');
    const page = await request(t.app).get(`${PAGES}/versies/${c.update}`).expect(200);
    expect(page.text).toContain('Tekst van een amendement');
    expect(page.text).not.toContain('Historische tekst');
    expect(page.text).toContain(`href="${PAGES}/amendementen/1"`);
  });
});
