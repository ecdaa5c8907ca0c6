/**
 * Every kind of entry the service writes to the hash-chained audit log, with one builder per kind.
 * Commands (and the start-up repairs) make their entries here and nowhere else: AuditLog.append takes
 * only an AuditEvent, and only these builders make one.
 *
 * The entries are public: the chain is exported (the endorsements' audit export) and anyone can
 * recompute its hashes, and the stores already written must keep verifying. So a builder's output never
 * changes: not a field, not the order of the fields in `gegevens` (the log line is the entry's JSON), not
 * the action's name. A new fact gets a new kind of entry. tests/commands/auditShapes.test.ts holds the
 * shape of every kind a request causes.
 *
 * Entries written by a repair at start-up (a crash came between a write and its entry) carry
 * `hersteld: true` as their last field: their `tijdstip` is the time of the repair, the record keeps its own.
 */
import { actorOfParty, auditActor, SYSTEM_ACTOR, type ActingUser } from './actors.js';
import type { Party } from './amendmentModel.js';
import type { AuditActor, AuditEntryInput } from './auditChain.js';
import type { EndorsementRecord } from './endorsementModel.js';
import { adopts, type AdoptingOutcome, type AdoptionOutcome, type VotePercentages } from './versionStatus.js';

/** Every action the service writes, by what it acts on. */
export const AUDIT_ACTIONS = [
  // the store
  'opslag-ingericht',
  // accounts, sign-in and tokens
  'gebruiker-aangemaakt',
  'gebruiker-gewijzigd',
  'aangemeld',
  'afgemeld',
  'overal-afgemeld',
  'wachtwoord-gewijzigd',
  'token-aangemaakt',
  'token-ingetrokken',
  // the register of organisations
  'organisaties-geladen',
  'organisatie-toegevoegd',
  'organisatie-gewijzigd',
  // versions and their ALV adoption
  'versie-benoemd',
  'versie-geagendeerd',
  'versie-besluittekst-gewijzigd',
  'versie-vastgesteld',
  'versie-verworpen',
  'versie-aangehouden',
  // endorsements
  'onderschrijving-vastgelegd',
  'onderschrijving-ingetrokken',
  // amendments
  'amendement-ingediend',
  'amendement-herzien',
  'amendement-bijgewerkt',
  'amendement-mede-ingediend',
  'amendement-mede-indiening-ingetrokken',
  'amendement-reactie',
  'amendement-beoordeeld',
  'amendement-overgenomen',
  'amendement-verworpen',
  'amendement-ingetrokken',
  'amendement-hersteld',
  // outgoing mail (the administrator's actions; sending itself is no decision and has no entry)
  'testbericht-aangeboden',
  'mail-opnieuw-aangeboden',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

declare const fromCatalogue: unique symbol;
/** An audit entry made by a builder of this catalogue (the brand keeps hand-made entries out of the log). */
export type AuditEvent = AuditEntryInput & { readonly actie: AuditAction; readonly [fromCatalogue]: true };

/** `object.soort` of the entries about endorsements (the endorsements' audit export selects on it). */
export const ENDORSEMENT_AUDIT_KIND = 'onderschrijving';
export const ENDORSED_ACTION = 'onderschrijving-vastgelegd' satisfies AuditAction;
export const WITHDRAWN_ACTION = 'onderschrijving-ingetrokken' satisfies AuditAction;
export const STORE_INITIALISED = 'opslag-ingericht' satisfies AuditAction;
export const VERSION_NAMED = 'versie-benoemd' satisfies AuditAction;
export const USER_CREATED = 'gebruiker-aangemaakt' satisfies AuditAction;

/** The audit object id of a version (`digitale-stad@1.0`) and of an amendment (`digitale-stad#3`). */
export function versionAuditId(slug: string, naam: string): string {
  return `${slug}@${naam}`;
}
export function amendmentAuditId(slug: string, nummer: number): string {
  return `${slug}#${nummer}`;
}

/** Who an entry names: a signed-in user, a party from a record (repairs), or the service (null). */
export type Actor = ActingUser | null;

function event(actie: AuditAction, actor: AuditActor, object: { soort: string; id: string }, gegevens?: Record<string, unknown>): AuditEvent {
  const entry: AuditEntryInput = { actie, actor, object, ...(gegevens !== undefined ? { gegevens } : {}) };
  return entry as AuditEvent;
}

const repaired = (hersteld: boolean) => (hersteld ? { hersteld: true } : {});

// ---- the store ----

export function storeInitialised(documenten: readonly string[]): AuditEvent {
  return event('opslag-ingericht', { ...SYSTEM_ACTOR }, { soort: 'opslag', id: 'opslag' }, { documenten: [...documenten] });
}

// ---- accounts, sign-in and tokens ----

interface UserFacts {
  id: string;
  naam: string;
  email: string;
  rol: string;
  organisatie: string | null;
  actief: boolean;
}

export function userCreated(actor: Actor, user: Omit<UserFacts, 'actief'>): AuditEvent {
  return event('gebruiker-aangemaakt', auditActor(actor), { soort: 'gebruiker', id: user.id }, { naam: user.naam, email: user.email, rol: user.rol, organisatie: user.organisatie });
}

export const USER_FIELDS = ['naam', 'email', 'rol', 'organisatie', 'actief'] as const;

/** The fields that were sent, with their new values; a new password only as the word `gewijzigd`. */
export function userChanged(actor: Actor, user: UserFacts, sent: readonly (typeof USER_FIELDS)[number][], passwordChanged: boolean): AuditEvent {
  const gegevens: Record<string, unknown> = {};
  for (const k of USER_FIELDS) if (sent.includes(k)) gegevens[k] = user[k];
  if (passwordChanged) gegevens.wachtwoord = 'gewijzigd';
  return event('gebruiker-gewijzigd', auditActor(actor), { soort: 'gebruiker', id: user.id }, gegevens);
}

export function signedIn(user: ActingUser): AuditEvent {
  return event('aangemeld', auditActor(user), { soort: 'gebruiker', id: user.id }, { via: 'sessie' });
}

export function signedOut(user: ActingUser): AuditEvent {
  return event('afgemeld', auditActor(user), { soort: 'gebruiker', id: user.id });
}

/** One's own password changed; `sessiesBeeindigd`: the other sessions that ended with it. */
export function ownPasswordChanged(user: ActingUser, sessiesBeeindigd: number): AuditEvent {
  return event('wachtwoord-gewijzigd', auditActor(user), { soort: 'gebruiker', id: user.id }, { sessiesBeeindigd });
}

/** Every session of the account ended at its own request. */
export function signedOutEverywhere(user: ActingUser, sessiesBeeindigd: number): AuditEvent {
  return event('overal-afgemeld', auditActor(user), { soort: 'gebruiker', id: user.id }, { sessiesBeeindigd });
}

export function tokenCreated(user: ActingUser, token: { id: string; omschrijving: string; verlooptOp: string }): AuditEvent {
  return event('token-aangemaakt', auditActor(user), { soort: 'token', id: token.id }, { omschrijving: token.omschrijving, verlooptOp: token.verlooptOp });
}

export function tokenRevoked(user: ActingUser, id: string): AuditEvent {
  return event('token-ingetrokken', auditActor(user), { soort: 'token', id });
}

// ---- the register of organisations ----

export function organisationsLoaded(loaded: { aantal: number; bron: string; codes: readonly string[] }): AuditEvent {
  return event('organisaties-geladen', { ...SYSTEM_ACTOR }, { soort: 'organisaties', id: 'register' }, { aantal: loaded.aantal, bron: loaded.bron, codes: [...loaded.codes] });
}

/** The whole new record, as stored. */
export function organisationAdded(actor: Actor, record: Readonly<{ code: string; naam: string; type: string; bron?: string; aangemaakt: string }>): AuditEvent {
  return event('organisatie-toegevoegd', auditActor(actor), { soort: 'organisatie', id: record.code }, { ...record });
}

type OrganisationFields = Partial<{ naam: string; type: string }>;

/** The new values of what changed, and the old ones under `vorig`. */
export function organisationChanged(actor: Actor, code: string, nieuw: OrganisationFields, vorig: OrganisationFields): AuditEvent {
  return event('organisatie-gewijzigd', auditActor(actor), { soort: 'organisatie', id: code }, { ...nieuw, vorig });
}

// ---- versions and their ALV adoption ----

interface VersionFacts {
  naam: string;
  commit: string;
  tree: string;
  tagOid: string;
}

/** A version named; a repair gives the time of the naming from the tag (`benoemd`). */
export function versionNamed(actor: Actor | { party: Party }, slug: string, v: VersionFacts, repair?: { benoemd: string }): AuditEvent {
  const who = actor !== null && 'party' in actor ? actorOfParty(actor.party) : auditActor(actor);
  return event('versie-benoemd', who, { soort: 'versie', id: versionAuditId(slug, v.naam) }, {
    document: slug,
    naam: v.naam,
    commit: v.commit,
    tree: v.tree,
    tag: v.tagOid,
    ...(repair !== undefined ? { benoemd: repair.benoemd, hersteld: true } : {}),
  });
}

export function versionScheduled(actor: Actor, slug: string, v: Pick<VersionFacts, 'naam' | 'commit'>, alvDatum: string): AuditEvent {
  return event('versie-geagendeerd', auditActor(actor), { soort: 'versie', id: versionAuditId(slug, v.naam) }, { document: slug, versie: v.naam, commit: v.commit, alvDatum });
}

/** The new decision text, or null when the generated default is back. */
export function decisionTextChanged(actor: Actor, slug: string, versie: string, tekst: string | null): AuditEvent {
  return event('versie-besluittekst-gewijzigd', auditActor(actor), { soort: 'versie', id: versionAuditId(slug, versie) }, { document: slug, versie, tekst });
}

/** The outcomes that leave a version unadopted, and the action that records each. */
const NOT_ADOPTED: Record<Exclude<AdoptionOutcome, AdoptingOutcome>, AuditAction> = {
  verworpen: 'versie-verworpen',
  aangehouden: 'versie-aangehouden',
};

/** The assembly's decision: `versie-vastgesteld` for an adopting outcome, else `versie-verworpen` or `versie-aangehouden`. */
export function versionDecided(
  actor: Actor,
  slug: string,
  v: VersionFacts,
  decision: { datum: string; uitkomst: AdoptionOutcome; percentages: VotePercentages | null; kenmerk: string },
): AuditEvent {
  const u = decision.uitkomst;
  return event(adopts(u) ? 'versie-vastgesteld' : NOT_ADOPTED[u], auditActor(actor), { soort: 'versie', id: versionAuditId(slug, v.naam) }, {
    document: slug,
    versie: v.naam,
    commit: v.commit,
    tree: v.tree,
    tag: v.tagOid,
    datum: decision.datum,
    uitkomst: decision.uitkomst,
    percentages: decision.percentages,
    kenmerk: decision.kenmerk,
  });
}

// ---- endorsements ----

/** What the entry of an endorsement holds: everything that pins it, so the export can be checked against the data. */
function endorsedData(r: EndorsementRecord): Record<string, unknown> {
  return {
    document: r.document,
    versie: r.versie,
    commit: r.commit,
    tree: r.tree,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam },
    ondertekenaar: r.ondertekenaar,
    besluit: r.besluit,
    bron: r.bron,
    vastgelegd: r.vastgelegd,
  };
}

