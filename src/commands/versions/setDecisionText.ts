/**
 * The explanation that follows the fixed decision sentence ("De Algemene Ledenvergadering van de VNG
 * besluit de <titel>, versie <x>, vast te stellen.") in the adoption document (secretaris). An empty
 * text brings back the generated default. Not after the version was adopted (409): the paper is final.
 */
import { partyOf } from '../../domain/actors.js';
import { decisionTextChanged } from '../../domain/auditEvents.js';
import type { VersionStateRecord } from '../../domain/versionStatus.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { decisionTextSchema } from '../../schemas/adoption.js';
import type { Stores } from '../../storage/stores.js';
import { VersionRepository } from './versionRepository.js';

/** `input`: `{tekst}`. */
export function setDecisionText(stores: Stores, user: CurrentUser | null, slug: string, versie: string, input: unknown, now = new Date()): Promise<VersionStateRecord> {
  const versions = new VersionRepository(stores);
  return versions.withNamed(user, 'version:schedule', slug, versie, { schema: decisionTextSchema, input, what: 'De besluittekst' }, async (nv, actor, valid) => {
    const normalised = valid.tekst.replace(/\r\n?/g, '\n').trim();
    const tekst = normalised === '' ? null : normalised;
    const record = await versions.transition(nv, { soort: 'besluittekst', tekst, door: partyOf(actor), tijdstip: now.toISOString() });
    await stores.audit.append(decisionTextChanged(actor, nv.repo.slug, nv.version.naam, tekst));
    return record;
  });
}
