/**
 * Amendments (amendementen): the records kept one file each in `<store>/amendementen/<document>/<n>.json`
 * (storage/amendmentStore.ts) beside the git branch `amendementen/<n>` that holds their text.
 * Words: an amendment is numbered per document; each state of its text is a revision (a commit on its
 * branch); reviews are pinned to a revision; the decision is its outcome.
 */

export const AMENDMENT_STATUSES = ['ingediend', 'overgenomen', 'verworpen', 'ingetrokken'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

export const AMENDMENT_STATUS_LABEL: Record<AmendmentStatus, string> = {
  ingediend: 'Ingediend',
  overgenomen: 'Overgenomen',
  verworpen: 'Verworpen',
  ingetrokken: 'Ingetrokken',
};

/** Who acted: the user and (where relevant) the organisation they acted for. */
export interface Party {
  gebruiker: string;
  naam: string;
  organisatie: { code: string; naam: string } | null;
}

export interface RevisionRecord {
  /** Commit oid on the amendment branch. */
  commit: string;
  /** The draft commit this revision is written against (its merge base with `main`). */
  basis: string;
  /** `tekst`: a new text from the proposer; `bijwerken`: brought onto a newer draft with a three-way merge. */
  soort: 'voorstel' | 'tekst' | 'bijwerken';
  /** Fingerprint of the amendment's own change at this revision (see `changeFingerprint`). */
  wijziging: string;
  /**
   * The sentences of the basis this revision changes (see `touchedSentences`), kept so that finding
   * other open amendments that touch the same sentences needs no text reads. Absent in old records.
   */
  geraakt?: { bestand: string; zin: string }[];
  door: Party;
  tijdstip: string;
}

export interface ReviewRecord {
  id: string;
  door: Party;
  oordeel: 'akkoord' | 'wijzigen';
  toelichting: string;
  /** The revision (commit) the review was given to. */
  revisie: string;
  /** The change fingerprint of that revision: the review stays valid while the current one is equal. */
  wijziging: string;
  tijdstip: string;
}

export interface CommentRecord {
  id: string;
  door: Party;
  tekst: string;
  /** Optional anchor: the sentence (exact line text) in a principle file at the revision commented on. */
  anker: { bestand: string; zin: string; revisie: string } | null;
  tijdstip: string;
}

export interface CosignRecord {
  organisatie: { code: string; naam: string };
  door: Party;
  tijdstip: string;
  ingetrokken: string | null;
}

export interface DecisionRecord {
  besluit: 'overgenomen' | 'verworpen' | 'ingetrokken';
  reden: string;
  door: Party;
  tijdstip: string;
  /** For `overgenomen`: the merge commit on `main`. */
  commit?: string;
  /**
   * Set when the record was completed afterwards from the merge commit already on `main` (the
   * decision's own write was interrupted); reason, person and time then come from that commit.
   */
  hersteld?: true;
}

export interface AmendmentRecord {
  document: string;
  nummer: number;
  titel: string;
  toelichting: string;
  status: AmendmentStatus;
  /** Branch name `amendementen/<n>`. */
  branch: string;
  indiener: Party;
  medeIndieners: CosignRecord[];
  /** Oldest first; the last is the current revision. */
  revisies: RevisionRecord[];
  beoordelingen: ReviewRecord[];
  reacties: CommentRecord[];
  besluit: DecisionRecord | null;
  aangemaakt: string;
  gewijzigd: string;
}

/** The layout before one file per amendment: every record in one lowdb file, `amendementen.json`. */
export interface AmendmentData {
  amendementen: AmendmentRecord[];
}

/** The amendment's current revision: the newest (every amendment has at least its proposal). */
export function currentRevision(record: AmendmentRecord): RevisionRecord {
  const rev = record.revisies.at(-1);
  if (!rev) throw new Error(`amendment ${record.nummer} has no revision`);
  return rev;
}