function withdrawnData(r: EndorsementRecord): Record<string, unknown> {
  return {
    document: r.document,
    versie: r.versie,
    organisatie: { code: r.organisatie.code, naam: r.organisatie.naam },
    reden: r.intrekking?.reden ?? null,
    tijdstip: r.intrekking?.tijdstip ?? null,
  };
}

/** An endorsement recorded; by its user, or (a repair, the seed) by the party the record names. */
export function endorsed(actor: Actor, r: EndorsementRecord, opts: { hersteld?: boolean } = {}): AuditEvent {
  const who = opts.hersteld === true ? actorOfParty(r.door) : auditActor(actor);
  return event(ENDORSED_ACTION, who, { soort: ENDORSEMENT_AUDIT_KIND, id: r.id }, { ...endorsedData(r), ...repaired(opts.hersteld === true) });
}

export function endorsementWithdrawn(actor: Actor, r: EndorsementRecord, opts: { hersteld?: boolean } = {}): AuditEvent {
  const who = opts.hersteld === true ? actorOfParty(r.intrekking?.door ?? null) : auditActor(actor);
  return event(WITHDRAWN_ACTION, who, { soort: ENDORSEMENT_AUDIT_KIND, id: r.id }, { ...withdrawnData(r), ...repaired(opts.hersteld === true) });
}

