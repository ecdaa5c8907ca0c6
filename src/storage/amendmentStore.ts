/**
 * Amendment metadata (the texts are in git): one JSON file per amendment,
 * `<DATA_DIR>/amendementen/<document>/<nummer>.json`, all read at open into memory with the indexes
 * the readers need (by number, by commit, and "raakt ook": which open amendments touch a sentence).
 *
 * Why one file per amendment. Until this layout every amendment lived in one lowdb file,
 * `amendementen.json`, which is copied and rewritten whole on every write: a write cost 7 ms at 100
 * amendments and 50 ms at 2,000, most of it `structuredClone` and `JSON.stringify` of everything, which
 * block the event loop. Now a write serialises one record and replaces one small file, so it costs the
 * same at 10 and at 10,000 amendments. An append-only log (as the endorsements have) was measured too:
 * cheaper per write (one fsync instead of two), but every comment or review would append the whole
 * record again, so the log, and the time to read it at open, would grow with every write and need
 * compaction; a file per amendment holds exactly the current record (docs/storage.md, docs/benchmarks.md).
 *
 * A write (`put`): the record goes to a temporary file in its document's folder, which is fsynced and
 * renamed over `<nummer>.json`, and the folder is fsynced (durableFile.replaceFileDurably); only then do
 * the record in memory and the indexes change. A crash leaves the old file or the new one, never a torn
 * one; a temporary file left behind was never acknowledged and is removed at the next open. Writes are
 * serialised per document; the event loop only serialises the record (the fsyncs are asynchronous).
 *
 * Open checks every file: a record file that is not JSON or not an amendment record, or whose content
 * names another amendment than its file name, is StoreDamaged naming the file. A missing file is
 * noticed against the audit log (stores.ts: every amendment the log records must be there, with the
 * revisions, comments and decision the log records), because a branch without a record is a crash
 * between git and the metadata, which the start-up reconciliation repairs.
 *
 * A store of the old layout (`amendementen.json`, no `amendementen/`) is read as it is and converted
 * by `settle()`, which openStores calls once the whole store checked out: every record is written into
 * `amendementen.nieuw/` and made durable, then `amendementen.json` is renamed to
 * `amendementen.json.omgezet` (kept, never read again), then `amendementen.nieuw/` is renamed to
 * `amendementen/`. A kill at any point leaves either the old file (the conversion runs again from it)
 * or the complete new folder under its temporary name (the rename is completed). The old file and the
 * new folder side by side is not a state the conversion leaves: an old file put back into a converted
 * store is refused, since converting it again would overwrite newer records.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lowerBound, mapLimited } from '../collections.js';
import type { TouchedSentence } from '../domain/amendmentChange.js';
import { AMENDMENT_STATUSES, type AmendmentRecord } from '../domain/amendmentModel.js';
import { TouchIndex } from '../domain/amendmentTouchIndex.js';
import { ReadOnlyMode } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { fsyncPath, fsyncPathAsync, isTempFileName, replaceFileDurably } from './durableFile.js';
import { isValidSlug } from './git/names.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';

/** The folder of the amendment files, in the data folder. */
export const AMENDMENTS_DIR = 'amendementen';
/** The old layout: every amendment in one lowdb file. */
export const LEGACY_FILE = 'amendementen.json';
/** The old file after its conversion: kept for the operator, never read again. */
export const CONVERTED_FILE = 'amendementen.json.omgezet';
/** The conversion writes here first and renames it to AMENDMENTS_DIR once it is complete and durable. */
export const STAGING_DIR = 'amendementen.nieuw';

const RECORD_FILE = /^([1-9]\d{0,9})\.json$/;
/** Files written at once by a conversion. */
const CONVERSION_CONCURRENCY = 16;

export interface AmendmentStoreOptions {
  /** Create the folder when it is missing (a new store). openStores passes false for a store that holds documents. */
  create?: boolean;
  /** Refuse every write with ReadOnlyMode and never touch the disk (inspection of a damaged store). */
  readOnly?: boolean;
  /** Where damage goes; without a handler open throws. With one, the readable records are loaded. */
  onDamage?: DamageHandler;
  /** Messages for the operator (the conversion of the old layout). */
  log?: (line: string) => void;
}

