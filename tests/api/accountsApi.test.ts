import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../src/commands/auth/signIn.js';
import { adminToken, makeUser, tokenFor } from '../helpers/auth.js';
import { editDraft, ADMIN_EMAIL, ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.cleanup());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function problem(res: request.Response) {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
  return res.body;
}

describe('tokens: sign-in for programs', () => {
  it('gives a token with an expiry for the right password, stored only as a hash', async () => {
    const res = await request(t.app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }).expect(201);
    expect(res.body.token).toMatch(/^pds_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(res.body.verlooptOp)).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    expect(res.headers.location).toBe(`/api/v1/tokens/${res.body.id}`);
    const raw = JSON.stringify(t.stores.db.data);
    expect(raw).not.toContain(res.body.token);
    expect(raw).not.toContain(ADMIN_PASSWORD);
    const list = await request(t.app).get('/api/v1/tokens').set(bearer(res.body.token)).expect(200);
    expect(list.body.items.some((x: { id: string }) => x.id === res.body.id)).toBe(true);
    expect(JSON.stringify(list.body)).not.toMatch(/hash|pds_/);
  });

  it('wrong password, unknown e-mail and a deactivated account: 401 with the same message', async () => {
    const rep = await makeUser(t, 'werkgroeplid');
    const admin = await adminToken(t);
    await request(t.app).patch(`/api/v1/gebruikers/${rep.id}`).set(bearer(admin)).send({ actief: false }).expect(200);
    const answers = await Promise.all([
      request(t.app).post('/api/v1/tokens').send({ email: ADMIN_EMAIL, wachtwoord: 'fout-wachtwoord-12' }),
      request(t.app).post('/api/v1/tokens').send({ email: 'niemand@example.org', wachtwoord: 'fout-wachtwoord-12' }),
      request(t.app).post('/api/v1/tokens').send({ email: rep.email, wachtwoord: rep.wachtwoord }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(problem(res).detail).toBe(SIGN_IN_FAILED);
    }
    // The deactivated user's existing token stopped working at once.
    problem(await request(t.app).get('/api/v1/tokens').set(bearer(rep.token)).expect(401));
  });

  it('rate-limits failed sign-ins per account (429 with Retry-After), even with the right password then', async () => {
    const u = await makeUser(t, 'werkgroeplid');
    for (let i = 0; i < 5; i++) {
      await request(t.app).post('/api/v1/tokens').send({ email: u.email, wachtwoord: 'verkeerd-wachtwoord' }).expect(401);
    }
    const limited = await request(t.app).post('/api/v1/tokens').send({ email: u.email, wachtwoord: u.wachtwoord }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    problem(limited);
  });

  it('an expired or revoked token is 401', async () => {
    const u = await makeUser(t, 'secretaris');
    const second = await tokenFor(t, u.email, u.wachtwoord);
    const list = await request(t.app).get('/api/v1/tokens').set(bearer(second)).expect(200);
    const [first, newest] = list.body.items as { id: string }[];
    await request(t.app).delete(`/api/v1/tokens/${newest?.id}`).set(bearer(u.token)).expect(204);
    problem(await request(t.app).get('/api/v1/tokens').set(bearer(second)).expect(401));
    // Expire the first token by moving its expiry into the past, as time would.
    await t.stores.db.update((d) => {
      const rec = d.tokens.find((x) => x.id === first?.id);
      if (rec) rec.verlooptOp = new Date(Date.now() - 1000).toISOString();
    });
    const res = await request(t.app).get('/api/v1/tokens').set(bearer(u.token)).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    problem(await request(t.app).get('/api/v1/tokens').set(bearer('pds_onzin')).expect(401));
  });

  it('someone else’s token cannot be revoked (404, no hint that it exists)', async () => {
    const a = await makeUser(t, 'werkgroeplid');
    const b = await makeUser(t, 'werkgroeplid');
    const listA = await request(t.app).get('/api/v1/tokens').set(bearer(a.token)).expect(200);
    problem(await request(t.app).delete(`/api/v1/tokens/${listA.body.items[0].id}`).set(bearer(b.token)).expect(404));
    await request(t.app).get('/api/v1/tokens').set(bearer(a.token)).expect(200);
  });

  it('bad sign-in input is 400 with field errors', async () => {
    const res = problem(await request(t.app).post('/api/v1/tokens').send({ email: '' }).expect(400));
    expect(res.errors.map((e: { name: string }) => e.name).sort()).toEqual(['email', 'wachtwoord']);
  });
});

describe('accounts (beheerder)', () => {
  it('creates users; never returns or logs the password or its hash', async () => {
    const admin = await adminToken(t);
    const res = await request(t.app)
      .post('/api/v1/gebruikers')
      .set(bearer(admin))
      .send({ naam: 'Vera Vertegenwoordiger', email: 'Vera@Utrecht.nl', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie: 'GM0344' })
      .expect(201);
    expect(res.body).toMatchObject({ naam: 'Vera Vertegenwoordiger', email: 'vera@utrecht.nl', rol: 'vertegenwoordiger', organisatie: { code: 'GM0344', naam: 'Utrecht' }, actief: true });
    expect(res.headers.location).toBe(`/api/v1/gebruikers/${res.body.id}`);
    expect(JSON.stringify(res.body)).not.toMatch(/wachtwoord|scrypt/);
    const stored = t.stores.db.data.gebruikers.find((u) => u.id === res.body.id);
    expect(stored?.wachtwoordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(t.stores.audit.entries())).not.toContain('een-lang-wachtwoord');
    await request(t.app).get(`/api/v1/gebruikers/${res.body.id}`).set(bearer(admin)).expect(200);
    const list = await request(t.app).get('/api/v1/gebruikers').set(bearer(admin)).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
    problem(await request(t.app).post('/api/v1/gebruikers').set(bearer(admin)).send({ naam: 'Dubbel', email: 'vera@utrecht.nl', wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' }).expect(409));
  });

  it('bad input: malformed e-mail, empty name, unknown role or organisation, short password -> 400 with field errors', async () => {
    const admin = await adminToken(t);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ naam: 'X', email: 'geen-email', wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' }, ['email']],
      [{ naam: '   ', email: 'a@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'werkgroeplid' }, ['naam']],
      [{ naam: 'X', email: 'b@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'koning' }, ['rol']],
      [{ naam: 'X', email: 'c@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger', organisatie: 'GM9999' }, ['organisatie']],
      [{ naam: 'X', email: 'd@example.org', wachtwoord: 'een-lang-wachtwoord', rol: 'vertegenwoordiger' }, ['organisatie']],
      [{ naam: 'X', email: 'e@example.org', wachtwoord: 'kort', rol: 'werkgroeplid' }, ['wachtwoord']],
    ];
    const before = t.stores.db.data.gebruikers.length;
    for (const [body, fields] of cases) {
      const res = problem(await request(t.app).post('/api/v1/gebruikers').set(bearer(admin)).send(body).expect(400));
      expect(res.errors.map((e: { name: string }) => e.name), JSON.stringify(body)).toEqual(fields);
    }
    expect(t.stores.db.data.gebruikers.length).toBe(before);
    problem(await request(t.app).patch(`/api/v1/gebruikers/${t.stores.db.data.gebruikers[0]?.id}`).set(bearer(admin)).send({ onbekend: 1 }).expect(400));
  });

  it('the last active administrator cannot be deactivated or demoted', async () => {
    const admin = await adminToken(t);
    const me = t.stores.db.data.gebruikers.find((u) => u.email === ADMIN_EMAIL);
    problem(await request(t.app).patch(`/api/v1/gebruikers/${me?.id}`).set(bearer(admin)).send({ actief: false }).expect(409));
    problem(await request(t.app).patch(`/api/v1/gebruikers/${me?.id}`).set(bearer(admin)).send({ rol: 'werkgroeplid' }).expect(409));
    expect(t.stores.db.data.gebruikers.find((u) => u.id === me?.id)?.actief).toBe(true);
  });
});

describe('naming a version', () => {
  it('the secretary names version 1.1 of the draft: an annotated tag, in the audit log', async () => {
    const sec = await makeUser(t, 'secretaris');
    await editDraft(t.store);
    const res = await request(t.app)
      .post('/api/v1/documenten/digitale-stad/versies')
      .set(bearer(sec.token))
      .send({ naam: '1.1', toelichting: 'Eerste herziening na de werkgroep.' })
      .expect(201);
    expect(res.headers.location).toBe('/api/v1/documenten/digitale-stad/versies/1.1');
    expect(res.body).toMatchObject({ naam: '1.1', tag: 'v1.1', status: 'gepubliceerd' });
    const repoDir = `${t.dataDir}/documents/digitale-stad.git`;
    expect(execFileSync('git', ['tag', '-l', '--format=%(objecttype) %(contents:subject)', 'v1.1'], { cwd: repoDir, encoding: 'utf8' }).trim()).toBe('tag Versie 1.1');
    const entry = t.stores.audit.entries().find((e) => e.actie === 'versie-benoemd');
    expect(entry).toMatchObject({ actor: { id: sec.id, rol: 'secretaris' }, gegevens: { naam: '1.1', commit: res.body.commit } });
    const versions = await request(t.app).get('/api/v1/documenten/digitale-stad/versies').expect(200);
    expect(versions.body.items.map((v: { naam: string }) => v.naam)).toEqual(['1.1', '1.0']);
  });

  it('refuses duplicates (409), lower numbers and malformed names (400), a stale draft (409), and others (401/403)', async () => {
    const sec = await makeUser(t, 'secretaris');
    const wg = await makeUser(t, 'werkgroeplid');
    const url = '/api/v1/documenten/digitale-stad/versies';
    const tags = () => execFileSync('git', ['tag'], { cwd: `${t.dataDir}/documents/digitale-stad.git`, encoding: 'utf8' });
    const before = tags();
    problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: '1.1', toelichting: 'x' }).expect(409));
    expect(problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: '0.9', toelichting: 'x' }).expect(400)).errors[0].name).toBe('naam');
    expect(problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: 'v2', toelichting: 'x' }).expect(400)).errors[0].name).toBe('naam');
    expect(problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: '2.0', toelichting: '' }).expect(400)).errors[0].name).toBe('toelichting');
    problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: '2.0', toelichting: 'x', verwachtConcept: 'a'.repeat(40) }).expect(409));
    problem(await request(t.app).post(url).set(bearer(wg.token)).send({ naam: '2.0', toelichting: 'x' }).expect(403));
    problem(await request(t.app).post(url).send({ naam: '2.0', toelichting: 'x' }).expect(401));
    problem(await request(t.app).post('/api/v1/documenten/bestaat-niet/versies').set(bearer(sec.token)).send({ naam: '2.0', toelichting: 'x' }).expect(404));
    expect(tags()).toBe(before);
  });

  it('refuses a version whose text is the newest version\'s (409, in Dutch) and numbers that skip ahead (400)', async () => {
    const sec = await makeUser(t, 'secretaris');
    const url = '/api/v1/documenten/digitale-stad/versies';
    const repo = t.store.get('digitale-stad');
    const newest = repo.versions()[0];
    if (newest === undefined) throw new Error('no version');
    expect(repo.head().tree).toBe(newest.tree);
    const [major, minor] = newest.naam.split('.').map(Number) as [number, number];
    const nextMinor = `${major}.${minor + 1}`;
    const nextMajor = `${major + 1}.0`;
    const same = problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam: nextMinor, toelichting: 'Niets veranderd.' }).expect(409));
    expect(same.detail).toBe(`Het concept is gelijk aan versie ${newest.naam}: er is niets veranderd om als nieuwe versie te benoemen.`);
    expect(repo.versions()).toHaveLength(repo.versions().length);
    await editDraft(t.store);
    for (const naam of ['9999.9999', `${major}.${minor + 2}`, `${major + 2}.0`, `${major + 1}.1`]) {
      const bad = problem(await request(t.app).post(url).set(bearer(sec.token)).send({ naam, toelichting: 'x' }).expect(400));
      expect(bad.errors).toEqual([{ name: 'naam', reason: `Kies het volgende nummer na de nieuwste versie ${newest.naam}: ${nextMinor} of ${nextMajor}.` }]);
    }
    expect(repo.versions()[0]?.naam).toBe(newest.naam);
    const ok = await request(t.app).post(url).set(bearer(sec.token)).send({ naam: nextMajor, toelichting: 'Een grote herziening.' }).expect(201);
    expect(ok.body.naam).toBe(nextMajor);
  });
});

describe('audit log', () => {
  it('is readable by the administrator only, hash-chained, and verifiable with the CLI', async () => {
    const admin = await adminToken(t);
    const wg = await makeUser(t, 'werkgroeplid');
    problem(await request(t.app).get('/api/v1/audit').set(bearer(wg.token)).expect(403));
    problem(await request(t.app).get('/api/v1/audit').expect(401));
    const res = await request(t.app).get('/api/v1/audit?limit=100').set(bearer(admin)).expect(200);
    const actions = new Set(res.body.items.map((e: { actie: string }) => e.actie));
    for (const a of ['organisaties-geladen', 'gebruiker-aangemaakt', 'gebruiker-gewijzigd', 'token-aangemaakt', 'token-ingetrokken', 'versie-benoemd']) {
      expect(actions.has(a), a).toBe(true);
    }
    expect(res.body.items[0].vorigeHash).toBe('0'.repeat(64));
    expect(res.body.items[1].vorigeHash).toBe(res.body.items[0].hash);
    expect(res.body.kop).toBe(t.stores.audit.head());
  });
});
