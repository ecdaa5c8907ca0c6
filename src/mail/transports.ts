/**
 * How a message leaves the service, built with nodemailer: over SMTP (SMTP_URL), or, without it, as an
 * .eml file in `<DATA_DIR>/uitgaande-mail/` (nodemailer's stream transport builds the raw message,
 * storage/mailFiles.ts writes it) with one log line naming its subject and recipient.
 */
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { MailConfig } from '../config.js';
import { MailFiles } from '../storage/mailFiles.js';

/** A message as the worker hands it to a transport. */
export interface OutgoingMessage {
  id: string;
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
}

export interface MailTransport {
  /** Where mail goes, for logs and the mail page: the SMTP address without its password, or the folder. */
  readonly description: string;
  /** Resolves once the mail server accepted the message (or its file is durable); rejects otherwise. */
  send(message: OutgoingMessage): Promise<void>;
  /** Ends open connections. */
  close(): void;
}

/** The message as nodemailer takes it. Automatic mail is marked so (RFC 3834), so auto-replies stay away. */
function mailOptions(m: OutgoingMessage): SendMailOptions {
  return {
    from: m.from,
    to: m.to.name === '' ? m.to.address : { name: m.to.name, address: m.to.address },
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    date: m.date,
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'nl' },
  };
}

/** Limits in ms, so a mail server that stops answering cannot hold a message for long. */
export interface SmtpTimeouts {
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/**
 * SMTP through one pooled connection (kept open between messages, so a batch does not connect per
 * message). `smtp://` upgrades with STARTTLS when the server offers it; `smtps://` is TLS from the start.
 */
export function smtpTransport(smtp: NonNullable<MailConfig['smtp']>, timeouts: Partial<SmtpTimeouts> = {}): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 1, ...DEFAULT_TIMEOUTS, ...timeouts });
  return {
    description: smtp.description,
    send: async (m) => {
      await transporter.sendMail(mailOptions(m));
    },
    close: () => transporter.close(),
  };
}

/** How the mail page and the log name the file mode. */
export function fileModeDescription(dataDir: string): string {
  return `bestanden in ${new MailFiles(dataDir).dir}`;
}

/** The file mode: each message as `<DATA_DIR>/uitgaande-mail/<id>.eml`, its subject and recipient logged (never its body). */
export function fileTransport(dataDir: string, log: (line: string) => void): MailTransport {
  const files = new MailFiles(dataDir);
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: fileModeDescription(dataDir),
    send: async (m) => {
      const info = await builder.sendMail(mailOptions(m));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('nodemailer gave no message buffer');
      const file = await files.write(m.id, raw);
      log(`Mail written to ${file}: "${m.subject}" to ${m.to.address}`);
    },
    close: () => builder.close(),
  };
}

/** The transport the configuration asks for. */
export function configuredTransport(mail: MailConfig, dataDir: string, log: (line: string) => void): MailTransport {
  return mail.smtp === null ? fileTransport(dataDir, log) : smtpTransport(mail.smtp);
}