/** What `settle` still has to do on disk once the whole store checked out. */
type Pending = { kind: 'convert' } | { kind: 'finish-conversion' } | { kind: 'remove-temporary'; files: string[] } | { kind: 'none' };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isParty(v: unknown): boolean {
  return isObject(v) && typeof v.gebruiker === 'string' && typeof v.naam === 'string' && (v.organisatie === null || isObject(v.organisatie));
}

function isTouched(v: unknown): boolean {
  return Array.isArray(v) && v.every((t) => isObject(t) && typeof t.bestand === 'string' && typeof t.zin === 'string');
}

/**
 * A structural check of a stored record, enough to refuse a file that is not an amendment record and
 * to keep the readers' assumptions (a known status, at least one revision, the lists present). Null
 * when it fits, else what is wrong.
 */
function recordProblem(v: unknown): string | null {
  if (!isObject(v)) return 'it is not a JSON object';
  if (typeof v.document !== 'string' || !Number.isInteger(v.nummer) || (v.nummer as number) < 1) return 'it has no document and number';
  if (typeof v.titel !== 'string' || typeof v.toelichting !== 'string' || typeof v.branch !== 'string') return 'it has no title, motivation or branch';
  if (!(AMENDMENT_STATUSES as readonly unknown[]).includes(v.status)) return `its status ${JSON.stringify(v.status)} is unknown`;
  if (!isParty(v.indiener)) return 'it has no proposer';
  for (const list of ['medeIndieners', 'beoordelingen', 'reacties'] as const) {
    if (!Array.isArray(v[list]) || !v[list].every(isObject)) return `"${list}" is not a list of records`;
  }
  if (!Array.isArray(v.revisies) || v.revisies.length === 0) return 'it has no revisions';
  for (const r of v.revisies) {
    if (!isObject(r) || typeof r.commit !== 'string' || typeof r.basis !== 'string' || typeof r.wijziging !== 'string') return 'a revision has no commit, basis or fingerprint';
    if (r.geraakt !== undefined && !isTouched(r.geraakt)) return 'a revision has touched sentences that are not a list of sentences';
  }
  if (v.besluit !== null && !isObject(v.besluit)) return 'its decision is neither null nor a record';
  if (typeof v.aangemaakt !== 'string' || typeof v.gewijzigd !== 'string') return 'it has no times';
  return null;
}

function exists(p: string): boolean {
  return fs.existsSync(p);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
}

export class AmendmentStore {
  /** document -> nummer -> record (the records as they are on disk). */
  private readonly records = new Map<string, Map<number, AmendmentRecord>>();
  /** document -> its records in number order, kept up to date by every write (no sort per write). */
  private readonly sorted = new Map<string, AmendmentRecord[]>();
  /** document -> commit -> number: the revisions of every amendment and the merge commit of a decision. */
  private readonly byCommit = new Map<string, Map<string, number>>();
  private readonly touch = new TouchIndex();
  private readonly locks = new Map<string, AsyncLock>();
  /** Document folders known to exist durably. */
  private readonly documentDirs = new Set<string>();
  private pending: Pending = { kind: 'none' };
  /** Set while the records come from the old file (before `settle` converted it). */
  private legacySource: string | null = null;

  private constructor(
    readonly dataDir: string,
    readonly readOnly: boolean,
    private readonly log: (line: string) => void,
  ) {}

  /** The folder of the amendment files. */
  get dir(): string {
    return path.join(this.dataDir, AMENDMENTS_DIR);
  }

  /** True while the records come from a store of the old layout, not yet converted by `settle`. */
  get readsOldLayout(): boolean {
    return this.legacySource !== null;
  }

  /** The file that holds amendment `nummer` of `document` (the old file while a store of the old layout is not yet converted). */
  fileOf(document: string, nummer: number): string {
    return this.legacySource ?? path.join(this.dir, document, `${nummer}.json`);
  }

