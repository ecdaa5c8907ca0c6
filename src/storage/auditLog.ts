/**
 * The append-only, hash-chained audit log: `<store>/audit.jsonl`, one JSON entry per line.
 * An append writes one line and fsyncs before resolving. Appends are serialised (one lock), so the
 * chain never forks. A torn last line (a crash in the middle of an append, which was therefore never
 * acknowledged) is cut off at open; any other damage is left alone for `audit-verify` to report.
 */
import fs from 'node:fs';
import { chainEntry, parseJsonLines, type AuditEntry, type AuditEntryInput } from '../domain/auditChain.js';
import { AsyncLock } from './asyncLock.js';

export class AuditLog {
  private readonly lock = new AsyncLock();
  private last: AuditEntry | undefined;

  private constructor(
    readonly file: string,
    last: AuditEntry | undefined,
    private readonly clock: () => Date,
  ) {
    this.last = last;
  }

  static open(file: string, clock: () => Date = () => new Date()): AuditLog {
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, '');
      return new AuditLog(file, undefined, clock);
    }
    let text = fs.readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) {
      // Torn final line from a crash during an append: it was never acknowledged; drop it.
      const cut = text.lastIndexOf('\n') + 1;
      fs.truncateSync(file, cut);
      text = text.slice(0, cut);
    }
    const { entries } = parseJsonLines(text);
    return new AuditLog(file, entries.at(-1) as AuditEntry | undefined, clock);
  }

  /** The hash of the newest entry (the chain's head), or null for an empty log. */
  head(): string | null {
    return this.last?.hash ?? null;
  }

  append(input: AuditEntryInput): Promise<AuditEntry> {
    return this.lock.run(() => {
      const entry = chainEntry(input, this.last, this.clock());
      const fd = fs.openSync(this.file, 'a');
      try {
        fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      this.last = entry;
      return entry;
    });
  }

  /** All entries, oldest first (read from the file; the log is for audits, not for hot paths). */
  entries(): AuditEntry[] {
    return parseJsonLines(fs.readFileSync(this.file, 'utf8')).entries as AuditEntry[];
  }
}
