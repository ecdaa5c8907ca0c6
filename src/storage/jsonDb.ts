/**
 * A lowdb JSON file with one writer and durable writes (DESIGN.md section 4, storage rules).
 *
 * lowdb (through steno) writes a temp file and renames it into place, which is atomic against a
 * killed process, but it does not fsync; we fsync the file and its folder after every write, so an
 * `update()` that resolved survives a crash. Updates are serialised by one AsyncLock and work on a
 * copy: a function that throws leaves the data exactly as it was (nothing half-applied).
 * lowdb keeps the whole file in memory and rewrites it on every write: one process per file (the data
 * folder lock guarantees that), and collections that grow without bound belong in their own file.
 *
 * Note: lowdb's JSONFilePreset keeps data in memory only when NODE_ENV=test (vitest sets it); we use
 * `new Low(new JSONFile(file), defaults)` so tests exercise the real file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { AsyncLock } from './asyncLock.js';

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export class JsonDb<T extends object> {
  private readonly lock = new AsyncLock();

  private constructor(
    private readonly low: Low<T>,
    readonly file: string,
  ) {}

  static async open<T extends object>(file: string, defaults: T): Promise<JsonDb<T>> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const low = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
    await low.read();
    // Fill in collections added after the file was first written.
    low.data = { ...structuredClone(defaults), ...low.data };
    const db = new JsonDb(low, file);
    if (!fs.existsSync(file)) await db.persist();
    return db;
  }

  /** The current data. Treat it as read-only: change it only through `update`. */
  get data(): Readonly<T> {
    return this.low.data;
  }

  /**
   * Applies `fn` to a copy of the data and makes the result durable before resolving.
   * If `fn` throws, nothing changes and the error propagates.
   */
  update<R>(fn: (draft: T) => R): Promise<R> {
    return this.lock.run(async () => {
      const previous = this.low.data;
      const draft = structuredClone(previous);
      const result = fn(draft);
      this.low.data = draft;
      try {
        await this.persist();
      } catch (e) {
        this.low.data = previous;
        throw e;
      }
      return result;
    });
  }

  private async persist(): Promise<void> {
    await this.low.write();
    fsyncPath(this.file);
    fsyncPath(path.dirname(this.file));
  }
}
