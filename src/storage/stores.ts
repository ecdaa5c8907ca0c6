/**
 * Everything the service keeps on disk, opened together (the only entry point into src/storage).
 *
 * A store is new while it holds no document repository: only then are missing files created (empty,
 * durably, before the first document is imported, so every later start finds them). A store that
 * holds documents must have all its files, readable and consistent with each other; anything else is
 * StoreDamaged and nothing is written (see storeDamaged.ts and docs/storage.md).
 */
import path from 'node:path';
import type { AmendmentData } from '../domain/amendmentModel.js';
import { ENDORSED_ACTION, ENDORSEMENT_AUDIT_KIND, USER_CREATED, WITHDRAWN_ACTION } from '../domain/auditEvents.js';
import { openAppDb, type AppDb } from './appDb.js';
import { JsonDb } from './jsonDb.js';
import { AuditLog } from './auditLog.js';
import { DocumentStore } from './documentStore.js';
import { EndorsementLog } from './endorsementLog.js';
import { StoreDamaged, type DamageHandler } from './storeDamaged.js';

export interface Stores {
  dataDir: string;
  documents: DocumentStore;
  db: AppDb;
  audit: AuditLog;
  /** Amendment metadata (texts are in git); its own file, since it grows with the discussion. */
  amendments: JsonDb<AmendmentData>;
  /** Endorsements: an append-only event log with an in-memory index (implements EndorsementReader). */
  endorsements: EndorsementLog;
  /** Opened for inspection only: every write is refused with ReadOnlyMode (503). */
  readOnly: boolean;
  /** Read-only mode only: the damage found at open (the parts concerned are opened as far as possible, or empty). */
  damage: StoreDamaged[];
}

export interface OpenStoresOptions {
  /**
   * Inspection of a damaged store (READ_ONLY=1): nothing on disk is created, cut or repaired, every
   * write is refused, and damage is collected in `Stores.damage` instead of stopping the open.
   */
  readOnly?: boolean;
  /** Messages for the operator (e.g. a torn last audit line that was cut off). */
  log?: (line: string) => void;
}

export async function openStores(dataDir: string, opts: OpenStoresOptions = {}): Promise<Stores> {
  const readOnly = opts.readOnly ?? false;
  const damage: StoreDamaged[] = [];
  const onDamage: DamageHandler = readOnly ? (d) => damage.push(d) : undefined;
  const documents = await DocumentStore.open(dataDir, { readOnly, onDamage });
  const create = documents.repositoriesFound === 0;
  const options = { create, readOnly, onDamage };
  const db = await openAppDb(dataDir, options);
  const audit = AuditLog.open(path.join(dataDir, 'audit.jsonl'), { ...options, ...(opts.log ? { log: opts.log } : {}) });
  const amendments = await JsonDb.open<AmendmentData>(path.join(dataDir, 'amendementen.json'), { amendementen: [] }, { ...options, required: ['amendementen'] });
  const endorsements = EndorsementLog.open(path.join(dataDir, 'onderschrijvingen.jsonl'), options);
  const stores: Stores = { dataDir, documents, db, audit, amendments, endorsements, readOnly, damage };
  const inconsistent = crossCheck(stores);
  if (inconsistent !== undefined) {
    if (onDamage === undefined) throw inconsistent;
    onDamage(inconsistent);
  }
  return stores;
}

/**
 * Each write goes to its own file first and to the audit log last, so an audit entry proves that the
 * record it names was stored. A record the audit log names but the file lacks means the file was cut
 * off or replaced by an older copy: that would otherwise go unnoticed (and the endorsements' start-up
 * repair would even paper over it), so it is damage.
 */
function crossCheck(stores: Stores): StoreDamaged | undefined {
  const users = new Set(stores.db.data.gebruikers.map((u) => u.id));
  for (const e of stores.audit.entries()) {
    if (e.object.soort === ENDORSEMENT_AUDIT_KIND && (e.actie === ENDORSED_ACTION || e.actie === WITHDRAWN_ACTION)) {
      const record = stores.endorsements.get(e.object.id);
      if (record === undefined || (e.actie === WITHDRAWN_ACTION && record.status !== 'ingetrokken')) {
        const what = e.actie === ENDORSED_ACTION ? 'endorsement' : 'withdrawal of endorsement';
        return new StoreDamaged(stores.endorsements.file, `lacks the ${what} ${e.object.id} that audit entry ${e.volgnummer} records: the file was cut off or replaced by an older copy`);
      }
    } else if (e.actie === USER_CREATED && !users.has(e.object.id)) {
      return new StoreDamaged(stores.db.file, `lacks the account ${e.object.id} that audit entry ${e.volgnummer} records: the file was replaced by an older copy`);
    }
  }
  return undefined;
}
