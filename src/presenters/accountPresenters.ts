/** Accounts and tokens as the API and the pages show them: never a hash, never a password. */
import { ROLE_LABEL, ROLES } from '../domain/roles.js';
import { tokenStatus } from '../domain/accountRules.js';
import type { UserView } from '../queries/accountQueries.js';
import type { OrganisationRecord, TokenRecord } from '../storage/appDb.js';
import type { TokenJson, UserJson } from '../schemas/accounts.js';

export function presentUser(view: UserView): UserJson {
  const u = view.record;
  return {
    id: u.id,
    naam: u.naam,
    email: u.email,
    rol: u.rol,
    organisatie: view.organisatie,
    actief: u.actief,
    aangemaakt: u.aangemaakt,
    gewijzigd: u.gewijzigd,
  };
}

export function presentToken(t: TokenRecord, now = new Date()): TokenJson {
  return { id: t.id, omschrijving: t.omschrijving, aangemaakt: t.aangemaakt, verlooptOp: t.verlooptOp, status: tokenStatus(t, now) };
}

/** The choices of the account form: the roles, and no organisation or one of the register. */
/** How the account form names an organisation, and what it reads back (queries/organisationQueries.ts `organisationOfChoice`). */
export function organisationChoiceLabel(o: { naam: string; code: string }): string {
  return `${o.naam} (${o.code})`;
}

export function accountFormOptions(organisations: readonly OrganisationRecord[]) {
  return {
    roleOptions: ROLES.map((value) => ({ value, label: ROLE_LABEL[value] })),
    organisationSuggestions: organisations.map(organisationChoiceLabel),
  };
}
