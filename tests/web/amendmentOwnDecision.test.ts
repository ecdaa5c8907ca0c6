/**
 * The amendment page does not offer the decision form to a secretary who proposed or co-signed the
 * amendment (it says why), and posting the form anyway is refused (403) with nothing changed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, makeUser, signedInAgent, type TestUser } from '../helpers/auth.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await adminToken(t);
});
afterAll(() => t.cleanup());

const AM = '/api/v1/documenten/digitale-stad/amendementen';
const PAGE = '/documenten/digitale-stad/amendementen';
const P2 = '02-samen-producent-en-consument.md';
const NOTE = 'U hebt dit amendement ingediend of mede ingediend. Over een eigen amendement besluit u niet: een andere secretaris besluit erover.';

async function propose(by: TestUser): Promise<number> {
  const concept = await request(t.app).get('/api/v1/documenten/digitale-stad/versies/concept').expect(200);
  const tekst = (concept.body.principes as { bestand: string; tekst: string }[]).find((p) => p.bestand === P2)?.tekst ?? '';
  const res = await request(t.app)
    .post(AM)
    .set('Authorization', `Bearer ${by.token}`)
    .send({ titel: 'Eigen voorstel', toelichting: 'Waarom.', principes: [{ bestand: P2, tekst: `${tekst.trimEnd()}\nEen zin van ${by.email}.\n` }] })
    .expect(201);
  return res.body.nummer as number;
}

async function makeSecretary(u: TestUser): Promise<void> {
  await request(t.app).patch(`/api/v1/gebruikers/${u.id}`).set('Authorization', `Bearer ${admin}`).send({ rol: 'secretaris', organisatie: null }).expect(200);
}

describe('the decision form on the amendment page', () => {
  it('is not offered to the proposer made secretary, nor to a co-signer made secretary; another secretary gets it', async () => {
    const proposer = await makeUser(t, 'werkgroeplid');
    const cosigner = await makeUser(t, 'vertegenwoordiger', 'GM0344');
    const nummer = await propose(proposer);
    await request(t.app).post(`${AM}/${nummer}/mede-indieners`).set('Authorization', `Bearer ${cosigner.token}`).expect(201);
    await makeSecretary(proposer);
    await makeSecretary(cosigner);
    const other = await makeUser(t, 'secretaris');

    for (const who of [proposer, cosigner]) {
      const { agent, csrf } = await signedInAgent(t, who.email, who.wachtwoord);
      const page = await agent.get(`${PAGE}/${nummer}`).expect(200);
      expect(page.text).not.toContain(`action="${PAGE}/${nummer}/besluit"`);
      expect(page.text).not.toContain('Besluit vastleggen');
      expect(page.text).toContain(NOTE);
      // Posting the form anyway: 403 on the Dutch page, the amendment unchanged, nothing in the audit log.
      const auditBefore = t.stores.audit.entries().length;
      const res = await agent.post(`${PAGE}/${nummer}/besluit`).type('form').send({ _csrf: csrf, besluit: 'verwerpen', reden: 'Zelf beslist.' }).expect(403);
      expect(res.text).toContain('ingediend of mede ingediend');
      expect(t.stores.audit.entries().length).toBe(auditBefore);
      expect(t.stores.amendments.all().find((a) => a.nummer === nummer)?.status).toBe('ingediend');
    }

    const { agent } = await signedInAgent(t, other.email, other.wachtwoord);
    const page = await agent.get(`${PAGE}/${nummer}`).expect(200);
    expect(page.text).toContain(`action="${PAGE}/${nummer}/besluit"`);
    expect(page.text).not.toContain(NOTE);
  });
});
