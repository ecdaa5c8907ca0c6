/**
 * The one place that answers "may this user do this (to that)?". Every command calls `authorize` with
 * the record it acts on (commands are the security boundary), and so does every query of private data;
 * pages call `can` with the same arguments to show or hide buttons and forms. Routes never authorize.
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
  /** See the outgoing mail queue, send a test message, retry a failed message. */
  | 'mail:manage'
  /** Act on behalf of an organisation (endorse, co-sign): target = organisation code. */
  | 'organisation:act-for'
  /** Endorse a version, or withdraw an endorsement, for an organisation: its representatives only. */
  | 'endorsement:give'
  /** Create, list and revoke one's own API tokens. */
  | 'token:own'
  /** Change one's own password, see one's sessions, sign out everywhere. */
  | 'account:own'
  /** Propose an amendment (for oneself or one's organisation): target = indienerOrganisatie (code, or null for oneself). */
  | 'amendment:propose'
  /** Change an amendment's text, update it onto the draft, withdraw it: target = its proposer. */
  | 'amendment:own'
  /** Co-sign an amendment for one's organisation: target = organisation code and the proposer. */
  | 'amendment:cosign'
  /** Comment on an amendment. */
  | 'amendment:comment'
  /** Give a working-group verdict: target = the proposer (not on one's own amendment). */
  | 'amendment:review'
  /** Decide: merge (overnemen) or reject (verwerpen): target = the proposer and co-signers (not on one's own). */
  | 'amendment:decide'
  /** Put a named version on the ALV agenda and edit its decision text. */
  | 'version:schedule'
  /** Record the ALV's decision on a version. */
  | 'version:adopt';

export interface Target {
  organisatie?: string;
  /** The user who proposed the amendment acted on. */
  indiener?: string;
  /** The organisation the amendment was proposed for, if any. */
  indienerOrganisatie?: string | null;
  /** The users who co-signed the amendment, withdrawn co-signatures included. */
  medeIndieners?: readonly string[];
}

const ROLE_ACTIONS: Record<CurrentUser['rol'], readonly Action[]> = {
  beheerder: ['version:name', 'user:manage', 'organisation:manage', 'audit:read', 'mail:manage', 'token:own', 'account:own', 'amendment:comment'],
  secretaris: ['version:name', 'token:own', 'account:own', 'amendment:comment', 'amendment:decide', 'version:schedule', 'version:adopt'],
  werkgroeplid: ['token:own', 'account:own', 'organisation:act-for', 'amendment:propose', 'amendment:own', 'amendment:comment', 'amendment:review'],
  vertegenwoordiger: ['token:own', 'account:own', 'organisation:act-for', 'endorsement:give', 'amendment:propose', 'amendment:own', 'amendment:cosign', 'amendment:comment'],
};

export function can(user: CurrentUser | null | undefined, action: Action, target: Target = {}): boolean {
  if (!user) return false;
  if (!ROLE_ACTIONS[user.rol].includes(action)) return false;
  if (action === 'amendment:own') {
    // The proposer, or a representative of the organisation it was proposed for.
    return (
      target.indiener === user.id ||
      (user.rol === 'vertegenwoordiger' && target.indienerOrganisatie != null && user.organisatie?.code === target.indienerOrganisatie)
    );
  }
  if (action === 'amendment:propose') {
    // Target `indienerOrganisatie`: the organisation it is proposed for (one's own only), or null for a
    // personal proposal (working-group members only). Without it: whether the user may propose at all.
    if (target.indienerOrganisatie === undefined) return true;
    if (target.indienerOrganisatie === null) return user.rol === 'werkgroeplid';
    return user.organisatie !== null && user.organisatie.code === target.indienerOrganisatie;
  }
  if (action === 'amendment:review') return target.indiener !== user.id;
  if (action === 'amendment:decide') {
    // No one decides on their own amendment: not the proposer, not someone who co-signed it (also after
    // withdrawing the co-signature, which could otherwise be done just to decide), whatever their role
    // was then. Without a target: whether the user decides on amendments at all.
    return target.indiener !== user.id && !(target.medeIndieners ?? []).includes(user.id);
  }
  if (action === 'amendment:cosign') {
    // For one's own organisation, and not the organisation that proposed it.
    return user.organisatie !== null && user.organisatie.code !== target.indienerOrganisatie && target.indiener !== user.id;
  }
  if (action === 'organisation:act-for' || action === 'endorsement:give') {
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
  'mail:manage': 'Alleen een beheerder kan de uitgaande mail bekijken en beheren.',
  'organisation:act-for': 'U kunt alleen namens uw eigen organisatie handelen.',
  'endorsement:give': 'Alleen een vertegenwoordiger kan onderschrijven of een onderschrijving intrekken, en alleen voor de eigen organisatie.',
  'token:own': 'U kunt geen API-tokens beheren.',
  'account:own': 'U kunt dit account niet beheren.',
  'amendment:propose':
    'Alleen werkgroepleden en vertegenwoordigers van organisaties kunnen amendementen indienen. Een vertegenwoordiger dient in namens de eigen organisatie, een werkgroeplid namens zichzelf of de eigen organisatie.',
  'amendment:own': 'Alleen de indiener (of een vertegenwoordiger van de indienende organisatie) kan dit amendement wijzigen of intrekken.',
  'amendment:cosign': 'Alleen een vertegenwoordiger van een andere organisatie dan de indiener kan dit amendement mede indienen.',
  'amendment:comment': 'U kunt geen reacties plaatsen.',
  'amendment:review': 'Alleen een werkgroeplid kan een amendement beoordelen, en niet het eigen amendement.',
  'amendment:decide': 'Alleen de secretaris van de ALV kan over een amendement besluiten.',
  'version:schedule': 'Alleen de secretaris van de ALV kan een versie agenderen of de besluittekst wijzigen.',
  'version:adopt': 'Alleen de secretaris van de ALV kan het besluit van de ALV vastleggen.',
};

/** Refusals for a user whose role may do the action, but not to this target. */
const REFUSAL_FOR_TARGET: Partial<Record<Action, string>> = {
  'amendment:decide': 'U hebt dit amendement ingediend of mede ingediend. Over een eigen amendement besluit u niet: een andere secretaris besluit erover.',
};

/**
 * 401 without a user, 403 unless they may endorse for the organisation: their own, or `organisatie`
 * when a request names one (a representative only ever endorses for their own organisation). The
 * endorse command calls it before it looks at the body, so a refused caller learns nothing more.
 */
export function authorizeEndorsement(
  user: CurrentUser | null | undefined,
  organisatie?: unknown,
): asserts user is CurrentUser & { organisatie: { code: string; naam: string } } {
  const target = typeof organisatie === 'string' && organisatie.trim() !== '' ? organisatie.trim() : (user?.organisatie?.code ?? '');
  authorize(user, 'endorsement:give', { organisatie: target });
  // The policy only passes for one's own organisation.
  if (user.organisatie === null) throw new Error('endorsement:give passed without an organisation');
}

/** Throws NotSignedIn (401) without a user, NotAllowed (403) when the policy says no. */
export function authorize(user: CurrentUser | null | undefined, action: Action, target: Target = {}): asserts user is CurrentUser {
  if (!user) throw new NotSignedIn('Meld u aan om dit te doen.');
  if (!can(user, action, target)) {
    const forTarget = ROLE_ACTIONS[user.rol].includes(action) ? REFUSAL_FOR_TARGET[action] : undefined;
    throw new NotAllowed(forTarget ?? REFUSAL[action], { action });
  }
}
