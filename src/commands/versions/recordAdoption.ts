/**
 * Record the assembly's decision on a version that is on its agenda (secretaris): date, outcome,
 * weighted vote percentages and the reference. The decision closes the agenda item. An adopting
 * outcome (aangenomen, bij acclamatie, gewijzigd) makes the version `vastgesteld`: final, its tag is
 * never moved or deleted, and it becomes the baseline of the next adoption document's redline.
 * A decision on a version that is not `ter-vaststelling` (never scheduled, already decided) is 409
 * (domain/versionState.ts); a decision dated after today (Europe/Amsterdam) is 400: it has not been taken yet.
 */
import { partyOf } from '../../domain/actors.js';
import { versionDecided } from '../../domain/auditEvents.js';
import { requireNotAfterToday } from '../../domain/calendar.js';
import { percentageErrors, type VersionStateRecord } from '../../domain/versionStatus.js';
import { InvalidInput } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { VersionRepository } from './versionRepository.js';
import { adoptionSchema } from '../../schemas/adoption.js';

/** `input`: `{datum, uitkomst, percentages, kenmerk}`. */
export function recordAdoption(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: unknown, now = new Date()): Promise<VersionStateRecord> {
  const versions = new VersionRepository(stores);
  return versions.withNamed(user, 'version:adopt', slug, versie, { schema: adoptionSchema, input, what: 'Het besluit' }, async (nv, actor, valid) => {
    requireNotAfterToday(valid.datum, 'datum', now);
    if (valid.percentages !== null) {
      const errors = percentageErrors(valid.percentages);
      if (errors.length > 0) throw new InvalidInput('De stemverhouding is niet geldig.', errors);
    }
    const decision = { datum: valid.datum, uitkomst: valid.uitkomst, percentages: valid.percentages, kenmerk: valid.kenmerk };
    const record = await versions.transition(nv, { soort: 'besluit', ...decision, door: partyOf(actor), tijdstip: now.toISOString() });
    await stores.audit.append(versionDecided(actor, nv.repo.slug, nv.version, decision));
    return record;
  });
}
