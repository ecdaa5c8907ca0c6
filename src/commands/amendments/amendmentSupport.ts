/**
 * Shared pieces of the amendment verbs: the acting party's git signature, commit messages, applying principle
 * edits to a tree, and the fingerprint of an amendment's own change. The verbs themselves live in
 * one module each (proposeAmendment, reviseAmendment, ...).
 */
import { changeFingerprint, touchedSentences } from '../../domain/amendmentChange.js';
import type { AmendmentRecord, Party } from '../../domain/amendmentModel.js';
import { isPrincipleFile, parseDocumentFiles, principleTitle } from '../../domain/documentModel.js';
import { normaliseMarkdown } from '../../domain/sentences.js';
import { InvalidInput, NotFound, type FieldError } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import type { FileChange, Signature } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';
import { accountEmail, gitName } from '../../domain/gitIdentity.js';
import { partyOf } from '../../domain/actors.js';
import { messageText, withTrailers } from '../../domain/commitTrailers.js';
import { AsyncLock } from '../../storage/asyncLock.js';

export interface PrincipleEdit {
  bestand: string;
  /** The principle's whole Markdown (first line `# <titel>`), or null to remove the principle. */
  tekst: string | null;
}

/**
 * The git signature of a party: "naam (organisatie)" shortened to what git takes, and the account's
 * stable, non-personal address (never the person's own e-mail), see domain/gitIdentity.ts.
 */
export function signatureOf(who: Party, now: Date): Signature {
  return { name: gitName(who.naam, who.organisatie?.naam), email: accountEmail(who.gebruiker), timestamp: Math.floor(now.getTime() / 1000), timezoneOffset: 0 };
}

/**
 * The author of a later commit on an amendment's branch: the person who acts, in the capacity the
 * amendment was proposed in (for its organisation, or for the proposer personally), so that one account
 * appears under one name on one amendment's commits (`git shortlog -sne`).
 */
export function branchSignature(record: AmendmentRecord, user: CurrentUser, now: Date): Signature {
  return signatureOf({ ...partyOf(user), organisatie: record.indiener.organisatie }, now);
}

/**
 * The message of an amendment's first commit: subject, motivation, and trailers that name the proposer
 * (account, name) and the organisation it was proposed for, so that the record can be rebuilt from the
 * branch alone (setup/reconcileAmendments.ts). Without an organisation (proposed "namens persoon") there
 * is no `Organisatie` trailer.
 */
export function proposalMessage(nummer: number, titel: string, toelichting: string, proposer: Party): string {
  return withTrailers(`Amendement ${nummer}: ${titel}\n\n${messageText(toelichting)}`, [
    { key: 'Amendement', value: String(nummer) },
    { key: 'Indiener', value: proposer.naam },
    { key: 'Indiener-Account', value: proposer.gebruiker },
    ...(proposer.organisatie ? [{ key: 'Organisatie', value: proposer.organisatie.code }, { key: 'Organisatie-Naam', value: proposer.organisatie.naam }] : []),
  ]);
}

/** The message of a later commit on an amendment's branch (a revision or an update onto the draft). */
export function revisionMessage(nummer: number, what: string): string {
  return withTrailers(`Amendement ${nummer}: ${what}`, [{ key: 'Amendement', value: String(nummer) }]);
}

export function branchOf(nummer: number): string {
  return `amendementen/${nummer}`;
}

/**
 * Turns principle edits into file changes on top of `files`, validating each: a principle file name
 * (`NN-slug.md`), a first line `# <titel>`, a known file for removal. Every text is normalised to one
 * sentence per line, so that git's line diff and three-way merge work per sentence (docs/sentences.md).
 */
