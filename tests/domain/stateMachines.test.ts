/**
 * The transition functions of versions (their ALV record) and endorsements: the one place where a
 * record's state changes, refusing (409) what its state does not allow, leaving the old record as it was.
 */
import { describe, expect, it } from 'vitest';
import type { Party } from '../../src/domain/amendmentModel.js';
import { transitionEndorsement, type NewEndorsement } from '../../src/domain/endorsementState.js';
import { newVersionState, transitionVersion } from '../../src/domain/versionState.js';
import { namedVersionStatus } from '../../src/domain/versionStatus.js';
import { Conflict } from '../../src/errors.js';

const door: Party = { gebruiker: 'gbr_s', naam: 'Sara', organisatie: null };
const at = '2026-01-01T10:00:00.000Z';
const decision = (uitkomst: 'aangenomen' | 'verworpen' | 'aangehouden') => ({ soort: 'besluit' as const, datum: '2026-06-12', uitkomst, percentages: null, kenmerk: 'K', door, tijdstip: at });

describe('transitionVersion', () => {
  const v11 = newVersionState('d', { naam: '1.1', commit: 'c', tree: 't' });

  it('schedules, moves the date, decides; a rejection or deferral puts it back to gepubliceerd', () => {
    expect(namedVersionStatus(v11)).toBe('gepubliceerd');
    const scheduled = transitionVersion(v11, [v11], { soort: 'agenderen', alvDatum: '2026-06-12', door, tijdstip: at });
    expect(namedVersionStatus(scheduled)).toBe('ter-vaststelling');
    expect(v11.agendering, 'the old record is left as it was').toBeNull();
    const moved = transitionVersion(scheduled, [scheduled], { soort: 'agenderen', alvDatum: '2026-07-01', door, tijdstip: at });
    expect(moved.agendering?.alvDatum).toBe('2026-07-01');
    const deferred = transitionVersion(moved, [moved], decision('aangehouden'));
    expect(namedVersionStatus(deferred)).toBe('gepubliceerd');
    expect(deferred.besluiten.map((b) => [b.alvDatum, b.uitkomst])).toEqual([['2026-07-01', 'aangehouden']]);
  });

  it('refuses a decision without an agenda item, and everything once adopted (409)', () => {
    expect(() => transitionVersion(v11, [v11], decision('aangenomen'))).toThrow(Conflict);
    const scheduled = transitionVersion(v11, [v11], { soort: 'agenderen', alvDatum: '2026-06-12', door, tijdstip: at });
    const adopted = transitionVersion(scheduled, [scheduled], decision('aangenomen'));
    expect(namedVersionStatus(adopted)).toBe('vastgesteld');
    for (const action of [decision('verworpen'), { soort: 'agenderen' as const, alvDatum: '2026-09-01', door, tijdstip: at }, { soort: 'besluittekst' as const, tekst: 'x', door, tijdstip: at }]) {
      expect(() => transitionVersion(adopted, [adopted], action)).toThrow(/vastgesteld/);
    }
  });

  it('an older version cannot move once a newer one was adopted', () => {
    const v12 = newVersionState('d', { naam: '1.12', commit: 'c2', tree: 't2' });
    const adopted12 = transitionVersion(transitionVersion(v12, [v12], { soort: 'agenderen', alvDatum: '2026-06-12', door, tijdstip: at }), [], decision('aangenomen'));
    expect(() => transitionVersion(v11, [v11, adopted12], { soort: 'agenderen', alvDatum: '2026-06-12', door, tijdstip: at })).toThrow(/1\.12 is al vastgesteld/);
    // Another document's adoption does not count.
    expect(() => transitionVersion(v11, [{ ...adopted12, document: 'ander' }], { soort: 'agenderen', alvDatum: '2026-06-12', door, tijdstip: at })).not.toThrow();
  });

  it('the decision text: set, and null brings back the default', () => {
    const withText = transitionVersion(v11, [], { soort: 'besluittekst', tekst: 'Toelichting.', door, tijdstip: at });
    expect(withText.besluittekst).toEqual({ tekst: 'Toelichting.', door, tijdstip: at });
    expect(transitionVersion(withText, [], { soort: 'besluittekst', tekst: null, door, tijdstip: at }).besluittekst).toBeNull();
  });
});

describe('transitionEndorsement', () => {
  const fields: NewEndorsement = {
    id: 'ond_1',
    document: 'd',
    organisation: { code: 'GM0344', naam: 'Utrecht', type: 'gemeente' },
    version: { naam: '1.0', commit: 'c', tree: 't' },
    ondertekenaar: { naam: 'U', functie: 'b' },
    besluit: { orgaan: 'college', datum: '2025-01-01', kenmerk: 'K', url: null },
    bron: 'dienst',
    door,
    vastgelegd: at,
  };

  it('records an active endorsement with its fields in the stored order, then withdraws it once', () => {
    const active = transitionEndorsement(undefined, { soort: 'vastleggen', endorsement: fields });
    expect(Object.keys(active)).toEqual(['id', 'document', 'organisatie', 'versie', 'commit', 'tree', 'status', 'ondertekenaar', 'besluit', 'bron', 'door', 'vastgelegd', 'intrekking']);
    expect(active).toMatchObject({ status: 'actief', intrekking: null });
    const intrekking = { reden: 'Herzien.', door, tijdstip: at };
    const withdrawn = transitionEndorsement(active, { soort: 'intrekken', intrekking });
    expect(withdrawn).toMatchObject({ status: 'ingetrokken', intrekking });
    expect(active.status).toBe('actief');
    expect(() => transitionEndorsement(withdrawn, { soort: 'intrekken', intrekking })).toThrow(/al ingetrokken \(2026-01-01\)/);
    expect(() => transitionEndorsement(active, { soort: 'vastleggen', endorsement: fields })).toThrow(Conflict);
  });
});
