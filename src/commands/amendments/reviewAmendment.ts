/** A working-group verdict (`akkoord` or `wijzigen`) on the current revision; not on one's own amendment. */
import { currentRevision, type AmendmentRecord } from '../../domain/amendmentModel.js';
import { newId } from '../../domain/secrets.js';
import { StaleHead } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentReviewed } from '../../domain/auditEvents.js';
import { amendmentLock, findAmendment, requireOpen, saveAmendment } from './amendmentSupport.js';
import type { reviewSchema } from '../../schemas/amendments.js';
import type { z } from 'zod';

/** What reviewSchema lets through (src/schemas/amendments.ts). */
export type ReviewInput = z.output<typeof reviewSchema>;

export async function reviewAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: ReviewInput, now = new Date()): Promise<AmendmentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:review', { indiener: record.indiener.gebruiker });
    requireOpen(record, 'beoordelen');
    const rev = currentRevision(record);
    if (input.revisie !== undefined && input.revisie !== rev.commit) throw new StaleHead(input.revisie, rev.commit);
    const updated: AmendmentRecord = {
      ...record,
      beoordelingen: [
        ...record.beoordelingen,
        { id: newId('brd'), door: partyOf(user), oordeel: input.oordeel, toelichting: input.toelichting, revisie: rev.commit, wijziging: rev.wijziging, tijdstip: now.toISOString() },
      ],
      gewijzigd: now.toISOString(),
    };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentReviewed(user, { document: repo.slug, nummer }, input.oordeel, rev.commit));
    return updated;
  });
}
