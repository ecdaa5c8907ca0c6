/**
 * setDecisionText called directly on a real store: the explanation after the fixed decision sentence is
 * stored with normalised line ends, an empty text brings back the default, it can be set before the
 * version is scheduled, and not after the version was adopted (409); a refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdoption } from '../../../src/commands/versions/recordAdoption.js';
import { scheduleVersion } from '../../../src/commands/versions/scheduleVersion.js';
import { setDecisionText } from '../../../src/commands/versions/setDecisionText.js';
import { findVersionState, namedVersionStatus } from '../../../src/domain/versionStatus.js';
import { Conflict, InvalidInput } from '../../../src/errors.js';
import { commandStore, expectRefused, fieldsOf, nameNewVersion, withAudit, type CommandStore } from '../../helpers/commandStore.js';
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
const setText = (tekst: unknown) => setDecisionText(c.stores, sara.user, DOC, naam, { tekst });

describe('setDecisionText', () => {
  it('stores the text trimmed with LF line ends, before scheduling, without changing the status, and audits it', async () => {
    const { result, entries } = await withAudit(c.stores, () => setText('  Eerste alinea.\r\n\r\nTweede alinea.\r  '));
    expect(result.besluittekst).toMatchObject({ tekst: 'Eerste alinea.\n\nTweede alinea.', door: { gebruiker: sara.user.id } });
    expect(state()).toEqual(result);
    expect(namedVersionStatus(state())).toBe('gepubliceerd');
    expect(entries).toEqual([
      expect.objectContaining({ actie: 'versie-besluittekst-gewijzigd', object: { soort: 'versie', id: `${DOC}@${naam}` }, gegevens: { document: DOC, versie: naam, tekst: 'Eerste alinea.\n\nTweede alinea.' } }),
    ]);
  });

  it('an empty (or blank) text brings back the default: null, audited as null', async () => {
    const { result, entries } = await withAudit(c.stores, () => setText(' \r\n '));
    expect(result.besluittekst).toBeNull();
    expect(entries[0]?.gegevens).toMatchObject({ tekst: null });
  });

  it('a text that is not a string or too long is 400 naming tekst', async () => {
    expect(fieldsOf(await expectRefused(c.stores, () => setText(5), InvalidInput))).toEqual(['tekst']);
    expect(fieldsOf(await expectRefused(c.stores, () => setText('x'.repeat(5001)), InvalidInput))).toEqual(['tekst']);
  });

  it('after the adoption the paper is final: 409, the adopted text stays', async () => {
    await setText('De vastgestelde toelichting.');
    await scheduleVersion(c.stores, sara.user, DOC, naam, { alvDatum: '2025-06-12' });
    await recordAdoption(c.stores, sara.user, DOC, naam, { datum: '2025-06-12', uitkomst: 'aangenomen-bij-acclamatie', percentages: null, kenmerk: 'ALV-2' });
    const e = await expectRefused(c.stores, () => setText('Achteraf anders.'), Conflict);
    expect(e.data).toMatchObject({ status: 'vastgesteld' });
    expect(state()?.besluittekst?.tekst).toBe('De vastgestelde toelichting.');
  });
});
