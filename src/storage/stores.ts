/** Everything the service keeps on disk, opened together (the only entry point into src/storage). */
import path from 'node:path';
import type { AmendmentData } from '../domain/amendmentModel.js';
import { openAppDb, type AppDb } from './appDb.js';
import { JsonDb } from './jsonDb.js';
import { AuditLog } from './auditLog.js';
import { DocumentStore } from './documentStore.js';
import { EndorsementLog } from './endorsementLog.js';

export interface Stores {
  dataDir: string;
  documents: DocumentStore;
  db: AppDb;
  audit: AuditLog;
  /** Amendment metadata (texts are in git); its own file, since it grows with the discussion. */
  amendments: JsonDb<AmendmentData>;
  /** Endorsements: an append-only event log with an in-memory index (implements EndorsementReader). */
  endorsements: EndorsementLog;
}

export async function openStores(dataDir: string): Promise<Stores> {
  const documents = await DocumentStore.open(dataDir);
  const db = await openAppDb(dataDir);
  const audit = AuditLog.open(path.join(dataDir, 'audit.jsonl'));
  const amendments = await JsonDb.open<AmendmentData>(path.join(dataDir, 'amendementen.json'), { amendementen: [] });
  const endorsements = EndorsementLog.open(path.join(dataDir, 'onderschrijvingen.jsonl'));
  return { dataDir, documents, db, audit, amendments, endorsements };
}
