/**
 * Queues one mail: the address is checked (a clear field error, nothing queued), the template is
 * composed (Dutch text and HTML, links on PUBLIC_URL) and the message is written durably to the queue
 * before this resolves, so the request that causes it is answered only once its mail will go out
 * (also after a crash). The worker (src/mail/mailWorker.ts) sends it.
 *
 * `sleutel` is the idempotency key of the cause (e.g. `uitnodiging:<id>:<n>`): queueing the same key
 * again returns the message that is there and queues nothing (`created: false`). It is not checked for
 * authority here: the command that causes the mail authorizes, then calls this.
 */
import { z } from 'zod';
import { composeMail } from '../../domain/mailCompose.js';
import { queuedMail, type MailRecord } from '../../domain/mailState.js';
import type { MailTemplate } from '../../domain/mailTemplates.js';
import { recipientAddress } from '../../schemas/mail.js';
import type { Stores } from '../../storage/stores.js';
import { parseInput } from '../../validation.js';

export interface MailToQueue {
  sleutel: string;
  /** The recipient; `veld` names the field of the causing form or request in a field error (default `aan`). */
  aan: { email: string; naam: string | null; veld?: string };
  template: MailTemplate;
}

export async function queueMail(stores: Stores, mail: MailToQueue, publicUrl: string, now = new Date()): Promise<{ record: MailRecord; created: boolean }> {
  const field = mail.aan.veld ?? 'aan';
  const email = parseInput(z.object({ [field]: recipientAddress }), { [field]: mail.aan.email }, 'Het e-mailadres')[field] as string;
  const composed = composeMail(mail.template.content, publicUrl);
  const record = queuedMail(
    {
      sleutel: mail.sleutel,
      soort: mail.template.soort,
      aan: { email, naam: mail.aan.naam },
      onderwerp: composed.onderwerp,
      tekst: composed.tekst,
      html: composed.html,
      host: new URL(publicUrl).hostname,
    },
    now,
  );
  return stores.mail.enqueue(record);
}
