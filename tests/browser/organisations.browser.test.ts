import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser.js';

let baseUrl: string;
let page: Page;
const { expectNoAxeViolations } = useBrowserSuite({ bind: (s) => ({ baseUrl, page } = s) });

describe('organisation pages in Chromium', () => {
  it('the list: search with the form, open an organisation, no axe violations', async () => {
    await page.goto(`${baseUrl}/organisaties`);
    expect(await page.locator('h1').textContent()).toBe('Organisaties');
    expect(await page.locator('table tbody tr').count()).toBe(50);
    await expectNoAxeViolations();

    // The search field and the type select are reachable by their labels.
    await page.getByLabel('Zoek op naam of code').fill('bosch');
    await Promise.all([page.waitForURL(/zoek=bosch/), page.getByRole('button', { name: 'Zoeken' }).click()]);
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(await page.locator('#aantal-resultaten').textContent()).toContain('1 organisatie gevonden');
    expect(await page.getByLabel('Zoek op naam of code').inputValue()).toBe('bosch');
    await expectNoAxeViolations();

    await Promise.all([page.waitForURL(/\/organisaties\/GM0796$/), page.getByRole('link', { name: "'s-Hertogenbosch" }).click()]);
    expect(await page.locator('h1').textContent()).toBe("'s-Hertogenbosch");
    expect(await page.locator('main').textContent()).toContain('Gemeente');
    expect(await page.locator('main').textContent()).toContain('GM0796');
    await expectNoAxeViolations();
  });

  it('filter by type with the keyboard only', async () => {
    await page.goto(`${baseUrl}/organisaties`);
    await page.getByLabel('Zoek op naam of code').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-type');
    await page.selectOption('#veld-type', 'buitenlandse-gemeente');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/type=buitenlandse-gemeente/), page.keyboard.press('Enter')]);
    const cells = await page.locator('table tbody tr').first().locator('th, td').allTextContents();
    expect(cells.map((c) => c.trim())).toEqual(['Antwerpen', 'Buitenlandse gemeente', 'BE-ANTWERPEN']);
    await expectNoAxeViolations();
  });

  it('the next page, an invalid search and an unknown organisation are accessible too', async () => {
    await page.goto(`${baseUrl}/organisaties`);
    await Promise.all([page.waitForURL(/cursor=/), page.getByRole('link', { name: 'Volgende pagina' }).click()]);
    expect(await page.locator('#aantal-resultaten').textContent()).toContain('U ziet 51 tot en met 100');
    await expectNoAxeViolations();

    const bad = await page.goto(`${baseUrl}/organisaties?type=stad`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('Kies een van deze typen');
    await expectNoAxeViolations();

    const res = await page.goto(`${baseUrl}/organisaties/GM9999`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Pagina niet gevonden');
    await expectNoAxeViolations();
  });
});
