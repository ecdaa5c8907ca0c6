/**
 * Endorsements (onderschrijvingen): an organisation's signed support for one exact version of a
 * document. Each is pinned to the version name, its commit oid and its tree oid, so it stays tied to
 * the exact text. Stored as an append-only event log (`<store>/onderschrijvingen.jsonl`, see
 * src/storage/endorsementLog.ts): a write costs the same at 20 endorsements as at 20,000.
 */
import type { Party } from './amendmentModel.js';
import type { OrganisationType } from './roles.js';

export const DECIDING_BODIES = ['college', 'raad', 'burgemeester', 'bestuur', 'anders'] as const;
export type DecidingBody = (typeof DECIDING_BODIES)[number];

export const DECIDING_BODY_LABEL: Record<DecidingBody, string> = {
  college: 'College van B en W',
  raad: 'Gemeenteraad',
  burgemeester: 'Burgemeester',
  bestuur: 'Bestuur',
  anders: 'Anders',
};

export type EndorsementStatus = 'actief' | 'ingetrokken';

/** Endorsement ids as we make them (`ond_` + 12 base64url characters); anything else is unknown. */
export const ENDORSEMENT_ID = /^ond_[A-Za-z0-9_-]{1,40}$/;

export interface EndorsementRecord {
  /** Stable id, e.g. `ond_...`. */
  id: string;
  document: string;
  organisatie: { code: string; naam: string; type: OrganisationType };
  /** Version name, e.g. `1.0`. Only named versions can be endorsed, never the draft. */
  versie: string;
  commit: string;
  tree: string;
  status: EndorsementStatus;
  /** Null fields for endorsements taken from the VNG letter: it names no signatories, dates or references. */
  ondertekenaar: { naam: string | null; functie: string | null };
  besluit: { orgaan: DecidingBody | null; datum: string | null; kenmerk: string | null; url: string | null };
  /** `ledenbrief`: seeded from the VNG members' letter; `dienst`: entered in this service. */
  bron: 'ledenbrief' | 'dienst';
  /** Who entered it (null for the seed). */
  door: Party | null;
  /** When it was recorded here (UTC ISO-8601). */
  vastgelegd: string;
  intrekking: { reden: string; door: Party; tijdstip: string } | null;
  /** Optional note shown with the endorsement, e.g. for the seed: the authors of the principles. */
  opmerking?: string;
}

/** Read access to all endorsements (oldest first), for queries and pages. */
export interface EndorsementReader {
  all(): readonly EndorsementRecord[];
  /**
   * One entry per event so far, in order: the position in `all()` that the event created (an
   * endorsement) or replaced (a withdrawal). It only ever grows, so its length is a revision number and
   * a read model catches up by reading the entries after the last one it saw.
   */
  changes(): readonly number[];
}
