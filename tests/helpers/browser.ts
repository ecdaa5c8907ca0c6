/**
 * Real Chromium (Debian's /usr/bin/chromium, installed by scripts/ensure-test-tools.mjs in `npm test`)
 * driven by playwright-core, and axe-core with the WCAG 2.1 A/AA rules.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { makeTestApp, type TestApp } from './testApp.js';
import type { Express } from 'express';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function listen(app: Express): Promise<{ server: Server; baseUrl: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, baseUrl: `http://127.0.0.1:${port}` });
    });
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

export interface AxeViolationSummary {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Runs axe with the WCAG 2.1 A and AA rules; returns the violations in a readable form. */
export async function axeViolations(page: Page): Promise<AxeViolationSummary[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/**
 * One browser suite, the setup the page tests share: a test app on a fresh store (prepared by the suite
 * if it needs more than the seed), served on loopback, a real Chromium and the page the tests drive.
 * Every page records JavaScript dialogs and Content-Security-Policy errors, and after each test both
 * must be empty: a dialog means script from user text ran, a CSP error means the page needs more than
 * its policy allows. A new page (`freshPage`, `signInAs`) is a new browser context: no cookies.
 */
export class BrowserSuite {
  t!: TestApp;
  baseUrl = '';
  page!: Page;
  readonly dialogs: string[] = [];
  readonly cspErrors: string[] = [];
  private server: Server | undefined;
  private browser: Browser | undefined;
  private context: BrowserContext | undefined;

  constructor(private readonly options: BrowserSuiteOptions = {}) {}

  async start(): Promise<void> {
    this.t = await makeTestApp();
    await this.options.prepare?.(this.t);
    ({ server: this.server, baseUrl: this.baseUrl } = await listen(this.t.app));
    this.browser = await launchBrowser();
    await this.freshPage();
  }

  /** A new browser context and page: a different person at a different computer. */
  freshPage = async (): Promise<Page> => {
    await this.context?.close();
    if (this.browser === undefined) throw new Error('the suite has not started');
    ({ context: this.context, page: this.page } = await newPage(this.browser));
    this.page.on('dialog', (d) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    this.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) this.cspErrors.push(`${this.page.url()}: ${m.text()}`);
    });
    this.options.bind?.(this);
    return this.page;
  };

  async stop(): Promise<void> {
    await this.context?.close();
    await this.browser?.close();
    await new Promise((r) => this.server?.close(r));
    this.t?.cleanup();
  }

  expectNoAxeViolations = async (): Promise<void> => {
    expect(await axeViolations(this.page), this.page.url()).toEqual([]);
  };

  /** Runs `action` (a click or key press that submits or follows a link) and returns the final response. */
  navigating = async (action: () => Promise<unknown>): Promise<Response | null> => {
    const [res] = await Promise.all([this.page.waitForNavigation(), action()]);
    return res;
  };

  /** A fresh page, signed in as `who` through the sign-in page. */
  signInAs = async (who: { email: string; wachtwoord: string }): Promise<void> => {
    await this.freshPage();
    await this.page.goto(`${this.baseUrl}/aanmelden`);
    await this.page.getByLabel('E-mailadres').fill(who.email);
    await this.page.getByLabel('Wachtwoord').fill(who.wachtwoord);
    await this.navigating(() => this.page.getByRole('button', { name: 'Aanmelden' }).click());
  };
}

export interface BrowserSuiteOptions {
  /** Adds what the suite needs to the fresh store before it is served. */
  prepare?: (t: TestApp) => Promise<void>;
  /** Called after the start and after each new page, to keep a test file's own variables current. */
  bind?: (suite: BrowserSuite) => void;
}

/** A BrowserSuite wired into vitest's hooks (start before all, dialog and CSP checks after each, stop after all). */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const suite = new BrowserSuite(options);
  beforeAll(() => suite.start(), 120_000);
  afterEach(() => {
    expect(suite.dialogs).toEqual([]);
    expect(suite.cspErrors).toEqual([]);
  });
  afterAll(() => suite.stop());
  return suite;
}
