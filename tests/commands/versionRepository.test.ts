/**
 * The version aggregate's repository on a real store: the prelude's order (the version, then who asks,
 * then the body), and the state guard inside the store's update, so that of two decisions at once on
 * one version exactly one is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdoption } from '../../src/commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../src/commands/versions/scheduleVersion.js';
import { VersionRepository } from '../../src/commands/versions/versionRepository.js';
import { nameVersion } from '../../src/commands/versions/nameVersion.js';
import { Conflict, InvalidInput, NotAllowed, NotFound, NotSignedIn } from '../../src/errors.js';
import { z } from 'zod';
import { DOC, person, type Person } from '../helpers/storeScenario.js';
import { editDraft, makeTestApp, nextVersionName, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let secretaris: Person;
let werkgroeplid: Person;

beforeAll(async () => {
  t = await makeTestApp();
  secretaris = await person(t.stores, 'secretaris', 'Sara');
  werkgroeplid = await person(t.stores, 'werkgroeplid', 'Wim');
});
afterAll(() => t.cleanup());

async function newVersion(): Promise<string> {
  await editDraft(t.store);
  const naam = nextVersionName(t.store);
  await nameVersion(t.stores, secretaris.user, DOC, { naam, toelichting: 'Test' });
  return naam;
}

describe('VersionRepository', () => {
  it('withNamed: 404 for what is not a named version, then 401/403, then 400, then the work', async () => {
    const versions = new VersionRepository(t.stores);
    const body = { schema: z.object({ x: z.string() }), input: {}, what: 'De test' };
    let ran = 0;
    const fn = async () => {
      ran += 1;
    };
    await expect(versions.withNamed(null, 'version:schedule', DOC, 'concept', body, fn)).rejects.toBeInstanceOf(NotFound);
    await expect(versions.withNamed(null, 'version:schedule', DOC, '1.0', body, fn)).rejects.toBeInstanceOf(NotSignedIn);
    await expect(versions.withNamed(werkgroeplid.user, 'version:schedule', DOC, '1.0', body, fn)).rejects.toBeInstanceOf(NotAllowed);
    await expect(versions.withNamed(secretaris.user, 'version:schedule', DOC, '1.0', body, fn)).rejects.toBeInstanceOf(InvalidInput);
    expect(ran).toBe(0);
    await versions.withNamed(secretaris.user, 'version:schedule', DOC, '1.0', { ...body, input: { x: 'y' } }, fn);
    expect(ran).toBe(1);
  });

  it('two decisions at once on one version: one is recorded, the other is 409', async () => {
    const naam = await newVersion();
    await scheduleVersion(t.stores, secretaris.user, DOC, naam, { alvDatum: '2026-06-12' });
    const decide = (uitkomst: string, kenmerk: string) =>
      recordAdoption(t.stores, secretaris.user, DOC, naam, { datum: '2026-01-10', uitkomst, percentages: { voor: 60, tegen: 30, onthouding: 10 }, kenmerk });
    const results = await Promise.allSettled([decide('aangenomen', 'A'), decide('verworpen', 'B')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' ? failed.reason : null).toBeInstanceOf(Conflict);
    const state = t.stores.db.data.versies.find((s) => s.document === DOC && s.versie === naam);
    expect(state?.besluiten).toHaveLength(1);
    expect(t.stores.audit.entries().filter((e) => e.object.id === `${DOC}@${naam}` && /^versie-(vastgesteld|verworpen)$/.test(e.actie))).toHaveLength(1);
  });
});
