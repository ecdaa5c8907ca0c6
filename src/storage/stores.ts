/** Everything the service keeps on disk, opened together (the only entry point into src/storage). */
import path from 'node:path';
import type { AmendmentData } from '../domain/amendmentModel.js';
import { openAppDb, type AppDb } from './appDb.js';
import { JsonDb } from './jsonDb.js';
import { AuditLog } from './auditLog.js';
import { DocumentStore } from './documentStore.js';

export interface Stores {
  dataDir: string;
  documents: DocumentStore;
  db: AppDb;
  audit: AuditLog;
  /** Amendment metadata (texts are in git); its own file, since it grows with the discussion. */
  amendments: JsonDb<AmendmentData>;
}

export async function openStores(dataDir: string): Promise<Stores> {
  const documents = await DocumentStore.open(dataDir);
  const db = await openAppDb(dataDir);
  const audit = AuditLog.open(path.join(dataDir, 'audit.jsonl'));
  const amendments = await JsonDb.open<AmendmentData>(path.join(dataDir, 'amendementen.json'), { amendementen: [] });
  return { dataDir, documents, db, audit, amendments };
}
