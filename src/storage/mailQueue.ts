/**
 * The outgoing mail queue: one JSON file per message, `<DATA_DIR>/mailwachtrij/<id>.json`, all read at
 * open into memory. A message is queued (written, fsynced, the folder fsynced: durableFile's
 * replaceFileDurably) before the request that causes it is answered, and every change of its state
 * (an attempt started, sent, failed, retried) replaces its file the same way before anything else
 * happens. One file per message, like the amendments: a write costs the same however long the queue
 * is, and a message's file holds exactly its current state.
 *
 * Idempotent: a message's id is derived from the idempotency key its cause gives (domain/mailState.ts),
 * and `enqueue` of a key that is there already returns the message that is there (the first one wins),
 * so a request that is repeated queues one message.
 *
 * Open: a store without the folder (one written before mail existed, or a new one) gets it, created
 * durably by `settle()`; a file that is not a message record, or names another message than its file name, is
 * StoreDamaged naming the file. Temporary files of writes a crash interrupted (never acknowledged) are
 * removed by `settle()`, once the whole store checked out. Writes are serialised by one lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAIL_STATUSES, type MailRecord, type MailStatus } from '../domain/mailState.js';
import { ReadOnlyMode } from '../errors.js';
import { MAIL_ID, mailRecordSchema } from '../schemas/mail.js';
import { AsyncLock } from './asyncLock.js';
import { fsyncPath, isTempFileName, replaceFileDurably } from './durableFile.js';
import { reportDamage, StoreDamaged, type DamageHandler } from './storeDamaged.js';

/** The folder of the queue, in the data folder. */
export const MAIL_QUEUE_DIR = 'mailwachtrij';


export interface MailQueueOptions {
  /** Refuse every write with ReadOnlyMode and never touch the disk (inspection of a damaged store). */
  readOnly?: boolean;
  /** Where damage goes; without a handler open throws. With one, the readable messages are loaded. */
  onDamage?: DamageHandler;
}

export class MailQueue {
  private readonly records = new Map<string, MailRecord>();
  private readonly lock = new AsyncLock();
  private readonly listeners = new Set<() => void>();
  private temporary: string[] = [];
  private missing = false;

  private constructor(
    readonly dir: string,
    readonly readOnly: boolean,
  ) {}

  static open(dataDir: string, opts: MailQueueOptions = {}): MailQueue {
    const queue = new MailQueue(path.join(dataDir, MAIL_QUEUE_DIR), opts.readOnly ?? false);
    if (!fs.existsSync(queue.dir)) {
      // Stores written before mail existed have no queue: nothing was ever queued, so an empty one is
      // right. Created by settle(), so a store that turns out damaged is left exactly as it was.
      queue.missing = true;
      return queue;
    }
    for (const name of fs.readdirSync(queue.dir).sort()) {
      const file = path.join(queue.dir, name);
      if (isTempFileName(name)) {
        queue.temporary.push(file);
        continue;
      }
      const problem = queue.load(file, name);
      if (problem !== undefined) reportDamage(opts.onDamage, new StoreDamaged(file, problem));
    }
    return queue;
  }

  /**
   * The disk work of opening, run by openStores once the whole store checked out: creates the folder of
   * a store that has none, and removes the temporary files of writes a crash interrupted (never acknowledged).
   */
  settle(): void {
    if (this.readOnly) return;
    if (this.missing) {
      fs.mkdirSync(this.dir);
      fsyncPath(this.dir);
      fsyncPath(path.dirname(this.dir));
      this.missing = false;
    }
    if (this.temporary.length === 0) return;
    for (const file of this.temporary) fs.rmSync(file, { force: true });
    this.temporary = [];
    fsyncPath(this.dir);
  }

  /** Null when the file loaded, else what is wrong with it. */
  private load(file: string, name: string): string | undefined {
    const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
    if (!MAIL_ID.test(id)) return 'is not a message of the mail queue (expected mai_<id>.json)';
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return 'is not valid JSON';
    }
    const checked = mailRecordSchema.safeParse(json);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return `is not a queued message (${issue === undefined || issue.path.length === 0 ? 'the record itself' : issue.path.map(String).join('.')})`;
    }
    if (checked.data.id !== id) return `holds message ${checked.data.id}, not the one its name says`;
    this.records.set(checked.data.id, json as MailRecord);
    return undefined;
  }

  // ---- reading ----

  get(id: string): MailRecord | undefined {
    return this.records.get(id);
  }

  /** Every message, oldest first. */
  all(): MailRecord[] {
    return [...this.records.values()].sort((a, b) => (a.aangemaakt < b.aangemaakt ? -1 : a.aangemaakt > b.aangemaakt ? 1 : a.id.localeCompare(b.id)));
  }

  /** How many messages are in each state. */
  counts(): Record<MailStatus, number> {
    const counts = Object.fromEntries(MAIL_STATUSES.map((s) => [s, 0])) as Record<MailStatus, number>;
    for (const r of this.records.values()) counts[r.status] += 1;
    return counts;
  }

  /** Called after a message is queued or made due again (the worker listens, to send it at once). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- writing ----

  /**
   * Queues `record` durably, unless a message with its id (the same idempotency key) is there: then
   * that one is returned and nothing is written. `created` says which.
   */
  async enqueue(record: MailRecord): Promise<{ record: MailRecord; created: boolean }> {
    if (this.readOnly) throw new ReadOnlyMode();
    const result = await this.lock.run(async () => {
      const existing = this.records.get(record.id);
      if (existing !== undefined) return { record: existing, created: false };
      return { record: await this.write(record), created: true };
    });
    if (result.created) this.notify();
    return result;
  }

  /**
   * Replaces the message with `change(current)` durably, inside the lock (so two changes of one message
   * never interleave). `change` is a transition of domain/mailState.ts; it may throw to change nothing.
   */
  async update(id: string, change: (current: MailRecord) => MailRecord): Promise<MailRecord> {
    if (this.readOnly) throw new ReadOnlyMode();
    const next = await this.lock.run(async () => {
      const current = this.records.get(id);
      if (current === undefined) throw new Error(`mail ${id} is not in the queue`);
      const changed = change(current);
      if (changed.id !== id) throw new Error(`mail ${id}: a change may not change its id`);
      return this.write(changed);
    });
    if (next.status === 'wachtend' && next.bezigSinds === null) this.notify();
    return next;
  }

  private async write(record: MailRecord): Promise<MailRecord> {
    const text = `${JSON.stringify(record, null, 2)}\n`;
    await replaceFileDurably(path.join(this.dir, `${record.id}.json`), text);
    // Memory holds what the file holds, never an object a caller might still change.
    const stored = JSON.parse(text) as MailRecord;
    this.records.set(stored.id, stored);
    return stored;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
