/**
 * A lowdb JSON file with one writer and durable writes.
 *
 * lowdb (through steno) writes a temp file and renames it into place, which is atomic against a
 * killed process, but it does not fsync; we fsync the file and its folder after every write, so an
 * `update()` that resolved survives a crash. Updates are serialised by one AsyncLock and work on a
 * copy: a function that throws leaves the data exactly as it was (nothing half-applied).
 * lowdb keeps the whole file in memory and rewrites it on every write: one process per file (the data
 * folder lock guarantees that), and collections that grow without bound belong in their own file.
 *
 * Opening checks the file instead of trusting lowdb's "missing or empty means defaults": a file that
 * is not JSON, not an object, or lacks a required collection is StoreDamaged, and so is a missing file
 * when the caller says the store already exists (`create: false`).
 *
 * Note: lowdb's JSONFilePreset keeps data in memory only when NODE_ENV=test (vitest sets it); we use
 * `new Low(new JSONFile(file), defaults)` so tests exercise the real file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { ReadOnlyMode } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { syncFileAndFolder } from './durableFile.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';

export interface JsonDbOptions<T> {
  /**
   * Create the file when it is missing (default true). openStores passes false for a store that already
   * holds documents: there a missing file was lost, and starting with empty data would silently drop it.
   */
  create?: boolean;
  /** Collections the file must have (a file without them is damaged); others are filled in from the defaults. */
  required?: readonly (keyof T & string)[];
  /** Refuse every write with ReadOnlyMode and never touch the disk (inspection of a damaged store). */
  readOnly?: boolean;
  /** Where damage goes; without a handler open throws StoreDamaged. With one, the defaults are used. */
  onDamage?: DamageHandler;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

/** Reads and checks the file: a JSON object whose collections are lists. Returns null when it is missing. */
function readData<T extends object>(file: string, defaults: T, required: readonly string[]): T | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreDamaged(file, `cannot be read (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new StoreDamaged(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StoreDamaged(file, `holds ${describe(parsed)} instead of a JSON object`);
  }
  const record = parsed as Record<string, unknown>;
  for (const key of required) {
    if (!(key in record)) throw new StoreDamaged(file, `has no "${key}"`);
  }
  for (const key of Object.keys(defaults)) {
    if (key in record && !Array.isArray(record[key])) throw new StoreDamaged(file, `"${key}" holds ${describe(record[key])} instead of a list`);
  }
  // Fill in collections added after the file was first written.
  return { ...structuredClone(defaults), ...record } as T;
}

export class JsonDb<T extends object> {
  private readonly lock = new AsyncLock();

  private constructor(
    private readonly low: Low<T>,
    readonly file: string,
    readonly readOnly: boolean,
  ) {}

  static async open<T extends object>(file: string, defaults: T, opts: JsonDbOptions<T> = {}): Promise<JsonDb<T>> {
    const readOnly = opts.readOnly ?? false;
    const low = new Low<T>(new JSONFile<T>(file), structuredClone(defaults));
    let data: T | null;
    try {
      data = readData(file, defaults, opts.required ?? []);
    } catch (e) {
      if (!(e instanceof StoreDamaged)) throw e;
      reportDamage(opts.onDamage, e);
      return new JsonDb(low, file, readOnly);
    }
    const db = new JsonDb(low, file, readOnly);
    if (data !== null) {
      low.data = data;
    } else if (opts.create === false) {
      reportDamage(opts.onDamage, new StoreDamaged(file, 'is missing'));
    } else if (!readOnly) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await db.persist();
    }
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
    if (this.readOnly) return Promise.reject(new ReadOnlyMode());
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
    syncFileAndFolder(this.file);
  }
}
