/**
 * Change an account (beheerder): name, e-mail, role, organisation, password, active. Deactivating
 * ends the user's sessions and revokes their tokens at once. The last active administrator cannot be
 * deactivated or demoted (409), so the service never locks itself out.
 */
import { normaliseEmail } from '../../domain/accountRules.js';
import { USER_FIELDS, userChanged } from '../../domain/auditEvents.js';
import { hashPassword } from '../../domain/secrets.js';
import { Conflict, NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { userChangesSchema } from '../../schemas/accounts.js';
import type { UserRecord } from '../../storage/appDb.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { checkRoleAndOrganisation } from './userRules.js';

/**
 * Order: 401/403 for anyone but an administrator, then 404 for an unknown account, then 400 for
 * invalid changes, then 409 for the last administrator or a taken e-mail address.
 */
export async function updateUser(stores: Stores, actor: CurrentUser | null, id: string, input: unknown, now = new Date()): Promise<UserRecord> {
  authorize(actor, 'user:manage');
  const existing = stores.db.data.gebruikers.find((u) => u.id === id);
  if (!existing) throw new NotFound(`Gebruiker ${id} bestaat niet.`);
  const changes = parseInput(userChangesSchema, input, 'De wijziging');
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
  const sent = USER_FIELDS.filter((k) => changes[k] !== undefined);
  await stores.audit.append(userChanged(actor, updated, sent, changes.wachtwoord !== undefined));
  return updated;
}
