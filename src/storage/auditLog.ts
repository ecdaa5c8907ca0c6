/**
 * The append-only, hash-chained audit log: `<store>/audit.jsonl`, one JSON entry per line.
 * An append writes one line and fsyncs before resolving. Appends are serialised (one lock), so the
 * chain never forks.
 *
 * Opening verifies the whole chain (numbering, links, hashes, the shape of each entry) and refuses a
 * broken one with the entry's number (StoreDamaged): a log that was altered, had entries removed or
 * inserted, or is not ours, never starts silently.
 *
 * The chain alone cannot show that entries were cut off its end (what remains is still a valid chain).
 * So after every append the new head (number and hash) is also written in place into a small file
 * beside the log, `<name>-kop.json`, and opening checks that the log still holds that entry. The head
 * file is written after the entry is durable and is not fsynced itself: after a crash it may be one
 * entry behind (or, after a power loss, a little older), never ahead, so it is a lower bound of what
 * was acknowledged. A process crash (SIGKILL) keeps it exact, since the page cache survives.
 *
 * A torn last line (a crash in the middle of an append, which was therefore never acknowledged) is cut
 * off at open, after the checks above passed, and the cut is reported to the operator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chainEntry, GENESIS_HASH, verifyChain, type AuditEntry, type AuditEntryInput } from '../domain/auditChain.js';
import { ReadOnlyMode } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { createFileDurably, fsyncFd } from './durableFile.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';

export interface AuditLogOptions {
  /** Create the log when it is missing (default true); openStores passes false for a store that holds documents. */
  create?: boolean;
  /** Refuse every append with ReadOnlyMode and never touch the disk (inspection of a damaged store). */
  readOnly?: boolean;
  /** Where damage goes; without a handler open throws StoreDamaged. */
  onDamage?: DamageHandler;
  clock?: () => Date;
  /** Messages for the operator (a torn last line cut off). */
  log?: (line: string) => void;
}

/** The head file of an audit log: `audit.jsonl` -> `audit-kop.json`. */
export function headFileOf(file: string): string {
  return path.join(path.dirname(file), `${path.basename(file).replace(/\.jsonl$/, '')}-kop.json`);
}

/** Fixed length, so that an overwrite in place never leaves the tail of a longer older head. */
const HEAD_BYTES = 128;

interface Head {
  volgnummer: number;
  hash: string;
}

function encodeHead(head: Head): Buffer {
  return Buffer.from(`${JSON.stringify(head).padEnd(HEAD_BYTES - 1, ' ')}\n`, 'utf8');
}

/** The recorded head, null when the file does not exist; StoreDamaged when it cannot be read. */
export function readHeadFile(headFile: string): Head | null {
  let text: string;
  try {
    text = fs.readFileSync(headFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const head = parsed as Partial<Head> | undefined;
  if (typeof head !== 'object' || head === null || !Number.isSafeInteger(head.volgnummer) || (head.volgnummer as number) < 0 || typeof head.hash !== 'string' || !/^[0-9a-f]{64}$/.test(head.hash)) {
    throw new StoreDamaged(
      headFile,
      'cannot be read (it records the newest entry of the audit log)',
      'Run `npm run cli -- audit-verify`: if the audit log is intact, delete this file and start again (it is then written afresh); otherwise restore the data folder from a backup.',
    );
  }
  return { volgnummer: head.volgnummer as number, hash: head.hash };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The shape every reader of the log relies on (the hash only proves the entry was not changed since it was written). */
function isAuditEntry(v: unknown): v is AuditEntry {
  return (
    isObject(v) &&
    typeof v.volgnummer === 'number' &&
    typeof v.tijdstip === 'string' &&
    typeof v.actie === 'string' &&
    isObject(v.actor) &&
    typeof v.actor.id === 'string' &&
    typeof v.actor.naam === 'string' &&
    isObject(v.object) &&
    typeof v.object.soort === 'string' &&
    typeof v.object.id === 'string' &&
    (v.gegevens === undefined || isObject(v.gegevens)) &&
    typeof v.vorigeHash === 'string' &&
    typeof v.hash === 'string'
  );
}

/** Reads and verifies the log text; returns the entries and where the complete lines end. */
function verifiedEntries(file: string, text: string, head: Head | null): { entries: AuditEntry[]; keep: number } {
  // A last line without its newline, or one that does not parse (zeros a file system left after a
  // power loss), is an append that never completed.
  let keep = text.length;
  if (keep > 0 && !text.endsWith('\n')) keep = text.lastIndexOf('\n') + 1;
  else if (keep > 0) {
    const start = text.lastIndexOf('\n', keep - 2) + 1;
    const lastLine = text.slice(start, keep - 1);
    try {
      if (lastLine.trim() !== '') JSON.parse(lastLine);
    } catch {
      keep = start;
    }
  }
  const entries: AuditEntry[] = [];
  const lineOf: number[] = [];
  text
    .slice(0, keep)
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new StoreDamaged(file, `line ${i + 1} is not valid JSON`);
      }
      if (!isAuditEntry(parsed)) throw new StoreDamaged(file, `line ${i + 1} (entry ${entries.length + 1}) is not an audit entry`);
      entries.push(parsed);
      lineOf.push(i + 1);
    });
  const verdict = verifyChain(entries);
  if (!verdict.ok) {
    throw new StoreDamaged(file, `the hash chain is broken at entry ${verdict.at} (line ${lineOf[verdict.at - 1] ?? '?'}): ${verdict.reason}`);
  }
  if (head !== null && head.volgnummer > 0 && entries[head.volgnummer - 1]?.hash !== head.hash) {
    throw new StoreDamaged(
      file,
      entries.length < head.volgnummer
        ? `ends at entry ${entries.length}, but entry ${head.volgnummer} was written earlier (recorded in ${path.basename(headFileOf(file))}): entries were cut off its end`
        : `entry ${head.volgnummer} is not the entry recorded in ${path.basename(headFileOf(file))}: the log was replaced`,
    );
  }
  return { entries, keep };
}

