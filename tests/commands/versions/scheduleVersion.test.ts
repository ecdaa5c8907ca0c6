/**
 * scheduleVersion called directly on a real store: the version goes on the ALV agenda (again: the item
 * moves), an adopted version and a version older than an adopted one are final (409), a bad date is 400,
 * and a refusal writes nothing. Who may schedule and the order of refusals: commandAuthorization.test.ts
 * and versionRepository.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdoption } from '../../../src/commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../../src/commands/versions/scheduleVersion.js';
import { findVersionState, namedVersionStatus } from '../../../src/domain/versionStatus.js';
import { Conflict, InvalidInput } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, git, nameNewVersion, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let sara: Person;

beforeAll(async () => {
  c = await commandStore();
  sara = await person(c.stores, 'secretaris', 'Sara');
});
afterAll(() => c.cleanup());

const state = (versie: string) => findVersionState(c.stores.db.data.versies, DOC, versie);
const schedule = (versie: string, alvDatum: string) => scheduleVersion(c.stores, sara.user, DOC, versie, { alvDatum });
const adopt = (versie: string) => recordAdoption(c.stores, sara.user, DOC, versie, { datum: '2025-06-12', uitkomst: 'aangenomen', percentages: { voor: 70, tegen: 20, onthouding: 10 }, kenmerk: 'ALV' });

describe('scheduleVersion', () => {
  it('puts the version on the agenda with the pinned commit, and audits the date', async () => {
    const naam = await nameNewVersion(c.stores, sara.user);
    const tags = git(c.stores, 'for-each-ref', 'refs/tags');
    const { result, entries } = await withAudit(c.stores, () => schedule(naam, '2026-06-12'));
    expect(result).toMatchObject({ document: DOC, versie: naam, commit: git(c.stores, 'rev-parse', `v${naam}^{commit}`), agendering: { alvDatum: '2026-06-12', door: { gebruiker: sara.user.id } } });
    expect(state(naam)).toEqual(result);
    expect(namedVersionStatus(state(naam))).toBe('ter-vaststelling');
    expect(git(c.stores, 'for-each-ref', 'refs/tags'), 'scheduling touches no tag').toBe(tags);
    expect(entries).toEqual([
      expect.objectContaining({ actie: 'versie-geagendeerd', object: { soort: 'versie', id: `${DOC}@${naam}` }, gegevens: { document: DOC, versie: naam, commit: result.commit, alvDatum: '2026-06-12' } }),
    ]);
    // Again before the assembly decided: the item moves to the new date.
    expect((await schedule(naam, '2026-07-01')).agendering?.alvDatum).toBe('2026-07-01');
    expect(state(naam)?.besluiten).toEqual([]);
  });

  it('a date that is not a calendar date is 400 naming alvDatum', async () => {
    for (const alvDatum of ['12-06-2026', '2026-02-30', 'morgen']) {
      expect(new Set(fieldsOf(await expectRefused(c.stores, () => schedule('1.0', alvDatum), InvalidInput))), alvDatum).toEqual(new Set(['alvDatum']));
    }
  });

  it('an adopted version is final, and so is every older one (409)', async () => {
    expect(state('1.0'), 'version 1.0 has no ALV record yet').toBeUndefined();
    const newer = await nameNewVersion(c.stores, sara.user);
    await schedule(newer, '2026-09-01');
    await adopt(newer);
    const adopted = await expectRefused(c.stores, () => schedule(newer, '2026-10-01'), Conflict);
    expect(adopted.data).toMatchObject({ status: 'vastgesteld' });
    const older = await expectRefused(c.stores, () => schedule('1.0', '2026-10-01'), Conflict);
    expect(older.data).toMatchObject({ vastgesteld: newer });
    expect(state('1.0')).toBeUndefined();
  });
});
