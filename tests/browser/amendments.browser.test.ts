/**
 * Amendments in a real Chromium, along the whole path: a representative of Utrecht proposes a
 * change to principle 3 (with hostile Markdown in it), a working-group member comments on one sentence
 * and asks for changes, a representative of Eindhoven co-signs and proposes a competing change to the
 * same sentence, the proposer revises, the review becomes outdated, the working group approves, and
 * the secretary merges it: visible in the draft and its history. The competing amendment then shows
 * its conflict side by side; its proposer updates it onto the draft, resolves the conflict in the
 * prefilled form, it is reviewed again and merged. axe (WCAG 2.1 A/AA) on every page visited; any
 * JavaScript dialog (from user Markdown) fails the test.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser.js';
import { makeUser, type TestUser } from '../helpers/auth.js';

let baseUrl: string;
let page: Page;

let ute: TestUser; // vertegenwoordiger, Utrecht
let erik: TestUser; // vertegenwoordiger, Eindhoven
let wim: TestUser; // werkgroeplid
let sanne: TestUser; // secretaris

const DOC = '/documenten/digitale-stad';
const SENTENCE = 'Deze zijn leidend.';
const HOSTILE = 'Zie ook [de uitleg](javascript:alert(1)) en <script>alert(2)</script><img src=x onerror=alert(3)>.';

const suite = useBrowserSuite({
  prepare: async (app) => {
    ute = await makeUser(app, 'vertegenwoordiger', 'GM0344', 'Ute van Utrecht');
    erik = await makeUser(app, 'vertegenwoordiger', 'GM0772', 'Erik van Eindhoven');
    wim = await makeUser(app, 'werkgroeplid', null, 'Wim Werkgroep');
    sanne = await makeUser(app, 'secretaris', null, 'Sanne Secretaris');
  },
  bind: (s) => ({ baseUrl, page } = s),
});
const { expectNoAxeViolations, navigating } = suite;

/** A new browser context (no cookies), signed in as `who` through the sign-in page; it lands on the start page. */
async function signInAs(who: TestUser): Promise<void> {
  await suite.signInAs(who);
  expect(new URL(page.url()).pathname).toBe('/');
}

function mainText(): Promise<string> {
  return page.locator('main').innerText();
}

async function openAmendment(nummer: number): Promise<void> {
  await page.goto(`${baseUrl}${DOC}/amendementen`);
  await navigating(() => page.getByRole('link', { name: new RegExp(`^Amendement ${nummer}:`) }).click());
  expect(new URL(page.url()).pathname).toBe(`${DOC}/amendementen/${nummer}`);
}

/** Replaces `from` by `to` in the textarea with this label. */
async function editTextarea(label: string, from: string, to: string): Promise<void> {
  const area = page.getByLabel(label, { exact: true });
  const value = await area.inputValue();
  expect(value).toContain(from);
  await area.fill(value.replace(from, to));
}

async function review(nummer: number, oordeel: 'Akkoord' | 'Wijzigen', toelichting: string): Promise<void> {
  await openAmendment(nummer);
  await page.getByRole('radio', { name: new RegExp(`^${oordeel}`) }).check();
  await page.getByLabel('Toelichting bij uw oordeel').fill(toelichting);
  const res = await navigating(() => page.getByRole('button', { name: 'Beoordeling opslaan' }).click());
  expect(res?.status()).toBe(200);
  expect(await page.locator('[role=status]').innerText()).toContain('Uw beoordeling is opgeslagen.');
}

async function merge(nummer: number, reden: string): Promise<void> {
  await openAmendment(nummer);
  await page.getByRole('radio', { name: /^Overnemen/ }).check();
  await page.getByLabel('Reden van het besluit').fill(reden);
  const res = await navigating(() => page.getByRole('button', { name: 'Besluit vastleggen' }).click());
  expect(res?.status()).toBe(200);
  expect(await page.locator('[role=status]').innerText()).toContain('Het amendement is overgenomen in het concept.');
  expect(await page.locator('h2#kop-besluit').innerText()).toBe('Besluit: overgenomen');
}