export function principleChanges(files: ReadonlyMap<string, string>, edits: readonly PrincipleEdit[]): FileChange[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const changes: FileChange[] = [];
  edits.forEach((e, i) => {
    const field = `principes.${i}`;
    if (!isPrincipleFile(e.bestand)) {
      errors.push({ name: `${field}.bestand`, reason: 'Een principebestand heet zoals 05-nieuw-principe.md (twee cijfers, een streepje, kleine letters).' });
      return;
    }
    if (seen.has(e.bestand)) {
      errors.push({ name: `${field}.bestand`, reason: `${e.bestand} staat twee keer in het voorstel.` });
      return;
    }
    seen.add(e.bestand);
    if (e.tekst === null) {
      if (!files.has(e.bestand)) errors.push({ name: `${field}.bestand`, reason: `${e.bestand} bestaat niet in deze tekst.` });
      else changes.push({ path: e.bestand, content: null });
      return;
    }
    const tekst = normaliseMarkdown(e.tekst);
    if (!/^#\s+\S/.test(tekst)) {
      errors.push({ name: `${field}.tekst`, reason: 'De eerste regel is de titel van het principe, zoals "# Open en gedeelde data".' });
      return;
    }
    if (principleTitle(e.bestand, tekst).trim() === '') errors.push({ name: `${field}.tekst`, reason: 'De titel is leeg.' });
    else if (files.get(e.bestand) !== tekst) changes.push({ path: e.bestand, content: tekst });
  });
  if (errors.length > 0) throw new InvalidInput('Het voorstel is niet geldig.', errors);
  return changes;
}

export function applyChanges(files: ReadonlyMap<string, string>, changes: readonly FileChange[]): Map<string, string> {
  const out = new Map(files);
  for (const c of changes) {
    if (c.content === null) out.delete(c.path);
    else out.set(c.path, c.content);
  }
  return out;
}

export function fingerprint(baseFiles: ReadonlyMap<string, string>, revisionFiles: ReadonlyMap<string, string>): string {
  return changeFingerprint(parseDocumentFiles(baseFiles), parseDocumentFiles(revisionFiles));
}

/** What a revision record keeps about its change: the fingerprint and the touched sentences. */
export function revisionFacts(baseFiles: ReadonlyMap<string, string>, revisionFiles: ReadonlyMap<string, string>): { wijziging: string; geraakt: { bestand: string; zin: string }[] } {
  const base = parseDocumentFiles(baseFiles);
  const revision = parseDocumentFiles(revisionFiles);
  return { wijziging: changeFingerprint(base, revision), geraakt: touchedSentences(base, revision) };
}

/**
 * One lock per store and document for the amendment verbs, so that numbers, revisions and decisions
 * never race (git first, then the metadata, as one step). The store serialises its own file writes
 * too, but a verb must hold its document from reading the record to writing the new one.
 */
const locks = new WeakMap<object, Map<string, AsyncLock>>();
export function amendmentLock(stores: Stores, slug: string): AsyncLock {
  let perStore = locks.get(stores.amendments);
  if (!perStore) {
    perStore = new Map();
    locks.set(stores.amendments, perStore);
  }
  let lock = perStore.get(slug);
  if (!lock) {
    lock = new AsyncLock();
    perStore.set(slug, lock);
  }
  return lock;
}

/** The file changes that turn tree `from` into tree `to`. */
export function treeChanges(from: ReadonlyMap<string, string>, to: ReadonlyMap<string, string>): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, content] of to) if (from.get(path) !== content) changes.push({ path, content });
  for (const path of from.keys()) if (!to.has(path)) changes.push({ path, content: null });
  return changes;
}

/** Writes the new state of an existing amendment (its own file: the cost does not grow with the number of amendments). */
export async function saveAmendment(stores: Stores, updated: AmendmentRecord): Promise<AmendmentRecord> {
  if (stores.amendments.get(updated.document, updated.nummer) === undefined) throw new NotFound(`Amendement ${updated.nummer} bestaat niet.`);
  await stores.amendments.put(updated);
  return updated;
}

/** Writes the record of a new amendment (proposed, or rebuilt from its branch at start). */
export async function addAmendment(stores: Stores, record: AmendmentRecord): Promise<AmendmentRecord> {
  if (stores.amendments.get(record.document, record.nummer) !== undefined) throw new Error(`amendment ${record.document}#${record.nummer} already has a record`);
  await stores.amendments.put(record);
  return record;
}

/** The number of the next amendment of a document (call it under the document's amendmentLock). */
export function nextAmendmentNumber(stores: Stores, slug: string): number {
  return stores.amendments.lastNumber(slug) + 1;
}
