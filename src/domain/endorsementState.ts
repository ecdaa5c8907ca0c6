/**
 * The endorsement state machine: the one place where an endorsement gets its status.
 *
 *   (none) --vastleggen--> actief --intrekken--> ingetrokken
 *
 * `ingetrokken` is final: the withdrawn endorsement stays public as it is, and the organisation may
 * endorse the version again (a new endorsement). The commands call `transitionEndorsement` inside the
 * endorsement log's lock, and the log replays its events through it when it opens.
 */
import { Conflict, NotFound } from '../errors.js';
import type { EndorsementRecord } from './endorsementModel.js';

export type Withdrawal = NonNullable<EndorsementRecord['intrekking']>;

/**
 * Everything an endorsement records when it is made: the organisation, the version it pins (name,
 * commit and tree: the exact text), who signed and decided, and who entered it. The state machine
 * adds its status.
 */
export interface NewEndorsement extends Omit<EndorsementRecord, 'status' | 'intrekking' | 'organisatie' | 'versie' | 'commit' | 'tree'> {
  organisation: { code: string; naam: string; type: EndorsementRecord['organisatie']['type'] };
  version: { naam: string; commit: string; tree: string };
}

export type EndorsementAction = { soort: 'vastleggen'; endorsement: NewEndorsement } | { soort: 'intrekken'; intrekking: Withdrawal };

/**
 * The record after `action`: a new active endorsement (from none), or the withdrawn one (from an active
 * one). Conflict (409) when the record's state does not allow the action.
 */
export function transitionEndorsement(current: EndorsementRecord | undefined, action: EndorsementAction): EndorsementRecord {
  if (action.soort === 'vastleggen') {
    if (current !== undefined) throw new Conflict(`Onderschrijving ${current.id} bestaat al.`, { onderschrijving: current.id });
    const e = action.endorsement;
    // Field by field, in the order the log has always stored them.
    return {
      id: e.id,
      document: e.document,
      organisatie: { code: e.organisation.code, naam: e.organisation.naam, type: e.organisation.type },
      versie: e.version.naam,
      commit: e.version.commit,
      tree: e.version.tree,
      status: 'actief',
      ondertekenaar: e.ondertekenaar,
      besluit: e.besluit,
      bron: e.bron,
      door: e.door,
      vastgelegd: e.vastgelegd,
      intrekking: null,
      ...(e.opmerking !== undefined ? { opmerking: e.opmerking } : {}),
    };
  }
  if (current === undefined) throw new NotFound('Deze onderschrijving bestaat niet.');
  if (current.status !== 'actief') {
    throw new Conflict(`Deze onderschrijving is al ingetrokken${current.intrekking ? ` (${current.intrekking.tijdstip.slice(0, 10)})` : ''}.`, { status: current.status });
  }
  return { ...current, status: 'ingetrokken', intrekking: action.intrekking };
}

/** Whether the endorsement can still be withdrawn (what the withdraw form and its link ask). */
export function canWithdraw(record: EndorsementRecord): boolean {
  return record.status === 'actief';
}
