/**
 * Which reviews count: a review is pinned to the revision it was given to and to that revision's
 * change fingerprint. It stays valid while the current revision's fingerprint is equal (an update
 * onto a newer draft that leaves the amendment's own change identical), and becomes stale otherwise.
 * Per reviewer only the newest review counts.
 */
import type { AmendmentRecord, ReviewRecord } from './amendmentModel.js';

export interface ReviewState extends ReviewRecord {
  geldig: boolean;
  /** A newer review by the same person replaced this one. */
  vervangen: boolean;
}

export function reviewStates(record: AmendmentRecord): ReviewState[] {
  const current = record.revisies.at(-1)?.wijziging;
  const newest = new Map<string, string>();
  for (const r of record.beoordelingen) newest.set(r.door.gebruiker, r.id);
  return record.beoordelingen.map((r) => {
    const vervangen = newest.get(r.door.gebruiker) !== r.id;
    return { ...r, vervangen, geldig: !vervangen && r.wijziging === current };
  });
}

export function validApprovals(record: AmendmentRecord): number {
  return reviewStates(record).filter((r) => r.geldig && r.oordeel === 'akkoord').length;
}
