/** Change the name or type of an organisation that is not a CBS municipality (beheerder). */
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { refuseCbsMunicipality } from '../../domain/organisationRules.js';
import { getOrganisation } from '../../queries/organisationQueries.js';
import { parseInput } from '../../validation.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { NotFound } from '../../errors.js';
import { organisationChanged } from '../../domain/auditEvents.js';
import { invalid, NO_NEW_MUNICIPALITIES } from './addOrganisation.js';
import { organisationChangesSchema } from '../../schemas/organisations.js';

/**
 * Changes the name and/or type of an organisation that is not a CBS municipality (beheerder).
 * A change that changes nothing is answered with the record as it is, without a write or audit entry.
 */
export async function updateOrganisation(
  stores: Stores,
  actor: CurrentUser | null,
  orgCode: string,
  changes: unknown,
): Promise<OrganisationRecord> {
  authorize(actor, 'organisation:manage');
  const current = getOrganisation(stores, orgCode);
  const validCode = current.code;
  refuseCbsMunicipality(current);
  const valid = parseInput(organisationChangesSchema, changes, 'De wijziging');
  if (valid.type === 'gemeente') throw invalid('type', NO_NEW_MUNICIPALITIES);
  const changesSomething = (valid.naam !== undefined && valid.naam !== current.naam) || (valid.type !== undefined && valid.type !== current.type);
  if (!changesSomething) return { ...current };

  const result = await stores.db.update((d) => {
    const o = d.organisaties.find((x) => x.code === validCode);
    if (o === undefined) throw new NotFound(`Er is geen organisatie met code ${validCode}.`);
    refuseCbsMunicipality(o);
    const vorig: Partial<Pick<OrganisationRecord, 'naam' | 'type'>> = {};
    const nieuw: Partial<Pick<OrganisationRecord, 'naam' | 'type'>> = {};
    if (valid.naam !== undefined && valid.naam !== o.naam) {
      vorig.naam = o.naam;
      nieuw.naam = valid.naam;
      o.naam = valid.naam;
    }
    if (valid.type !== undefined && valid.type !== o.type) {
      vorig.type = o.type;
      nieuw.type = valid.type;
      o.type = valid.type;
    }
    return { record: { ...o }, vorig, nieuw };
  });
  if (Object.keys(result.nieuw).length > 0) {
    await stores.audit.append(organisationChanged(actor, validCode, result.nieuw, result.vorig));
  }
  return result.record;
}