  static async open(dataDir: string, opts: AmendmentStoreOptions = {}): Promise<AmendmentStore> {
    const store = new AmendmentStore(dataDir, opts.readOnly ?? false, opts.log ?? (() => undefined));
    const damaged = (d: StoreDamaged) => reportDamage(opts.onDamage, d);
    const legacy = path.join(dataDir, LEGACY_FILE);
    const staging = path.join(dataDir, STAGING_DIR);
    if (exists(legacy) && exists(store.dir)) {
      damaged(
        new StoreDamaged(
          legacy,
          `is there beside the folder ${store.dir} that replaced it (the conversion renames it to ${CONVERTED_FILE}): an old copy was put back, and converting it again would overwrite newer records`,
        ),
      );
      store.loadFolder(store.dir, damaged);
    } else if (exists(legacy)) {
      store.loadLegacy(legacy, damaged);
      store.legacySource = legacy;
      store.pending = { kind: 'convert' };
    } else if (exists(store.dir)) {
      store.loadFolder(store.dir, damaged);
    } else if (exists(staging)) {
      // Killed after the old file was renamed and before the new folder got its name: it is complete.
      store.loadFolder(staging, damaged);
      store.pending = { kind: 'finish-conversion' };
    } else if (opts.create === false) {
      damaged(new StoreDamaged(store.dir, 'is missing'));
    } else if (!store.readOnly) {
      fs.mkdirSync(store.dir, { recursive: true });
      fsyncPath(store.dir);
      fsyncPath(dataDir);
    }
    return store;
  }

  /**
   * The disk work of opening, run by openStores only after the whole store checked out (a damaged
   * store is left exactly as it was): converts a store of the old layout, completes an interrupted
   * conversion, and removes temporary files of writes a crash interrupted (never acknowledged).
   */
  async settle(): Promise<void> {
    if (this.readOnly) return;
    const pending = this.pending;
    this.pending = { kind: 'none' };
    if (pending.kind === 'convert') await this.convert();
    else if (pending.kind === 'finish-conversion') {
      this.finishConversion();
      this.log(`Completed the conversion of ${LEGACY_FILE} that was interrupted at its last step: the amendment metadata is now read from ${this.dir}`);
    }
    else if (pending.kind === 'remove-temporary') {
      for (const file of pending.files) fs.rmSync(file, { force: true });
      for (const dir of new Set(pending.files.map((f) => path.dirname(f)))) fsyncPath(dir);
    }
  }

  // ---- reading -------------------------------------------------------------------------------------

  get(document: string, nummer: number): AmendmentRecord | undefined {
    return this.records.get(document)?.get(nummer);
  }

  /**
   * The amendments of `document`, in number order. A copy: a caller that awaits while it walks the list
   * must not see amendments written meanwhile appear in it.
   */
  list(document: string): AmendmentRecord[] {
    return [...(this.sorted.get(document) ?? [])];
  }

  /** Every amendment of every document (documents in name order, then by number). */
  all(): AmendmentRecord[] {
    return [...this.records.keys()].sort().flatMap((d) => this.list(d));
  }

  /** The highest number used in `document` (0 when it has none). */
  lastNumber(document: string): number {
    return this.sorted.get(document)?.at(-1)?.nummer ?? 0;
  }

  /** The amendment a commit belongs to: one of its revisions, or the merge commit of its decision. */
  ofCommit(document: string, oid: string): AmendmentRecord | undefined {
    const nummer = this.byCommit.get(document)?.get(oid);
    return nummer === undefined ? undefined : this.get(document, nummer);
  }

  /** The open amendments of `document` whose current revision touches any of `sentences`, in number order. */
  touching(document: string, sentences: readonly TouchedSentence[]): AmendmentRecord[] {
    return this.touch.touching(document, sentences).flatMap((n) => this.get(document, n) ?? []);
  }

  /** Open amendments of `document` recorded without their touched sentences (see domain/amendmentTouchIndex.ts). */
  openWithoutTouched(document: string): AmendmentRecord[] {
    return this.touch.openWithoutTouched(document).flatMap((n) => this.get(document, n) ?? []);
  }

  // ---- writing -------------------------------------------------------------------------------------

