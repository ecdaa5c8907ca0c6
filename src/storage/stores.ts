/**
 * Everything the service keeps on disk, opened together (the only entry point into src/storage).
 *
 * A store is new while it holds no document repository: only then are missing files created (empty,
 * durably, before the first document is imported, so every later start finds them). A store that
 * holds documents must have all its files, readable and consistent with each other; anything else is
 * StoreDamaged and nothing is written (see storeDamaged.ts and docs/storage.md).
 */
import path from 'node:path';
import type { AuditEntry } from '../domain/auditChain.js';
import { ENDORSED_ACTION, ENDORSEMENT_AUDIT_KIND, USER_CREATED, WITHDRAWN_ACTION } from '../domain/auditEvents.js';
import { AmendmentStore } from './amendmentStore.js';
import { openAppDb, type AppDb } from './appDb.js';
import { AuditLog } from './auditLog.js';
import { DocumentStore } from './documentStore.js';
import { EndorsementLog } from './endorsementLog.js';
import { MailQueue } from './mailQueue.js';
import { StoreDamaged, type DamageHandler } from './storeDamaged.js';

export interface Stores {
  dataDir: string;
  documents: DocumentStore;
  db: AppDb;
  audit: AuditLog;
  /** Amendment metadata (texts are in git): one file per amendment, with in-memory indexes. */
  amendments: AmendmentStore;
  /** Endorsements: an append-only event log with an in-memory index (implements EndorsementReader). */
  endorsements: EndorsementLog;
  /** Outgoing mail: one file per queued message (sent by src/mail/mailWorker.ts). */
  mail: MailQueue;
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
  const amendments = await AmendmentStore.open(dataDir, { ...options, ...(opts.log ? { log: opts.log } : {}) });
  const endorsements = EndorsementLog.open(path.join(dataDir, 'onderschrijvingen.jsonl'), options);
  // Created also in a store that holds documents: stores written before mail existed have no queue.
  const mail = MailQueue.open(dataDir, { readOnly, onDamage });
  const stores: Stores = { dataDir, documents, db, audit, amendments, endorsements, mail, readOnly, damage };
  const inconsistent = crossCheck(stores);
  if (inconsistent !== undefined) {
    if (onDamage === undefined) throw inconsistent;
    onDamage(inconsistent);
  }
  // Only now that everything checked out: convert a store of the old amendment layout, remove the
  // temporary files of interrupted writes (a damaged store is left exactly as it was).
  if (!readOnly) {
    await amendments.settle();
    mail.settle();
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
    } else if (e.object.soort === 'amendement') {
      const problem = amendmentAuditProblem(stores.amendments, e);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** The audit actions that end an amendment, with the status they leave. */
const DECIDED: Readonly<Record<string, string>> = { 'amendement-overgenomen': 'overgenomen', 'amendement-verworpen': 'verworpen', 'amendement-ingetrokken': 'ingetrokken' };

/**
 * Every amendment verb writes its record before its audit entry, so the record must hold what the entry
 * records: the amendment itself (a missing amendment file is noticed here: a branch without a record is
 * a crash before the record, which the start-up reconciliation repairs), the revision the entry names,
 * the comment, the co-signing organisation, and the outcome of a decision (final, so it never changes
 * afterwards). Otherwise the file was lost or replaced by an older copy.
 */
function amendmentAuditProblem(amendments: AmendmentStore, e: AuditEntry): StoreDamaged | undefined {
  const m = /^(.+)#(\d+)$/.exec(e.object.id);
  if (m === null) return undefined;
  const document = m[1] ?? '';
  const nummer = Number(m[2]);
  const id = `${document}#${nummer}`;
  const file = amendments.fileOf(document, nummer);
  const record = amendments.get(document, nummer);
  const lacks = (what: string) => new StoreDamaged(file, `lacks ${what} that audit entry ${e.volgnummer} records (${e.actie}): the file was lost or replaced by an older copy`);
  if (record === undefined) {
    return amendments.readsOldLayout
      ? lacks(`amendment ${id}`)
      : new StoreDamaged(file, `is missing: audit entry ${e.volgnummer} records amendment ${id} (${e.actie}), so its record had been written: it was lost, or the folder was replaced by an older copy`);
  }
  const g = e.gegevens ?? {};
  if (typeof g.revisie === 'string' && !record.revisies.some((r) => r.commit === g.revisie)) return lacks(`revision ${g.revisie} of amendment ${id}`);
  if (e.actie === 'amendement-reactie' && typeof g.reactie === 'string' && !record.reacties.some((r) => r.id === g.reactie)) return lacks(`comment ${g.reactie} on amendment ${id}`);
  if (e.actie === 'amendement-mede-ingediend' && typeof g.organisatie === 'string' && !record.medeIndieners.some((c) => c.organisatie.code === g.organisatie)) {
    return lacks(`the co-signature of ${g.organisatie} on amendment ${id}`);
  }
  const decided = DECIDED[e.actie];
  if (decided !== undefined && record.status !== decided) {
    return new StoreDamaged(file, `has amendment ${id} as "${record.status}", but audit entry ${e.volgnummer} records its decision "${decided}" (${e.actie}): the file was replaced by an older copy`);
  }
  return undefined;
}
