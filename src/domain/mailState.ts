/**
 * Outgoing mail: the record of one queued message and its state machine, the one place where a message
 * gets its status.
 *
 *   (none) --queue--> wachtend --attempt started--> wachtend (attempt running)
 *                       ^                             |-- accepted by the server --> verzonden (final)
 *                       |                             |-- failed, attempts left --> wachtend (next attempt later)
 *                       |                             '-- failed for good, or the last attempt --> mislukt
 *                       '------------- retry by the administrator ------------------- mislukt
 *
 * An attempt is recorded (durably) before the connection to the mail server is made and its outcome
 * right after, so a message whose attempt was still running when the service stopped is known at the
 * next start (`attemptInterrupted`). Retries wait exponentially longer, up to a bound (MailRetryPolicy).
 */
import { createHash } from 'node:crypto';
import { Conflict } from '../errors.js';

export const MAIL_STATUSES = ['wachtend', 'verzonden', 'mislukt'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** One queued message as its file holds it (src/schemas/mail.ts checks the file against this shape). */
export interface MailRecord {
  v: 1;
  id: string;
  /** The idempotency key the cause gave (e.g. `testbericht:<form key>`): the same key is one message. */
  sleutel: string;
  /** Which template made it (`testbericht`, ...). */
  soort: string;
  aan: { email: string; naam: string | null };
  onderwerp: string;
  /** The bodies; null once the message is sent (they may hold one-time links, which need not stay on disk). */
  tekst: string | null;
  html: string | null;
  /** The SMTP Message-ID, fixed when the message is queued, so every attempt sends the same one. */
  messageId: string;
  status: MailStatus;
  pogingen: number;
  volgendePoging: string | null;
  laatsteFout: string | null;
  /** Set when an attempt starts, cleared when it ends: still set at a start means a crash interrupted it. */
  bezigSinds: string | null;
  aangemaakt: string;
  verzonden: string | null;
  gewijzigd: string;
}

/** How often and how long to retry. The defaults try 10 times over about 6 hours. */
export interface MailRetryPolicy {
  /** Attempts before a message is `mislukt`. */
  maxAttempts: number;
  /** The wait after the first failed attempt; each next wait doubles. */
  baseDelayMs: number;
  /** No wait is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: MailRetryPolicy = Object.freeze({ maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 2 * 60 * 60_000 });

/** The wait after failed attempt number `attempt` (1 = the first): base, 2x base, 4x base, ..., at most the maximum. */
export function retryDelayMs(attempt: number, policy: MailRetryPolicy): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/**
 * The id of the message with idempotency key `key`: the same key always gives the same id, so queueing
 * it again finds the message that is there. A hash, so the key's content (which may name records) does
 * not end up in file names or Message-IDs.
 */
export function mailIdOf(key: string): string {
  return `mai_${createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22)}`;
}

/** The Message-ID of a message: its id at the service's host name, the same for every attempt. */
export function messageIdOf(id: string, host: string): string {
  return `<${id}@${host}>`;
}

export interface NewMail {
  sleutel: string;
  soort: string;
  aan: { email: string; naam: string | null };
  onderwerp: string;
  tekst: string;
  html: string;
  /** The service's host name, for the Message-ID. */
  host: string;
}

/** A message as it enters the queue: waiting, due now. */
export function queuedMail(m: NewMail, now: Date): MailRecord {
  const id = mailIdOf(m.sleutel);
  const at = now.toISOString();
  return {
    v: 1,
    id,
    sleutel: m.sleutel,
    soort: m.soort,
    aan: { email: m.aan.email, naam: m.aan.naam },
    onderwerp: m.onderwerp,
    tekst: m.tekst,
    html: m.html,
    messageId: messageIdOf(id, m.host),
    status: 'wachtend',
    pogingen: 0,
    volgendePoging: at,
    laatsteFout: null,
    bezigSinds: null,
    aangemaakt: at,
    verzonden: null,
    gewijzigd: at,
  };
}

/** True when a waiting message's next attempt is due at `now`. */
export function isDue(r: MailRecord, now: Date): boolean {
  return r.status === 'wachtend' && r.bezigSinds === null && r.volgendePoging !== null && r.volgendePoging <= now.toISOString();
}

function requireRunning(r: MailRecord): void {
  if (r.status !== 'wachtend' || r.bezigSinds === null) throw new Error(`mail ${r.id}: no attempt is running (${r.status})`);
}

/** An attempt starts: counted before the connection is made, so a crash during it is noticed and counted. */
export function attemptStarted(r: MailRecord, now: Date): MailRecord {
  if (r.status !== 'wachtend' || r.bezigSinds !== null) throw new Error(`mail ${r.id}: cannot start an attempt (${r.status}${r.bezigSinds ? ', running' : ''})`);
  const at = now.toISOString();
  return { ...r, pogingen: r.pogingen + 1, bezigSinds: at, gewijzigd: at };
}

/** The server accepted the message: sent, final. The bodies are dropped (what was sent is in the recipient's mailbox). */
export function attemptSucceeded(r: MailRecord, now: Date): MailRecord {
  requireRunning(r);
  const at = now.toISOString();
  return { ...r, status: 'verzonden', tekst: null, html: null, volgendePoging: null, laatsteFout: null, bezigSinds: null, verzonden: at, gewijzigd: at };
}

/**
 * The attempt failed with `error` (already free of secrets). `permanent`: the server refused the
 * message for good (an SMTP 5xx answer), so repeating it cannot help and it fails at once; otherwise it
 * waits for the next attempt, unless this was the last one.
 */
export function attemptFailed(r: MailRecord, now: Date, error: string, permanent: boolean, policy: MailRetryPolicy): MailRecord {
  requireRunning(r);
  return afterFailure({ ...r, bezigSinds: null }, now, error, permanent, policy);
}

/**
 * At a start, a message whose attempt was still running when the service stopped: the server may or
 * may not have accepted it. It is attempted again (with the same Message-ID) unless that was its last
 * attempt, so a message that keeps stopping the service cannot do so forever.
 */
export function attemptInterrupted(r: MailRecord, now: Date, policy: MailRetryPolicy): MailRecord {
  requireRunning(r);
  const error = 'De dienst stopte tijdens het versturen; het bericht is mogelijk al aangekomen.';
  const next = afterFailure({ ...r, bezigSinds: null }, now, error, false, policy);
  // Not a refusal by the server: try again at once rather than after a wait.
  return next.status === 'wachtend' ? { ...next, volgendePoging: now.toISOString() } : next;
}

function afterFailure(r: MailRecord, now: Date, error: string, permanent: boolean, policy: MailRetryPolicy): MailRecord {
  const at = now.toISOString();
  const laatsteFout = error.slice(0, 1000);
  if (permanent || r.pogingen >= policy.maxAttempts) {
    return { ...r, status: 'mislukt', volgendePoging: null, laatsteFout, gewijzigd: at };
  }
  return { ...r, volgendePoging: new Date(now.getTime() + retryDelayMs(r.pogingen, policy)).toISOString(), laatsteFout, gewijzigd: at };
}

/**
 * The administrator tries a failed message again: it waits, due now, with a fresh series of attempts
 * (the last error stays visible until the next attempt). Conflict (409) for a message that did not fail.
 */
export function retryRequested(r: MailRecord, now: Date): MailRecord {
  if (r.status !== 'mislukt') {
    const state = r.status === 'verzonden' ? 'is al verzonden' : 'wacht al op verzending';
    throw new Conflict(`Dit bericht ${state}; alleen een mislukt bericht kan opnieuw worden geprobeerd.`, { status: r.status });
  }
  const at = now.toISOString();
  return { ...r, status: 'wachtend', pogingen: 0, volgendePoging: at, gewijzigd: at };
}
