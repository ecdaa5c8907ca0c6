/**
 * Put a named version on the agenda of the ALV (secretaris): its status becomes `ter-vaststelling`.
 * Scheduling it again before the assembly decided moves the agenda item to the new date. An adopted
 * version is final (409), and so is an older version once a newer one was adopted (domain/versionState.ts).
 */
import { partyOf } from '../../domain/actors.js';
import { versionScheduled } from '../../domain/auditEvents.js';
import type { VersionStateRecord } from '../../domain/versionStatus.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { scheduleSchema } from '../../schemas/adoption.js';
import type { Stores } from '../../storage/stores.js';
import { VersionRepository } from './versionRepository.js';

/** `input`: `{alvDatum}`, the date of the ALV (YYYY-MM-DD). */
export function scheduleVersion(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: unknown, now = new Date()): Promise<VersionStateRecord> {
  const versions = new VersionRepository(stores);
  return versions.withNamed(user, 'version:schedule', slug, versie, { schema: scheduleSchema, input, what: 'De agendering' }, async (nv, actor, valid) => {
    const record = await versions.transition(nv, { soort: 'agenderen', alvDatum: valid.alvDatum, door: partyOf(actor), tijdstip: now.toISOString() });
    await stores.audit.append(versionScheduled(actor, nv.repo.slug, nv.version, valid.alvDatum));
    return record;
  });
}
