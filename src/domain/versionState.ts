/**
 * The ALV state machine of a named version: the one place where its record (agenda, decision text,
 * the assembly's decisions; versionStatus.ts) changes. The commands in src/commands/versions call
 * `transitionVersion` inside the store's update, so the guard and the change are one step: of two
 * decisions at once, one wins and the other gets 409.
 *
 *   gepubliceerd --agenderen--> ter-vaststelling --agenderen (a new date)--> ter-vaststelling
 *   ter-vaststelling --besluit: aangenomen, bij acclamatie, gewijzigd--> vastgesteld
 *   ter-vaststelling --besluit: verworpen, aangehouden--> gepubliceerd
 *   gepubliceerd / ter-vaststelling --besluittekst--> (unchanged)
 *
 * `vastgesteld` is final (nothing acts on it any more), and a version older than an adopted one can no
 * longer be scheduled, given a text or decided: the next adoption document's redline is always against
 * the newest adopted version.
 */
import { Conflict } from '../errors.js';
import type { Party } from './amendmentModel.js';
import {
  adoptionOf,
  compareVersionNames,
  namedVersionStatus,
  type AdoptionOutcome,
  type VersionStateRecord,
  type VotePercentages,
} from './versionStatus.js';

interface Done {
  door: Party;
  /** UTC ISO-8601 */
  tijdstip: string;
}

export type VersionAction =
  /** Put the version on the agenda of the ALV of `alvDatum` (again: the item moves to that date). */
  | ({ soort: 'agenderen'; alvDatum: string } & Done)
  /** Replace the explanation after the fixed decision sentence; null brings back the generated default. */
  | ({ soort: 'besluittekst'; tekst: string | null } & Done)
  /** Record the assembly's decision; it closes the agenda item. */
  | ({ soort: 'besluit'; datum: string; uitkomst: AdoptionOutcome; percentages: VotePercentages | null; kenmerk: string } & Done);

/** The record of a named version before anything happened to it. */
export function newVersionState(document: string, version: { naam: string; commit: string; tree: string }): VersionStateRecord {
  return { document, versie: version.naam, commit: version.commit, tree: version.tree, agendering: null, besluittekst: null, besluiten: [] };
}

/** 409 when the version, or a newer one of the same document, was adopted. */
function requireNotAdopted(record: VersionStateRecord, all: readonly VersionStateRecord[]): void {
  if (adoptionOf(record) !== undefined) {
    throw new Conflict(`Versie ${record.versie} is vastgesteld door de ALV; daaraan verandert niets meer.`, { versie: record.versie, status: 'vastgesteld' });
  }
  const newer = all.find((s) => s.document === record.document && compareVersionNames(s.versie, record.versie) > 0 && adoptionOf(s) !== undefined);
  if (newer !== undefined) {
    throw new Conflict(`Versie ${newer.versie} is al vastgesteld; een oudere versie kan niet meer worden vastgesteld.`, { versie: record.versie, vastgesteld: newer.versie });
  }
}

/**
 * The record after `action`, or Conflict (409) when the version's state does not allow it. `all` are
 * the records of every version (to see whether a newer one was adopted). `record` is left unchanged.
 */
export function transitionVersion(record: VersionStateRecord, all: readonly VersionStateRecord[], action: VersionAction): VersionStateRecord {
  requireNotAdopted(record, all);
  const { door, tijdstip } = action;
  switch (action.soort) {
    case 'agenderen':
      return { ...record, agendering: { alvDatum: action.alvDatum, door, tijdstip } };
    case 'besluittekst':
      return { ...record, besluittekst: action.tekst === null ? null : { tekst: action.tekst, door, tijdstip } };
    case 'besluit': {
      const agenda = record.agendering;
      if (agenda === null || namedVersionStatus(record) !== 'ter-vaststelling') {
        throw new Conflict(`Versie ${record.versie} staat niet ter vaststelling op de agenda van de ALV; agendeer haar eerst.`, {
          versie: record.versie,
          status: namedVersionStatus(record),
        });
      }
      const besluit = { alvDatum: agenda.alvDatum, datum: action.datum, uitkomst: action.uitkomst, percentages: action.percentages, kenmerk: action.kenmerk, door, tijdstip };
      return { ...record, besluiten: [...record.besluiten, besluit], agendering: null };
    }
  }
}
