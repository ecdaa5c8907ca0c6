/**
 * Read side of endorsements, shared by the API and the pages: filtering, one endorsement, the forms of
 * the representatives (which authorize, like the commands), the data of the overview and of an
 * organisation's page, and the public export of the audit chain that makes the endorsements verifiable.
 */
import { mapLimited, READ_FAN_OUT } from '../collections.js';
import { chainLink, type AuditEntry } from '../domain/auditChain.js';
import { ENDORSEMENT_AUDIT_KIND } from '../domain/auditEvents.js';
import { amsterdamDate } from '../domain/calendar.js';
import { ENDORSEMENT_ID, type EndorsementReader, type EndorsementRecord, type EndorsementStatus } from '../domain/endorsementModel.js';
import { canWithdraw } from '../domain/endorsementState.js';
import { Conflict, NotFound } from '../errors.js';
import type { CurrentUser } from '../policies/currentUser.js';
import { authorize, authorizeEndorsement } from '../policies/policies.js';
import type { OrganisationRecord } from '../storage/appDb.js';
import type { AuditLog } from '../storage/auditLog.js';
import type { VersionInfo } from '../storage/git/types.js';
import type { Stores } from '../storage/stores.js';
import { documentAt } from './documentQueries.js';
import type { DocumentEndorsements, EndorsementOverviewIndex } from './endorsementOverviewIndex.js';
import { organisationEndorsements, type OrganisationDocumentEndorsements } from './endorsementOverviewQueries.js';
import { versionToEndorse } from './versionQueries.js';
import type { endorsementAuditExportSchema } from '../schemas/audit.js';
import type { z } from 'zod';

export interface EndorsementFilter {
  versie?: string | undefined;
  organisatie?: string | undefined;
  status?: EndorsementStatus | undefined;
}

/** The endorsements of one document (404 for an unknown document), oldest first, filtered. */
export function listEndorsements(stores: Stores, slug: string, filter: EndorsementFilter = {}): EndorsementRecord[] {
  const repo = stores.documents.get(slug);
  const source = filter.organisatie !== undefined ? stores.endorsements.forOrganisation(filter.organisatie) : stores.endorsements.all();
  return source.filter(
    (r) =>
      r.document === repo.slug &&
      (filter.versie === undefined || r.versie === filter.versie) &&
      (filter.organisatie === undefined || r.organisatie.code === filter.organisatie) &&
      (filter.status === undefined || r.status === filter.status),
  );
}

/** Endorsement `id` of document `slug`; 404 for an unknown or malformed id (which never reaches the log). */
export function findEndorsement(stores: Stores, slug: string, id: string): EndorsementRecord {
  if (!ENDORSEMENT_ID.test(id)) throw new NotFound(`Onderschrijving ${id.slice(0, 60)} bestaat niet.`);
  const repo = stores.documents.get(slug);
  const record = stores.endorsements.get(id);
  if (record === undefined || record.document !== repo.slug) throw new NotFound(`Onderschrijving ${id.slice(0, 60)} bestaat niet.`);
  return record;
}

/** What the endorse form shows (the representatives of an organisation): the version, and the active endorsement if there is one. */
export interface EndorseForm {
  slug: string;
  version: VersionInfo;
  organisatie: { code: string; naam: string };
  existing: EndorsementRecord | null;
  /** Today in the Netherlands: the latest possible decision date. */
  today: string;
}

/**
 * The endorse form of version `versie` for the signed-in representative's organisation: 401/403 for
 * anyone else (before anything about the version is told), then 404 or 409 for what is not a named version.
 */
export function endorseForm(stores: Stores, user: CurrentUser | null, slug: string, versie: string, now = new Date()): EndorseForm {
  const repo = stores.documents.get(slug);
  authorizeEndorsement(user);
  const version = versionToEndorse(repo, versie);
  const organisatie = user.organisatie;
  return { slug: repo.slug, version, organisatie, existing: stores.endorsements.activeFor(repo.slug, version.naam, organisatie.code) ?? null, today: amsterdamDate(now) };
}

/** The endorsement to withdraw, for a representative of its organisation (404, then 401/403). */
export function endorsementToWithdraw(stores: Stores, user: CurrentUser | null, slug: string, id: string): EndorsementRecord {
  const record = findEndorsement(stores, slug, id);
  authorize(user, 'endorsement:give', { organisatie: record.organisatie.code });
  return record;
}

/** The withdraw form: as endorsementToWithdraw, and 409 when it was withdrawn already. */
export function withdrawForm(stores: Stores, user: CurrentUser | null, slug: string, id: string): EndorsementRecord {
  const record = endorsementToWithdraw(stores, user, slug, id);
  if (!canWithdraw(record)) throw new Conflict('Deze onderschrijving is al ingetrokken.');
  return record;
}

/** Every endorsement of one organisation (all documents), oldest first, withdrawn ones too. */
export function organisationEndorsementRecords(stores: Pick<Stores, 'endorsements'>, code: string): EndorsementRecord[] {
  return stores.endorsements.forOrganisation(code);
}

/** The revision of the endorsements: it counts every event, so it names what the open data holds. */
export function endorsementsRevision(stores: Stores): number {
  return stores.endorsements.changes().length;
}

