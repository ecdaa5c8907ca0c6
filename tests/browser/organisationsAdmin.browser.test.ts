/**
 * The administrator adds and changes an organisation in a real Chromium: sign in through /aanmelden,
 * from the users page to "Organisaties", the form (empty and with errors), the new organisation's
 * public page and its edit form. axe (WCAG 2.1 A/AA) on every page; any JavaScript dialog fails.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../helpers/testApp.js';

let baseUrl: string;
let page: Page;
const { expectNoAxeViolations, navigating } = useBrowserSuite({ bind: (s) => ({ baseUrl, page } = s) });

const HOSTILE_NAME = '<img src=x onerror=alert(1)> Waterschap Rivierenland';

const main = () => page.locator('main');

describe('administration of organisations in Chromium', () => {
  it('the administrator signs in and adds a waterschap through the form', async () => {
    await page.goto(`${baseUrl}/aanmelden`);
    await page.getByLabel('E-mailadres').fill(ADMIN_EMAIL);
    await page.getByLabel('Wachtwoord').fill(ADMIN_PASSWORD);
    await navigating(() => page.getByRole('button', { name: 'Aanmelden' }).click());
    expect(new URL(page.url()).pathname).toBe('/');

    await page.goto(`${baseUrl}/beheer/gebruikers`);
    await navigating(() => main().getByRole('link', { name: 'Organisaties', exact: true }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/organisaties');
    expect(await page.locator('h1').textContent()).toBe('Organisaties beheren');
    await expectNoAxeViolations();

    await navigating(() => main().getByRole('link', { name: 'Organisatie toevoegen' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/organisaties/nieuw');
    expect(await page.locator('h1').textContent()).toBe('Organisatie toevoegen');
    await expectNoAxeViolations();

    // Errors: a malformed code and no type.
    await page.getByLabel('Code').fill('ws rivierenland');
    await page.getByLabel('Naam').fill(HOSTILE_NAME);
    const invalid = await navigating(() => page.getByRole('button', { name: 'Organisatie toevoegen' }).click());
    expect(invalid?.status()).toBe(400);
    const summary = page.locator('[role=alert]');
    expect(await summary.textContent()).toContain('Controleer de gemarkeerde velden.');
    expect(await summary.getByRole('link', { name: /hoofdletters, cijfers of streepjes/ }).getAttribute('href')).toBe('#veld-code');
    expect(await summary.getByRole('link', { name: /Kies een van deze typen/ }).getAttribute('href')).toBe('#veld-type');
    expect(await page.getByLabel('Code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Type').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Naam').getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByLabel('Naam').inputValue()).toBe(HOSTILE_NAME);
    await expectNoAxeViolations();

    await page.getByLabel('Code').fill('WS-RIVIERENLAND');
    await page.getByLabel('Type').selectOption({ label: 'Waterschap' });
    const created = await navigating(() => page.getByRole('button', { name: 'Organisatie toevoegen' }).click());
    expect(created?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/organisaties/WS-RIVIERENLAND');
    expect(await page.locator('h1').textContent()).toBe(HOSTILE_NAME);
    const text = await main().innerText();
    expect(text).toContain('Waterschap');
    expect(text).toContain('WS-RIVIERENLAND');
    expect(text).toContain('Toegevoegd door de beheerder');
    expect(await main().locator('img').count()).toBe(0);
    await expectNoAxeViolations();
  });

  it('the administrator changes the name with "Wijzigen" on the public page', async () => {
    await navigating(() => main().getByRole('link', { name: 'Wijzigen' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/organisaties/WS-RIVIERENLAND');
    expect(await page.locator('h1').textContent()).toBe('Organisatie wijzigen');
    expect(await page.getByLabel('Type').inputValue()).toBe('waterschap');
    await expectNoAxeViolations();

    await page.getByLabel('Naam').fill('Waterschap Rivierenland');
    await navigating(() => page.getByRole('button', { name: 'Opslaan' }).click());
    expect(new URL(page.url()).pathname).toBe('/organisaties/WS-RIVIERENLAND');
    expect(await page.locator('h1').textContent()).toBe('Waterschap Rivierenland');
    await expectNoAxeViolations();

    // The public list finds it.
    await page.goto(`${baseUrl}/organisaties?zoek=rivierenland`);
    expect(await page.locator('#aantal-resultaten').textContent()).toContain('1 organisatie gevonden');
    expect(await page.locator('table tbody tr th').textContent()).toContain('Waterschap Rivierenland');
  });
});
