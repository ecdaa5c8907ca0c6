/**
 * The worker that empties the mail queue: started by src/server.ts (tests start and stop their own),
 * it sends every due message through the transport, one at a time, and records each step in the
 * queue through the transitions of domain/mailState.ts:
 *
 * 1. the attempt is recorded (durably) before the connection is made;
 * 2. the message is sent with its fixed Message-ID;
 * 3. as soon as the server accepted it, "verzonden" is recorded (durably); a failure is recorded with
 *    its error (without secrets) and the next attempt's time, or as "mislukt" after the last attempt or
 *    when the server refused the message for good (an SMTP 5xx answer to the recipient or the message).
 *
 * It wakes when a message is queued or retried, and by a timer at the next due attempt.
 *
 * Never twice: a message recorded as sent is never sent again. The one window that cannot be closed is
 * between the server's acceptance (step 2) and the record of it (step 3), a few milliseconds: a crash
 * exactly then sends the message again at the next start, with the same Message-ID (and Date), so mail
 * programs that deduplicate by Message-ID show it once. At a start, a message whose attempt was still
 * recorded as running is logged as possibly delivered and attempted again (docs/mail.md).
 */
import { attemptFailed, attemptInterrupted, attemptStarted, attemptSucceeded, DEFAULT_RETRY_POLICY, isDue, type MailRecord, type MailRetryPolicy } from '../domain/mailState.js';
import type { MailQueue } from '../storage/mailQueue.js';
import type { MailTransport } from './transports.js';

export interface MailWorkerOptions {
  transport: MailTransport;
  /** The sender (MAIL_FROM). */
  from: string;
  policy?: MailRetryPolicy;
  /** Operator messages: never a body, an address only in the file mode's own line. */
  log?: (line: string) => void;
  /** Texts never to show in a recorded or logged error (the SMTP password). */
  secrets?: readonly string[];
  /** How long `stop` waits for a message being sent before it closes the connection. */
  stopGraceMs?: number;
  now?: () => Date;
}

/** The longest a timer may wait in Node (about 24.8 days); a later attempt is scheduled in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After an error of the queue itself (e.g. a full disk), the next pass comes this much later. */
const STORE_ERROR_PAUSE_MS = 30_000;

interface SmtpError {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
}

/**
 * The error as it is recorded: one line, secrets replaced, at most 500 characters; and whether the
 * server refused this message for good: a 5xx answer to the envelope or the message itself. A 5xx to
 * the sign-in (a wrong password in SMTP_URL) is not the message's fault: it is retried, so it goes out
 * once the setting is fixed.
 */
export function describeFailure(e: unknown, secrets: readonly string[]): { error: string; permanent: boolean } {
  const err = (typeof e === 'object' && e !== null ? e : {}) as SmtpError;
  let text = typeof err.message === 'string' ? err.message : String(e);
  for (const secret of secrets) {
    if (secret.length > 0) text = text.split(secret).join('***');
  }
  text = text.replace(/\s+/g, ' ').trim().slice(0, 500);
  const code = typeof err.code === 'string' ? err.code : '';
  const status = typeof err.responseCode === 'number' ? err.responseCode : 0;
  return { error: text === '' ? 'Onbekende fout' : text, permanent: status >= 500 && status < 600 && (code === 'EENVELOPE' || code === 'EMESSAGE') };
}

/** E-mail addresses in a text replaced, for log lines (a server's error often repeats the recipient). */
function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<adres>');
}

export class MailWorker {
  private readonly policy: MailRetryPolicy;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private recovered = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly queue: MailQueue,
    private readonly options: MailWorkerOptions,
  ) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  /** Starts sending: at once what is due (and what a crash interrupted), later what becomes due. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.queue.onChange(() => this.wake());
    this.wake();
  }

  /**
   * Stops: no new attempt starts; a message being sent gets `stopGraceMs` (default 5 s) to be accepted
   * and recorded, then the connection is closed (the attempt then fails and is recorded, or, if the
   * process ends first, is found interrupted at the next start).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    const running = this.running;
    if (running !== null) {
      let timeout: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.options.stopGraceMs ?? 5_000)));
      await Promise.race([running, grace]);
      clearTimeout(timeout);
    }
    this.options.transport.close();
    await running;
  }

  /** Resolves when no pass is running and none is asked for (tests wait for the queue to settle). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .then(
        () => this.scheduleNext(),
        (e: unknown) => {
          this.log(`Mail queue: ${e instanceof Error ? e.message : String(e)}; trying again in ${STORE_ERROR_PAUSE_MS / 1000} s`);
          this.schedule(STORE_ERROR_PAUSE_MS);
        },
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private scheduleNext(): void {
    const next = this.queue
      .all()
      .filter((r) => r.status === 'wachtend' && r.volgendePoging !== null)
      .map((r) => Date.parse(r.volgendePoging ?? ''))
      .reduce((a, b) => Math.min(a, b), Infinity);
    if (next !== Infinity) this.schedule(Math.max(0, next - this.now().getTime()));
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.min(ms, MAX_TIMER_MS));
    this.timer.unref();
  }

  /** Sends every due message, oldest attempt first; the first pass also settles attempts a crash interrupted. */
  private async pass(): Promise<void> {
    if (!this.recovered) {
      this.recovered = true;
      for (const r of this.queue.all().filter((m) => m.status === 'wachtend' && m.bezigSinds !== null)) {
        const next = await this.queue.update(r.id, (current) => attemptInterrupted(current, this.now(), this.policy));
        this.log(`Mail ${r.id} was being sent when the service stopped: the server may have accepted it. ${next.status === 'mislukt' ? 'That was its last attempt: marked as failed.' : 'Sending it again with the same Message-ID.'}`);
      }
    }
    for (;;) {
      if (this.stopped) return;
      const due = this.queue
        .all()
        .filter((r) => isDue(r, this.now()))
        .sort((a, b) => (a.volgendePoging ?? '').localeCompare(b.volgendePoging ?? ''));
      const first = due[0];
      if (first === undefined) return;
      await this.deliver(first);
    }
  }

  private async deliver(queued: MailRecord): Promise<void> {
    const r = await this.queue.update(queued.id, (current) => attemptStarted(current, this.now()));
    if (r.tekst === null || r.html === null) throw new Error(`mail ${r.id} has no body to send`);
    try {
      await this.options.transport.send({
        id: r.id,
        from: this.options.from,
        to: { name: r.aan.naam ?? '', address: r.aan.email },
        subject: r.onderwerp,
        text: r.tekst,
        html: r.html,
        messageId: r.messageId,
        date: new Date(r.aangemaakt),
      });
    } catch (e) {
      const { error, permanent } = describeFailure(e, this.options.secrets ?? []);
      const next = await this.queue.update(r.id, (current) => attemptFailed(current, this.now(), error, permanent, this.policy));
      const outcome = next.status === 'mislukt' ? 'marked as failed' : `next attempt at ${next.volgendePoging}`;
      this.log(`Mail ${r.id}: attempt ${r.pogingen} failed (${withoutAddresses(error)}); ${outcome}`);
      return;
    }
    // Recorded at once: this is the window in which a crash would send the message again.
    await this.queue.update(r.id, (current) => attemptSucceeded(current, this.now()));
    this.log(`Mail ${r.id} sent through ${this.options.transport.description} (attempt ${r.pogingen})`);
  }
}
