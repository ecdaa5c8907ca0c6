/** Shared checks for creating and changing accounts (used by createUser and updateUser). */
import type { Role } from '../../domain/roles.js';
import { InvalidInput, type FieldError } from '../../errors.js';
import type { AppData } from '../../storage/appDb.js';

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
