/**
 * One way to write a mail: a template gives a subject, paragraphs of plain text and at most one action
 * link (a path in the service); `composeMail` makes the Dutch plain-text and HTML bodies from it, the
 * same frame for every kind of mail. Later kinds of mail (invitations, password reset, access requests)
 * only add a template in mailTemplates.ts.
 *
 * Safe by construction: every text is escaped in the HTML (a name such as `<b>` shows as typed), links
 * only ever point into the service (PUBLIC_URL + a path, so no template can send a reader elsewhere),
 * and line breaks in the subject become spaces (a header cannot be split). No template takes a
 * password: a mail never carries one (links let people choose their own).
 */

export const SERVICE_NAME = 'Principes voor de digitale stad';

/** What a template gives. */
export interface MailContent {
  onderwerp: string;
  /** The greeting line, e.g. "Beste Jan Jansen,". */
  aanhef: string;
  /** The paragraphs, plain text (escaped in the HTML). */
  alineas: readonly string[];
  /** One button-like link into the service: its text and a path starting with `/`. */
  actie?: { tekst: string; pad: string };
}

export interface ComposedMail {
  onderwerp: string;
  tekst: string;
  html: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Control characters (line breaks included) become one space: a subject is one header line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** The absolute address of a path in the service. Only paths: a template cannot link outside the service. */
export function serviceLink(publicUrl: string, pad: string): string {
  if (!pad.startsWith('/') || pad.startsWith('//') || /[\s\\]/.test(pad)) throw new Error(`not a path in the service: ${JSON.stringify(pad)}`);
  return `${publicUrl.replace(/\/+$/, '')}${pad}`;
}

/** The Dutch plain-text and HTML bodies of `content`, with links on `publicUrl`. */
export function composeMail(content: MailContent, publicUrl: string): ComposedMail {
  const onderwerp = oneLine(content.onderwerp);
  const home = serviceLink(publicUrl, '/');
  const link = content.actie ? { tekst: content.actie.tekst, url: serviceLink(publicUrl, content.actie.pad) } : null;
  const voet = `Dit is een automatisch bericht van ${SERVICE_NAME}.`;

  const textParts = [content.aanhef, ...content.alineas];
  if (link) textParts.push(`${link.tekst}:\n${link.url}`);
  textParts.push(`-- \n${voet}\n${home}`);
  const tekst = `${textParts.join('\n\n')}\n`;

  const p = (text: string) => `<p style="margin:0 0 1em">${escapeHtml(text)}</p>`;
  const htmlParts = [p(content.aanhef), ...content.alineas.map(p)];
  if (link) {
    htmlParts.push(
      `<p style="margin:0 0 1em"><a href="${escapeHtml(link.url)}" style="color:#01689b;font-weight:bold">${escapeHtml(link.tekst)}</a></p>`,
      `<p style="margin:0 0 1em;font-size:90%">Werkt de link niet? Kopieer dan dit adres naar uw browser: ${escapeHtml(link.url)}</p>`,
    );
  }
  htmlParts.push(`<hr><p style="margin:0;font-size:90%;color:#555">${escapeHtml(voet)} <a href="${escapeHtml(home)}">${escapeHtml(home)}</a></p>`);
  const html = [
    '<!DOCTYPE html>',
    '<html lang="nl">',
    `<head><meta charset="utf-8"><title>${escapeHtml(onderwerp)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#222">',
    ...htmlParts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { onderwerp, tekst, html };
}
