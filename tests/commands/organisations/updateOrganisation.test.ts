/**
 * updateOrganisation (the administrator) called directly on a real store: only organisations that are
 * not CBS municipalities change, only what differs is written and audited (old and new values), nothing
 * becomes a municipality, and a refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../../src/commands/organisations/addOrganisation.js';
import { updateOrganisation } from '../../../src/commands/organisations/updateOrganisation.js';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { person } from '../../helpers/storeScenario.js';

let c: CommandStore;
beforeAll(async () => {
  c = await commandStore();
  await addOrganisation(c.stores, c.admin, { code: 'PV27', naam: 'Provincie Noord-Holland', type: 'provincie' });
});
afterAll(() => c.cleanup());

describe('updateOrganisation', () => {
  it('changes name and type and audits only what changed, with the old values under vorig', async () => {
    const { result, entries } = await withAudit(c.stores, () => updateOrganisation(c.stores, c.admin, 'PV27', { naam: 'Noord-Holland', type: 'overig' }));
    expect(result).toMatchObject({ code: 'PV27', naam: 'Noord-Holland', type: 'overig' });
    expect(c.stores.db.data.organisaties.find((o) => o.code === 'PV27')).toEqual(result);
    expect(entries).toMatchObject([{ actie: 'organisatie-gewijzigd', object: { soort: 'organisatie', id: 'PV27' }, gegevens: { naam: 'Noord-Holland', type: 'overig', vorig: { naam: 'Provincie Noord-Holland', type: 'provincie' } } }]);
    // Only the name differs: the type is left out of the entry.
    const second = await withAudit(c.stores, () => updateOrganisation(c.stores, c.admin, 'PV27', { naam: 'Provincie Noord-Holland', type: 'overig' }));
    expect(second.entries[0]?.gegevens).toEqual({ naam: 'Provincie Noord-Holland', vorig: { naam: 'Noord-Holland' } });
  });

  it('a change that changes nothing answers the record and writes nothing', async () => {
    const current = c.stores.db.data.organisaties.find((o) => o.code === 'PV27');
    const before = c.stores.audit.entries().length;
    const file = JSON.stringify(c.stores.db.data);
    expect(await updateOrganisation(c.stores, c.admin, 'PV27', { naam: current?.naam })).toEqual(current);
    expect(await updateOrganisation(c.stores, c.admin, 'PV27', { naam: current?.naam, type: current?.type })).toEqual(current);
    expect(c.stores.audit.entries().length).toBe(before);
    expect(JSON.stringify(c.stores.db.data)).toBe(file);
  });

  it('a CBS municipality is 409; becoming a municipality, an empty name or no change at all is 400; an unknown code 404', async () => {
    await expectRefused(c.stores, () => updateOrganisation(c.stores, c.admin, 'GM0363', { naam: 'Mokum' }), Conflict);
    expect(fieldsOf(await expectRefused(c.stores, () => updateOrganisation(c.stores, c.admin, 'PV27', { type: 'gemeente' }), InvalidInput))).toEqual(['type']);
    expect(fieldsOf(await expectRefused(c.stores, () => updateOrganisation(c.stores, c.admin, 'PV27', { naam: '' }), InvalidInput))).toEqual(['naam']);
    await expectRefused(c.stores, () => updateOrganisation(c.stores, c.admin, 'PV27', {}), InvalidInput);
    await expectRefused(c.stores, () => updateOrganisation(c.stores, c.admin, 'XX-ONBEKEND', { naam: 'X' }), NotFound);
  });

  it('the organisation’s own representative is refused too', async () => {
    const rep = await person(c.stores, 'vertegenwoordiger', 'Piet', 'PV27');
    await expectRefused(c.stores, () => updateOrganisation(c.stores, rep.user, 'PV27', { naam: 'Eigen naam' }), NotAllowed);
  });
});
