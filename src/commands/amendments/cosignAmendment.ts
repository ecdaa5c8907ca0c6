/** Co-sign an open amendment for one's organisation (mede-indiener), or withdraw that co-signature. */
import type { AmendmentRecord } from '../../domain/amendmentModel.js';
import { Conflict } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../../domain/actors.js';
import { amendmentCosigned, amendmentCosignWithdrawn } from '../../domain/auditEvents.js';
import { amendmentLock, findAmendment, requireOpen, saveAmendment, proposerTarget } from './amendmentSupport.js';

export async function cosignAmendment(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, now = new Date()): Promise<AmendmentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:cosign', proposerTarget(record));
    requireOpen(record, 'mede-indienen');
    const org = user.organisatie;
    if (!org) throw new Conflict('U hoort niet bij een organisatie.');
    if (record.medeIndieners.some((m) => m.organisatie.code === org.code && m.ingetrokken === null)) {
      throw new Conflict(`${org.naam} is al mede-indiener van amendement ${nummer}.`);
    }
    const updated: AmendmentRecord = {
      ...record,
      medeIndieners: [...record.medeIndieners, { organisatie: org, door: partyOf(user), tijdstip: now.toISOString(), ingetrokken: null }],
      gewijzigd: now.toISOString(),
    };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentCosigned(user, { document: repo.slug, nummer }, org.code));
    return updated;
  });
}

export async function withdrawCosign(stores: Stores, user: CurrentUser | null, slug: string, nummer: number, now = new Date()): Promise<AmendmentRecord> {
  const { repo } = findAmendment(stores, slug, nummer);
  return amendmentLock(stores, repo.slug).run(async () => {
    const { record } = findAmendment(stores, slug, nummer);
    authorize(user, 'amendment:cosign', proposerTarget(record));
    requireOpen(record, 'mede-indiening-intrekken');
    const org = user.organisatie;
    const i = record.medeIndieners.findIndex((m) => m.organisatie.code === org?.code && m.ingetrokken === null);
    if (i < 0) throw new Conflict('Uw organisatie is geen mede-indiener van dit amendement.');
    const medeIndieners = record.medeIndieners.map((m, j) => (j === i ? { ...m, ingetrokken: now.toISOString() } : m));
    const updated: AmendmentRecord = { ...record, medeIndieners, gewijzigd: now.toISOString() };
    await saveAmendment(stores, updated);
    await stores.audit.append(amendmentCosignWithdrawn(user, { document: repo.slug, nummer }, org?.code));
    return updated;
  });
}
