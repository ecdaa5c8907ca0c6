/**
 * Who acted, in the two forms the records keep: a Party in the records themselves (amendments,
 * endorsements, the ALV record of a version) and an AuditActor in the audit log. Both are made here
 * from the signed-in user, so a record and its audit entry always name the same person the same way.
 * (The third form, the git signature, is in gitIdentity.ts.)
 */
import type { Party } from './amendmentModel.js';
import type { AuditActor } from './auditChain.js';

/** The signed-in user as far as a record needs it (policies/currentUser.ts has the full shape). */
export interface ActingUser {
  id: string;
  naam: string;
  rol: string;
  organisatie: { code: string; naam: string } | null;
}

/** The service itself: start-up work, seeding, repairs of what a crash left half-done. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ id: 'systeem', naam: 'Systeem' });

/** The party a record keeps for the user who acts: account, name and organisation at that moment. */
export function partyOf(user: ActingUser): Party {
  return { gebruiker: user.id, naam: user.naam, organisatie: user.organisatie };
}

/** The audit actor of a user; without one (null), the service itself. */
export function auditActor(user: ActingUser | null): AuditActor {
  if (!user) return { ...SYSTEM_ACTOR };
  return { id: user.id, naam: user.naam, rol: user.rol, ...(user.organisatie ? { organisatie: user.organisatie.code } : {}) };
}

/**
 * The audit actor of a party a record names (a repair at start-up writes the entry the person's own
 * request did not get to): no role, since the record does not keep it. Null is the service itself.
 */
export function actorOfParty(party: Party | null): AuditActor {
  if (party === null) return { ...SYSTEM_ACTOR };
  return { id: party.gebruiker, naam: party.naam, ...(party.organisatie ? { organisatie: party.organisatie.code } : {}) };
}
