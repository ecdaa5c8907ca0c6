/**
 * Rules of the register of organisations. Municipalities come from the CBS list only: the first start
 * puts every CBS municipality in the register, so a `gemeente` record is always a CBS municipality, the
 * administrator adds only other kinds, and a CBS municipality's name and type are not changed here.
 */
import { Conflict } from '../errors.js';
import { ORGANISATION_TYPES, type OrganisationType } from './roles.js';

/** The types an administrator may give an organisation (municipalities come from the CBS list). */
export const ADDABLE_ORGANISATION_TYPES = ORGANISATION_TYPES.filter((t): t is Exclude<OrganisationType, 'gemeente'> => t !== 'gemeente');

/** Whether a record is a CBS municipality (the only source of `gemeente` records). */
export function isCbsMunicipality(o: { type: OrganisationType }): boolean {
  return o.type === 'gemeente';
}

/** 409 for a CBS municipality: the administrator changes only the organisations they added. */
export function refuseCbsMunicipality(o: { code: string; naam: string; type: OrganisationType }): void {
  if (isCbsMunicipality(o)) {
    throw new Conflict(
      `${o.naam} (${o.code}) is een gemeente uit de CBS-gebiedsindeling: naam en type komen uit die lijst en worden hier niet gewijzigd.`,
      { code: o.code },
    );
  }
}
