import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, useBrowserSuite } from '../helpers/browser.js';
import { signature } from '../helpers/testApp.js';

let baseUrl: string;
let page: Page;
const { expectNoAxeViolations } = useBrowserSuite({
  prepare: async (app) => {
    const repo = app.store.get('digitale-stad');
    const file = '04-open-en-gedeelde-data.md';
    const text = (await repo.readFile(repo.head().oid, file)) ?? '';
    await repo.commit({
      branch: 'main',
      parent: repo.head().oid,
      changes: [{ path: file, content: text.replace('is publiek goed.', 'is een [publiek goed](https://example.org/publiek).') }],
      author: signature('Gemeente Utrecht'),
      message: 'Principe 4: publiek goed met bron',
    });
  },
  bind: (s) => ({ baseUrl, page } = s),
});

describe('pages in Chromium', () => {
  it('the axe harness reports violations when there are some', async () => {
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toContain('image-alt');
  });

  it('start page: principles, skip link, landmarks, no axe violations', async () => {
    await page.goto(`${baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Principes voor de digitale stad');
    expect(await page.locator('.app-principle').count()).toBe(4);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('header').count()).toBeGreaterThan(0);
    expect(await page.locator('footer').count()).toBeGreaterThan(0);
    // The skip link is the first thing the keyboard reaches and moves focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Direct naar de inhoud');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhoud');
    await expectNoAxeViolations();
  });

  it('the version switcher leads to the draft', async () => {
    await page.goto(`${baseUrl}/documenten/digitale-stad/versies/1.0`);
    await expectNoAxeViolations();
    await page.selectOption('#versie-kiezer', 'concept');
    await Promise.all([page.waitForURL(/\/versies\/concept$/), page.click('button:has-text("Tonen")')]);
    expect(await page.locator('h1').textContent()).toContain('concept');
    expect(await page.locator('body').textContent()).toContain('publiek goed');
    await expectNoAxeViolations();
  });

  it('compare form: inline and side by side redline', async () => {
    await page.goto(`${baseUrl}/documenten/digitale-stad/vergelijking`);
    await expectNoAxeViolations();
    await page.selectOption('#veld-van', '1.0');
    await page.selectOption('#veld-naar', 'concept');
    await Promise.all([page.waitForURL(/van=1\.0/), page.click('button:has-text("Vergelijken")')]);
    const ins = await page.locator('.app-kind-gewijzigd ins').allTextContents();
    expect(ins.join('')).toContain('(https://example.org/publiek)');
    // Insertions are underlined and deletions struck through: not colour alone.
    expect(await page.locator('.app-kind-gewijzigd ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
    expect(await page.locator('.app-kind-ongewijzigd').first().evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    await expectNoAxeViolations();
    await page.check('#weergave-naast');
    await Promise.all([page.waitForURL(/weergave=naast-elkaar/), page.click('button:has-text("Vergelijken")')]);
    expect(await page.locator('table.app-side-by-side').count()).toBeGreaterThan(0);
    await expectNoAxeViolations();
  });

  it('compare with a missing version shows a Dutch error, accessible', async () => {
    await page.goto(`${baseUrl}/documenten/digitale-stad/vergelijking?van=1.0`);
    expect(await page.locator('[role=alert]').textContent()).toContain('Kies de nieuwe versie');
    await expectNoAxeViolations();
  });

  it('history, a change, a principle and its history, versions, documents, 404', async () => {
    await page.goto(`${baseUrl}/documenten/digitale-stad/geschiedenis`);
    await expectNoAxeViolations();
    await Promise.all([page.waitForURL(/vergelijking\?van=/), page.click('a:has-text("Bekijk de wijziging")')]);
    expect(await page.locator('.app-kind-gewijzigd').count()).toBe(1);
    await expectNoAxeViolations();
    for (const path of [
      '/documenten/digitale-stad/versies/1.0/principes/03-open-en-bekende-technologie',
      '/documenten/digitale-stad/principes/03-open-en-bekende-technologie/geschiedenis',
      '/documenten/digitale-stad/versies',
      '/documenten',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await expectNoAxeViolations();
    }
    const res = await page.goto(`${baseUrl}/bestaat-niet`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Pagina niet gevonden');
    await expectNoAxeViolations();
  });
});
