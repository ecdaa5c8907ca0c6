/**
 * addOrganisation (the administrator) called directly on a real store: what is stored and audited, the
 * rule that municipalities come only from the CBS list, 409 for a code in the register (also for two
 * adds at once), and that a refusal writes nothing. Who may call it: commandAuthorization.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDED_BY_ADMIN_SOURCE, addOrganisation } from '../../../src/commands/organisations/addOrganisation.js';
import { Conflict, InvalidInput, NotAllowed } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person } from '../../helpers/storeScenario.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
});
afterAll(() => c.cleanup());

describe('addOrganisation', () => {
  it('adds the organisation marked as added by the administrator, and audits the whole record', async () => {
    const now = new Date('2025-04-01T09:00:00Z');
    const { result, entries } = await withAudit(c.stores, () => addOrganisation(c.stores, c.admin, { code: ' PV27 ', naam: 'Provincie Noord-Holland', type: 'provincie' }, now));
    expect(result).toEqual({ code: 'PV27', naam: 'Provincie Noord-Holland', type: 'provincie', bron: ADDED_BY_ADMIN_SOURCE, aangemaakt: now.toISOString() });
    expect(c.stores.db.data.organisaties.find((o) => o.code === 'PV27')).toEqual(result);
    expect(entries).toEqual([expect.objectContaining({ actie: 'organisatie-toegevoegd', actor: expect.objectContaining({ id: c.admin.id }), object: { soort: 'organisatie', id: 'PV27' }, gegevens: result })]);
  });

  it('a new municipality is refused: 409 for a CBS code in the register, 400 naming type for any other code', async () => {
    const existing = await expectRefused(c.stores, () => addOrganisation(c.stores, c.admin, { code: 'GM0363', naam: 'Amsterdam', type: 'gemeente' }), Conflict);
    expect(existing.data).toMatchObject({ field: 'code' });
    expect(fieldsOf(await expectRefused(c.stores, () => addOrganisation(c.stores, c.admin, { code: 'NL-NIEUW', naam: 'Nieuwstad', type: 'gemeente' }), InvalidInput))).toEqual(['type']);
  });

  it('a CBS-style code for anything else is 400 naming code; malformed input names its fields', async () => {
    expect(fieldsOf(await expectRefused(c.stores, () => addOrganisation(c.stores, c.admin, { code: 'GM9990', naam: 'Geen gemeente', type: 'overig' }), InvalidInput))).toEqual(['code']);
    const e = await expectRefused(c.stores, () => addOrganisation(c.stores, c.admin, { code: 'klein?', naam: 'Met\nregeleinde', type: 'stad' }), InvalidInput);
    expect(fieldsOf(e).sort()).toEqual(['code', 'naam', 'type']);
  });

  it('a code already in the register is 409; of two adds of one code at once, one is stored', async () => {
    await expectRefused(c.stores, () => addOrganisation(c.stores, c.admin, { code: 'VNG', naam: 'Nog een VNG', type: 'overig' }), Conflict);
    const add = (naam: string) => addOrganisation(c.stores, c.admin, { code: 'WS-RACE', naam, type: 'waterschap' });
    const results = await Promise.allSettled([add('Eerste'), add('Tweede')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected');
    expect(failed?.status === 'rejected' ? failed.reason : null).toBeInstanceOf(Conflict);
    expect(c.stores.db.data.organisaties.filter((o) => o.code === 'WS-RACE')).toHaveLength(1);
    expect(c.stores.audit.entries().filter((e) => e.actie === 'organisatie-toegevoegd' && e.object.id === 'WS-RACE')).toHaveLength(1);
  });

  it('a secretary or representative is refused before the body is read', async () => {
    for (const who of [await person(c.stores, 'secretaris', 'Sara'), await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344')]) {
      await expectRefused(c.stores, () => addOrganisation(c.stores, who.user, { code: 'PV30', naam: 'Provincie', type: 'provincie' }), NotAllowed);
    }
  });
});
