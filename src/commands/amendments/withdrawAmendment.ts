/** The proposer withdraws an open amendment; it stays public with its branch and reason. */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentDecided } from '../../domain/auditEvents.js';
import { withdrawSchema } from '../../schemas/amendments.js';
import { AmendmentRepository } from './amendmentRepository.js';

/** `input`: `{reden}`, checked with withdrawSchema after the caller is authorized. */
export function withdrawAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, input: unknown, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  return amendments.withOpen(user, 'intrekken', slug, nummer, { schema: withdrawSchema, input, what: 'De intrekking' }, async ({ repo, record, user: actor, input: valid }) => {
    const updated = await amendments.transition(record, 'intrekken', {
      besluit: { reden: valid.reden, door: partyOf(actor), tijdstip: now.toISOString() },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentDecided(actor, { document: repo.slug, nummer }, 'ingetrokken', { reden: valid.reden }));
    return updated;
  });
}
