/**
 * Sending for real: the administrator's test message goes through the durable queue and the worker to
 * a real SMTP server on loopback (smtp-server), and what arrives is parsed with mailparser: the Dutch
 * subject, From, To, the Message-ID fixed at queueing, the text and HTML parts, links on PUBLIC_URL.
 * A server that refuses the first attempts (451) gets the message once, after retries with backoff; a
 * refusal for good (550) fails at once; the SMTP password never reaches an error, the page or a log.
 * Without SMTP_URL the message becomes a parseable .eml file and one log line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendTestMessage } from '../../src/commands/mail/mailAdministration.js';
import { parseMailConfig } from '../../src/config.js';
import type { MailRetryPolicy } from '../../src/domain/mailState.js';
import { MailWorker } from '../../src/mail/mailWorker.js';
import { fileTransport, smtpTransport, type MailTransport } from '../../src/mail/transports.js';
import type { CurrentUser } from '../../src/policies/currentUser.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtpServer.js';
import { ADMIN_EMAIL, makeTestApp, type TestApp } from '../helpers/testApp.js';

const PUBLIC_URL = 'https://principes.example.nl';
const FAST: MailRetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 };

let t: TestApp;
let admin: CurrentUser;
let smtp: TestSmtp | undefined;
let worker: MailWorker | undefined;
const log: string[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  const record = t.stores.db.data.gebruikers.find((u) => u.email === ADMIN_EMAIL);
  if (record === undefined) throw new Error('no administrator');
  admin = { id: record.id, naam: record.naam, email: record.email, rol: record.rol, organisatie: null, via: 'sessie' };
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await smtp?.close();
  smtp = undefined;
  log.length = 0;
});
afterAll(() => t.cleanup());

function startWorker(transport: MailTransport, secrets: string[] = []): MailWorker {
  worker = new MailWorker(t.stores.mail, { transport, from: 'Principes digitale stad <noreply@principes.example.nl>', policy: FAST, log: (l) => log.push(l), secrets });
  worker.start();
  return worker;
}

const smtpOf = (url: string) => {
  const config = parseMailConfig(url, 'Principes digitale stad <noreply@principes.example.nl>').smtp;
  if (config === null) throw new Error('no SMTP');
  return config;
};

async function settled(w: MailWorker, id: string, status: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (t.stores.mail.get(id)?.status !== status) {
    if (Date.now() > deadline) throw new Error(`mail ${id} is ${t.stores.mail.get(id)?.status}, expected ${status}`);
    await new Promise((r) => setTimeout(r, 20));
    await w.idle();
  }
}

describe('mail over SMTP', () => {
  it('the test message arrives once, in Dutch, with text and HTML, its Message-ID and links on PUBLIC_URL; the sign-in is used', async () => {
    smtp = await startSmtpServer({ auth: { user: 'dienst', pass: 'geheim-w@chtwoord' } });
    const w = startWorker(smtpTransport(smtpOf(`smtp://dienst:${encodeURIComponent('geheim-w@chtwoord')}@127.0.0.1:${smtp.port}`)));
    const { record } = await sendTestMessage(t.stores, admin, { aan: 'Ontvanger@Gemeente.example.nl' }, PUBLIC_URL);
    const [mail] = await smtp.waitFor(1);
    await settled(w, record.id, 'verzonden');
    expect(smtp.signIns).toEqual([{ user: 'dienst', pass: 'geheim-w@chtwoord' }]);

    const p = mail!.parsed;
    expect(mail!.envelope).toEqual({ from: 'noreply@principes.example.nl', to: ['Ontvanger@gemeente.example.nl'] });
    expect(p.subject).toBe('Testbericht van Principes voor de digitale stad');
    expect(p.from?.value).toEqual([{ name: 'Principes digitale stad', address: 'noreply@principes.example.nl' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ name: '', address: 'Ontvanger@gemeente.example.nl' }]);
    expect(p.messageId).toBe(record.messageId);
    expect(record.messageId).toBe(`<${record.id}@principes.example.nl>`);
    expect(p.headers.get('auto-submitted')).toBe('auto-generated');
    expect(p.text).toContain('Dit is een testbericht van Principes voor de digitale stad.');
    expect(p.text).toContain(`Bekijk de uitgaande mail:\n${PUBLIC_URL}/beheer/mail`);
    expect(p.html).toContain(`<a href="${PUBLIC_URL}/beheer/mail"`);
    expect(p.html).toContain('<html lang="nl">');
    const links = [...String(p.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link?.startsWith(`${PUBLIC_URL}/`)).toBe(true);

    // Recorded as sent, the bodies dropped; sent once, no second attempt.
    const stored = t.stores.mail.get(record.id);
    expect(stored).toMatchObject({ status: 'verzonden', pogingen: 1, tekst: null, html: null, bezigSinds: null, laatsteFout: null });
    expect(JSON.parse(fs.readFileSync(path.join(t.dataDir, 'mailwachtrij', `${record.id}.json`), 'utf8'))).toMatchObject({ status: 'verzonden' });
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.attempts()).toBe(1);
    // The log names the message and the server, never the password or the address.
    expect(log.join('\n')).toContain(`Mail ${record.id} sent through smtp://dienst@127.0.0.1:${smtp.port}`);
    expect(log.join('\n')).not.toMatch(/geheim|Ontvanger@/i);
  });

  it('the same form posted twice (its key) queues one message', async () => {
    const before = t.stores.mail.all().length;
    const first = await sendTestMessage(t.stores, admin, { aan: 'een@example.nl', sleutel: 'formulier-sleutel-0001' }, PUBLIC_URL);
    const second = await sendTestMessage(t.stores, admin, { aan: 'een@example.nl', sleutel: 'formulier-sleutel-0001' }, PUBLIC_URL);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.record.id).toBe(first.record.id);
    expect(t.stores.mail.all()).toHaveLength(before + 1);
    expect(t.stores.audit.entries().filter((e) => e.actie === 'testbericht-aangeboden' && e.object.id === first.record.id)).toHaveLength(1);
    // Sent here, so it does not wait in the later tests.
    smtp = await startSmtpServer();
    const w = startWorker(smtpTransport(smtpOf(`smtp://127.0.0.1:${smtp.port}`)));
    await settled(w, first.record.id, 'verzonden');
    expect(smtp.received).toHaveLength(1);
  });

  it('a server that answers 451 twice gets the message on the third attempt, once, with waits in between', async () => {
    smtp = await startSmtpServer({ answer: (n) => (n <= 2 ? { code: 451, message: 'Tijdelijk niet beschikbaar, probeer later' } : null) });
    const w = startWorker(smtpTransport(smtpOf(`smtp://127.0.0.1:${smtp.port}`)));
    const { record } = await sendTestMessage(t.stores, admin, { aan: 'later@example.nl' }, PUBLIC_URL);
    await settled(w, record.id, 'verzonden');
    expect(smtp.attempts()).toBe(3);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.parsed.messageId).toBe(record.messageId);
    expect(t.stores.mail.get(record.id)).toMatchObject({ status: 'verzonden', pogingen: 3 });
    const failures = log.filter((l) => l.includes(`Mail ${record.id}: attempt`));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/attempt 1 failed \(.*451.*\); next attempt at/);
    expect(log.join('\n')).not.toContain('later@example.nl');
  });

  it('a server that keeps answering 451 makes the message fail after the last attempt; "opnieuw" sends it', async () => {
    let refuse = true;
    smtp = await startSmtpServer({ answer: () => (refuse ? { code: 451, message: 'Wachtrij vol' } : null) });
    const w = startWorker(smtpTransport(smtpOf(`smtp://127.0.0.1:${smtp.port}`)));
    const { record } = await sendTestMessage(t.stores, admin, { aan: 'vol@example.nl' }, PUBLIC_URL);
    await settled(w, record.id, 'mislukt');
    expect(smtp.attempts()).toBe(FAST.maxAttempts);
    const failed = t.stores.mail.get(record.id);
    expect(failed).toMatchObject({ status: 'mislukt', pogingen: FAST.maxAttempts, volgendePoging: null });
    expect(failed?.laatsteFout).toContain('451');
    expect(failed?.tekst).not.toBeNull();

    refuse = false;
    const { retryMail } = await import('../../src/commands/mail/mailAdministration.js');
    await retryMail(t.stores, admin, record.id);
    await settled(w, record.id, 'verzonden');
    expect(smtp.received).toHaveLength(1);
    expect(t.stores.audit.entries().filter((e) => e.actie === 'mail-opnieuw-aangeboden' && e.object.id === record.id)).toHaveLength(1);
  });

  it('a refusal for good (550 for the recipient) fails at once, without more attempts', async () => {
    smtp = await startSmtpServer({ answer: () => ({ code: 550, message: 'Onbekende ontvanger' }) });
    const w = startWorker(smtpTransport(smtpOf(`smtp://127.0.0.1:${smtp.port}`)));
    const { record } = await sendTestMessage(t.stores, admin, { aan: 'bestaat-niet@example.nl' }, PUBLIC_URL);
    await settled(w, record.id, 'mislukt');
    await new Promise((r) => setTimeout(r, 150));
    expect(smtp.attempts()).toBe(1);
    expect(t.stores.mail.get(record.id)).toMatchObject({ status: 'mislukt', pogingen: 1 });
  });

  it('a wrong SMTP password: the attempt fails and is retried, and neither the error nor the log holds the password', async () => {
    smtp = await startSmtpServer({ auth: { user: 'dienst', pass: 'het-goede-wachtwoord' } });
    const w = startWorker(smtpTransport(smtpOf(`smtp://dienst:fout-wachtwoord-123@127.0.0.1:${smtp.port}`)), ['fout-wachtwoord-123']);
    const { record } = await sendTestMessage(t.stores, admin, { aan: 'x@example.nl' }, PUBLIC_URL);
    await settled(w, record.id, 'mislukt');
    const failed = t.stores.mail.get(record.id);
    expect(failed?.pogingen).toBe(FAST.maxAttempts);
    expect(failed?.laatsteFout).toMatch(/535|Invalid login|Verkeerde/);
    expect(JSON.stringify(failed)).not.toContain('fout-wachtwoord-123');
    expect(log.join('\n')).not.toContain('fout-wachtwoord-123');
    expect(smtp.received).toHaveLength(0);
  });

  it('an invalid address is a clear field error and queues nothing', async () => {
    const before = t.stores.mail.all().length;
    await expect(sendTestMessage(t.stores, admin, { aan: 'geen adres' }, PUBLIC_URL)).rejects.toMatchObject({
      status: 400,
      errors: [{ name: 'aan', reason: 'Vul een geldig e-mailadres in, zoals naam@gemeente.nl.' }],
    });
    expect(t.stores.mail.all()).toHaveLength(before);
  });
});

describe('mail without SMTP_URL: .eml files', () => {
  it('writes a parseable .eml named by the message, logs its subject and recipient, never its body', async () => {
    const w = startWorker(fileTransport(t.dataDir, (l) => log.push(l)));
    const { record } = await sendTestMessage(t.stores, { ...admin, naam: 'Beheerder <b>vet</b>' }, { aan: 'bestand@example.nl' }, PUBLIC_URL);
    await settled(w, record.id, 'verzonden');
    const file = path.join(t.dataDir, 'uitgaande-mail', `${record.id}.eml`);
    const raw = fs.readFileSync(file);
    expect(raw.toString('latin1')).toContain('\r\n');
    const p = await simpleParser(raw);
    expect(p.subject).toBe('Testbericht van Principes voor de digitale stad');
    expect(p.messageId).toBe(record.messageId);
    expect(p.to && !Array.isArray(p.to) ? p.to.value[0]?.address : '').toBe('bestand@example.nl');
    // The name typed by a person is text in the plain part and escaped in the HTML.
    expect(p.text).toContain('Beheerder <b>vet</b> heeft het verstuurd');
    expect(p.html).toContain('Beheerder &lt;b&gt;vet&lt;/b&gt; heeft het verstuurd');
    expect(log).toContain(`Mail written to ${file}: "Testbericht van Principes voor de digitale stad" to bestand@example.nl`);
    expect(log.join('\n')).not.toContain('U hoeft niets te doen');
    expect(t.stores.mail.get(record.id)).toMatchObject({ status: 'verzonden', pogingen: 1 });
  });
});
