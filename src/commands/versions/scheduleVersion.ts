/**
 * Put a named version on the agenda of the ALV (secretaris): its status becomes `ter-vaststelling`.
 * Scheduling it again before the assembly decided moves the agenda item to the new date. An adopted
 * version is final (409), and so is an older version once a newer one was adopted: the redline of the
 * next adoption document is always against the newest adopted version.
 */
import type { Party } from '../../domain/amendmentModel.js';
import { adoptionOf, compareVersionNames, type VersionStateRecord } from '../../domain/versionStatus.js';
import { Conflict } from '../../errors.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../amendments/amendmentSupport.js';
import { auditActor } from '../users/userRules.js';
import { findNamedVersion, updateVersionState, versionAuditId } from './versionStateSupport.js';
import type { z } from 'zod';
import type { scheduleSchema } from '../../schemas/adoption.js';

/** What scheduleSchema lets through (src/schemas/adoption.ts). */
export type ScheduleVersionInput = z.output<typeof scheduleSchema>;

/** 409 when the version (or a newer one) was adopted. */
export function requireNotAdopted(record: VersionStateRecord, all: readonly VersionStateRecord[]): void {
  if (adoptionOf(record) !== undefined) {
    throw new Conflict(`Versie ${record.versie} is vastgesteld door de ALV; daaraan verandert niets meer.`, { versie: record.versie, status: 'vastgesteld' });
  }
  const newer = all.find((s) => s.document === record.document && compareVersionNames(s.versie, record.versie) > 0 && adoptionOf(s) !== undefined);
  if (newer !== undefined) {
    throw new Conflict(`Versie ${newer.versie} is al vastgesteld; een oudere versie kan niet meer worden vastgesteld.`, { versie: record.versie, vastgesteld: newer.versie });
  }
}

export async function scheduleVersion(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: ScheduleVersionInput, now = new Date()): Promise<VersionStateRecord> {
  const nv = findNamedVersion(stores, slug, versie);
  authorize(user, 'version:schedule');
  const door: Party = partyOf(user);
  const record = await updateVersionState(stores, nv, (r, all) => {
    requireNotAdopted(r, all);
    r.agendering = { alvDatum: input.alvDatum, door, tijdstip: now.toISOString() };
  });
  await stores.audit.append({
    actie: 'versie-geagendeerd',
    actor: auditActor(user),
    object: { soort: 'versie', id: versionAuditId(nv.repo.slug, nv.version.naam) },
    gegevens: { document: nv.repo.slug, versie: nv.version.naam, commit: nv.version.commit, alvDatum: input.alvDatum },
  });
  return record;
}
