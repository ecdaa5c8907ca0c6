/** Organisations as the API shows them, and the choices of the administrator's forms. */
import { ORGANISATION_TYPE_LABEL, type OrganisationType } from '../domain/roles.js';
import type { OrganisationRecord } from '../storage/appDb.js';
import type { EndorsementJson } from './endorsementPresenters.js';

/** The API shape of an organisation (`aangemaakt` is bookkeeping and stays inside). */
export interface OrganisationJson {
  code: string;
  naam: string;
  type: OrganisationRecord['type'];
  bron?: string;
  /** Only on `GET /organisaties/{code}`: the organisation's endorsements (all documents, oldest first, withdrawn ones too). */
  onderschrijvingen?: EndorsementJson[];
}

export function presentOrganisation(o: OrganisationRecord): OrganisationJson {
  return { code: o.code, naam: o.naam, type: o.type, ...(o.bron !== undefined ? { bron: o.bron } : {}) };
}

/** The type select of the form "Organisatie toevoegen" and the edit form. */
export function organisationTypeOptions(types: readonly OrganisationType[]) {
  return [{ value: '', label: '(kies een type)' }, ...types.map((value) => ({ value, label: ORGANISATION_TYPE_LABEL[value] }))];
}
