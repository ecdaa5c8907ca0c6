/**
 * The administrator's writes to the register of organisations (beheerder, `organisation:manage`):
 * add an organisation that is not a Dutch municipality (a provincie, waterschap, buitenlandse gemeente
 * or another organisation), and change the name or type of such an organisation.
 *
 * Municipalities come from the CBS list only: seedOrganisations puts every CBS municipality in the
 * register on first start, so a `gemeente` record is always a CBS municipality. Adding a `gemeente`
 * is therefore refused (409 when the code is already in the register, otherwise 400 naming `type`),
 * no other organisation can become a `gemeente`, and CBS municipalities are not changed here (409).
 *
 * Both commands authorize themselves (like nameVersion), check inside the `db.update` what another
 * request could have changed (so two concurrent adds of one code cannot both pass), and write db
 * first, then the audit entry. updateOrganisation lives here too, next to the rules it shares.
 */
import { isCbsMunicipality } from '../../domain/organisationRules.js';
import { Conflict, InvalidInput } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { parseInput } from '../../validation.js';
import type { OrganisationRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { organisationAdded } from '../../domain/auditEvents.js';
import { newOrganisationSchema } from '../../schemas/organisations.js';

export const ADDED_BY_ADMIN_SOURCE = 'Toegevoegd door de beheerder';

/** CBS municipality codes (`GM` and four digits) belong to municipalities only. */
const CBS_CODE = /^GM\d{4}$/;

export function invalid(name: string, reason: string): InvalidInput {
  return new InvalidInput(`De organisatie is niet geldig: ${name}.`, [{ name, reason }]);
}

export const NO_NEW_MUNICIPALITIES = 'Gemeenten komen alleen uit de CBS-gebiedsindeling en staan al in het register. Kies een ander type, bijvoorbeeld overig.';

/** Adds an organisation to the register (beheerder). */
export async function addOrganisation(stores: Stores, actor: CurrentUser | null, input: unknown, now = new Date()): Promise<OrganisationRecord> {
  authorize(actor, 'organisation:manage');
  const valid = parseInput(newOrganisationSchema, input, 'De organisatie');
  if (!isCbsMunicipality(valid) && CBS_CODE.test(valid.code)) {
    throw invalid('code', 'Een code als GM0363 is een CBS-gemeentecode; kies een andere code, bijv. PV27 of BE-GENT.');
  }
  const record = await stores.db.update((d) => {
    const existing = d.organisaties.find((o) => o.code === valid.code);
    if (existing !== undefined) {
      throw new Conflict(`Er bestaat al een organisatie met code ${valid.code}: ${existing.naam}.`, { field: 'code' });
    }
    if (valid.type === 'gemeente') {
      throw invalid('type', `${valid.code} staat niet in de CBS-gebiedsindeling. ${NO_NEW_MUNICIPALITIES}`);
    }
    const rec: OrganisationRecord = {
      code: valid.code,
      naam: valid.naam,
      type: valid.type,
      bron: ADDED_BY_ADMIN_SOURCE,
      aangemaakt: now.toISOString(),
    };
    d.organisaties.push(rec);
    return rec;
  });
  await stores.audit.append(organisationAdded(actor, record));
  return record;
}
