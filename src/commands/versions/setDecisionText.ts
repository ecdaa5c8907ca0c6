/**
 * The explanation that follows the fixed decision sentence ("De Algemene Ledenvergadering van de VNG
 * besluit de <titel>, versie <x>, vast te stellen.") in the adoption document (secretaris). An empty
 * text brings back the generated default. Not after the version was adopted (409): the paper is final.
 */
import { type VersionStateRecord } from '../../domain/versionStatus.js';
import { authorize } from '../../policies/policies.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { Stores } from '../../storage/stores.js';
import { partyOf } from '../amendments/amendmentSupport.js';
import { auditActor } from '../users/userRules.js';
import { requireNotAdopted } from './scheduleVersion.js';
import { findNamedVersion, updateVersionState, versionAuditId } from './versionStateSupport.js';
import type { z } from 'zod';
import type { decisionTextSchema } from '../../schemas/adoption.js';

/** What decisionTextSchema lets through (src/schemas/adoption.ts). */
export type SetDecisionTextInput = z.output<typeof decisionTextSchema>;

export async function setDecisionText(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: SetDecisionTextInput, now = new Date()): Promise<VersionStateRecord> {
  const nv = findNamedVersion(stores, slug, versie);
  authorize(user, 'version:schedule');
  const door = partyOf(user);
  const tekst = input.tekst.replace(/\r\n?/g, '\n').trim();
  const record = await updateVersionState(stores, nv, (r, all) => {
    requireNotAdopted(r, all);
    r.besluittekst = tekst === '' ? null : { tekst, door, tijdstip: now.toISOString() };
  });
  await stores.audit.append({
    actie: 'versie-besluittekst-gewijzigd',
    actor: auditActor(user),
    object: { soort: 'versie', id: versionAuditId(nv.repo.slug, nv.version.naam) },
    gegevens: { document: nv.repo.slug, versie: nv.version.naam, tekst: tekst === '' ? null : tekst },
  });
  return record;
}