// ---- amendments ----

interface AmendmentRef {
  document: string;
  nummer: number;
}

/** A user for the verbs themselves; a party from the record for the repairs at start-up. */
function amendmentActor(actor: Actor | { party: Party }): AuditActor {
  return actor !== null && 'party' in actor ? actorOfParty(actor.party) : auditActor(actor);
}

function amendmentObject(a: AmendmentRef) {
  return { soort: 'amendement', id: amendmentAuditId(a.document, a.nummer) };
}

/** A proposal; its repair does not know the files any more and leaves `bestanden` out. */
export function amendmentProposed(
  actor: Actor | { party: Party },
  a: AmendmentRef,
  facts: { titel: string; basis: string; revisie: string; organisatie: string | null; bestanden?: readonly string[] },
  opts: { hersteld?: boolean } = {},
): AuditEvent {
  return event('amendement-ingediend', amendmentActor(actor), amendmentObject(a), {
    titel: facts.titel,
    basis: facts.basis,
    revisie: facts.revisie,
    organisatie: facts.organisatie,
    ...(facts.bestanden !== undefined ? { bestanden: [...facts.bestanden] } : {}),
    ...repaired(opts.hersteld === true),
  });
}

/** A later revision: a new text (`herzien`, optionally written on the draft) or an update onto the draft (`bijgewerkt`). */
export function amendmentRevised(
  actor: Actor | { party: Party },
  a: AmendmentRef,
  soort: 'tekst' | 'bijwerken',
  facts: { revisie: string; basis: string; opConcept?: boolean },
  opts: { hersteld?: boolean } = {},
): AuditEvent {
  return event(soort === 'bijwerken' ? 'amendement-bijgewerkt' : 'amendement-herzien', amendmentActor(actor), amendmentObject(a), {
    revisie: facts.revisie,
    basis: facts.basis,
    ...(facts.opConcept === true ? { opConcept: true } : {}),
    ...repaired(opts.hersteld === true),
  });
}

