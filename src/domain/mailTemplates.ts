/**
 * The kinds of mail the service sends, one template each: what the mail says, in Dutch. The frame
 * (greeting, escaping, the link, the footer) is composeMail's. A new kind adds a function here that
 * returns `{ soort, content }`; the command that causes the mail queues it (commands/mail/queueMail.ts).
 */
import { SERVICE_NAME, type MailContent } from './mailCompose.js';

export interface MailTemplate {
  /** Stored with the message (`soort`) and shown on the mail page. */
  soort: string;
  content: MailContent;
}

/** A test message the administrator sends from the mail page, to see that mail arrives. */
export function testMessage(afzender: { naam: string }): MailTemplate {
  return {
    soort: 'testbericht',
    content: {
      onderwerp: `Testbericht van ${SERVICE_NAME}`,
      aanhef: 'Beste lezer,',
      alineas: [
        `Dit is een testbericht van ${SERVICE_NAME}. ${afzender.naam} heeft het verstuurd vanaf de beheerpagina voor de uitgaande mail.`,
        'Komt dit bericht aan, dan werkt het versturen van e-mail. U hoeft niets te doen.',
      ],
      actie: { tekst: 'Bekijk de uitgaande mail', pad: '/beheer/mail' },
    },
  };
}
