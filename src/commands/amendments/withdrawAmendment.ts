/** The proposer withdraws an open amendment; it stays public with its branch and reason. */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentDecided } from '../../domain/auditEvents.js';
import { refuseIfMerged } from './mergedDecision.js';
import { amendmentLock, findAmendment, requireOpen, saveAmendment, proposerTarget } from './amendmentSupport.js';

export async function withdrawAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: { reden: string }, now = new Date()): Promise<AmendmentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:own', proposerTarget(record));
    await refuseIfMerged(stores, repo, record, now);
    requireOpen(record, 'intrekken');
    const updated: AmendmentRecord = {
      ...record,
      status: 'ingetrokken',
      besluit: { besluit: 'ingetrokken', reden: input.reden, door: partyOf(user), tijdstip: now.toISOString() },
      gewijzigd: now.toISOString(),
    };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentDecided(user, { document: repo.slug, nummer }, 'ingetrokken', { reden: input.reden }));
    return updated;
  });
}