describe('amendments in Chromium', () => {
  it('Utrecht proposes a change to principle 3 from the document page; errors first, Markdown stays text', async () => {
    await signInAs(ute);
    await navigating(() => page.getByRole('link', { name: 'Wijziging voorstellen' }).click());
    expect(new URL(page.url()).pathname).toBe(`${DOC}/amendementen/nieuw`);
    expect(await page.locator('h1').innerText()).toBe('Wijziging voorstellen');
    expect(await page.getByLabel('Tekst van principe 3 (Markdown)').inputValue()).toContain(SENTENCE);
    expect(await page.getByRole('checkbox', { name: 'Dit principe verwijderen' }).count()).toBe(4);
    await expectNoAxeViolations();

    // Nothing filled in: Dutch errors, linked from the summary.
    const empty = await navigating(() => page.getByRole('button', { name: 'Amendement indienen' }).click());
    expect(empty?.status()).toBe(400);
    const summary = page.locator('[role=alert]');
    expect(await summary.innerText()).toContain('Vul een titel in.');
    expect(await summary.innerText()).toContain('U hebt geen principe gewijzigd');
    expect(await page.getByLabel('Titel van het amendement').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations();

    await page.getByLabel('Titel van het amendement').fill('Open standaarden zijn altijd leidend');
    await page.getByLabel('Toelichting', { exact: true }).fill(`Geen uitzonderingen meer. ${HOSTILE}`);
    // The sentence changes, and a new last sentence with hostile Markdown is added.
    const area = page.getByLabel('Tekst van principe 3 (Markdown)');
    await area.fill(`${(await area.inputValue()).replace(SENTENCE, 'Deze zijn altijd leidend.').trimEnd()}\n${HOSTILE}\n`);
    const created = await navigating(() => page.getByRole('button', { name: 'Amendement indienen' }).click());
    expect(created?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`${DOC}/amendementen/1`);
    expect(await page.locator('h1').innerText()).toBe('Amendement 1: Open standaarden zijn altijd leidend');
    expect(await page.locator('[role=status]').innerText()).toContain('Uw amendement is ingediend.');
    const text = await mainText();
    expect(text).toContain('Ute van Utrecht, namens Utrecht');
    expect(text).toContain('geschreven op versie 1.0');
    expect(text).toContain('ja, zonder conflicten');
    expect(text).toContain('<script>alert(2)</script>');
    expect(await page.locator('main script, main img').count()).toBe(0);
    expect(await page.locator('main a[href^="javascript:"]').count()).toBe(0);
    // The redline of principle 3: word level, insertions underlined.
    const p3 = page.locator('details.app-kind-gewijzigd');
    expect(await p3.locator('summary').innerText()).toContain('Principe 3: Open, veilige en bekende technologie');
    expect(await p3.locator('ins').first().innerText()).toContain('altijd');
    await expectNoAxeViolations();

    await page.getByRole('radio', { name: 'Naast elkaar' }).check();
    await navigating(() => page.getByRole('button', { name: 'Tonen' }).click());
    expect(await page.locator('table.app-side-by-side').count()).toBeGreaterThan(0);
    await expectNoAxeViolations();
  }, 90_000);

  it('the working group comments on one sentence and asks for changes', async () => {
    await signInAs(wim);
    await page.goto(`${baseUrl}${DOC}/versies/concept`);
    await navigating(() => page.getByRole('navigation', { name: 'Document' }).getByRole('link', { name: 'Amendementen' }).click());
    expect(await page.locator('h1').innerText()).toBe('Amendementen');
    expect(await page.locator('table tbody tr').count()).toBe(1);
    await expectNoAxeViolations();
    await navigating(() => page.getByRole('link', { name: /^Amendement 1:/ }).click());

    const sentence = page.locator('li.app-sentence', { hasText: 'Deze zijn altijd leidend.' });
    await navigating(() => sentence.getByRole('link', { name: /^Reageer op deze zin/ }).click());
    expect(page.url()).toMatch(/\?bestand=03-open-en-bekende-technologie\.md&zin=.*#reageren$/);
    expect(await page.locator('#reacties').innerText()).toContain('U reageert op deze zin in Principe 3: Open, veilige en bekende technologie:');
    expect(await page.locator('#reacties blockquote').innerText()).toBe('Deze zijn altijd leidend.');
    await expectNoAxeViolations();

    await page.getByLabel('Uw reactie').fill('Welke standaarden zijn dit? Noem ze. <script>alert(4)</script>');
    const posted = await navigating(() => page.getByRole('button', { name: 'Reactie plaatsen' }).click());
    expect(posted?.status()).toBe(200);
    expect(page.url()).toMatch(/#rct_/);
    const atSentence = page.locator('li.app-sentence', { hasText: 'Deze zijn altijd leidend.' }).locator('.app-comment');
    expect(await atSentence.innerText()).toContain('Welke standaarden zijn dit? Noem ze. <script>alert(4)</script>');
    expect(await page.locator('#reacties').innerText()).toContain('Reacties (1)');
    await expectNoAxeViolations();

    await page.getByRole('radio', { name: /^Wijzigen/ }).check();
    await page.getByLabel('Toelichting bij uw oordeel').fill('Noem de standaarden bij naam.');
    await navigating(() => page.getByRole('button', { name: 'Beoordeling opslaan' }).click());
    const reviews = await page.locator('#beoordelingen').innerText();
    expect(reviews).toContain('Wijzigen gevraagd door Wim Werkgroep');
    expect(reviews).toContain('op revisie 1');
    expect(reviews).toContain('geldig');
    await expectNoAxeViolations();
  }, 90_000);

  it('Eindhoven co-signs, then proposes a competing change to the same sentence', async () => {
    await signInAs(erik);
    await openAmendment(1);
    await navigating(() => page.getByRole('button', { name: 'Mede-indienen namens Eindhoven' }).click());
    expect(await page.locator('[role=status]').innerText()).toContain('Uw organisatie is nu mede-indiener van dit amendement.');
    expect(await page.locator('#mede-indienen').innerText()).toContain('Eindhoven');
    expect(await page.getByRole('button', { name: 'Mede-indiening van Eindhoven intrekken' }).count()).toBe(1);
    await expectNoAxeViolations();

    await page.goto(`${baseUrl}${DOC}/versies/concept`);
    await navigating(() => page.getByRole('link', { name: 'Wijziging voorstellen' }).click());
    await page.getByLabel('Titel van het amendement').fill('Standaarden zijn bindend');
    await page.getByLabel('Toelichting', { exact: true }).fill('Leidend is te vrijblijvend.');
    await editTextarea('Tekst van principe 3 (Markdown)', SENTENCE, 'Deze zijn bindend.');
    await navigating(() => page.getByRole('button', { name: 'Amendement indienen' }).click());
    expect(await page.locator('h1').innerText()).toBe('Amendement 2: Standaarden zijn bindend');
    expect(await page.locator('#samenvoegen').innerText()).toContain('raakt ook amendement 1');
    await expectNoAxeViolations();
    await navigating(() => page.locator('#samenvoegen').getByRole('link', { name: 'amendement 1' }).click());
    expect(await page.locator('#samenvoegen').innerText()).toContain('raakt ook amendement 2');
  }, 90_000);

  it('the proposer revises; the review and the comment become outdated; the revisions are compared', async () => {
    await signInAs(ute);
    await openAmendment(1);
    await navigating(() => page.getByRole('link', { name: 'Tekst van het amendement wijzigen (nieuwe revisie)' }).click());
    expect(await page.locator('h1').innerText()).toBe('Amendement 1 wijzigen: nieuwe revisie');
    await expectNoAxeViolations();
    await editTextarea('Tekst van principe 3 (Markdown)', 'Deze zijn altijd leidend.', 'Deze open standaarden zijn altijd leidend.');
    await navigating(() => page.getByRole('button', { name: 'Nieuwe revisie opslaan' }).click());
    expect(await page.locator('[role=status]').innerText()).toContain('De nieuwe revisie is opgeslagen.');
    expect(await page.locator('#beoordelingen').innerText()).toContain('verouderd (gegeven op een eerdere tekst)');
    const discussion = await page.locator('#reacties').innerText();
    expect(discussion).toContain('verouderd (deze zin staat niet meer in de tekst)');
    expect(discussion).toContain('Deze zijn altijd leidend.');
    expect(await page.locator('#revisies tbody tr').count()).toBe(2);
    await expectNoAxeViolations();

    await page.getByLabel('Van revisie').selectOption({ index: 0 });
    await page.getByLabel('Naar revisie').selectOption({ index: 1 });
    await navigating(() => page.getByRole('button', { name: 'Revisies vergelijken' }).click());
    const compared = page.locator('#revisies');
    expect(await compared.innerText()).toContain('Van revisie 1 naar revisie 2');
    expect(await compared.locator('details.app-kind-gewijzigd ins').first().innerText()).toContain('open standaarden');
    await expectNoAxeViolations();
  }, 90_000);

  it('the working group approves and the secretary merges: visible in the draft and its history', async () => {
    await signInAs(wim);
    await review(1, 'Akkoord', 'Zo is het duidelijk.');
    expect(await page.locator('#beoordelingen').innerText()).toContain('Akkoord door Wim Werkgroep');
    await expectNoAxeViolations();

    await signInAs(sanne);
    await openAmendment(1);
    expect(await page.getByRole('button', { name: 'Beoordeling opslaan' }).count()).toBe(0);
    await expectNoAxeViolations();
    // No choice and no reason: Dutch errors on the page.
    const invalid = await navigating(() => page.getByRole('button', { name: 'Besluit vastleggen' }).click());
    expect(invalid?.status()).toBe(400);
    expect(await page.locator('[role=alert]').innerText()).toContain('Kies overnemen of verwerpen.');
    expect(await page.getByLabel('Reden van het besluit').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations();

    await merge(1, 'Breed gesteund door de werkgroep.');
    expect(await mainText()).toContain('Overgenomen door Sanne Secretaris');
    await expectNoAxeViolations();

    await navigating(() => page.getByRole('link', { name: 'huidige concept' }).click());
    expect(new URL(page.url()).pathname).toBe(`${DOC}/versies/concept`);
    const draft = await page.locator('#principe-3').innerText();
    expect(draft).toContain('Deze open standaarden zijn altijd leidend.');
    expect(draft).toContain('Zie ook [de uitleg](javascript:alert(1)) en <script>alert(2)</script>');
    expect(await page.locator('main script, main img').count()).toBe(0);
    await expectNoAxeViolations();

    await navigating(() => page.getByRole('navigation', { name: 'Document' }).getByRole('link', { name: 'Geschiedenis' }).click());
    expect(await page.locator('.app-history-item').first().innerText()).toContain('Amendement 1 overgenomen: Open standaarden zijn altijd leidend');
    await expectNoAxeViolations();
  }, 90_000);

  it('the competing amendment shows its conflict side by side; its proposer resolves it; it is reviewed and merged', async () => {
    await signInAs(erik);
    await openAmendment(2);
    const merge2 = page.locator('#samenvoegen');
    expect(await merge2.innerText()).toContain('Dit amendement botst met het huidige concept');
    const conflict = merge2.locator('table.app-conflict');
    expect(await conflict.locator('thead th').allInnerTexts()).toEqual(['Amendement', 'Concept (nu)', 'Basis']);
    // Each side's change against the base, word level: the amendment's, the draft's; then the base.
    const cells = conflict.locator('tbody td');
    expect(await cells.nth(0).locator('ins').allInnerTexts()).toEqual(['bindend']);
    expect(await cells.nth(0).locator('del').allInnerTexts()).toEqual(['leidend']);
    expect((await cells.nth(1).locator('ins').allInnerTexts()).map((w) => w.trim())).toEqual(['open standaarden', 'altijd']);
    expect(await cells.nth(2).innerText()).toBe(SENTENCE);
    expect(await page.locator('#samenvoegen').innerText()).not.toContain('raakt ook');
    await expectNoAxeViolations();

    const res = await navigating(() => page.getByRole('button', { name: 'Bijwerken naar het huidige concept' }).click());
    expect(res?.status()).toBe(409);
    expect(await page.locator('h1').innerText()).toBe('Amendement 2 bijwerken naar het huidige concept');
    expect(await page.locator('[role=alert]').innerText()).toContain('Het amendement botst met het huidige concept');
    expect(await page.locator('table.app-conflict tbody td').first().locator('ins').innerText()).toBe('bindend');
    const area = page.getByLabel('Tekst van principe 3 (Markdown)');
    const prefilled = await area.inputValue();
    expect(prefilled).toContain('Deze zijn bindend.');
    expect(prefilled).not.toContain('Deze open standaarden zijn altijd leidend.');
    // The rest of the draft is kept: the hostile line merged from amendment 1 is still there.
    expect(prefilled).toContain('Zie ook [de uitleg](javascript:alert(1))');
    await expectNoAxeViolations();

    await editTextarea('Tekst van principe 3 (Markdown)', 'Deze zijn bindend.', 'Deze open standaarden zijn altijd bindend.');
    await navigating(() => page.getByRole('button', { name: 'Opgeloste tekst opslaan' }).click());
    expect(new URL(page.url()).pathname).toBe(`${DOC}/amendementen/2`);
    expect(await page.locator('[role=status]').innerText()).toContain('De nieuwe revisie is opgeslagen.');
    expect(await page.locator('#samenvoegen').innerText()).toContain('Dit amendement is zonder conflicten samen te voegen met het huidige concept');
    expect(await page.locator('details.app-kind-gewijzigd ins').first().innerText()).toContain('bindend');
    await expectNoAxeViolations();

    await signInAs(wim);
    await review(2, 'Akkoord', 'Goed opgelost.');
    await signInAs(sanne);
    await merge(2, 'Aangenomen na bijwerken.');
    await expectNoAxeViolations();

    await page.goto(`${baseUrl}${DOC}/versies/concept`);
    expect(await page.locator('#principe-3').innerText()).toContain('Deze open standaarden zijn altijd bindend.');
    await page.goto(`${baseUrl}${DOC}/geschiedenis`);
    const history = await page.locator('.app-history-item').allInnerTexts();
    expect(history[0]).toContain('Amendement 2 overgenomen: Standaarden zijn bindend');
    expect(history.some((h) => h.includes('Amendement 1 overgenomen'))).toBe(true);
    expect(history[0]).toContain('Besluit van');
    await expectNoAxeViolations();
    // Every commit, and one principle's history: amendment revisions, marked as never the draft.
    await page.click('a:has-text("Alle commits, ook de revisies van amendementen")');
    expect((await page.locator('.app-history-amendement').allInnerTexts()).some((h) => h.includes('deze tekst was nooit het concept'))).toBe(true);
    await expectNoAxeViolations();
    await page.goto(`${baseUrl}${DOC}/principes/03-open-en-bekende-technologie/geschiedenis`);
    expect(await page.locator('.app-history-amendement').count()).toBeGreaterThan(0);
    await expectNoAxeViolations();

    await page.goto(`${baseUrl}${DOC}/amendementen?status=overgenomen&principe=`);
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await expectNoAxeViolations();
  }, 90_000);
});
