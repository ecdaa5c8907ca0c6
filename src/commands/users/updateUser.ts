/**
 * Change an account (beheerder): name, e-mail, role, organisation, password, active. Deactivating
 * ends the user's sessions and revokes their tokens at once. The last active administrator cannot be
 * deactivated or demoted (409), so the service never locks itself out.
 */
import { hashPassword } from '../../domain/secrets.js';
import { Conflict, NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { auditActor, checkRoleAndOrganisation, normaliseEmail } from './userRules.js';
import type { z } from 'zod';
import type { userChangesSchema } from '../../schemas/accounts.js';

/** What userChangesSchema lets through (src/schemas/accounts.ts). */
export type UserChanges = z.output<typeof userChangesSchema>;

export async function updateUser(stores: Stores, actor: CurrentUser, id: string, changes: UserChanges, now = new Date()): Promise<UserRecord> {
  const existing = stores.db.data.gebruikers.find((u) => u.id === id);
  if (!existing) throw new NotFound(`Gebruiker ${id} bestaat niet.`);
  const rol = changes.rol ?? existing.rol;
  const organisatie = changes.organisatie !== undefined ? changes.organisatie : existing.organisatie;
  checkRoleAndOrganisation(stores.db.data, rol, organisatie);
  const wachtwoordHash = changes.wachtwoord !== undefined ? await hashPassword(changes.wachtwoord) : undefined;
  const email = changes.email !== undefined ? normaliseEmail(changes.email) : undefined;

  const updated = await stores.db.update((d) => {
    const u = d.gebruikers.find((x) => x.id === id);
    if (!u) throw new NotFound(`Gebruiker ${id} bestaat niet.`);
    if (email !== undefined && email !== u.email && d.gebruikers.some((x) => x.email === email)) {
      throw new Conflict(`Er bestaat al een gebruiker met e-mailadres ${email}.`, { field: 'email' });
    }
    const staysAdmin = rol === 'beheerder' && (changes.actief ?? u.actief);
    if (u.rol === 'beheerder' && u.actief && !staysAdmin) {
      const otherAdmins = d.gebruikers.filter((x) => x.id !== u.id && x.rol === 'beheerder' && x.actief);
      if (otherAdmins.length === 0) {
        throw new Conflict('Dit is de laatste actieve beheerder: maak eerst een andere beheerder aan.');
      }
    }
    if (changes.naam !== undefined) u.naam = changes.naam.trim();
    if (email !== undefined) u.email = email;
    u.rol = rol;
    u.organisatie = organisatie;
    if (wachtwoordHash !== undefined) u.wachtwoordHash = wachtwoordHash;
    if (changes.actief !== undefined) u.actief = changes.actief;
    u.gewijzigd = now.toISOString();
    if (!u.actief || wachtwoordHash !== undefined) {
      // A deactivated account or a new password ends every open session and token of that user.
      d.sessies = d.sessies.filter((s) => s.gebruiker !== u.id);
      for (const t of d.tokens) if (t.gebruiker === u.id && t.ingetrokken === null) t.ingetrokken = now.toISOString();
    }
    return { ...u };
  });
  const gegevens: Record<string, unknown> = {};
  for (const k of ['naam', 'email', 'rol', 'organisatie', 'actief'] as const) {
    if (changes[k] !== undefined) gegevens[k] = updated[k];
  }
  if (changes.wachtwoord !== undefined) gegevens.wachtwoord = 'gewijzigd';
  await stores.audit.append({ actie: 'gebruiker-gewijzigd', actor: auditActor(actor), object: { soort: 'gebruiker', id }, gegevens });
  return updated;
}
