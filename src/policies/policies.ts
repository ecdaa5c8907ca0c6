/**
 * The one place that answers "may this user do this (to that)?". Every write path calls `authorize`
 * on the server; pages call `can` with the same arguments to show or hide buttons and forms.
 */
import { NotAllowed, NotSignedIn } from '../errors.js';
import type { CurrentUser } from './currentUser.js';

export type Action =
  /** Name the current draft as a version (tag). */
  | 'version:name'
  /** Create, edit, deactivate accounts. */
  | 'user:manage'
  /** Add or edit organisations in the register. */
  | 'organisation:manage'
  /** Read the full audit log. */
  | 'audit:read'
  /** Act on behalf of an organisation (endorse, co-sign): target = organisation code. */
  | 'organisation:act-for'
  /** Create, list and revoke one's own API tokens. */
  | 'token:own';

export interface Target {
  organisatie?: string;
}

const ROLE_ACTIONS: Record<CurrentUser['rol'], readonly Action[]> = {
  beheerder: ['version:name', 'user:manage', 'organisation:manage', 'audit:read', 'token:own'],
  secretaris: ['version:name', 'token:own'],
  werkgroeplid: ['token:own', 'organisation:act-for'],
  vertegenwoordiger: ['token:own', 'organisation:act-for'],
};

export function can(user: CurrentUser | null | undefined, action: Action, target: Target = {}): boolean {
  if (!user) return false;
  if (!ROLE_ACTIONS[user.rol].includes(action)) return false;
  if (action === 'organisation:act-for') {
    // Only for one's own organisation; a working-group member without an organisation acts for no one.
    return user.organisatie !== null && target.organisatie !== undefined && user.organisatie.code === target.organisatie;
  }
  return true;
}

const REFUSAL: Record<Action, string> = {
  'version:name': 'Alleen de secretaris van de ALV (of een beheerder) kan een versie benoemen.',
  'user:manage': 'Alleen een beheerder kan accounts beheren.',
  'organisation:manage': 'Alleen een beheerder kan organisaties beheren.',
  'audit:read': 'Alleen een beheerder kan het volledige auditlogboek lezen.',
  'organisation:act-for': 'U kunt alleen namens uw eigen organisatie handelen.',
  'token:own': 'U kunt geen API-tokens beheren.',
};

/** Throws NotSignedIn (401) without a user, NotAllowed (403) when the policy says no. */
export function authorize(user: CurrentUser | null | undefined, action: Action, target: Target = {}): asserts user is CurrentUser {
  if (!user) throw new NotSignedIn('Meld u aan om dit te doen.');
  if (!can(user, action, target)) throw new NotAllowed(REFUSAL[action], { action });
}
