/**
 * The ALV adoption in Chromium: the secretary puts a version on the agenda, edits the decision text
 * and records the assembly's decision with the forms on the version page; everyone downloads the
 * adoption document. axe (WCAG 2.1 A/AA) on the version page in each state, with a form error, and on
 * the HTML adoption document, which also prints to A4.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser.js';
import { mergedAmendmentVersion, type AdoptionScenario } from '../helpers/adoptionScenario.js';

let baseUrl: string;
let page: Page;
let scenario: AdoptionScenario;
const suite = useBrowserSuite({
  prepare: async (app) => {
    scenario = await mergedAmendmentVersion(app);
  },
  bind: (s) => ({ baseUrl, page } = s),
});
const { expectNoAxeViolations, navigating, signInAs } = suite;

const VERSION_PAGE = () => `${baseUrl}/documenten/digitale-stad/versies/1.1`;

describe('ALV adoption in Chromium', () => {
  it('anyone sees the download buttons; no forms without the secretary role', async () => {
    await page.goto(VERSION_PAGE());
    await expect(page.getByRole('link', { name: 'Download als Word (DOCX)' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Download als Markdown' }).count()).resolves.toBe(1);
    expect(await page.locator('form[action$="/agendering"]').count()).toBe(0);
    await expectNoAxeViolations();
  });

  it('the secretary puts the version on the agenda and edits the decision text', async () => {
    await signInAs(scenario.secretaris);
    await page.goto(VERSION_PAGE());
    expect(await page.locator('#vaststelling').innerText()).toContain('staat niet op de agenda');
    await expectNoAxeViolations();

    // An impossible date: a Dutch error at the field, the page still accessible.
    await page.getByLabel('Datum van de ALV').evaluate((el) => el.setAttribute('type', 'text'));
    await page.getByLabel('Datum van de ALV').fill('2026-02-30');
    const bad = await navigating(() => page.getByRole('button', { name: 'Agenderen' }).click());
    expect(bad?.status()).toBe(400);
    expect(await page.locator('#fout-alvDatum').innerText()).toContain('bestaat niet');
    await expectNoAxeViolations();

    await page.getByLabel('Datum van de ALV').fill('2026-06-12');
    await navigating(() => page.getByRole('button', { name: 'Agenderen' }).click());
    expect(new URL(page.url()).pathname).toBe('/documenten/digitale-stad/versies/1.1');
    expect(await page.locator('.app-versionbar').innerText()).toContain('Ter vaststelling');
    expect(await page.locator('.app-versionbar').innerText()).toContain('12 juni 2026');

    await page.getByLabel('Toelichting bij het besluit').fill('Het bestuur stelt voor deze versie vast te stellen.\n\nZij bevat het amendement Duurzaam.');
    await navigating(() => page.getByRole('button', { name: 'Besluittekst opslaan' }).click());
    expect(await page.getByLabel('Toelichting bij het besluit').inputValue()).toContain('Zij bevat het amendement Duurzaam.');
    await expectNoAxeViolations();
  });

  it('a decision with percentages over 100 is refused at the form, accessibly', async () => {
    await page.getByLabel('Uitkomst').selectOption('aangenomen');
    await page.getByLabel('Voor', { exact: true }).fill('90');
    await page.getByLabel('Tegen', { exact: true }).fill('8');
    await page.getByLabel('Onthouding', { exact: true }).fill('4');
    await page.getByLabel('Kenmerk van het besluit').fill('ALV-2026-07');
    const res = await navigating(() => page.getByRole('button', { name: 'Besluit vastleggen' }).click());
    expect(res?.status()).toBe(400);
    expect(await page.locator('.utrecht-alert--error').innerText()).toContain('hoogstens 100 procent');
    await expectNoAxeViolations();
  });

  it('the HTML adoption document passes axe, keeps its own stylesheet under the CSP and prints on A4', async () => {
    await navigating(() => page.getByRole('link', { name: 'Bekijk als webpagina (afdrukbaar)' }).click());
    expect(await page.title()).toBe('Vaststellingsstuk: Principes voor de digitale stad, versie 1.1');
    expect(await page.locator('h1').innerText()).toContain('versie 1.1');
    expect(await page.locator('ins').first().innerText()).toBe('duurzame');
    expect(await page.locator('ins').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('underline');
    expect(await page.locator('del').first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await page.locator('body').innerText()).toContain('Zij bevat het amendement Duurzaam.');
    expect(suite.cspErrors).toEqual([]);
    await expectNoAxeViolations();
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('recording the decision makes the version vastgesteld; the forms are gone', async () => {
    await page.goto(VERSION_PAGE());
    await page.getByLabel('Uitkomst').selectOption('aangenomen');
    await page.getByLabel('Voor', { exact: true }).fill('91,5');
    await page.getByLabel('Tegen', { exact: true }).fill('6');
    await page.getByLabel('Onthouding', { exact: true }).fill('2,5');
    await page.getByLabel('Kenmerk van het besluit').fill('ALV-2026-07');
    await navigating(() => page.getByRole('button', { name: 'Besluit vastleggen' }).click());
    const panel = await page.locator('#vaststelling').innerText();
    expect(panel).toContain('is vastgesteld door de Algemene Ledenvergadering');
    expect(panel).toContain('voor 91,5%, tegen 6%, onthouding 2,5%; kenmerk ALV-2026-07');
    expect(await page.locator('form[action$="/vaststelling"], form[action$="/agendering"]').count()).toBe(0);
    expect(await page.locator('.app-versionbar').innerText()).toContain('Vastgesteld');
    await expectNoAxeViolations();
    await page.goto(`${baseUrl}/documenten/digitale-stad/versies`);
    expect(await page.locator('tbody tr').nth(1).innerText()).toContain('Vastgesteld');
    await expectNoAxeViolations();
  });
});
