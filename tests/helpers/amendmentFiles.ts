/** The amendment files of a data folder (`amendementen/<document>/<nummer>.json`), read as the tests check them. */
import fs from 'node:fs';
import path from 'node:path';
import type { AmendmentRecord } from '../../src/domain/amendmentModel.js';

export function amendmentFile(dataDir: string, document: string, nummer: number): string {
  return path.join(dataDir, 'amendementen', document, `${nummer}.json`);
}

/** The same path relative to the data folder (for tests that save and restore files by name). */
export function amendmentFileName(document: string, nummer: number): string {
  return path.join('amendementen', document, `${nummer}.json`);
}

export function readAmendmentFile(dataDir: string, document: string, nummer: number): AmendmentRecord {
  return JSON.parse(fs.readFileSync(amendmentFile(dataDir, document, nummer), 'utf8')) as AmendmentRecord;
}

/** Every amendment record on disk, by document and number. */
export function readAmendmentFiles(dataDir: string): AmendmentRecord[] {
  const root = path.join(dataDir, 'amendementen');
  const out: AmendmentRecord[] = [];
  for (const document of fs.readdirSync(root).sort()) {
    const names = fs.readdirSync(path.join(root, document)).filter((n) => /^\d+\.json$/.test(n));
    for (const n of names.map((name) => Number.parseInt(name, 10)).sort((a, b) => a - b)) out.push(readAmendmentFile(dataDir, document, n));
  }
  return out;
}

/** The audit log and its head file as they are now, to put back later (the state before a write's audit step). */
export function saveAuditFiles(dataDir: string): () => void {
  const saved = ['audit.jsonl', 'audit-kop.json'].map((f) => [f, fs.readFileSync(path.join(dataDir, f))] as const);
  return () => {
    for (const [f, bytes] of saved) fs.writeFileSync(path.join(dataDir, f), bytes);
  };
}
