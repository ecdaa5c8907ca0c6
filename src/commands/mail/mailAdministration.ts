/**
 * The administrator's writes on the mail page (beheerder, `mail:manage`): send a test message, and offer
 * a failed message for sending again. Both authorize first, then validate, then write the queue, then
 * the audit entry (which names the message, never an address).
 */
import { randomBytes } from 'node:crypto';
import { mailRetried, testMessageQueued } from '../../domain/auditEvents.js';
import { retryRequested, type MailRecord } from '../../domain/mailState.js';
import { testMessage } from '../../domain/mailTemplates.js';
import { NotFound } from '../../errors.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { authorize } from '../../policies/policies.js';
import { MAIL_ID, testMessageSchema } from '../../schemas/mail.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';
import { queueMail } from './queueMail.js';

/**
 * Queues a test message to `aan` (the form proposes the administrator's own address). The form's
 * `sleutel` makes a repeated post of one form one message; without it every call is a new message.
 */
export async function sendTestMessage(stores: Stores, user: CurrentUser | null, input: unknown, publicUrl: string, now = new Date()): Promise<{ record: MailRecord; created: boolean }> {
  authorize(user, 'mail:manage');
  const valid = parseInput(testMessageSchema, input, 'Het testbericht');
  const sleutel = `testbericht:${valid.sleutel ?? randomBytes(18).toString('base64url')}`;
  const queued = await queueMail(stores, { sleutel, aan: { email: valid.aan, naam: null }, template: testMessage(user) }, publicUrl, now);
  if (queued.created) await stores.audit.append(testMessageQueued(user, queued.record));
  return queued;
}

/** A failed message waits again, due now, with a fresh series of attempts; 404 unknown, 409 when it did not fail. */
export async function retryMail(stores: Stores, user: CurrentUser | null, id: string, now = new Date()): Promise<MailRecord> {
  authorize(user, 'mail:manage');
  if (!MAIL_ID.test(id) || stores.mail.get(id) === undefined) throw new NotFound('Dit bericht staat niet in de wachtrij.');
  const record = await stores.mail.update(id, (current) => retryRequested(current, now));
  await stores.audit.append(mailRetried(user, record));
  return record;
}