  /**
   * Writes the record (new or replacing the amendment's earlier one) durably, then updates memory and
   * the indexes. If the write fails nothing changes in memory and the error propagates.
   */
  async put(record: AmendmentRecord): Promise<void> {
    if (this.readOnly) throw new ReadOnlyMode();
    if (!isValidSlug(record.document) || !Number.isInteger(record.nummer) || record.nummer < 1) {
      throw new Error(`not an amendment that can be stored: ${JSON.stringify(record.document)} #${record.nummer}`);
    }
    const text = `${JSON.stringify(record, null, 2)}\n`;
    // Memory holds what the file holds, never an object a caller might still change.
    const stored = JSON.parse(text) as AmendmentRecord;
    await this.lockOf(record.document).run(async () => {
      await this.ensureDocumentDir(record.document);
      await replaceFileDurably(path.join(this.dir, record.document, `${record.nummer}.json`), text);
      this.remember(stored);
    });
  }

  // ---- internals -----------------------------------------------------------------------------------

  private lockOf(document: string): AsyncLock {
    let lock = this.locks.get(document);
    if (lock === undefined) {
      lock = new AsyncLock();
      this.locks.set(document, lock);
    }
    return lock;
  }

  private async ensureDocumentDir(document: string): Promise<void> {
    if (this.documentDirs.has(document)) return;
    const dir = path.join(this.dir, document);
    if (!exists(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      // The new folder's entry must be durable before a file in it is acknowledged.
      await fsyncPathAsync(this.dir);
    }
    this.documentDirs.add(document);
  }

  private remember(record: AmendmentRecord): void {
    let perDocument = this.records.get(record.document);
    if (perDocument === undefined) {
      perDocument = new Map();
      this.records.set(record.document, perDocument);
    }
    const previous = perDocument.get(record.nummer);
    perDocument.set(record.nummer, record);
    let list = this.sorted.get(record.document);
    if (list === undefined) {
      list = [];
      this.sorted.set(record.document, list);
    }
    // A new amendment has the highest number (a push); a new state of one replaces it in place.
    const at = lowerBound(list, record, (a, b) => a.nummer - b.nummer);
    if (list[at]?.nummer === record.nummer) list[at] = record;
    else list.splice(at, 0, record);
    let commits = this.byCommit.get(record.document);
    if (commits === undefined) {
      commits = new Map();
      this.byCommit.set(record.document, commits);
    }
    // Revisions are only ever added and a decision only set once, so nothing needs taking out; a
    // record replaced by an older one (a test putting a record back) keeps pointing at itself anyway.
    if (previous?.besluit?.commit !== undefined && previous.besluit.commit !== record.besluit?.commit) commits.delete(previous.besluit.commit);
    for (const r of record.revisies) commits.set(r.commit, record.nummer);
    if (record.besluit?.commit !== undefined) commits.set(record.besluit.commit, record.nummer);
    this.touch.put(record);
  }

  private loadLegacy(file: string, damaged: (d: StoreDamaged) => void): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      damaged(new StoreDamaged(file, e instanceof SyntaxError ? `is not valid JSON (${e.message})` : `cannot be read (${(e as Error).message})`));
      return;
    }
    if (!isObject(parsed)) return damaged(new StoreDamaged(file, `holds ${describe(parsed)} instead of a JSON object`));
    if (!('amendementen' in parsed)) return damaged(new StoreDamaged(file, 'has no "amendementen"'));
    const list = parsed.amendementen;
    if (!Array.isArray(list)) return damaged(new StoreDamaged(file, `"amendementen" holds ${describe(list)} instead of a list`));
    list.forEach((v: unknown, i) => {
      const problem = recordProblem(v);
      if (problem !== null) return damaged(new StoreDamaged(file, `entry ${i + 1} of "amendementen" is not an amendment record: ${problem}`));
      const record = v as AmendmentRecord;
      if (!isValidSlug(record.document)) return damaged(new StoreDamaged(file, `entry ${i + 1} of "amendementen" names the document ${JSON.stringify(record.document)}, which is not a document name`));
      if (this.get(record.document, record.nummer) !== undefined) return damaged(new StoreDamaged(file, `holds amendment ${record.document}#${record.nummer} twice`));
      this.remember(record);
    });
  }

  private loadFolder(root: string, damaged: (d: StoreDamaged) => void): void {
    const temporary: string[] = [];
    let documents: fs.Dirent[];
    try {
      documents = fs.readdirSync(root, { withFileTypes: true });
    } catch (e) {
      damaged(new StoreDamaged(root, `cannot be read (${(e as Error).message})`));
      return;
    }
    for (const d of documents) {
      if (!d.isDirectory() || !isValidSlug(d.name)) continue;
      const dir = path.join(root, d.name);
      for (const name of fs.readdirSync(dir)) {
        const m = RECORD_FILE.exec(name);
        if (m === null) {
          if (isTempFileName(name)) temporary.push(path.join(dir, name));
          continue;
        }
        const file = path.join(dir, name);
        const record = readRecordFile(file, d.name, Number(m[1]), damaged);
        if (record !== null) this.remember(record);
      }
      if (root === this.dir) this.documentDirs.add(d.name);
    }
    if (temporary.length > 0 && this.pending.kind === 'none') this.pending = { kind: 'remove-temporary', files: temporary };
  }

  /** Writes every record into the staging folder, durably, then swaps the old file for the folder (see the module comment). */
  private async convert(): Promise<void> {
    const legacy = path.join(this.dataDir, LEGACY_FILE);
    const staging = path.join(this.dataDir, STAGING_DIR);
    const started = Date.now();
    // What an earlier, interrupted conversion left there is incomplete: start again from the old file.
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging);
    const records = this.all();
    const documents = [...new Set(records.map((r) => r.document))];
    for (const d of documents) fs.mkdirSync(path.join(staging, d));
    await mapLimited(records, CONVERSION_CONCURRENCY, async (r) => {
      const fd = fs.openSync(path.join(staging, r.document, `${r.nummer}.json`), 'wx', 0o644);
      try {
        fs.writeFileSync(fd, `${JSON.stringify(r, null, 2)}\n`);
        await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));
      } finally {
        fs.closeSync(fd);
      }
    });
    for (const d of documents) fsyncPath(path.join(staging, d));
    fsyncPath(staging);
    fsyncPath(this.dataDir);
    const kept = keptName(this.dataDir);
    fs.renameSync(legacy, path.join(this.dataDir, kept));
    fsyncPath(this.dataDir);
    this.legacySource = null;
    this.finishConversion();
    this.log(
      `Converted ${LEGACY_FILE} (${records.length} amendments) into one file per amendment under ${this.dir} in ${Date.now() - started} ms; ` +
        `the old file is kept as ${path.join(this.dataDir, kept)} and is no longer read (README, "Amendment metadata")`,
    );
  }

  private finishConversion(): void {
    fs.renameSync(path.join(this.dataDir, STAGING_DIR), this.dir);
    fsyncPath(this.dataDir);
    for (const d of this.records.keys()) this.documentDirs.add(d);
  }
}

/** CONVERTED_FILE, or a name beside it when a file of that name is already there. */
function keptName(dataDir: string): string {
  if (!exists(path.join(dataDir, CONVERTED_FILE))) return CONVERTED_FILE;
  return `${CONVERTED_FILE}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

function readRecordFile(file: string, document: string, nummer: number, damaged: (d: StoreDamaged) => void): AmendmentRecord | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    damaged(new StoreDamaged(file, e instanceof SyntaxError ? `is not valid JSON (${e.message})` : `cannot be read (${(e as Error).message})`));
    return null;
  }
  const problem = recordProblem(parsed);
  if (problem !== null) {
    damaged(new StoreDamaged(file, `is not an amendment record: ${problem}`));
    return null;
  }
  const record = parsed as AmendmentRecord;
  if (record.document !== document || record.nummer !== nummer) {
    damaged(new StoreDamaged(file, `holds amendment ${record.document}#${record.nummer} instead of ${document}#${nummer}`));
    return null;
  }
  return record;
}
