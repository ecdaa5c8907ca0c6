/**
 * The administrator's mail page (beheerder): `/beheer/mail` shows the queue (counts per state, the
 * failed and waiting messages, the most recently sent), a form to send oneself a test message, and
 * "Opnieuw proberen" for a failed message. The query and the commands authorize; every form carries
 * the CSRF token (webRouter). After a write the browser is sent back to the page (303) with a notice.
 */
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { retryMail, sendTestMessage } from '../../commands/mail/mailAdministration.js';
import type { CurrentUser } from '../../policies/currentUser.js';
import { presentMailOverview } from '../../presenters/mailPresenters.js';
import { mailOverview } from '../../queries/mailQueries.js';
import type { Stores } from '../../storage/stores.js';
import type { MailSettings } from '../deps.js';
import { emptyForm, formFields, handleForm, type FormState } from './forms.js';

const VIEW = 'pages/admin-mail';
const PAGE = '/beheer/mail';

const NOTICES = {
  testbericht: 'Het testbericht staat in de wachtrij en wordt zo verstuurd.',
  opnieuw: 'Het bericht wordt opnieuw geprobeerd.',
} as const;

export function mailAdminWeb(stores: Stores, settings: MailSettings): Router {
  const r = Router({ strict: true, caseSensitive: true });

  /** The page's model for `user` (401/403 for anyone but an administrator), with the test form. */
  const page = (user: CurrentUser | null, form: FormState, notice: string | null) => ({
    title: 'Uitgaande mail',
    mail: presentMailOverview(mailOverview(stores, user)),
    delivery: settings.delivery,
    notice,
    form,
  });

  /** A new key per rendered form: posting the same form twice queues one message. */
  const testForm = (aan: string) => emptyForm({ aan, sleutel: randomBytes(18).toString('base64url') });

  r.get(PAGE, (req, res) => {
    const user = res.locals.user;
    const q = z.object({ gedaan: z.enum(['testbericht', 'opnieuw']).optional() }).catch({}).parse(req.query);
    const model = page(user, testForm(user?.email ?? ''), q.gedaan ? NOTICES[q.gedaan] : null);
    res.render(VIEW, model);
  });

  r.post(`${PAGE}/testbericht`, async (req, res) => {
    const user = res.locals.user;
    const values = formFields(req);
    const { form: _form, ...locals } = page(user, emptyForm(), null);
    await handleForm(res, VIEW, locals, values, async () => {
      await sendTestMessage(stores, user, { aan: values.aan ?? '', ...(values.sleutel ? { sleutel: values.sleutel } : {}) }, settings.publicUrl);
      res.redirect(303, `${PAGE}?gedaan=testbericht`);
    });
  });

  r.post(`${PAGE}/berichten/:id/opnieuw`, async (req, res) => {
    await retryMail(stores, res.locals.user, req.params.id);
    res.redirect(303, `${PAGE}?gedaan=opnieuw`);
  });

  return r;
}
