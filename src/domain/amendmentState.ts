/**
 * The amendment state machine: which verbs may act on an amendment in which status, the status each
 * verb leads to, and `transitionAmendment`, the one place where an amendment record changes. The
 * commands in src/commands/amendments call it (through AmendmentRepository) under the document's
 * amendment lock, so the guard and the write are one step.
 *
 *   (none) --indienen (newAmendment)--> ingediend
 *   ingediend --herzien/bijwerken/mede-indienen/mede-indiening-intrekken/reageren/beoordelen--> ingediend
 *   ingediend --overnemen--> overgenomen
 *   ingediend --verwerpen--> verworpen
 *   ingediend --intrekken--> ingetrokken
 *
 * The three outcomes are final: a decided or withdrawn amendment stays public as it is (it is part of
 * the public record of how the text came about), so deciding twice, or revising, reviewing,
 * co-signing or commenting afterwards, is refused.
 */
import { Conflict } from '../errors.js';
import type { AmendmentRecord, AmendmentStatus, CommentRecord, CosignRecord, DecisionRecord, ReviewRecord, RevisionRecord } from './amendmentModel.js';

export const AMENDMENT_ACTIONS = [
  'herzien',
  'bijwerken',
  'mede-indienen',
  'mede-indiening-intrekken',
  'reageren',
  'beoordelen',
  'overnemen',
  'verwerpen',
  'intrekken',
] as const;
export type AmendmentAction = (typeof AMENDMENT_ACTIONS)[number];

const OPEN_ACTIONS: Record<AmendmentAction, AmendmentStatus> = {
  herzien: 'ingediend',
  bijwerken: 'ingediend',
  'mede-indienen': 'ingediend',
  'mede-indiening-intrekken': 'ingediend',
  reageren: 'ingediend',
  beoordelen: 'ingediend',
  overnemen: 'overgenomen',
  verwerpen: 'verworpen',
  intrekken: 'ingetrokken',
};

const TRANSITIONS: Record<AmendmentStatus, Partial<Record<AmendmentAction, AmendmentStatus>>> = {
  ingediend: OPEN_ACTIONS,
  overgenomen: {},
  verworpen: {},
  ingetrokken: {},
};

/** The status after `action`, or null when `action` is not allowed in `status`. */
export function nextStatus(status: AmendmentStatus, action: AmendmentAction): AmendmentStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

export function canAct(status: AmendmentStatus, action: AmendmentAction): boolean {
  return nextStatus(status, action) !== null;
}

/** The verbs allowed in `status`, in the order of AMENDMENT_ACTIONS. */
export function allowedActions(status: AmendmentStatus): AmendmentAction[] {
  return AMENDMENT_ACTIONS.filter((a) => canAct(status, a));
}

/** A final status: nothing can act on the amendment any more. */
export function isFinal(status: AmendmentStatus): boolean {
  return allowedActions(status).length === 0;
}

/** The state guard: 409 when `action` is not allowed in the amendment's status. */
export function requireAction(record: AmendmentRecord, action: AmendmentAction): void {
  if (!canAct(record.status, action)) {
    throw new Conflict(`Amendement ${record.nummer} is ${record.status}: er kan niets meer aan veranderen.`, { status: record.status, actie: action });
  }
}

/** What a decision records besides its outcome (the outcome is the status the action leads to). */
export type DecisionFacts = Omit<DecisionRecord, 'besluit'>;

/** What each action adds to the record. */
export interface ActionFacts {
  herzien: { revisie: RevisionRecord };
  bijwerken: { revisie: RevisionRecord };
  'mede-indienen': { medeIndiening: CosignRecord };
  /** The organisation whose active co-signature is withdrawn, and when. */
  'mede-indiening-intrekken': { organisatie: { code: string; naam: string }; tijdstip: string };
  reageren: { reactie: CommentRecord };
  beoordelen: { beoordeling: ReviewRecord };
  overnemen: { besluit: DecisionFacts };
  verwerpen: { besluit: DecisionFacts };
  intrekken: { besluit: DecisionFacts };
}

/** Every action also says when the record changed (`gewijzigd`, UTC ISO-8601). */
export type Facts<A extends AmendmentAction> = ActionFacts[A] & { gewijzigd: string };

/** Everything a new amendment records; the state machine adds its status and the empty lists. */
export type NewAmendment = Omit<AmendmentRecord, 'status' | 'medeIndieners' | 'beoordelingen' | 'reacties' | 'besluit'>;

/** The record of a new amendment (proposed, or rebuilt from its branch at start): open, nothing on it yet. */
export function newAmendment(fields: NewAmendment): AmendmentRecord {
  return {
    document: fields.document,
    nummer: fields.nummer,
    titel: fields.titel,
    toelichting: fields.toelichting,
    status: 'ingediend',
    branch: fields.branch,
    indiener: fields.indiener,
    medeIndieners: [],
    revisies: fields.revisies,
    beoordelingen: [],
    reacties: [],
    besluit: null,
    aangemaakt: fields.aangemaakt,
    gewijzigd: fields.gewijzigd,
  };
}

function activeCosignIndex(record: AmendmentRecord, code: string): number {
  return record.medeIndieners.findIndex((m) => m.organisatie.code === code && m.ingetrokken === null);
}

/**
 * The record after `action` with its facts, or Conflict (409) when the amendment's status does not
 * allow the action (or an organisation co-signs twice, or withdraws a co-signature it never gave).
 * `record` is left unchanged.
 */
export function transitionAmendment<A extends AmendmentAction>(record: AmendmentRecord, action: A, facts: Facts<A>): AmendmentRecord {
  requireAction(record, action);
  const status = nextStatus(record.status, action) ?? record.status;
  const base = { ...record, status, gewijzigd: facts.gewijzigd };
  // The facts of the action at hand (TypeScript does not narrow a generic parameter by a switch on `action`).
  const of = <B extends AmendmentAction>(_: B): Facts<B> => facts as unknown as Facts<B>;
  switch (action) {
    case 'herzien':
    case 'bijwerken':
      return { ...base, revisies: [...record.revisies, of('herzien').revisie] };
    case 'mede-indienen': {
      const { medeIndiening } = of('mede-indienen');
      if (activeCosignIndex(record, medeIndiening.organisatie.code) >= 0) {
        throw new Conflict(`${medeIndiening.organisatie.naam} is al mede-indiener van amendement ${record.nummer}.`);
      }
      return { ...base, medeIndieners: [...record.medeIndieners, medeIndiening] };
    }
    case 'mede-indiening-intrekken': {
      const { organisatie, tijdstip } = of('mede-indiening-intrekken');
      const i = activeCosignIndex(record, organisatie.code);
      if (i < 0) throw new Conflict('Uw organisatie is geen mede-indiener van dit amendement.');
      return { ...base, medeIndieners: record.medeIndieners.map((m, j) => (j === i ? { ...m, ingetrokken: tijdstip } : m)) };
    }
    case 'reageren':
      return { ...base, reacties: [...record.reacties, of('reageren').reactie] };
    case 'beoordelen':
      return { ...base, beoordelingen: [...record.beoordelingen, of('beoordelen').beoordeling] };
    default: {
      // overnemen, verwerpen, intrekken: the outcome is the new status.
      const { besluit } = of('overnemen');
      return { ...base, besluit: { besluit: status as DecisionRecord['besluit'], ...besluit } };
    }
  }
}
