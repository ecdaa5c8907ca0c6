/** Shared checks for creating and changing accounts (used by createUser and updateUser). */
import type { Role } from '../../domain/roles.js';
import { InvalidInput, type FieldError } from '../../errors.js';
import type { AppData, UserRecord } from '../../storage/appDb.js';
import type { CurrentUser } from '../../policies/currentUser.js';

export { MIN_PASSWORD_LENGTH } from '../../schemas/accounts.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks the role/organisation combination against the register; throws InvalidInput with field errors. */
export function checkRoleAndOrganisation(data: Readonly<AppData>, rol: Role, organisatie: string | null): void {
  const errors: FieldError[] = [];
  if (organisatie !== null && !data.organisaties.some((o) => o.code === organisatie)) {
    errors.push({ name: 'organisatie', reason: `Onbekende organisatie: ${organisatie}.` });
  }
  if (rol === 'vertegenwoordiger' && organisatie === null) {
    errors.push({ name: 'organisatie', reason: 'Een vertegenwoordiger hoort bij een organisatie: kies er een.' });
  }
  if (errors.length > 0) throw new InvalidInput('De gegevens van de gebruiker zijn niet geldig.', errors);
}

export function toCurrentUser(data: Readonly<AppData>, u: UserRecord, via: CurrentUser['via']): CurrentUser {
  const org = u.organisatie === null ? undefined : data.organisaties.find((o) => o.code === u.organisatie);
  return {
    id: u.id,
    naam: u.naam,
    email: u.email,
    rol: u.rol,
    organisatie: org ? { code: org.code, naam: org.naam } : null,
    via,
  };
}

/** The audit actor for a user (or the system). */
export function auditActor(user: CurrentUser | null) {
  if (!user) return { id: 'systeem', naam: 'Systeem' };
  return { id: user.id, naam: user.naam, rol: user.rol, ...(user.organisatie ? { organisatie: user.organisatie.code } : {}) };
}
