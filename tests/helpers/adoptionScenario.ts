/**
 * A small adoption scenario through the real API: an amendment by a municipality's representative,
 * reviewed by the working group and merged by the secretary, then the draft named as a version.
 * Used by the LibreOffice, CLI and browser tests of the adoption document.
 */
import request from 'supertest';
import { makeUser, type TestUser } from './auth.js';
import type { TestApp } from './testApp.js';

const DOC = '/api/v1/documenten/digitale-stad';
export const SCENARIO_FILE = '01-infrastructuur-voor-iedereen.md';
export const SCENARIO_OLD = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en veilige stad.';
export const SCENARIO_NEW = 'De digitale infrastructuur moet bijdragen aan een leefbare, gezonde en duurzame stad.';

export interface AdoptionScenario {
  secretaris: TestUser;
  proposer: TestUser;
  version: string;
}

/** Merges one amendment (by "Anna Amsterdam") and names the draft `version` (default 1.1). */
export async function mergedAmendmentVersion(t: TestApp, version = '1.1'): Promise<AdoptionScenario> {
  const secretaris = await makeUser(t, 'secretaris', null, 'Sanne Secretaris');
  const reviewer = await makeUser(t, 'werkgroeplid', null, 'Wim Werkgroep');
  const proposer = await makeUser(t, 'vertegenwoordiger', 'GM0363', 'Anna Amsterdam');
  const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });
  const draft = await request(t.app).get(`${DOC}/versies/concept`).expect(200);
  const p = (draft.body.principes as { bestand: string; tekst: string }[]).find((x) => x.bestand === SCENARIO_FILE);
  if (!p) throw new Error(`${SCENARIO_FILE} missing`);
  const proposed = await request(t.app)
    .post(`${DOC}/amendementen`)
    .set(auth(proposer))
    .send({ titel: 'Duurzaam', toelichting: 'Duurzaamheid hoort erbij.', principes: [{ bestand: SCENARIO_FILE, tekst: p.tekst.replace(SCENARIO_OLD, SCENARIO_NEW) }] })
    .expect(201);
  const nummer = proposed.body.nummer as number;
  await request(t.app).post(`${DOC}/amendementen/${nummer}/beoordelingen`).set(auth(reviewer)).send({ oordeel: 'akkoord', toelichting: 'Akkoord.' }).expect(201);
  await request(t.app)
    .post(`${DOC}/amendementen/${nummer}/besluit`)
    .set(auth(secretaris))
    .send({ besluit: 'overnemen', reden: 'Breed gesteund.', verwachteRevisie: proposed.body.revisie })
    .expect(200);
  await request(t.app).post(`${DOC}/versies`).set(auth(secretaris)).send({ naam: version, toelichting: 'Met het amendement Duurzaam.' }).expect(201);
  return { secretaris, proposer, version };
}
