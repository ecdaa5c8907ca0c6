/** A working-group verdict (`akkoord` or `wijzigen`) on the current revision; not on one's own amendment. */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { newId } from '../../domain/secrets.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentReviewed } from '../../domain/auditEvents.js';
import { reviewSchema } from '../../schemas/amendments.js';
import type { z } from 'zod';
import { AmendmentRepository } from './amendmentRepository.js';

/** What reviewSchema lets through (src/schemas/amendments.ts). */
export type ReviewInput = z.output<typeof reviewSchema>;

/** `input`: `{oordeel, toelichting, revisie?}`; a `revisie` that is no longer the current one is 409. */
export function reviewAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: unknown, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  const body = { schema: reviewSchema, input, what: 'De beoordeling', seen: (v: ReviewInput) => v.revisie };
  return amendments.withOpen(user, 'beoordelen', slug, nummer, body, async ({ repo, record, rev, user: actor, input: valid }) => {
    const updated = await amendments.transition(record, 'beoordelen', {
      beoordeling: { id: newId('brd'), door: partyOf(actor), oordeel: valid.oordeel, toelichting: valid.toelichting, revisie: rev.commit, wijziging: rev.wijziging, tijdstip: now.toISOString() },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentReviewed(actor, { document: repo.slug, nummer }, valid.oordeel, rev.commit));
    return updated;
  });
}
