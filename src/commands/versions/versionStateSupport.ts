/**
 * Shared pieces of the ALV verbs on a named version (scheduleVersion, setDecisionText, recordAdoption):
 * finding the version, and changing its record in `db.json` atomically. Guards run inside the db
 * update, under its lock, so of two concurrent decisions exactly one wins and the other gets 409.
 */
import { findVersionState, type VersionStateRecord } from '../../domain/versionStatus.js';
import { NotFound } from '../../errors.js';
import type { DocumentRepository } from '../../storage/git/repository.js';
import type { VersionInfo } from '../../storage/git/types.js';
import type { Stores } from '../../storage/stores.js';

export interface NamedVersion {
  repo: DocumentRepository;
  version: VersionInfo;
}

/** A named version of a document; the draft, a commit oid or an unknown name is 404. */
export function findNamedVersion(stores: Stores, slug: string, versie: string): NamedVersion {
  const repo = stores.documents.get(slug);
  const notFound = (): NotFound => new NotFound(`Versie ${versie.slice(0, 40)} bestaat niet; alleen een benoemde versie (zoals 1.0) kan worden vastgesteld.`, { versie: versie.slice(0, 40) });
  if (!/^v?\d{1,4}\.\d{1,4}$/.test(versie)) throw notFound();
  let resolved;
  try {
    resolved = repo.resolve(versie);
  } catch (e) {
    throw e instanceof NotFound ? notFound() : e;
  }
  if (resolved.soort !== 'versie') throw notFound();
  return { repo, version: resolved.versie };
}

/** The audit object id of a version: `digitale-stad@1.0`. */
export function versionAuditId(slug: string, naam: string): string {
  return `${slug}@${naam}`;
}

/**
 * Applies `change` to the version's record (created when missing) and makes it durable.
 * `change` may throw (a guard): then nothing changes. Returns a copy of the new record.
 */
export function updateVersionState(stores: Stores, nv: NamedVersion, change: (record: VersionStateRecord, all: readonly VersionStateRecord[]) => void): Promise<VersionStateRecord> {
  return stores.db.update((data) => {
    let record = findVersionState(data.versies, nv.repo.slug, nv.version.naam);
    if (record === undefined) {
      record = { document: nv.repo.slug, versie: nv.version.naam, commit: nv.version.commit, tree: nv.version.tree, agendering: null, besluittekst: null, besluiten: [] };
      data.versies.push(record);
    }
    change(record, data.versies);
    return structuredClone(record);
  });
}
