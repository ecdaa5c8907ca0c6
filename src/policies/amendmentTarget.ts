/** The policy target of an amendment, the same for the commands that authorize and the pages that ask `can`. */
import type { AmendmentRecord } from '../domain/amendmentModel.js';
import type { Target } from './policies.js';

/** Who proposed the amendment, for which organisation, and who co-signed it. */
export function proposerTarget(record: AmendmentRecord): Target {
  return {
    indiener: record.indiener.gebruiker,
    indienerOrganisatie: record.indiener.organisatie?.code ?? null,
    medeIndieners: record.medeIndieners.map((m) => m.door.gebruiker),
  };
}
