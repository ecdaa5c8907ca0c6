/**
 * What one amendment write puts on disk: the files of that amendment, never the metadata of the others.
 * Before, every write (a comment, a review, a decision) rewrote one file holding every amendment, so
 * its cost grew with their number (docs/benchmarks.md, "Amendment store").
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';
import { DOC, newPrincipleAmendments, person, snapshotDir, type Person } from '../helpers/storeScenario.js';
import { makeTestApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let proposer: Person;
let reviewer: Person;
let amendments: AmendmentRecord[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  proposer = await person(t.stores, 'werkgroeplid', 'Werk Groeplid');
  reviewer = await person(t.stores, 'werkgroeplid', 'Twee De');
  amendments = await newPrincipleAmendments(t.stores, proposer, 'apart', 30);
}, 120_000);
afterAll(() => t.cleanup());

/** The files the request changed or added, relative to the data folder (the audit log aside). */
async function filesWrittenBy(send: () => Promise<unknown>): Promise<Map<string, string>> {
  const before = snapshotDir(t.dataDir);
  await send();
  const after = snapshotDir(t.dataDir);
  const written = new Map<string, string>();
  for (const [file, bytes] of after) {
    if (file === 'audit.jsonl' || file === 'audit-kop.json') continue;
    if (!before.get(file)?.equals(bytes)) written.set(file, bytes.toString('utf8'));
  }
  return written;
}

describe('an amendment write', () => {
  it.each([
    ['a comment', (a: AmendmentRecord) => ({ url: `reacties`, token: () => reviewer.token, body: { tekst: `Reactie op ${a.nummer}.` } })],
    ['a review', (a: AmendmentRecord) => ({ url: `beoordelingen`, token: () => reviewer.token, body: { oordeel: 'akkoord', toelichting: 'Goed.' } })],
    ['a withdrawal', () => ({ url: `intrekking`, token: () => proposer.token, body: { reden: 'Toch niet.' } })],
  ])('%s rewrites no file that holds another amendment', async (_what, make) => {
    const a = amendments[7] as AmendmentRecord;
    const { url, token, body } = make(a);
    const written = await filesWrittenBy(() =>
      request(t.app).post(`/api/v1/documenten/${DOC}/amendementen/${a.nummer}/${url}`).set('Authorization', `Bearer ${token()}`).send(body).expect((res) => expect(res.status).toBeLessThan(300)),
    );
    expect(written.size).toBe(1);
    const [file, text] = [...written][0] ?? ['', ''];
    expect(text).toContain(a.titel);
    for (const other of amendments) if (other.nummer !== a.nummer) expect(text, `${file} holds amendment ${other.nummer}`).not.toContain(`"${other.titel}"`);
    expect(fs.statSync(path.join(t.dataDir, file)).size).toBeLessThan(16 * 1024);
  });
});
