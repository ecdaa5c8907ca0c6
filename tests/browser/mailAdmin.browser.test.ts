/**
 * The administrator's mail page in a real Chromium: from the administration to "Uitgaande mail", a test
 * message with a bad address (the Dutch error, linked to the field) and then a good one (queued, listed
 * as waiting), a failed message with "Opnieuw proberen". axe (WCAG 2.1 A/AA) on every state of the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { attemptFailed, attemptStarted, DEFAULT_RETRY_POLICY } from '../../src/domain/mailState.js';
import { useBrowserSuite, type BrowserSuite } from '../helpers/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../helpers/testApp.js';

let suite: BrowserSuite;
let baseUrl: string;
let page: Page;
const { expectNoAxeViolations, navigating, signInAs } = useBrowserSuite({ bind: (s) => ({ baseUrl, page } = suite = s) });

const main = () => page.locator('main');

describe('the mail page in Chromium', () => {
  it('the administrator sends a test message, after a Dutch error for a bad address', async () => {
    await signInAs({ email: ADMIN_EMAIL, wachtwoord: ADMIN_PASSWORD });
    await page.goto(`${baseUrl}/beheer/gebruikers`);
    await navigating(() => main().getByRole('link', { name: 'Uitgaande mail' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/mail');
    expect(await page.locator('h1').textContent()).toBe('Uitgaande mail');
    expect(await page.getByLabel('Aan (e-mailadres)').inputValue()).toBe(ADMIN_EMAIL);
    await expectNoAxeViolations();

    await page.getByLabel('Aan (e-mailadres)').fill('geen adres');
    const invalid = await navigating(() => page.getByRole('button', { name: 'Testbericht versturen' }).click());
    expect(invalid?.status()).toBe(400);
    const summary = page.locator('[role=alert]');
    expect(await summary.getByRole('link', { name: /Vul een geldig e-mailadres in/ }).getAttribute('href')).toBe('#veld-aan');
    expect(await page.getByLabel('Aan (e-mailadres)').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations();
    expect(suite.t.stores.mail.all()).toHaveLength(0);

    await page.getByLabel('Aan (e-mailadres)').fill('ontvanger@example.nl');
    await navigating(() => page.getByRole('button', { name: 'Testbericht versturen' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/mail');
    expect(await page.getByRole('status').textContent()).toContain('Het testbericht staat in de wachtrij');
    const waiting = page.getByRole('table', { name: /Wachtende berichten/ });
    expect(await waiting.innerText()).toContain('ontvanger@example.nl');
    await expectNoAxeViolations();
  });

  it('a failed message is listed with its error and can be tried again', async () => {
    const [m] = suite.t.stores.mail.all();
    if (m === undefined) throw new Error('no message');
    await suite.t.stores.mail.update(m.id, (r) => attemptFailed(attemptStarted(r, new Date()), new Date(), '451 4.3.0 Tijdelijk niet beschikbaar', false, { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }));
    await page.goto(`${baseUrl}/beheer/mail`);
    const failed = page.getByRole('table', { name: /Mislukte berichten/ });
    expect(await failed.innerText()).toContain('451 4.3.0 Tijdelijk niet beschikbaar');
    await expectNoAxeViolations();
    await navigating(() => failed.getByRole('button', { name: /Opnieuw proberen/ }).click());
    expect(await page.getByRole('status').textContent()).toContain('Het bericht wordt opnieuw geprobeerd.');
    expect(await main().innerText()).toContain('Er zijn geen mislukte berichten.');
    expect(suite.t.stores.mail.get(m.id)?.status).toBe('wachtend');
    await expectNoAxeViolations();
  });
});
