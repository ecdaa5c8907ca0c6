/**
 * The amendment state machine (DESIGN.md section 2): which verbs may act on an amendment in which
 * status, and the status each verb leads to. Pure; the commands in src/commands/amendments call
 * `requireOpen(record, action)` (amendmentSupport.ts), which asks this module before changing anything.
 *
 *   ingediend --herzien/bijwerken/mede-indienen/mede-indiening-intrekken/reageren/beoordelen--> ingediend
 *   ingediend --overnemen--> overgenomen
 *   ingediend --verwerpen--> verworpen
 *   ingediend --intrekken--> ingetrokken
 *
 * The three outcomes are final: a decided or withdrawn amendment stays public as it is, so deciding
 * twice, or revising, reviewing, co-signing or commenting afterwards, is refused.
 */
import type { AmendmentStatus } from './amendmentModel.js';

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
