/**
 * Queued mail survives a crash and goes out exactly once, with the real server process and a real SMTP
 * server on loopback: a first message is delivered; a second is queued (the request is answered once
 * it is durable) and its attempt is held by the SMTP server after DATA, unanswered, when the server
 * process is killed with SIGKILL. The restarted service finds the interrupted attempt, sends the
 * message again, and the SMTP server has each message once. A SIGTERM then stops the service cleanly.
 * The SMTP password never appears in the output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialiseStore } from '../../src/commands/setup/initialiseStore.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { openStores } from '../../src/storage/stores.js';
import { startSmtpServer, type TestSmtp } from '../helpers/smtpServer.js';
import { isAlive, killServerAndRemove, serverPidOf, startServer, type RunningServer } from '../helpers/serverProcess.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, tempDir } from '../helpers/testApp.js';

const dataDir = tempDir('principes-mail-');
const PASSWORD = 'smtp-geheim-9f3k';
let smtp: TestSmtp;
let env: Record<string, string>;

beforeAll(async () => {
  const stores = await openStores(dataDir);
  await initialiseStore(stores, { seedDir: path.join(PROJECT_ROOT, 'principles'), bootstrapEmail: ADMIN_EMAIL, bootstrapPassword: ADMIN_PASSWORD, log: () => undefined });
  smtp = await startSmtpServer({ auth: { user: 'dienst', pass: PASSWORD } });
  env = {
    DATA_DIR: dataDir,
    SMTP_URL: `smtp://dienst:${PASSWORD}@127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Principes digitale stad <noreply@principes.example.nl>',
    PUBLIC_URL: 'https://principes.example.nl',
  };
});

afterAll(async () => {
  killServerAndRemove(dataDir);
  await smtp.close();
});

async function token(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD }) });
  const body = (await res.json()) as { token: string };
  return body.token;
}

/** The test-message form, posted as the administrator (a bearer token needs no CSRF token). */
async function sendTestMessage(server: RunningServer, bearer: string, aan: string): Promise<number> {
  const res = await fetch(`${server.baseUrl}/beheer/mail/testbericht`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ aan }).toString(),
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res.status;
}

function queued(): { id: string; status: string; pogingen: number; bezigSinds: string | null; aan: { email: string } }[] {
  const dir = path.join(dataDir, 'mailwachtrij');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
}

describe('mail across a crash of the server process', () => {
  it('a message whose attempt a SIGKILL interrupted is sent after the restart, and every message arrives once', async () => {
    const first = await startServer(env);
    const bearer = await token(first);
    expect(first.output()).toContain(`Outgoing mail: smtp://dienst@127.0.0.1:${smtp.port}`);

    expect(await sendTestMessage(first, bearer, 'eerste@example.nl')).toBe(303);
    await smtp.waitFor(1);

    smtp.hold();
    expect(await sendTestMessage(first, bearer, 'tweede@example.nl')).toBe(303);
    await smtp.held();
    const pid = serverPidOf(dataDir);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
    await first.stop();

    // On disk: the second message waits, its attempt recorded as running.
    const second = queued().find((m) => m.aan.email === 'tweede@example.nl');
    expect(second).toMatchObject({ status: 'wachtend', pogingen: 1 });
    expect(second?.bezigSinds).not.toBeNull();
    expect(smtp.received).toHaveLength(1);

    smtp.release();
    const restarted = await startServer(env);
    await smtp.waitFor(2);
    // Time for a duplicate to show up, if there were one.
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([['eerste@example.nl'], ['tweede@example.nl']]);
    expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(2);
    expect(smtp.attempts()).toBe(3);
    expect(restarted.output()).toContain(`Mail ${second?.id} was being sent when the service stopped`);
    expect(queued().every((m) => m.status === 'verzonden' && m.bezigSinds === null)).toBe(true);

    expect(await restarted.stop('SIGTERM')).toBe(0);
    const output = first.output() + restarted.output();
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain('tweede@example.nl');
  });
});