export function amendmentCosigned(actor: Actor, a: AmendmentRef, organisatie: string): AuditEvent {
  return event('amendement-mede-ingediend', auditActor(actor), amendmentObject(a), { organisatie });
}

export function amendmentCosignWithdrawn(actor: Actor, a: AmendmentRef, organisatie: string | undefined): AuditEvent {
  return event('amendement-mede-indiening-ingetrokken', auditActor(actor), amendmentObject(a), { organisatie });
}

/** A comment; of its anchor only the file (the sentence itself stays in the record). */
export function amendmentCommented(actor: Actor, a: AmendmentRef, reactie: string, anker: { bestand: string } | null): AuditEvent {
  return event('amendement-reactie', auditActor(actor), amendmentObject(a), { reactie, ...(anker ? { anker: { bestand: anker.bestand } } : {}) });
}

export function amendmentReviewed(actor: Actor, a: AmendmentRef, oordeel: string, revisie: string): AuditEvent {
  return event('amendement-beoordeeld', auditActor(actor), amendmentObject(a), { oordeel, revisie });
}

const DECISION_ACTION = {
  overgenomen: 'amendement-overgenomen',
  verworpen: 'amendement-verworpen',
  ingetrokken: 'amendement-ingetrokken',
} as const satisfies Record<string, AuditAction>;
export type AmendmentOutcome = keyof typeof DECISION_ACTION;

/** The action of the entry that records an amendment's outcome. */
export function decisionAction(besluit: AmendmentOutcome): AuditAction {
  return DECISION_ACTION[besluit];
}

/**
 * An amendment's outcome: taken over (`revisie` and the merge `commit`), rejected (`revisie`) or withdrawn
 * by its proposer. `revisie` or `commit` left undefined are left out.
 */
export function amendmentDecided(
  actor: Actor | { party: Party },
  a: AmendmentRef,
  besluit: AmendmentOutcome,
  facts: { reden: string; revisie?: string | null; commit?: string },
  opts: { hersteld?: boolean } = {},
): AuditEvent {
  return event(DECISION_ACTION[besluit], amendmentActor(actor), amendmentObject(a), {
    reden: facts.reden,
    ...(facts.revisie !== undefined ? { revisie: facts.revisie } : {}),
    ...(facts.commit !== undefined ? { commit: facts.commit } : {}),
    ...repaired(opts.hersteld === true),
  });
}

/** An amendment branch found without its record at start-up, and rebuilt from its commit. */
export function amendmentRecovered(a: AmendmentRef, facts: { tak: string; revisie: string; basis: string }): AuditEvent {
  return event('amendement-hersteld', { ...SYSTEM_ACTOR }, amendmentObject(a), { tak: facts.tak, revisie: facts.revisie, basis: facts.basis, reden: 'tak zonder gegevens gevonden bij het starten' });
}

// ---- outgoing mail ----

/** The administrator queued a test message. No address: the entry names the message, the queue holds the rest. */
export function testMessageQueued(actor: Actor, mail: { id: string }): AuditEvent {
  return event('testbericht-aangeboden', auditActor(actor), { soort: 'mail', id: mail.id });
}

/** The administrator offered a failed message for sending again. */
export function mailRetried(actor: Actor, mail: { id: string }): AuditEvent {
  return event('mail-opnieuw-aangeboden', auditActor(actor), { soort: 'mail', id: mail.id });
}