export class AuditLog {
  private readonly lock = new AsyncLock();
  private last: AuditEntry | undefined;

  private constructor(
    readonly file: string,
    last: AuditEntry | undefined,
    private readonly clock: () => Date,
    readonly readOnly: boolean,
  ) {
    this.last = last;
  }

  static open(file: string, opts: AuditLogOptions = {}): AuditLog {
    const readOnly = opts.readOnly ?? false;
    const clock = opts.clock ?? (() => new Date());
    const headFile = headFileOf(file);
    let text: string | null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      text = null;
    }
    if (text === null) {
      if (opts.create === false) reportDamage(opts.onDamage, new StoreDamaged(file, 'is missing'));
      else if (!readOnly) {
        createFileDurably(file, '');
        fs.rmSync(headFile, { force: true });
        createFileDurably(headFile, encodeHead({ volgnummer: 0, hash: GENESIS_HASH }).toString('utf8'));
      }
      return new AuditLog(file, undefined, clock, readOnly);
    }
    let entries: AuditEntry[] = [];
    let keep = text.length;
    let head: Head | null = null;
    try {
      head = readHeadFile(headFile);
      ({ entries, keep } = verifiedEntries(file, text, head));
    } catch (e) {
      if (!(e instanceof StoreDamaged)) throw e;
      reportDamage(opts.onDamage, e);
      return new AuditLog(file, undefined, clock, readOnly);
    }
    const last = entries.at(-1);
    if (!readOnly) {
      if (keep < text.length) {
        fs.truncateSync(file, Buffer.byteLength(text.slice(0, keep), 'utf8'));
        opts.log?.(`${file}: cut off an incomplete last line (${Buffer.byteLength(text.slice(keep), 'utf8')} bytes) left by an interrupted write; it was never acknowledged`);
      }
      // A log from before head files existed gets one now, recording the verified head.
      if (head === null) createFileDurably(headFile, encodeHead({ volgnummer: last?.volgnummer ?? 0, hash: last?.hash ?? GENESIS_HASH }).toString('utf8'));
    }
    return new AuditLog(file, last, clock, readOnly);
  }

  /** The hash of the newest entry (the chain's head), or null for an empty log. */
  head(): string | null {
    return this.last?.hash ?? null;
  }

  append(input: AuditEntryInput): Promise<AuditEntry> {
    if (this.readOnly) return Promise.reject(new ReadOnlyMode());
    return this.lock.run(async () => {
      const entry = chainEntry(input, this.last, this.clock());
      const fd = fs.openSync(this.file, 'a');
      try {
        fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
        // Waiting for the disk must not block the event loop: every amendment write ends with an append.
        await fsyncFd(fd);
      } finally {
        fs.closeSync(fd);
      }
      this.last = entry;
      this.recordHead(entry);
      return entry;
    });
  }

  /**
   * Overwrites the head file in place (one write of a fixed length, no rename, no fsync: see the file
   * comment). The entry is already durable: if this write fails, the head only stays a lower bound.
   */
  private recordHead(entry: AuditEntry): void {
    try {
      const fd = fs.openSync(headFileOf(this.file), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o644);
      try {
        fs.writeSync(fd, encodeHead({ volgnummer: entry.volgnummer, hash: entry.hash }), 0, HEAD_BYTES, 0);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // Deliberately ignored: the entry was written; an older head still verifies at the next start.
    }
  }

  /** All entries, oldest first (read from the file; the log is for audits, not for hot paths). */
  entries(): AuditEntry[] {
    const text = fs.existsSync(this.file) ? fs.readFileSync(this.file, 'utf8') : '';
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return isAuditEntry(parsed) ? [parsed] : [];
        } catch {
          return [];
        }
      });
  }
}
