/**
 * Endorsements (onderschrijvingen) as an append-only event log: `<store>/onderschrijvingen.jsonl`,
 * one JSON event per line: what grows without bound stays out of the lowdb file, which is rewritten
 * whole on every write, so a write here costs one short append whatever the number of endorsements.
 *
 *   {"v":1,"event":"endorsed","record":{...the full EndorsementRecord...}}
 *   {"v":1,"event":"withdrawn","id":"ond_...","intrekking":{"reden":...,"door":...,"tijdstip":...}}
 *
 * Each line read is checked with the event schemas of src/schemas/endorsements.ts.
 *
 * Guarantees:
 * - An append writes one line and fsyncs the file before it resolves: a resolved append survives a
 *   crash or a killed process. Appends are serialised by one async lock, and the guard a caller passes
 *   (e.g. "no active endorsement of this organisation for this version yet") runs inside that lock, so
 *   check and write are one step: two requests at once cannot both pass the check.
 * - The in-memory index (all records in order, by id, and the active one per document, version and
 *   organisation) is rebuilt from the file at open and updated only after the line is durable.
 * - A torn last line (a crash in the middle of an append, which was therefore never acknowledged) is cut
 *   off at open. A damaged line anywhere else is real corruption: open refuses with the line number
 *   rather than silently dropping acknowledged endorsements.
 * - A failed append (e.g. a full disk) truncates the file back to its last good length, so a partial
 *   line never glues onto the next event.
 * A write costs one short append and one fsync, whatever the number of stored endorsements.
 */
import fs from 'node:fs';
import { type EndorsementReader, type EndorsementRecord } from '../domain/endorsementModel.js';
import { transitionEndorsement, type Withdrawal } from '../domain/endorsementState.js';
import { ReadOnlyMode } from '../errors.js';
import { AsyncLock } from './asyncLock.js';
import { appendDurably, createFileDurably } from './durableFile.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';
import { endorsementEventSchemas, type EndorsementEvent } from '../schemas/endorsements.js';
import type { z } from 'zod';


/** Raised at open when a line other than the last cannot be read: the store needs a person to look at it. */
export class EndorsementLogCorrupt extends StoreDamaged {
  constructor(
    file: string,
    readonly line: number,
    reason: string,
  ) {
    super(file, `line ${line}: ${reason}`);
  }
}

export interface EndorsementLogOptions {
  /** Create the log when it is missing (default true); openStores passes false for a store that holds documents. */
  create?: boolean;
  /** Refuse every write with ReadOnlyMode and never touch the disk (inspection of a damaged store). */
  readOnly?: boolean;
  /** Where damage goes; without a handler open throws. With one, the events before the damage are loaded. */
  onDamage?: DamageHandler;
}

/** What open found: how many events, and whether a torn last line (never acknowledged) was cut off. */
export interface OpenReport {
  events: number;
  cutBytes: number;
}

/** Where a record first differs from its schema, e.g. `record.besluit.orgaan`, for the operator. */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined || issue.path.length === 0 ? 'the event itself' : issue.path.map(String).join('.');
}

/**
 * Reads one line with the event schemas (src/schemas/endorsements.ts). The event is kept as the line
 * holds it: the schemas check it, they do not rewrite it.
 */
function parseEvent(line: string): EndorsementEvent | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const envelope = endorsementEventSchemas.envelope.safeParse(json);
  if (!envelope.success) return 'not an endorsement event';
  if (envelope.data.event === 'endorsed') {
    const checked = endorsementEventSchemas.endorsed.safeParse(json);
    return checked.success ? (json as EndorsementEvent) : `an endorsement without a valid record (${firstProblem(checked.error)})`;
  }
  if (envelope.data.event === 'withdrawn') {
    const checked = endorsementEventSchemas.withdrawn.safeParse(json);
    return checked.success ? (json as EndorsementEvent) : `a withdrawal without id or intrekking (${firstProblem(checked.error)})`;
  }
  return 'an unknown event';
}

/** Key of "the active endorsement of this organisation for this version of this document". */
function activeKey(document: string, versie: string, organisatie: string): string {
  return `${document}\u0000${versie}\u0000${organisatie}`;
}

export class EndorsementLog implements EndorsementReader {
  private readonly lock = new AsyncLock();
  /** All records, oldest first; a withdrawal replaces the record object at its position. */
  private readonly records: EndorsementRecord[] = [];
  private readonly position = new Map<string, number>();
  private readonly active = new Map<string, string>();
  private readonly byOrganisation = new Map<string, number[]>();
  private readonly changed: number[] = [];

  private constructor(
    readonly file: string,
    readonly readOnly: boolean,
  ) {}

  /** Opens (creating if needed) the log, cuts off a torn last line, and rebuilds the index. */
  static open(file: string, opts: EndorsementLogOptions = {}): EndorsementLog {
    return EndorsementLog.openWithReport(file, opts).log;
  }

