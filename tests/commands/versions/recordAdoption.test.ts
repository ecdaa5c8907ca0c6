/**
 * recordAdoption called directly on a real store: the assembly's decision closes the agenda item; an
 * adopting outcome makes the version final, verworpen and aangehouden leave it published (it can be
 * scheduled again); only a scheduled version is decided (409); a vote that does not add up or a date
 * after today is 400; a refusal writes nothing. Two decisions at once: versionRepository.test.ts.
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
let naam: string;

beforeAll(async () => {
  c = await commandStore();
  sara = await person(c.stores, 'secretaris', 'Sara');
  naam = await nameNewVersion(c.stores, sara.user);
});
afterAll(() => c.cleanup());

const state = () => findVersionState(c.stores.db.data.versies, DOC, naam);
const vote = { voor: 60, tegen: 30, onthouding: 10 };
const decide = (body: Record<string, unknown>, now?: Date) =>
  recordAdoption(c.stores, sara.user, DOC, naam, { datum: '2025-06-12', uitkomst: 'aangenomen', percentages: vote, kenmerk: 'ALV-1', ...body }, now);

describe('recordAdoption', () => {
  it('a version that is not on the agenda is not decided (409)', async () => {
    const e = await expectRefused(c.stores, () => decide({}), Conflict);
    expect(e.data).toMatchObject({ versie: naam, status: 'gepubliceerd' });
  });

  it('votes over 100 percent, a missing vote, or a date after today are 400 naming the field', async () => {
    await scheduleVersion(c.stores, sara.user, DOC, naam, { alvDatum: '2025-06-12' });
    expect(fieldsOf(await expectRefused(c.stores, () => decide({ percentages: { voor: 60, tegen: 30, onthouding: 10.01 } }), InvalidInput))).toEqual(['percentages']);
    expect(fieldsOf(await expectRefused(c.stores, () => decide({ percentages: null }), InvalidInput))).toEqual(['percentages']);
    expect(fieldsOf(await expectRefused(c.stores, () => decide({ datum: '2025-06-13' }, new Date('2025-06-12T21:00:00Z')), InvalidInput))).toEqual(['datum']);
    expect(fieldsOf(await expectRefused(c.stores, () => decide({ uitkomst: 'misschien', kenmerk: ' ' }), InvalidInput)).sort()).toEqual(['kenmerk', 'uitkomst']);
  });

  it('aangehouden and verworpen close the agenda item and leave the version published, each with its own audit action', async () => {
    const held = await withAudit(c.stores, () => decide({ uitkomst: 'aangehouden', percentages: null, kenmerk: 'ALV-A' }));
    expect(held.result.agendering).toBeNull();
    expect(held.result.besluiten).toMatchObject([{ alvDatum: '2025-06-12', uitkomst: 'aangehouden', kenmerk: 'ALV-A', door: { gebruiker: sara.user.id } }]);
    expect(namedVersionStatus(state())).toBe('gepubliceerd');
    expect(held.entries).toMatchObject([{ actie: 'versie-aangehouden', object: { id: `${DOC}@${naam}` } }]);
    // Decided once, the version is off the agenda: a second decision needs a new agenda item.
    await expectRefused(c.stores, () => decide({ uitkomst: 'verworpen' }), Conflict);
    await scheduleVersion(c.stores, sara.user, DOC, naam, { alvDatum: '2025-06-13' });
    const rejected = await withAudit(c.stores, () => decide({ uitkomst: 'verworpen', datum: '2025-06-13', kenmerk: 'ALV-B' }));
    expect(rejected.entries).toMatchObject([{ actie: 'versie-verworpen' }]);
    expect(state()?.besluiten.map((b) => b.uitkomst)).toEqual(['aangehouden', 'verworpen']);
  });

  it('an adopting outcome makes the version vastgesteld, audits the pinned commit, tree and tag, and is final', async () => {
    await scheduleVersion(c.stores, sara.user, DOC, naam, { alvDatum: '2025-06-14' });
    const { result, entries } = await withAudit(c.stores, () => decide({ uitkomst: 'gewijzigd-aangenomen', datum: '2025-06-14', kenmerk: 'ALV-C' }));
    expect(namedVersionStatus(result)).toBe('vastgesteld');
    expect(state()).toEqual(result);
    expect(entries).toEqual([
      expect.objectContaining({
        actie: 'versie-vastgesteld',
        gegevens: expect.objectContaining({
          versie: naam,
          commit: git(c.stores, 'rev-parse', `v${naam}^{commit}`),
          tree: git(c.stores, 'rev-parse', `v${naam}^{tree}`),
          tag: git(c.stores, 'rev-parse', `v${naam}`),
          uitkomst: 'gewijzigd-aangenomen',
          kenmerk: 'ALV-C',
        }),
      }),
    ]);
    expect((await expectRefused(c.stores, () => decide({ datum: '2025-06-14' }), Conflict)).data).toMatchObject({ status: 'vastgesteld' });
  });
});
