/**
 * An amendment whose merge is on main but whose record still says `ingediend` (saving the record failed
 * after the git step, e.g. a full disk): deciding again, or withdrawing it, must not merge twice or
 * withdraw merged text. The verb completes the record from the merge and answers 409.
 * (After a SIGKILL the same state is completed at start: tests/server/crashRepair.test.ts.)
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAmendment } from '../../src/commands/amendments/amendmentSupport.js';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { DOC, newPrincipleAmendments, person, type Person } from '../helpers/storeScenario.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let secretary: Person;
let proposer: Person;
let amendments: AmendmentRecord[] = [];

beforeAll(async () => {
  t = await makeTestApp({ minApprovals: 0 });
  secretary = await person(t.stores, 'secretaris', 'Sec Retaris');
  proposer = await person(t.stores, 'werkgroeplid', 'Werk Groeplid');
  amendments = await newPrincipleAmendments(t.stores, proposer, 'opnieuw', 2);
});
afterAll(() => t.cleanup());

const git = (...args: string[]) => execFileSync('git', args, { cwd: path.join(t.dataDir, 'documents', `${DOC}.git`), encoding: 'utf8' }).trim();

/** Merges `a` through the API, then puts its record back as it was: the state a failed save leaves. */
async function mergedButRecordedOpen(a: AmendmentRecord): Promise<string> {
  const res = await request(t.app)
    .post(`/api/v1/documenten/${DOC}/amendementen/${a.nummer}/besluit`)
    .set('Authorization', `Bearer ${secretary.token}`)
    .send({ besluit: 'overnemen', reden: 'Eerste besluit.', verwachteRevisie: a.revisies[0]?.commit })
    .expect(200);
  await saveAmendment(t.stores, a);
  return (res.body as { besluit: { commit: string } }).besluit.commit;
}

describe('an amendment whose merge is already on main', () => {
  it('deciding again answers 409, merges nothing, and completes the record from the merge', async () => {
    const a = amendments[0] as AmendmentRecord;
    const merge = await mergedButRecordedOpen(a);
    for (const besluit of ['overnemen', 'verwerpen'] as const) {
      const res = await request(t.app)
        .post(`/api/v1/documenten/${DOC}/amendementen/${a.nummer}/besluit`)
        .set('Authorization', `Bearer ${secretary.token}`)
        .send({ besluit, reden: 'Nog een keer.', verwachteRevisie: a.revisies[0]?.commit });
      expect(res.status).toBe(409);
      // The first request finds the merge and completes the record; after that it is simply decided.
      expect(res.body.detail).toContain(besluit === 'overnemen' ? 'is al overgenomen: de samenvoeging' : 'is overgenomen');
    }
    expect(git('rev-parse', 'main')).toBe(merge);
    expect(git('log', '--merges', '--format=%H', 'main').split('\n')).toEqual([merge]);
    const record = t.stores.amendments.all().find((r) => r.nummer === a.nummer);
    expect(record?.status).toBe('overgenomen');
    expect(record?.besluit).toMatchObject({ commit: merge, reden: 'Eerste besluit.', hersteld: true, door: { gebruiker: secretary.user.id } });
  });

  it('the proposer cannot withdraw it: 409, and the record shows it merged', async () => {
    const b = amendments[1] as AmendmentRecord;
    const merge = await mergedButRecordedOpen(b);
    const res = await request(t.app)
      .post(`/api/v1/documenten/${DOC}/amendementen/${b.nummer}/intrekking`)
      .set('Authorization', `Bearer ${proposer.token}`)
      .send({ reden: 'Toch niet.' });
    expect(res.status).toBe(409);
    expect(t.stores.amendments.all().find((r) => r.nummer === b.nummer)?.besluit).toMatchObject({ besluit: 'overgenomen', commit: merge });
  });
});
