/**
 * withdrawEndorsement called directly on a real store: any representative of the endorsing organisation
 * withdraws (also an endorsement from the VNG letter), the record stays with its reason, withdrawing
 * twice is 409, an id of another document is 404, and a refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorseVersion } from '../../../src/commands/endorsements/endorseVersion.js';
import { withdrawEndorsement } from '../../../src/commands/endorsements/withdrawEndorsement.js';
import type { EndorsementRecord } from '../../../src/domain/endorsementModel.js';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, withAudit, type CommandStore } from '../../helpers/commandStore.js';
import { DOC, person, type Person } from '../../helpers/storeScenario.js';

let c: CommandStore;
let ursula: Person;
let uwe: Person;
let record: EndorsementRecord;

beforeAll(async () => {
  c = await commandStore();
  ursula = await person(c.stores, 'vertegenwoordiger', 'Ursula', 'GM0344');
  uwe = await person(c.stores, 'vertegenwoordiger', 'Uwe', 'GM0344');
  record = await endorseVersion(c.stores, ursula.user, DOC, '1.0', { ondertekenaar: { naam: 'U', functie: 'burgemeester' }, besluit: { orgaan: 'college', datum: '2025-01-15', kenmerk: 'U-1', url: null } });
});
afterAll(() => c.cleanup());

describe('withdrawEndorsement', () => {
  it('a colleague of the same organisation withdraws it: it stays, withdrawn, with reason, who and when, and is audited', async () => {
    const now = new Date('2025-03-01T08:00:00Z');
    const { result, entries } = await withAudit(c.stores, () => withdrawEndorsement(c.stores, uwe.user, DOC, record.id, { reden: '  Nieuw raadsbesluit. ' }, now));
    expect(result).toMatchObject({ ...record, status: 'ingetrokken', intrekking: { reden: 'Nieuw raadsbesluit.', door: { gebruiker: uwe.user.id }, tijdstip: now.toISOString() } });
    expect(c.stores.endorsements.get(record.id)).toEqual(result);
    expect(c.stores.endorsements.activeFor(DOC, '1.0', 'GM0344')).toBeUndefined();
    expect(entries).toMatchObject([{ actie: 'onderschrijving-ingetrokken', actor: { id: uwe.user.id }, object: { soort: 'onderschrijving', id: record.id } }]);
  });

  it('withdrawing it again is 409 and keeps the first withdrawal', async () => {
    const first = c.stores.endorsements.get(record.id)?.intrekking;
    await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, DOC, record.id, { reden: 'Nog eens.' }), Conflict);
    expect(c.stores.endorsements.get(record.id)?.intrekking).toEqual(first);
  });

  it('an endorsement from the VNG letter is withdrawn by a representative of that organisation only', async () => {
    const fromLetter = c.stores.endorsements.activeFor(DOC, '1.0', 'GM0363');
    expect(fromLetter?.bron).toBe('ledenbrief');
    await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, DOC, fromLetter?.id ?? '', { reden: 'Niet van ons.' }), NotAllowed);
    const amsterdam = await person(c.stores, 'vertegenwoordiger', 'Anna', 'GM0363');
    expect((await withdrawEndorsement(c.stores, amsterdam.user, DOC, fromLetter?.id ?? '', { reden: 'Herzien.' })).status).toBe('ingetrokken');
  });

  it('an unknown or malformed id, or the id under another document, is 404; a missing reason 400', async () => {
    const active = await endorseVersion(c.stores, ursula.user, DOC, '1.0', { ondertekenaar: { naam: 'U', functie: 'wethouder' }, besluit: { orgaan: 'college', datum: '2025-02-15', kenmerk: 'U-2', url: null } });
    await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, DOC, 'ond_bestaatniet0', { reden: 'x' }), NotFound);
    await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, DOC, '../etc', { reden: 'x' }), NotFound);
    await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, 'bestaat-niet', active.id, { reden: 'x' }), NotFound);
    expect(fieldsOf(await expectRefused(c.stores, () => withdrawEndorsement(c.stores, ursula.user, DOC, active.id, { reden: '  ' }), InvalidInput))).toEqual(['reden']);
  });
});
