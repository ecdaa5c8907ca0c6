/** Create an account (beheerder; or the system at first start). Passwords are stored only hashed. */
import { hashPassword, newId } from '../../domain/secrets.js';
import { Conflict } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { auditActor, checkRoleAndOrganisation, normaliseEmail } from './userRules.js';
import type { z } from 'zod';
import type { newUserSchema } from '../../schemas/accounts.js';

/** What newUserSchema lets through (src/schemas/accounts.ts). */
export type NewUserInput = z.output<typeof newUserSchema>;

export async function createUser(stores: Stores, actor: CurrentUser | null, input: NewUserInput, now = new Date()): Promise<UserRecord> {
  const email = normaliseEmail(input.email);
  checkRoleAndOrganisation(stores.db.data, input.rol, input.organisatie);
  const wachtwoordHash = await hashPassword(input.wachtwoord);
  const record = await stores.db.update((d) => {
    // Checked inside the update: two concurrent creates with one address cannot both pass.
    if (d.gebruikers.some((u) => u.email === email)) {
      throw new Conflict(`Er bestaat al een gebruiker met e-mailadres ${email}.`, { field: 'email' });
    }
    const rec: UserRecord = {
      id: newId('gbr'),
      naam: input.naam.trim(),
      email,
      rol: input.rol,
      organisatie: input.organisatie,
      wachtwoordHash,
      actief: true,
      aangemaakt: now.toISOString(),
      gewijzigd: now.toISOString(),
    };
    d.gebruikers.push(rec);
    return rec;
  });
  await stores.audit.append({
    actie: 'gebruiker-aangemaakt',
    actor: auditActor(actor),
    object: { soort: 'gebruiker', id: record.id },
    gegevens: { naam: record.naam, email: record.email, rol: record.rol, organisatie: record.organisatie },
  });
  return record;
}
