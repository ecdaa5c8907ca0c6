/**
 * What the service writes into git, over real HTTP on a real store, read back with stock git:
 * every commit and tag carries a stable, non-personal address per account (so `git shortlog -se`
 * groups per account and never shows a private e-mail address), and a proposer whose
 * "naam (organisatie)" is longer than git identities allow can still propose, decide and name versions.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, makeUser, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
const P1 = '01-infrastructuur-voor-iedereen.md';
const P3 = '03-open-en-bekende-technologie.md';
const DOMAIN = 'gebruikers.principes.invalid';

let t: TestApp;
let gitDir: string;
beforeAll(async () => {
  t = await makeTestApp();
  gitDir = path.join(t.dataDir, 'documents', 'digitale-stad.git');
});
afterAll(() => t.cleanup());

function git(args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

const bearer = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

async function draftText(file: string): Promise<string> {
  const res = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
  return (res.body.principes as { bestand: string; tekst: string }[]).find((p) => p.bestand === file)?.tekst ?? '';
}

async function propose(user: TestUser, titel: string, file: string, from: string, to: string): Promise<{ nummer: number; revisie: string }> {
  const tekst = (await draftText(file)).replace(from, to);
  const res = await request(t.app)
    .post(`${DOC}/amendementen`)
    .set(bearer(user))
    .send({ titel, toelichting: `Toelichting bij ${titel}.`, principes: [{ bestand: file, tekst }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { nummer: number; revisie: string };
}

async function approveAndMerge(reviewer: TestUser, secretary: TestUser, a: { nummer: number; revisie: string }): Promise<string> {
  await request(t.app).post(`${DOC}/amendementen/${a.nummer}/beoordelingen`).set(bearer(reviewer)).send({ oordeel: 'akkoord', toelichting: 'Goed.' }).expect(201);
  const res = await request(t.app)
    .post(`${DOC}/amendementen/${a.nummer}/besluit`)
    .set(bearer(secretary))
    .send({ besluit: 'overnemen', reden: 'Besproken.', verwachteRevisie: a.revisie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.besluit.commit as string;
}

describe('identities in git', () => {
  it('gives commits and tags a stable, non-personal address per account, so git shortlog -sne groups per account', async () => {
    // Two different people with the same name, each proposing twice; a third reviews; the secretary merges and names.
    const jan1 = await makeUser(t, 'werkgroeplid', null, 'Jan Jansen');
    const jan2 = await makeUser(t, 'werkgroeplid', null, 'Jan Jansen');
    const reviewer = await makeUser(t, 'werkgroeplid', null, 'Rita Reviewer');
    const sec = await makeUser(t, 'secretaris', null, 'Sec Retaris');
    const first = await propose(jan1, 'Een', P3, 'Deze zijn leidend.', 'Deze zijn altijd leidend.');
    await propose(jan1, 'Twee', P1, 'ongeacht sociale positie', 'ongeacht positie');
    await propose(jan2, 'Drie', P3, 'hun omgeving', 'hun eigen omgeving');
    await propose(jan2, 'Vier', P1, 'toekomstvast en veilig', 'toekomstvast, duurzaam en veilig');
    await approveAndMerge(reviewer, sec, first);
    // A working-group member of Tilburg proposes for herself, then revises: one name on both commits.
    const tineke = await makeUser(t, 'werkgroeplid', 'GM0855', 'Tineke Tilburg');
    const tekst = (await draftText(P3)).replace('welke apparatuur', 'welke slimme apparatuur');
    const own = await request(t.app).post(`${DOC}/amendementen`).set(bearer(tineke)).send({ titel: 'Vijf', toelichting: 'Persoonlijk.', namens: 'persoon', principes: [{ bestand: P3, tekst }] });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const revised = await request(t.app)
      .post(`${DOC}/amendementen/${own.body.nummer}/revisies`)
      .set(bearer(tineke))
      .send({ verwachteRevisie: own.body.revisie, principes: [{ bestand: P3, tekst: tekst.replace('slimme', 'digitale') }] });
    expect(revised.status, JSON.stringify(revised.body)).toBe(201);
    await request(t.app).post(`${DOC}/versies`).set(bearer(sec)).send({ naam: '1.1', toelichting: 'Eerste amendement verwerkt.' }).expect(201);

    const authors = git(['shortlog', '-sne', '--all']).trim().split('\n').map((l) => l.trim());
    expect(authors).toEqual([
      `3\tJan Jansen <${jan1.id}@${DOMAIN}>`, // two proposals and the merge of the first (the change is the proposer's)
      `2\tJan Jansen <${jan2.id}@${DOMAIN}>`,
      `2\tTineke Tilburg <${tineke.id}@${DOMAIN}>`,
      '1\tGemeente Eindhoven en Gemeente Amsterdam <dienst@principes.invalid>',
    ]);
    const committers = git(['shortlog', '-snec', 'main']).trim().split('\n').map((l) => l.trim());
    expect(committers).toContain(`1\tSec Retaris <${sec.id}@${DOMAIN}>`); // the decision
    const tag = git(['cat-file', '-p', 'v1.1']);
    expect(tag).toMatch(new RegExp(`^tagger Sec Retaris <${sec.id}@${DOMAIN}> \\d+ \\+0000$`, 'm'));
    const merge = git(['cat-file', '-p', 'main']);
    expect(merge).toMatch(new RegExp(`^author Jan Jansen <${jan1.id}@${DOMAIN}> `, 'm'));
    expect(merge).toMatch(new RegExp(`^committer Sec Retaris <${sec.id}@${DOMAIN}> `, 'm'));

    // Never a private address, never an empty one.
    const addresses = new Set(git(['log', '--all', '--format=%ae%n%ce']).trim().split('\n'));
    for (const a of addresses) expect(a).toMatch(/^[A-Za-z0-9_-]+@(gebruikers\.)?principes\.invalid$/);
    for (const u of [jan1, jan2, reviewer, sec]) expect([...addresses].some((a) => a === u.email)).toBe(false);
    expect(git(['fsck', '--strict', '--no-dangling', '--no-progress']).trim()).toBe('');
  });

  it('shortens a "naam (organisatie)" longer than git allows, so such a proposer can propose and be merged and named', async () => {
    const admin = await adminToken(t);
    const orgName = `Gemeenschappelijke Regeling ${'Samenwerkende Gemeenten '.repeat(8)}`.trim().slice(0, 200);
    await request(t.app).post('/api/v1/organisaties').set('Authorization', `Bearer ${admin}`).send({ code: 'LANG-1', naam: orgName, type: 'overig' }).expect(201);
    const longName = `Johanna Wilhelmina ${'van der Berg-Oranje '.repeat(10)}`.trim().slice(0, 200);
    const proposer = await makeUser(t, 'vertegenwoordiger', 'LANG-1', longName);
    const reviewer = await makeUser(t, 'werkgroeplid');
    const sec = await makeUser(t, 'secretaris', 'LANG-1', longName);

    const a = await propose(proposer, 'Lange naam', P3, 'Deze zijn', 'Die zijn');
    const amendment = (await request(t.app).get(`${DOC}/amendementen/${a.nummer}`).expect(200)).body;
    // The record keeps the full names; git gets a shortened, valid identity.
    expect(amendment.indiener).toEqual({ naam: longName, organisatie: { code: 'LANG-1', naam: orgName } });
    const author = git(['log', '-1', '--format=%an', a.revisie]).trim();
    expect(author.length).toBeLessThanOrEqual(200);
    expect(author.startsWith('Johanna Wilhelmina van der Berg-Oranje')).toBe(true);
    expect(author).toMatch(/ \(Gemeenschappelijke Regeling Samenwerkende .*\)$/);

    await approveAndMerge(reviewer, sec, a);
    await request(t.app).post(`${DOC}/versies`).set(bearer(sec)).send({ naam: '1.2', toelichting: 'Met de lange naam.' }).expect(201);
    expect(git(['cat-file', '-p', 'v1.2'])).toMatch(/^tagger Johanna .{1,200} <[^>]+@gebruikers\.principes\.invalid> /m);
    expect(git(['fsck', '--strict', '--no-dangling', '--no-progress']).trim()).toBe('');
  });

  it('names a field the user can change when text cannot go into git', async () => {
    const sec = await makeUser(t, 'secretaris');
    const proposer = await makeUser(t, 'werkgroeplid');
    const version = await request(t.app).post(`${DOC}/versies`).set(bearer(sec)).send({ naam: '9.0', toelichting: 'Met een \u0000 erin.' }).expect(400);
    expect(version.body.errors).toEqual([{ name: 'toelichting', reason: 'De toelichting bevat een ongeldig teken.' }]);
    const tekst = (await draftText(P3)).replace('Deze zijn', 'Die zijn');
    for (const body of [
      { titel: 'Twee\nregels', toelichting: 'x', principes: [{ bestand: P3, tekst }] },
      { titel: 'Titel', toelichting: 'Met \u0000', principes: [{ bestand: P3, tekst }] },
    ]) {
      const res = await request(t.app).post(`${DOC}/amendementen`).set(bearer(proposer)).send(body).expect(400);
      expect((res.body.errors as { name: string }[]).map((e) => e.name)).toEqual([body.titel === 'Titel' ? 'toelichting' : 'titel']);
    }
  });
});
