/** Everything the service keeps on disk, opened together (the only entry point into src/storage). */
import path from 'node:path';
import { openAppDb, type AppDb } from './appDb.js';
import { AuditLog } from './auditLog.js';
import { DocumentStore } from './documentStore.js';

export interface Stores {
  dataDir: string;
  documents: DocumentStore;
  db: AppDb;
  audit: AuditLog;
}

export async function openStores(dataDir: string): Promise<Stores> {
  const documents = await DocumentStore.open(dataDir);
  const db = await openAppDb(dataDir);
  const audit = AuditLog.open(path.join(dataDir, 'audit.jsonl'));
  return { dataDir, documents, db, audit };
}
