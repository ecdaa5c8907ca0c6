/**
 * The pure parts of mail: composing (escaping, links only into the service, one-line subjects), the
 * state machine of a queued message (every status and step), the backoff, the idempotent ids, and the
 * SMTP_URL / MAIL_FROM settings (never repeating a password).
 */
import { describe, expect, it } from 'vitest';
import { parseMailConfig } from '../../src/config.js';
import { composeMail, serviceLink } from '../../src/domain/mailCompose.js';
import {
  attemptFailed,
  attemptInterrupted,
  attemptStarted,
  attemptSucceeded,
  isDue,
  mailIdOf,
  queuedMail,
  retryDelayMs,
  retryRequested,
  type MailRetryPolicy,
} from '../../src/domain/mailState.js';
import { Conflict } from '../../src/errors.js';
import { describeFailure } from '../../src/mail/mailWorker.js';
import { mailRecordSchema } from '../../src/schemas/mail.js';

const URL_ = 'https://principes.example.nl';
const NOW = new Date('2026-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const POLICY: MailRetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 };

describe('composeMail', () => {
  it('escapes every text in the HTML, keeps it as typed in the plain text, and links only on PUBLIC_URL', () => {
    const m = composeMail({ onderwerp: 'Welkom\r\nBcc: x@y.nl', aanhef: 'Beste <b>Jan</b> & "Piet",', alineas: ["Tekst met <script>alert('x')</script>."], actie: { tekst: 'Kies <uw> wachtwoord', pad: '/uitnodigingen/abc?x=1&y=2' } }, `${URL_}/`);
    expect(m.onderwerp).toBe('Welkom Bcc: x@y.nl');
    expect(m.tekst).toContain('Beste <b>Jan</b> & "Piet",');
    expect(m.tekst).toContain(`Kies <uw> wachtwoord:\n${URL_}/uitnodigingen/abc?x=1&y=2`);
    expect(m.html).toContain('Beste &lt;b&gt;Jan&lt;/b&gt; &amp; &quot;Piet&quot;,');
    expect(m.html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(m.html).not.toMatch(/<script|<b>/);
    expect(m.html).toContain(`<a href="${URL_}/uitnodigingen/abc?x=1&amp;y=2"`);
    expect(m.html).toContain('<title>Welkom Bcc: x@y.nl</title>');
    expect([...m.html.matchAll(/href="([^"]+)"/g)].every((x) => x[1]?.startsWith(`${URL_}/`))).toBe(true);
  });

  it('refuses a link that is not a path in the service', () => {
    for (const pad of ['https://elders.nl/', '//elders.nl/x', 'javascript:alert(1)', '/a b', '/\\elders.nl']) {
      expect(() => serviceLink(URL_, pad)).toThrow('not a path in the service');
    }
    expect(serviceLink(`${URL_}//`, '/x')).toBe(`${URL_}/x`);
  });
});

describe('the state of a queued message', () => {
  const queued = () =>
    queuedMail({ sleutel: 'k', soort: 'testbericht', aan: { email: 'a@example.nl', naam: null }, onderwerp: 'O', tekst: 't', html: '<p>h</p>', host: 'principes.example.nl' }, NOW);

  it('a new message waits, due now, with its Message-ID fixed from its key; the record fits the stored schema', () => {
    const r = queued();
    expect(r).toMatchObject({ status: 'wachtend', pogingen: 0, volgendePoging: NOW.toISOString(), bezigSinds: null, id: mailIdOf('k') });
    expect(r.messageId).toBe(`<${mailIdOf('k')}@principes.example.nl>`);
    expect(mailIdOf('k')).toBe(mailIdOf('k'));
    expect(mailIdOf('k')).not.toBe(mailIdOf('k2'));
    expect(mailRecordSchema.safeParse(r).success).toBe(true);
    expect(isDue(r, NOW)).toBe(true);
    expect(isDue(r, later(-1))).toBe(false);
  });

  it('attempt, failure with backoff, the last attempt fails; a success drops the bodies', () => {
    let r = attemptStarted(queued(), NOW);
    expect(r).toMatchObject({ pogingen: 1, bezigSinds: NOW.toISOString() });
    expect(isDue(r, later(10_000))).toBe(false);
    expect(() => attemptStarted(r, NOW)).toThrow();
    r = attemptFailed(r, NOW, '451 later', false, POLICY);
    expect(r).toMatchObject({ status: 'wachtend', bezigSinds: null, laatsteFout: '451 later', volgendePoging: later(1000).toISOString() });
    r = attemptFailed(attemptStarted(r, NOW), NOW, '451 later', false, POLICY);
    expect(r.volgendePoging).toBe(later(2000).toISOString());
    r = attemptFailed(attemptStarted(r, NOW), NOW, '451 later', false, POLICY);
    expect(r).toMatchObject({ status: 'mislukt', pogingen: 3, volgendePoging: null });
    expect(() => attemptStarted(r, NOW)).toThrow();

    const sent = attemptSucceeded(attemptStarted(queued(), NOW), later(5));
    expect(sent).toMatchObject({ status: 'verzonden', tekst: null, html: null, verzonden: later(5).toISOString(), volgendePoging: null, bezigSinds: null });
    expect(() => attemptSucceeded(sent, NOW)).toThrow();
    expect(mailRecordSchema.safeParse(sent).success).toBe(true);
  });

  it('a refusal for good fails at once; an interrupted attempt is due again at once, or fails when it was the last', () => {
    expect(attemptFailed(attemptStarted(queued(), NOW), NOW, '550 onbekend', true, POLICY)).toMatchObject({ status: 'mislukt', pogingen: 1 });
    const interrupted = attemptInterrupted(attemptStarted(queued(), NOW), later(60_000), POLICY);
    expect(interrupted).toMatchObject({ status: 'wachtend', bezigSinds: null, volgendePoging: later(60_000).toISOString() });
    expect(interrupted.laatsteFout).toContain('mogelijk al aangekomen');
    let r = queued();
    for (let i = 0; i < POLICY.maxAttempts - 1; i++) r = attemptFailed(attemptStarted(r, NOW), NOW, 'x', false, POLICY);
    expect(attemptInterrupted(attemptStarted(r, NOW), NOW, POLICY).status).toBe('mislukt');
  });

  it('only a failed message can be retried (409 otherwise); it waits again with a fresh series', () => {
    const failed = attemptFailed(attemptStarted(queued(), NOW), NOW, '550', true, POLICY);
    expect(retryRequested(failed, later(1))).toMatchObject({ status: 'wachtend', pogingen: 0, volgendePoging: later(1).toISOString(), laatsteFout: '550' });
    expect(() => retryRequested(queued(), NOW)).toThrow(Conflict);
    expect(() => retryRequested(attemptSucceeded(attemptStarted(queued(), NOW), NOW), NOW)).toThrow('is al verzonden');
  });

  it('the wait doubles from the base up to the maximum', () => {
    expect([1, 2, 3, 4, 50].map((n) => retryDelayMs(n, POLICY))).toEqual([1000, 2000, 3000, 3000, 3000]);
  });
});

describe('errors of an attempt', () => {
  it('a 5xx to the recipient or message is for good; a 4xx, a sign-in failure or a network error is retried; secrets are replaced', () => {
    expect(describeFailure(Object.assign(new Error('Can not send mail: 550 onbekend'), { code: 'EENVELOPE', responseCode: 550 }), [])).toEqual({ error: 'Can not send mail: 550 onbekend', permanent: true });
    expect(describeFailure(Object.assign(new Error('451 later'), { code: 'EMESSAGE', responseCode: 451 }), []).permanent).toBe(false);
    expect(describeFailure(Object.assign(new Error('Invalid login: 535 for geheim'), { code: 'EAUTH', responseCode: 535 }), ['geheim'])).toEqual({ error: 'Invalid login: 535 for ***', permanent: false });
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED\n127.0.0.1:25'), { code: 'ESOCKET' }), []).error).toBe('connect ECONNREFUSED 127.0.0.1:25');
  });
});

describe('SMTP_URL and MAIL_FROM', () => {
  it('without SMTP_URL: the file mode with the default sender', () => {
    expect(parseMailConfig(undefined, undefined)).toEqual({ smtp: null, from: 'Principes voor de digitale stad <noreply@localhost>' });
  });

  it('smtp:// and smtps:// with the password kept apart from the description', () => {
    expect(parseMailConfig('smtps://dienst:p%40ss@mail.example.nl:465', 'Principes <noreply@example.nl>')).toEqual({
      smtp: { url: 'smtps://dienst:p%40ss@mail.example.nl:465', description: 'smtps://dienst@mail.example.nl:465', password: 'p@ss' },
      from: 'Principes <noreply@example.nl>',
    });
    expect(parseMailConfig('smtp://mail.example.nl', 'noreply@example.nl').smtp?.description).toBe('smtp://mail.example.nl');
  });

  it('refuses a bad SMTP_URL without repeating it, a bad MAIL_FROM, and SMTP without MAIL_FROM', () => {
    for (const bad of ['http://dienst:geheim@mail.example.nl', 'smtp://dienst:geheim@', 'geheim', 'smtp://dienst:geheim@mail.example.nl/pad']) {
      let message = '';
      try {
        parseMailConfig(bad, 'noreply@example.nl');
      } catch (e) {
        message = String(e);
      }
      expect(message).toContain('SMTP_URL must look like');
      expect(message).not.toContain('geheim');
    }
    expect(() => parseMailConfig(undefined, 'geen adres')).toThrow('MAIL_FROM must be an e-mail address');
    expect(() => parseMailConfig(undefined, 'Naam <a@b.nl>\nBcc: c@d.nl')).toThrow('MAIL_FROM');
    expect(() => parseMailConfig('smtp://mail.example.nl', undefined)).toThrow('MAIL_FROM must be set when SMTP_URL is');
  });
});