  static openWithReport(file: string, opts: EndorsementLogOptions = {}): { log: EndorsementLog; report: OpenReport } {
    const readOnly = opts.readOnly ?? false;
    const log = new EndorsementLog(file, readOnly);
    if (!fs.existsSync(file)) {
      if (opts.create === false) reportDamage(opts.onDamage, new StoreDamaged(file, 'is missing'));
      else if (!readOnly) createFileDurably(file, '');
      return { log, report: { events: 0, cutBytes: 0 } };
    }
    const buffer = fs.readFileSync(file);
    let end = buffer.length;
    // The last line is torn when it lacks its newline, or when it ends with one but does not parse
    // (e.g. zeros a file system left after a crash). Neither was ever acknowledged: drop it.
    const lastNewline = buffer.lastIndexOf(0x0a, end - 1);
    if (end > 0 && buffer[end - 1] !== 0x0a) {
      end = lastNewline + 1;
    } else if (end > 0) {
      const previous = buffer.lastIndexOf(0x0a, end - 2);
      const lastLine = buffer.subarray(previous + 1, end - 1).toString('utf8');
      if (lastLine.trim() !== '' && typeof parseEvent(lastLine) === 'string') end = previous + 1;
    }
    const cutBytes = buffer.length - end;
    const lines = buffer.subarray(0, end).toString('utf8').split('\n');
    let events = 0;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const event = parseEvent(line);
      const problem = typeof event === 'string' ? event : log.apply(event);
      if (problem !== undefined) {
        reportDamage(opts.onDamage, new EndorsementLogCorrupt(file, i + 1, problem));
        return { log, report: { events, cutBytes: 0 } };
      }
      events += 1;
    }
    // Cut only once the rest is known to be sound (a damaged log is left exactly as it was).
    if (cutBytes > 0 && !readOnly) fs.truncateSync(file, end);
    return { log, report: { events, cutBytes: readOnly ? 0 : cutBytes } };
  }

  // ---- reading (synchronous, from the index) ----

  /** Every endorsement, oldest first (withdrawn ones included, with status `ingetrokken`). */
  all(): readonly EndorsementRecord[] {
    return this.records;
  }

  /** Per event, the position in `all()` it created or replaced (see EndorsementReader.changes). */
  changes(): readonly number[] {
    return this.changed;
  }

  get(id: string): EndorsementRecord | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.records[i];
  }

  /** The active endorsement of `organisatie` for version `versie` of `document`, if any. */
  activeFor(document: string, versie: string, organisatie: string): EndorsementRecord | undefined {
    const id = this.active.get(activeKey(document, versie, organisatie));
    return id === undefined ? undefined : this.get(id);
  }

  /** Every endorsement of one organisation (all documents), oldest first. */
  forOrganisation(code: string): EndorsementRecord[] {
    return (this.byOrganisation.get(code) ?? []).map((i) => this.records[i]).filter((r): r is EndorsementRecord => r !== undefined);
  }

  /** Every endorsement of one document, oldest first. */
  forDocument(document: string): EndorsementRecord[] {
    return this.records.filter((r) => r.document === document);
  }

  // ---- writing ----

  /**
   * Appends a new endorsement. `make` runs inside the lock (so its checks see every earlier write) and
   * returns the record to store, or throws to store nothing. Resolves once the event is durable.
   */
  endorse(make: () => EndorsementRecord): Promise<EndorsementRecord> {
    if (this.readOnly) return Promise.reject(new ReadOnlyMode());
    return this.lock.run(async () => {
      const record = make();
      if (this.position.has(record.id)) throw new Error(`endorsement ${record.id} exists already`);
      if (record.status !== 'actief' || record.intrekking !== null) throw new Error('a new endorsement is active');
      if (this.active.has(activeKey(record.document, record.versie, record.organisatie.code))) {
        throw new Error(`${record.organisatie.code} has an active endorsement of ${record.document} ${record.versie} already`);
      }
      await this.append({ v: 1, event: 'endorsed', record });
      this.apply({ v: 1, event: 'endorsed', record });
      return record;
    });
  }

  /**
   * Withdraws endorsement `id`. `make` runs inside the lock with the current record (it checks who may
   * withdraw and whether it is still active) and returns the withdrawal. Resolves once it is durable.
   */
  withdraw(id: string, make: (current: EndorsementRecord | undefined) => Withdrawal): Promise<EndorsementRecord> {
    if (this.readOnly) return Promise.reject(new ReadOnlyMode());
    return this.lock.run(async () => {
      const current = this.get(id);
      const intrekking = make(current);
      if (current === undefined || current.status !== 'actief') throw new Error(`endorsement ${id} is not active`);
      await this.append({ v: 1, event: 'withdrawn', id, intrekking });
      this.apply({ v: 1, event: 'withdrawn', id, intrekking });
      const updated = this.get(id);
      if (updated === undefined) throw new Error(`endorsement ${id} vanished`);
      return updated;
    });
  }

  /** Writes one line and fsyncs; on failure, the file is cut back to its last good length. */
  private async append(event: EndorsementEvent): Promise<void> {
    await appendDurably(this.file, Buffer.from(`${JSON.stringify(event)}\n`, 'utf8'));
  }

  /** Applies an event to the index; returns a reason when it does not fit (used at open). */
  private apply(event: EndorsementEvent): string | undefined {
    if (event.event === 'endorsed') {
      const r = event.record;
      if (this.position.has(r.id)) return `endorsement ${r.id} occurs twice`;
      const key = activeKey(r.document, r.versie, r.organisatie.code);
      if (r.status === 'actief' && this.active.has(key)) return `a second active endorsement of ${r.organisatie.code} for ${r.document} ${r.versie}`;
      const index = this.records.push(r) - 1;
      this.position.set(r.id, index);
      if (r.status === 'actief') this.active.set(key, r.id);
      const list = this.byOrganisation.get(r.organisatie.code);
      if (list) list.push(index);
      else this.byOrganisation.set(r.organisatie.code, [index]);
      this.changed.push(index);
      return undefined;
    }
    const index = this.position.get(event.id);
    const current = index === undefined ? undefined : this.records[index];
    if (index === undefined || current === undefined) return `withdrawal of unknown endorsement ${event.id}`;
    if (current.status !== 'actief') return `endorsement ${event.id} was withdrawn twice`;
    this.records[index] = transitionEndorsement(current, { soort: 'intrekken', intrekking: event.intrekking });
    this.changed.push(index);
    this.active.delete(activeKey(current.document, current.versie, current.organisatie.code));
    return undefined;
  }
}
