/** Create an account (beheerder; or the system at first start). Passwords are stored only hashed. */
import { normaliseEmail } from '../../domain/accountRules.js';
import { userCreated } from '../../domain/auditEvents.js';
import { hashPassword, newId } from '../../domain/secrets.js';
import { Conflict } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { checkRoleAndOrganisation } from './userRules.js';
import { newUserSchema } from '../../schemas/accounts.js';
import type { z } from 'zod';

/** What newUserSchema lets through (src/schemas/accounts.ts). */
export type NewUserInput = z.output<typeof newUserSchema>;

/** An administrator creates an account: 401/403 for anyone else, then the input is validated (400). */
export async function createUser(stores: Stores, actor: CurrentUser | null, input: unknown, now = new Date()): Promise<UserRecord> {
  authorize(actor, 'user:manage');
  return addAccount(stores, actor, parseInput(newUserSchema, input, 'De gebruiker'), now);
}

/**
 * The service itself creates an account: the bootstrap administrator at the first start, and the tools
 * that set up a store (benchmarks, test scenarios). No user acts, so there is nothing to authorize; no
 * route may call it (tests/architecture.test.ts).
 */
export function createUserAsSystem(stores: Stores, input: NewUserInput, now = new Date()): Promise<UserRecord> {
  return addAccount(stores, null, input, now);
}

async function addAccount(stores: Stores, actor: CurrentUser | null, input: NewUserInput, now: Date): Promise<UserRecord> {
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
  await stores.audit.append(userCreated(actor, record));
  return record;
}
