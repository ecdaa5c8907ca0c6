/**
 * Accounts in a real Chromium, along the "done when" path: sign in (errors included), the
 * administrator creates a secretary and a representative through the pages, the secretary names a
 * version, the representative sees no administration and manages their own API tokens, and an
 * anonymous visitor is sent to the sign-in page and back. axe (WCAG 2.1 A/AA) on every page visited;
 * any JavaScript dialog (e.g. from injected markup) fails the test.
 */
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser.js';
import { editDraft, ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let baseUrl: string;
let page: Page;
const { expectNoAxeViolations, navigating, freshPage } = useBrowserSuite({ bind: (s) => ({ t, baseUrl, page } = s) });

const SECRETARY = { naam: 'Sanne Secretaris', email: 'secretaris@example.org', wachtwoord: 'secretaris-wachtwoord-12' };
const REPRESENTATIVE = { naam: 'Ruud Vertegenwoordiger', email: 'ruud@utrecht.example.org', wachtwoord: 'utrecht-wachtwoord-123' };
const HOSTILE_NAME = '<script>alert(1)</script> Jansen';

/** Fills the sign-in form on the current page with the keyboard and submits it with Enter. */
async function submitSignIn(email: string, wachtwoord: string): Promise<Response | null> {
  await page.getByLabel('E-mailadres').fill(email);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-wachtwoord');
  await page.keyboard.type(wachtwoord);
  return navigating(() => page.keyboard.press('Enter'));
}

async function headerUserText(): Promise<string> {
  return ((await page.locator('.app-user').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

function mainText(): Promise<string> {
  return page.locator('main').innerText();
}

describe('accounts in Chromium', () => {
  it('sign-in page: empty and wrong input give Dutch errors, then the administrator signs in', async () => {
    await freshPage();
    await page.goto(`${baseUrl}/`);
    await navigating(() => page.locator('.app-user').getByRole('link', { name: 'Aanmelden' }).click());
    expect(new URL(page.url()).pathname).toBe('/aanmelden');
    expect(await page.locator('h1').textContent()).toBe('Aanmelden');
    await expectNoAxeViolations();

    // Empty: an error summary with a link per field, and the fields marked invalid.
    const empty = await navigating(() => page.getByRole('button', { name: 'Aanmelden' }).click());
    expect(empty?.status()).toBe(400);
    const summary = page.locator('[role=alert]');
    expect(await summary.textContent()).toContain('Controleer de gemarkeerde velden.');
    const emailLink = summary.getByRole('link', { name: 'Vul uw e-mailadres in.' });
    const passwordLink = summary.getByRole('link', { name: 'Vul uw wachtwoord in.' });
    expect(await emailLink.getAttribute('href')).toBe('#veld-email');
    expect(await passwordLink.getAttribute('href')).toBe('#veld-wachtwoord');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Wachtwoord').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-describedby')).toContain('fout-email');
    expect(await page.locator('#fout-wachtwoord').textContent()).toBe('Vul uw wachtwoord in.');
    await expectNoAxeViolations();

    // The summary links are reachable with the keyboard and lead to their field.
    await passwordLink.focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#veld-wachtwoord');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#veld-wachtwoord$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-wachtwoord');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('veld-email');

    // A wrong password: one generic message, the e-mail address kept, the password not.
    const wrong = await submitSignIn(ADMIN_EMAIL, 'dit-is-niet-het-wachtwoord');
    expect(wrong?.status()).toBe(401);
    expect(await page.locator('[role=alert]').textContent()).toContain('Het e-mailadres of het wachtwoord is onjuist, of het account is niet actief.');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe(ADMIN_EMAIL);
    expect(await page.getByLabel('Wachtwoord').inputValue()).toBe('');
    await expectNoAxeViolations();

    const ok = await submitSignIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(ok?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await headerUserText()).toContain('Aangemeld als Beheerder (beheerder)');
    expect(await page.getByRole('button', { name: 'Afmelden' }).count()).toBe(1);
    await expectNoAxeViolations();
  });

  it('the administrator creates a secretary and a representative through the pages', async () => {
    await navigating(() => page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/gebruikers');
    expect(await page.locator('h1').textContent()).toBe('Gebruikers');
    await expectNoAxeViolations();

    await navigating(() => page.getByRole('link', { name: 'Nieuwe gebruiker aanmaken' }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/gebruikers/nieuw');
    expect(await page.locator('h1').textContent()).toBe('Nieuwe gebruiker');
    await expectNoAxeViolations();

    // The secretary, first with an invalid e-mail address.
    await page.getByLabel('Naam', { exact: true }).fill(SECRETARY.naam);
    await page.getByLabel('E-mailadres').fill('secretaris-at-example.org');
    await page.getByLabel('Rol').selectOption({ label: 'Secretaris ALV' });
    await page.getByLabel('Wachtwoord').fill(SECRETARY.wachtwoord);
    const invalid = await navigating(() => page.getByRole('button', { name: 'Gebruiker aanmaken' }).click());
    expect(invalid?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('Vul een geldig e-mailadres in');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    // What was typed is kept, except the password.
    expect(await page.getByLabel('Naam', { exact: true }).inputValue()).toBe(SECRETARY.naam);
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('secretaris-at-example.org');
    expect(await page.getByLabel('Rol').inputValue()).toBe('secretaris');
    expect(await page.getByLabel('Wachtwoord').inputValue()).toBe('');
    await expectNoAxeViolations();

    await page.getByLabel('E-mailadres').fill(SECRETARY.email);
    await page.getByLabel('Wachtwoord').fill(SECRETARY.wachtwoord);
    await navigating(() => page.getByRole('button', { name: 'Gebruiker aanmaken' }).click());
    expect(page.url()).toMatch(/\/beheer\/gebruikers\/[^/?]+\?aangemaakt=1$/);
    expect(await page.locator('[role=status]').textContent()).toContain('De gebruiker is aangemaakt.');
    expect(await page.locator('h1').textContent()).toBe('Gebruiker wijzigen');
    await expectNoAxeViolations();

    // The representative of a municipality.
    await page.goto(`${baseUrl}/beheer/gebruikers/nieuw`);
    await page.getByLabel('Naam', { exact: true }).fill(REPRESENTATIVE.naam);
    await page.getByLabel('E-mailadres').fill(REPRESENTATIVE.email);
    await page.getByLabel('Rol').selectOption('vertegenwoordiger');
    // The organisation is a text field with the register as native suggestions (no script needed):
    // typing "Utr" offers Utrecht; picking it fills in its label.
    const organisation = page.getByLabel('Organisatie');
    expect(await organisation.getAttribute('list')).toBe('lijst-organisatie');
    const offered = await page.locator('#lijst-organisatie option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toHaveLength(t.stores.db.data.organisaties.length);
    expect(offered.filter((v) => v.toLowerCase().includes('utr'))).toContain('Utrecht (GM0344)');
    await organisation.fill('Utrecht (GM0344)');
    await page.getByLabel('Wachtwoord').fill(REPRESENTATIVE.wachtwoord);
    await navigating(() => page.getByRole('button', { name: 'Gebruiker aanmaken' }).click());
    expect(page.url()).toMatch(/\?aangemaakt=1$/);
    expect(await page.getByLabel('Organisatie').inputValue()).toBe('Utrecht (GM0344)');

    // A name with markup is text, never markup.
    await page.goto(`${baseUrl}/beheer/gebruikers/nieuw`);
    await page.getByLabel('Naam', { exact: true }).fill(HOSTILE_NAME);
    await page.getByLabel('E-mailadres').fill('jansen@example.org');
    await page.getByLabel('Wachtwoord').fill('jansen-wachtwoord-1234');
    await navigating(() => page.getByRole('button', { name: 'Gebruiker aanmaken' }).click());
    expect(page.url()).toMatch(/\?aangemaakt=1$/);
    expect(await page.getByLabel('Naam', { exact: true }).inputValue()).toBe(HOSTILE_NAME);
    expect(await page.title()).toContain(HOSTILE_NAME);
    await expectNoAxeViolations();

    await navigating(() => page.getByRole('link', { name: 'Gebruikers', exact: true }).click());
    expect(new URL(page.url()).pathname).toBe('/beheer/gebruikers');
    const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );
    expect(rows).toContainEqual([SECRETARY.naam, SECRETARY.email, 'Secretaris ALV', '', 'actief']);
    expect(rows).toContainEqual([REPRESENTATIVE.naam, REPRESENTATIVE.email, 'Vertegenwoordiger', 'Utrecht', 'actief']);
    expect(rows).toContainEqual([HOSTILE_NAME, 'jansen@example.org', 'Werkgroeplid', '', 'actief']);
    expect(rows).toContainEqual(['Beheerder', ADMIN_EMAIL, 'Beheerder', '', 'actief']);
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.content()).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Jansen');
    await expectNoAxeViolations();
  });

  it('after signing out, the secretary names the draft as version 1.1', async () => {
    await navigating(() => page.getByRole('button', { name: 'Afmelden' }).click());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await headerUserText()).toBe('Aanmelden');
    expect(await page.getByRole('link', { name: 'Beheer' }).count()).toBe(0);

    await navigating(() => page.locator('.app-user').getByRole('link', { name: 'Aanmelden' }).click());
    await submitSignIn(SECRETARY.email, SECRETARY.wachtwoord);
    expect(await headerUserText()).toContain(`Aangemeld als ${SECRETARY.naam} (secretaris ALV)`);

    // Nothing changed since 1.0: the page says so instead of offering the form.
    await page.goto(`${baseUrl}/documenten/digitale-stad/versies`);
    expect(await page.locator('main').textContent()).toContain('Het concept is gelijk aan versie 1.0');
    expect(await page.getByRole('button', { name: 'Versie benoemen' }).count()).toBe(0);
    await editDraft(t.store);
    await page.goto(`${baseUrl}/documenten/digitale-stad/versies`);
    expect(await page.getByRole('heading', { name: 'Het concept als nieuwe versie benoemen' }).count()).toBe(1);
    await expectNoAxeViolations();

    // Without an explanation: a Dutch error on the form, which stays accessible.
    await page.getByLabel('Versienaam').fill('1.1');
    const invalid = await navigating(() => page.getByRole('button', { name: 'Versie benoemen' }).click());
    expect(invalid?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('Vul een toelichting in');
    expect(await page.getByLabel('Toelichting').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Versienaam').inputValue()).toBe('1.1');
    await expectNoAxeViolations();

    await page.getByLabel('Toelichting').fill('Eerste versie na de ALV, met de verwerkte opmerkingen.');
    await navigating(() => page.getByRole('button', { name: 'Versie benoemen' }).click());
    expect(new URL(page.url()).pathname).toBe('/documenten/digitale-stad/versies/1.1');
    expect(await page.locator('h1').textContent()).toContain('versie 1.1');
    expect(await mainText()).toContain('Eerste versie na de ALV, met de verwerkte opmerkingen.');
    await expectNoAxeViolations();
  });

  it('the representative acts for Utrecht, cannot administer, and manages their own API tokens', async () => {
    await freshPage();
    await page.goto(`${baseUrl}/aanmelden`);
    await submitSignIn(REPRESENTATIVE.email, REPRESENTATIVE.wachtwoord);
    expect(await headerUserText()).toContain(`Aangemeld als ${REPRESENTATIVE.naam} (vertegenwoordiger, namens Utrecht)`);
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' }).count()).toBe(0);

    await page.goto(`${baseUrl}/documenten/digitale-stad/versies`);
    expect(await page.getByRole('button', { name: 'Versie benoemen' }).count()).toBe(0);
    expect(await page.locator('form[method=post][action$="/versies"]').count()).toBe(0);
    // The version the secretary named is listed.
    expect(await page.getByRole('link', { name: 'Versie 1.1', exact: true }).count()).toBe(1);
    await expectNoAxeViolations();

    const forbidden = await page.goto(`${baseUrl}/beheer/gebruikers`);
    expect(forbidden?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('Niet toegestaan');
    expect(await page.locator('[role=alert]').textContent()).toContain('Alleen een beheerder kan accounts beheren.');
    await expectNoAxeViolations();

    // "Mijn account" through the name in the header.
    await navigating(() => page.locator('.app-user').getByRole('link', { name: REPRESENTATIVE.naam }).click());
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('h1').textContent()).toBe('Mijn account');
    const account = await mainText();
    expect(account).toContain(REPRESENTATIVE.email);
    expect(account).toContain('Utrecht');
    expect(account).toContain('U hebt nog geen tokens.');
    await expectNoAxeViolations();

    // Without a description: a Dutch error.
    const invalid = await navigating(() => page.getByRole('button', { name: 'Token maken' }).click());
    expect(invalid?.status()).toBe(400);
    expect(await page.locator('[role=alert]').textContent()).toContain('Vul een omschrijving in');
    await expectNoAxeViolations();

    await page.getByLabel('Omschrijving van het nieuwe token').fill('Koppeling gemeentesite');
    const created = await navigating(() => page.keyboard.press('Enter'));
    expect(created?.status()).toBe(201);
    const token = ((await page.locator('[role=status] code').textContent()) ?? '').trim();
    expect(token.length).toBeGreaterThan(20);
    expect(await page.locator('[role=status]').textContent()).toContain('Kopieer het nu');
    await expectNoAxeViolations();

    // The token works for the API.
    const withToken = () => fetch(`${baseUrl}/api/v1/tokens`, { headers: { Authorization: `Bearer ${token}` } });
    const listed = await withToken();
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { omschrijving: string }[] }).items.map((i) => i.omschrijving)).toContain('Koppeling gemeentesite');

    // Shown once: the account page does not show it again.
    await page.goto(`${baseUrl}/account`);
    expect(await page.content()).not.toContain(token);
    const row = page.locator('table tbody tr', { hasText: 'Koppeling gemeentesite' });
    expect(await row.locator('td').nth(3).textContent()).toBe('actief');
    await expectNoAxeViolations();

    await navigating(() => row.getByRole('button', { name: 'Intrekken token Koppeling gemeentesite' }).click());
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await row.locator('td').nth(3).textContent()).toBe('ingetrokken');
    expect(await row.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations();
    expect((await withToken()).status).toBe(401);
  });

  it('the representative changes their own password (Dutch errors first), sees their sessions and signs out everywhere', async () => {
    await freshPage();
    await page.goto(`${baseUrl}/aanmelden`);
    await submitSignIn(REPRESENTATIVE.email, REPRESENTATIVE.wachtwoord);
    await page.goto(`${baseUrl}/account`);
    const sessions = page.locator('table', { has: page.locator('caption', { hasText: 'Uw aanmeldingen' }) });
    expect(await sessions.locator('tbody tr', { hasText: 'deze browser' }).count()).toBe(1);

    // A wrong current password: a Dutch error at the field, the new one is not taken.
    await page.getByLabel('Huidig wachtwoord').fill('dit is het niet');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('utrecht-nieuw-wachtwoord');
    await page.getByLabel('Nieuw wachtwoord nog eens').fill('utrecht-nieuw-wachtwoord');
    const wrong = await navigating(() => page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click());
    expect(wrong?.status()).toBe(400);
    expect(await page.locator('#fout-huidigWachtwoord').textContent()).toBe('Het huidige wachtwoord is onjuist.');
    expect(await page.getByLabel('Huidig wachtwoord').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Huidig wachtwoord').inputValue()).toBe('');
    await expectNoAxeViolations();

    // Two different new passwords.
    await page.getByLabel('Huidig wachtwoord').fill(REPRESENTATIVE.wachtwoord);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('utrecht-nieuw-wachtwoord');
    await page.getByLabel('Nieuw wachtwoord nog eens').fill('utrecht-ander-wachtwoord');
    expect((await navigating(() => page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click()))?.status()).toBe(400);
    expect(await page.locator('#fout-herhaling').textContent()).toBe('De twee nieuwe wachtwoorden zijn niet gelijk.');

    await page.getByLabel('Huidig wachtwoord').fill(REPRESENTATIVE.wachtwoord);
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('utrecht-nieuw-wachtwoord');
    await page.getByLabel('Nieuw wachtwoord nog eens').fill('utrecht-nieuw-wachtwoord');
    await navigating(() => page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click());
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('[role=status]').textContent()).toContain('Uw wachtwoord is gewijzigd.');
    expect(await headerUserText()).toContain(REPRESENTATIVE.naam);
    await expectNoAxeViolations();

    await navigating(() => page.getByRole('button', { name: 'Overal afmelden' }).click());
    expect(new URL(page.url()).pathname).toBe('/aanmelden');
    expect(await page.locator('[role=status]').textContent()).toContain('U bent overal afgemeld');
    expect(await headerUserText()).not.toContain(REPRESENTATIVE.naam);
    await expectNoAxeViolations();
    await submitSignIn(REPRESENTATIVE.email, 'utrecht-nieuw-wachtwoord');
    expect(await headerUserText()).toContain(REPRESENTATIVE.naam);
  });

  it('an anonymous visitor of an administration page signs in and lands back on it', async () => {
    await freshPage();
    await page.goto(`${baseUrl}/beheer/gebruikers`);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/aanmelden');
    expect(url.searchParams.get('terug')).toBe('/beheer/gebruikers');
    await expectNoAxeViolations();

    await submitSignIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/beheer/gebruikers');
    expect(await page.locator('h1').textContent()).toBe('Gebruikers');
    expect(await headerUserText()).toContain('Aangemeld als Beheerder');
    await expectNoAxeViolations();
  });
});
