/**
 * The status of a version as the API and pages show it:
 * `concept` (the draft itself), `gepubliceerd` (a named version), `ter-vaststelling` (on the ALV agenda),
 * `vastgesteld` (adopted), `historisch` for another commit that once was the draft (on the first-parent
 * line of `main`), and `amendement` for a commit of an amendment's branch that never was the draft.
 *
 * Agenda, decision text and the assembly's decisions are kept per named version in `db.json`
 * (`versies`, one small record per version): the text stays in git, the tag never moves.
 */
import type { FieldError } from '../errors.js';
import type { Party } from './amendmentModel.js';

export const VERSION_STATUSES = ['concept', 'gepubliceerd', 'ter-vaststelling', 'vastgesteld', 'historisch', 'amendement'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** The statuses a named version can have. */
export const NAMED_VERSION_STATUSES = ['gepubliceerd', 'ter-vaststelling', 'vastgesteld'] as const;
export type NamedVersionStatus = (typeof NAMED_VERSION_STATUSES)[number];

export const STATUS_LABEL: Record<VersionStatus, string> = {
  concept: 'Concept',
  gepubliceerd: 'Gepubliceerd',
  'ter-vaststelling': 'Ter vaststelling',
  vastgesteld: 'Vastgesteld',
  historisch: 'Historische tekst',
  amendement: 'Tekst van een amendement',
};

/** The assembly's possible decisions on a version; the first three adopt it. */
export const ADOPTION_OUTCOMES = ['aangenomen', 'aangenomen-bij-acclamatie', 'gewijzigd-aangenomen', 'verworpen', 'aangehouden'] as const;
export type AdoptionOutcome = (typeof ADOPTION_OUTCOMES)[number];
const ADOPTING_OUTCOMES = ['aangenomen', 'aangenomen-bij-acclamatie', 'gewijzigd-aangenomen'] as const satisfies readonly AdoptionOutcome[];
export type AdoptingOutcome = (typeof ADOPTING_OUTCOMES)[number];

export const ADOPTION_OUTCOME_LABEL: Record<AdoptionOutcome, string> = {
  aangenomen: 'Aangenomen',
  'aangenomen-bij-acclamatie': 'Aangenomen bij acclamatie',
  'gewijzigd-aangenomen': 'Gewijzigd aangenomen',
  verworpen: 'Verworpen',
  aangehouden: 'Aangehouden',
};

/** Outcomes without a vote: the percentages may be left out. */
export const OUTCOMES_WITHOUT_VOTE: readonly AdoptionOutcome[] = ['aangenomen-bij-acclamatie', 'aangehouden'];

export function adopts(outcome: AdoptionOutcome): outcome is AdoptingOutcome {
  return (ADOPTING_OUTCOMES as readonly AdoptionOutcome[]).includes(outcome);
}

export interface VotePercentages {
  voor: number;
  tegen: number;
  onthouding: number;
}

/** Each percentage 0..100, together at most 100 (abstentions and absent votes may leave a rest). */
export function percentageErrors(p: VotePercentages): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of ['voor', 'tegen', 'onthouding'] as const) {
    const v = p[key];
    if (!Number.isFinite(v) || v < 0 || v > 100) errors.push({ name: `percentages.${key}`, reason: 'Een percentage van 0 tot en met 100.' });
  }
  // Compare in hundredths, so 33.33 + 33.33 + 33.34 is exactly 100.
  const total = Math.round(p.voor * 100) + Math.round(p.tegen * 100) + Math.round(p.onthouding * 100);
  if (errors.length === 0 && total > 10000) errors.push({ name: 'percentages', reason: 'Voor, tegen en onthouding samen zijn hoogstens 100 procent.' });
  return errors;
}

/** The version is on the agenda of the ALV of `alvDatum` (YYYY-MM-DD). */
export interface AgendaRecord {
  alvDatum: string;
  door: Party;
  tijdstip: string;
}

/** The explanation that follows the fixed decision sentence in the adoption document. */
export interface DecisionTextRecord {
  tekst: string;
  door: Party;
  tijdstip: string;
}

/** One decision of the assembly on this version. */
export interface AssemblyDecisionRecord {
  /** The ALV date of the agenda item this decision closed. */
  alvDatum: string;
  /** The date of the decision (YYYY-MM-DD). */
  datum: string;
  uitkomst: AdoptionOutcome;
  /** Weighted votes; null for an outcome without a vote (acclamation, deferral). */
  percentages: VotePercentages | null;
  /** The assembly's reference, e.g. the number of the decision list. */
  kenmerk: string;
  door: Party;
  tijdstip: string;
}

/** What the service records about one named version beside its tag. */
export interface VersionStateRecord {
  document: string;
  /** `1.0` */
  versie: string;
  /** The tag's commit and tree when the record was created (the tag never moves). */
  commit: string;
  tree: string;
  /** The open agenda item; null when none (never scheduled, or closed by a decision). */
  agendering: AgendaRecord | null;
  besluittekst: DecisionTextRecord | null;
  /** The assembly's decisions, oldest first. An adopting decision is always the last one. */
  besluiten: AssemblyDecisionRecord[];
}

export function findVersionState(states: readonly VersionStateRecord[], document: string, versie: string): VersionStateRecord | undefined {
  return states.find((s) => s.document === document && s.versie === versie);
}

/** The adopting decision, if the version was adopted. */
export function adoptionOf(state: VersionStateRecord | undefined): AssemblyDecisionRecord | undefined {
  return state?.besluiten.find((b) => adopts(b.uitkomst));
}

/**
 * `vastgesteld` once the assembly adopted it (final); `ter-vaststelling` while an agenda item is open;
 * otherwise `gepubliceerd` (also after a rejection or deferral: it may be put on a later agenda).
 */
export function namedVersionStatus(state: VersionStateRecord | undefined): NamedVersionStatus {
  if (adoptionOf(state) !== undefined) return 'vastgesteld';
  if (state?.agendering) return 'ter-vaststelling';
  return 'gepubliceerd';
}

/** `1.10` -> [1, 10]; null when the name is not a version number. */
export function versionNumber(naam: string): [number, number] | null {
  const m = /^(\d{1,4})\.(\d{1,4})$/.exec(naam);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Orders version names numerically (1.2 < 1.10 < 2.0); names that are no version number sort first. */
export function compareVersionNames(a: string, b: string): number {
  const x = versionNumber(a) ?? [-1, -1];
  const y = versionNumber(b) ?? [-1, -1];
  return x[0] - y[0] || x[1] - y[1];
}

/**
 * The names the next version may take: the next minor or the next major (1.3 -> 1.4 or 2.0); the
 * first version 1.0 (or 0.1 for a text that is not yet final). Numbers move one step at a time so a
 * typo such as 9999.9999 cannot block every later version, and the numbers tell the order of the texts.
 */
export function nextVersionNames(newest: readonly [number, number] | null): [number, number][] {
  if (newest === null) return [[1, 0], [0, 1]];
  const [major, minor] = newest;
  const next: [number, number][] = [];
  if (minor < 9999) next.push([major, minor + 1]);
  if (major < 9999) next.push([major + 1, 0]);
  return next;
}
