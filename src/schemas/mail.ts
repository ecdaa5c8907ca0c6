/**
 * Outgoing mail: the stored record of one queued message (`<DATA_DIR>/mailwachtrij/<id>.json`, read
 * back with this schema at every start) and what the administrator sends from the mail page.
 */
import { z } from 'zod';
import { MAIL_STATUSES, type MailRecord } from '../domain/mailState.js';
import { emailAddress } from './accounts.js';
import { time } from './common.js';

/** A recipient's address: the same rule as an account's address. */
export const recipientAddress = emailAddress;

/** The id of a queued message: derived from its idempotency key (domain/mailState.ts `mailIdOf`). */
export const MAIL_ID = /^mai_[A-Za-z0-9_-]{22}$/;
export const mailId = z.string().regex(MAIL_ID);

/** One queued message as its file holds it (the shape is domain/mailState.ts `MailRecord`). */
export const mailRecordSchema = z.object({
  v: z.literal(1),
  id: mailId,
  /** The idempotency key the cause gave (e.g. `testbericht:<form key>`): the same key is one message. */
  sleutel: z.string().min(1).max(300),
  /** Which template made it (`testbericht`, ...). */
  soort: z.string().regex(/^[a-z][a-z-]{0,39}$/),
  aan: z.object({ email: z.string().min(3).max(254), naam: z.string().max(200).nullable() }),
  onderwerp: z.string().min(1).max(300),
  /** The plain-text and HTML bodies; null once the message is sent (they may hold one-time links). */
  tekst: z.string().nullable(),
  html: z.string().nullable(),
  /** The SMTP Message-ID, fixed when the message is queued, so every attempt sends the same one. */
  messageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/),
  status: z.enum(MAIL_STATUSES),
  pogingen: z.number().int().min(0),
  volgendePoging: time.nullable(),
  laatsteFout: z.string().max(1000).nullable(),
  /** Set (durably) when an attempt starts and cleared when it ends: still set at a start = interrupted by a crash. */
  bezigSinds: time.nullable(),
  aangemaakt: time,
  verzonden: time.nullable(),
  gewijzigd: time,
}) satisfies z.ZodType<MailRecord>;

/** The form "Testbericht versturen" on /beheer/mail. */
export const testMessageSchema = z.object({
  aan: recipientAddress,
  /** The form's own key: the same form sent twice (a double click, a reload) queues one message. */
  sleutel: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'Het formulier is niet geldig; laad de pagina opnieuw.' })
    .optional(),
});
