/**
 * The amendment state machine's one transition function, for every status and every action: an allowed
 * action gives the status it leads to and adds its facts; a refused one is the 409 of the state guard
 * and leaves the record exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { AMENDMENT_STATUSES, type AmendmentRecord, type AmendmentStatus, type Party } from '../../../src/domain/amendmentModel.js';
import { AMENDMENT_ACTIONS, newAmendment, transitionAmendment, type AmendmentAction, type Facts } from '../../../src/domain/amendmentState.js';
import { Conflict } from '../../../src/errors.js';

const door: Party = { gebruiker: 'gbr_1', naam: 'Ina Indiener', organisatie: { code: 'GM0344', naam: 'Utrecht' } };
const later = '2025-03-01T10:00:00.000Z';
const revisie = { commit: 'b'.repeat(40), basis: 'c'.repeat(40), soort: 'tekst' as const, wijziging: 'w2', door, tijdstip: later };

function recordIn(status: AmendmentStatus): AmendmentRecord {
  const open = newAmendment({
    document: 'digitale-stad',
    nummer: 7,
    titel: 'Een amendement',
    toelichting: 'Waarom.',
    branch: 'amendementen/7',
    indiener: door,
    revisies: [{ commit: 'a'.repeat(40), basis: 'c'.repeat(40), soort: 'voorstel', wijziging: 'w1', door, tijdstip: '2025-01-01T10:00:00.000Z' }],
    aangemaakt: '2025-01-01T10:00:00.000Z',
    gewijzigd: '2025-01-01T10:00:00.000Z',
  });
  // Every other status is reached the only way there is: through the transition.
  if (status === 'ingediend') return { ...open, medeIndieners: [{ organisatie: { code: 'GM0193', naam: 'Zwolle' }, door, tijdstip: later, ingetrokken: null }] };
  const action = ({ overgenomen: 'overnemen', verworpen: 'verwerpen', ingetrokken: 'intrekken' } as const)[status];
  return transitionAmendment(open, action, { besluit: { reden: 'Eerder.', door, tijdstip: later }, gewijzigd: later });
}

/** The facts of each action, and what the record has after it. */
const CASES: { [A in AmendmentAction]: { facts: Facts<A>; check: (before: AmendmentRecord, after: AmendmentRecord) => void } } = {
  herzien: { facts: { revisie, gewijzigd: later }, check: (b, a) => expect(a.revisies).toEqual([...b.revisies, revisie]) },
  bijwerken: { facts: { revisie: { ...revisie, soort: 'bijwerken' }, gewijzigd: later }, check: (b, a) => expect(a.revisies.at(-1)?.soort).toBe('bijwerken') },
  'mede-indienen': {
    facts: { medeIndiening: { organisatie: { code: 'GM0363', naam: 'Amsterdam' }, door, tijdstip: later, ingetrokken: null }, gewijzigd: later },
    check: (b, a) => expect(a.medeIndieners.map((m) => m.organisatie.code)).toEqual([...b.medeIndieners.map((m) => m.organisatie.code), 'GM0363']),
  },
  'mede-indiening-intrekken': {
    facts: { organisatie: { code: 'GM0193', naam: 'Zwolle' }, tijdstip: later, gewijzigd: later },
    check: (_, a) => expect(a.medeIndieners[0]?.ingetrokken).toBe(later),
  },
  reageren: {
    facts: { reactie: { id: 'rct_1', door, tekst: 'Goed plan.', anker: null, tijdstip: later }, gewijzigd: later },
    check: (_, a) => expect(a.reacties.map((c) => c.id)).toEqual(['rct_1']),
  },
  beoordelen: {
    facts: { beoordeling: { id: 'brd_1', door, oordeel: 'akkoord', toelichting: 'Prima.', revisie: 'a'.repeat(40), wijziging: 'w1', tijdstip: later }, gewijzigd: later },
    check: (_, a) => expect(a.beoordelingen.map((r) => r.id)).toEqual(['brd_1']),
  },
  overnemen: {
    facts: { besluit: { reden: 'Aangenomen.', door, tijdstip: later, commit: 'd'.repeat(40) }, gewijzigd: later },
    check: (_, a) => expect(a.besluit).toEqual({ besluit: 'overgenomen', reden: 'Aangenomen.', door, tijdstip: later, commit: 'd'.repeat(40) }),
  },
  verwerpen: { facts: { besluit: { reden: 'Nee.', door, tijdstip: later }, gewijzigd: later }, check: (_, a) => expect(a.besluit).toEqual({ besluit: 'verworpen', reden: 'Nee.', door, tijdstip: later }) },
  intrekken: { facts: { besluit: { reden: 'Ingetrokken.', door, tijdstip: later }, gewijzigd: later }, check: (_, a) => expect(a.besluit?.besluit).toBe('ingetrokken') },
};

/** The decisions and the withdrawal end an amendment in their outcome; every other action keeps it open. */
const ENDS: Partial<Record<AmendmentAction, AmendmentStatus>> = { overnemen: 'overgenomen', verwerpen: 'verworpen', intrekken: 'ingetrokken' };
const expected = (action: AmendmentAction): AmendmentStatus => ENDS[action] ?? 'ingediend';

function apply<A extends AmendmentAction>(record: AmendmentRecord, action: A): AmendmentRecord {
  return transitionAmendment(record, action, CASES[action].facts);
}

describe('transitionAmendment', () => {
  it('a new amendment is open, with nothing on it yet', () => {
    const r = recordIn('ingediend');
    expect(r.status).toBe('ingediend');
    expect([r.beoordelingen, r.reacties, r.besluit]).toEqual([[], [], null]);
  });

  for (const status of AMENDMENT_STATUSES) {
    for (const action of AMENDMENT_ACTIONS) {
      it(`${status} x ${action}`, () => {
        const before = recordIn(status);
        const copy = structuredClone(before);
        if (status === 'ingediend') {
          const after = apply(before, action);
          expect(after.status).toBe(expected(action));
          expect(after.gewijzigd).toBe(later);
          CASES[action].check(before, after);
          expect(before, 'the record passed in is left unchanged').toEqual(copy);
          return;
        }
        let refusal: unknown;
        try {
          apply(before, action);
        } catch (e) {
          refusal = e;
        }
        expect(refusal).toBeInstanceOf(Conflict);
        expect((refusal as Conflict).status).toBe(409);
        expect((refusal as Conflict).detail).toBe(`Amendement 7 is ${status}: er kan niets meer aan veranderen.`);
        expect((refusal as Conflict).data).toEqual({ status, actie: action });
        expect(before).toEqual(copy);
      });
    }
  }

  it('an organisation co-signs once, and withdraws only a co-signature it gave (409 otherwise)', () => {
    const open = recordIn('ingediend');
    const copy = structuredClone(open);
    expect(() => transitionAmendment(open, 'mede-indienen', { medeIndiening: { organisatie: { code: 'GM0193', naam: 'Zwolle' }, door, tijdstip: later, ingetrokken: null }, gewijzigd: later })).toThrow(
      'Zwolle is al mede-indiener van amendement 7.',
    );
    expect(() => transitionAmendment(open, 'mede-indiening-intrekken', { organisatie: { code: 'GM0363', naam: 'Amsterdam' }, tijdstip: later, gewijzigd: later })).toThrow(
      'Uw organisatie is geen mede-indiener van dit amendement.',
    );
    expect(open).toEqual(copy);
  });
});