/** The public export, as src/schemas/audit.ts describes it (the chain's AuditExport plus the document and how to check it). */
export type EndorsementAuditExport = z.output<typeof endorsementAuditExportSchema>;

/** Parsed audit entries, cached per audit log until its head moves (the file is read once per change). */
const entryCache = new WeakMap<AuditLog, { head: string | null; entries: AuditEntry[] }>();

function auditEntries(audit: AuditLog): AuditEntry[] {
  const head = audit.head();
  const cached = entryCache.get(audit);
  if (cached !== undefined && cached.head === head) return cached.entries;
  const entries = audit.entries();
  // Only cache a read that matches the head we saw (an append may land while reading).
  if ((entries.at(-1)?.hash ?? null) === head) entryCache.set(audit, { head, entries });
  return entries;
}

function isEndorsementEntry(e: AuditEntry, slug: string): boolean {
  return e.object.soort === ENDORSEMENT_AUDIT_KIND && e.gegevens?.document === slug;
}

/**
 * The hash links of every audit entry, and the full entries about the endorsements of `slug`.
 * Anyone can recompute those entries' hashes and check that they sit, unchanged and in order, in one
 * unbroken chain ending at `kop` (`npm run cli -- audit-verify --export FILE`).
 */
export function endorsementAuditExport(stores: Stores, slug: string): EndorsementAuditExport {
  const repo = stores.documents.get(slug);
  const entries = auditEntries(stores.audit);
  return {
    document: repo.slug,
    kop: entries.at(-1)?.hash ?? null,
    toelichting:
      'keten: volgnummer, vorigeHash en hash van elke vermelding in het auditlogboek; vermeldingen: de volledige inhoud van de ' +
      'vermeldingen over onderschrijvingen van dit document. Controleer met: npm run cli -- audit-verify --export BESTAND.',
    keten: entries.map(chainLink),
    vermeldingen: entries.filter((e) => isEndorsementEntry(e, repo.slug)),
  };
}

/** What the overview reads: the documents, the register of organisations and the endorsements. */
export type EndorsementPageStores = Pick<Stores, 'documents' | 'db'> & { endorsements: EndorsementReader };

/** Municipality names from the register (cached per version of the register: the store replaces the array on update). */
const namesCache = new WeakMap<readonly OrganisationRecord[], { names: Map<string, string>; municipalities: number }>();
function registerNames(records: readonly OrganisationRecord[]): { names: Map<string, string>; municipalities: number } {
  const cached = namesCache.get(records);
  if (cached !== undefined) return cached;
  const municipalities = records.filter((o) => o.type === 'gemeente');
  const value = { names: new Map(municipalities.map((o) => [o.code, o.naam])), municipalities: municipalities.length };
  namesCache.set(records, value);
  return value;
}

/** A number per version of the register (the store replaces the array on every update). */
const registerIds = new WeakMap<readonly OrganisationRecord[], number>();
let nextRegisterId = 0;
function registerId(records: readonly OrganisationRecord[]): number {
  let id = registerIds.get(records);
  if (id === undefined) {
    nextRegisterId += 1;
    id = nextRegisterId;
    registerIds.set(records, id);
  }
  return id;
}

/** What the endorsements overview of one document shows, and what names its state. */
export interface OverviewSource {
  slug: string;
  /** The document's named versions, newest first. */
  versions: string[];
  /** The versions with their tags, which name the state of the versions. */
  versionTags: string;
  /** The read model's revision (every endorsement event counts). */
  revision: number;
  endorsements: DocumentEndorsements;
  register: { names: ReadonlyMap<string, string>; municipalities: number };
  /** A number per version of the register. */
  registerId: number;
}

/** The overview's data for document `slug` (404 for an unknown document), from the read model `index`. */
export function overviewSource(stores: EndorsementPageStores, index: EndorsementOverviewIndex, slug: string): OverviewSource {
  const repo = stores.documents.get(slug);
  const versionInfo = repo.versions();
  const organisations = stores.db.data.organisaties;
  return {
    slug: repo.slug,
    versions: versionInfo.map((v) => v.naam),
    versionTags: versionInfo.map((v) => `${v.naam}=${v.tagOid}`).join(','),
    revision: index.revision,
    endorsements: index.of(repo.slug),
    register: registerNames(organisations),
    registerId: registerId(organisations),
  };
}

/**
 * The endorsements of one organisation per document (see organisationEndorsements), each document with
 * its title (from its newest named version, or the draft; the slug for a document that is gone).
 */
export async function organisationEndorsementGroups(stores: EndorsementPageStores, code: string): Promise<(OrganisationDocumentEndorsements & { titel: string })[]> {
  const groups = organisationEndorsements(stores.endorsements.all(), code, (document) =>
    stores.documents.has(document) ? stores.documents.get(document).versions().map((v) => v.naam) : [],
  );
  return mapLimited(groups, READ_FAN_OUT, async (g) => {
    if (!stores.documents.has(g.document)) return { ...g, titel: g.document };
    const at = await documentAt(stores.documents, g.document, g.nieuwste ?? 'concept');
    return { ...g, titel: at.text.meta.titel };
  });
}
