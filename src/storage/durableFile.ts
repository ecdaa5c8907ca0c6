/** Small durable-file helpers shared by the store files (lowdb files, the audit log, the endorsement log). */
import fs from 'node:fs';
import path from 'node:path';

export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Creates `file` with `content` (failing if it exists) and makes the file and its entry in the folder
 * durable: a new store's files exist on disk before its first document does, so a later start can
 * tell "a new store" from "a store that lost a file".
 */
export function createFileDurably(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, { flag: 'wx' });
  fsyncPath(file);
  fsyncPath(path.dirname(file));
}
