/** Co-sign an open amendment for one's organisation (mede-indiener), or withdraw that co-signature. */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { Conflict } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentCosigned, amendmentCosignWithdrawn } from '../../domain/auditEvents.js';
import { AmendmentRepository, NO_BODY } from './amendmentRepository.js';

/** The caller's organisation, which co-signs (the policy already required one; this keeps the type). */
function organisationOf(user: CurrentUser): { code: string; naam: string } {
  if (!user.organisatie) throw new Conflict('U hoort niet bij een organisatie.');
  return user.organisatie;
}

export function cosignAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  return amendments.withOpen(user, 'mede-indienen', slug, nummer, NO_BODY, async ({ repo, record, user: actor }) => {
    const org = organisationOf(actor);
    const updated = await amendments.transition(record, 'mede-indienen', {
      medeIndiening: { organisatie: org, door: partyOf(actor), tijdstip: now.toISOString(), ingetrokken: null },
      gewijzigd: now.toISOString(),
    });
    await stores.audit.append(amendmentCosigned(actor, { document: repo.slug, nummer }, org.code));
    return updated;
  });
}

export function withdrawCosign(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, now = new Date()): Promise<AmendmentRecord> {
  const amendments = new AmendmentRepository(stores, now);
  return amendments.withOpen(user, 'mede-indiening-intrekken', slug, nummer, NO_BODY, async ({ repo, record, user: actor }) => {
    const org = organisationOf(actor);
    const updated = await amendments.transition(record, 'mede-indiening-intrekken', { organisatie: org, tijdstip: now.toISOString(), gewijzigd: now.toISOString() });
    await stores.audit.append(amendmentCosignWithdrawn(actor, { document: repo.slug, nummer }, org.code));
    return updated;
  });
}
