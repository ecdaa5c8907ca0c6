/**
 * A real SMTP server on loopback (the `smtp-server` package) for the mail tests: it keeps every message
 * it accepted, parsed with `mailparser`. It can refuse messages (e.g. 451 for the first attempts), hold
 * a message after its DATA (the client waits for the answer: a test can kill the sender then), and
 * require a sign-in. Only accepted messages count as received.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpOptions {
  /** The answer to message number n (1-based, counted over every DATA): null accepts, else an SMTP error. */
  answer?: (n: number) => { code: number; message: string } | null;
  /** Require this sign-in (PLAIN/LOGIN). */
  auth?: { user: string; pass: string };
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /** Every DATA the server saw, accepted or not. */
  attempts(): number;
  /** The sign-ins the server saw (user and password), to check what the client sent. */
  signIns: { user: string; pass: string }[];
  /** From now on, hold every message after its DATA without answering, until `release`. */
  hold(): void;
  /** Resolves when a held message has arrived (the client waits for the answer). */
  held(): Promise<void>;
  release(): void;
  /** Resolves when `n` messages were accepted (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const signIns: { user: string; pass: string }[] = [];
  let attempts = 0;
  let holding = false;
  let heldArrived: () => void = () => undefined;
  let heldPromise = new Promise<void>((resolve) => (heldArrived = resolve));
  const waiters: (() => void)[] = [];

  const server = new SMTPServer({
    // No TLS on loopback in tests: without STARTTLS on offer, smtp:// stays plain.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      signIns.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Verkeerde gebruikersnaam of wachtwoord'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts += 1;
        const n = attempts;
        if (holding) {
          // Never answered: the client waits until it is killed or gives up.
          heldArrived();
          return;
        }
        const refusal = options.answer?.(n) ?? null;
        if (refusal !== null) {
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          received.push({
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            raw,
            parsed,
          });
          callback(null, 'Bericht aangenomen');
          for (const w of waiters.splice(0)) w();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    received,
    signIns,
    attempts: () => attempts,
    hold: () => {
      holding = true;
      heldPromise = new Promise<void>((resolve) => (heldArrived = resolve));
    },
    held: () => heldPromise,
    release: () => {
      holding = false;
    },
    waitFor: async (n, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (received.length < n) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} messages, received ${received.length} (attempts: ${attempts})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
