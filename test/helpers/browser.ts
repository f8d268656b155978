/**
 * A real browser for console tests: Debian's Chromium driven by
 * playwright-core (headless, no sandbox, no background networking), a
 * fresh context per person at 1366×768 whose console errors are collected,
 * and full-page screenshots for a person to look at.
 *
 * Each person's system asks for reduced motion, which the console honours
 * (antd's motion off): a modal is where it ends up as soon as it shows. With
 * motion, a click Playwright aims at a modal's button while the modal is
 * still zooming in can land on the page behind it, and on a slow machine
 * that closed a dialog before its button was pressed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const VIEWPORT = { width: 1366, height: 768 };

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
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

export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Errors in the browser console (and uncaught page errors) so far. */
  readonly errors: string[];
}

export interface PersonOptions {
  /** Where the person is (default China's time zone). */
  readonly timezoneId?: string;
  /** Whether downloads (CSV exports) are kept for the test to read. */
  readonly acceptDownloads?: boolean;
  /** What the person's system asks for (default reduce, see above). */
  readonly reducedMotion?: 'reduce' | 'no-preference';
}

/** A fresh browser profile (its own cookies) whose console errors are collected. */
export async function openPerson(
  browser: Browser,
  { timezoneId = 'Asia/Shanghai', acceptDownloads = false, reducedMotion = 'reduce' }: PersonOptions = {},
): Promise<Person> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId, acceptDownloads, reducedMotion });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { context, page, errors };
}

/** A full-page PNG in `folder`, once animations (modals, messages) have settled. */
export async function screenshot(page: Page, folder: string, name: string): Promise<void> {
  await sleep(400);
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
}

/** Signs in on the console's sign-in page (the user has set their own password). */
export async function signInAt(page: Page, base: string, name: string, password: string): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/console\/invoices$/);
}

/** Picks an option of an antd Select (its dropdown is rendered apart, at the end of the page). */
export async function choose(page: Page, select: ReturnType<Page['getByLabel']>, option: string): Promise<void> {
  await select.click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * Opens a page of a submenu of the console's side menu as a person does:
 * the submenu (unless it is open already), then its entry, until the
 * address is `url`. On a slow machine a click can land while the submenu
 * is still unfolding and open nothing; a person clicks again, and so does
 * this, up to three times.
 */
export async function openFromSubmenu(page: Page, submenu: string, entry: string, url: RegExp): Promise<void> {
  const item = page.getByRole('menuitem', { name: entry });
  for (let attempt = 1; ; attempt++) {
    if (!(await item.isVisible())) await page.getByRole('menuitem', { name: submenu }).click();
    await item.click();
    try {
      await page.waitForURL(url, { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
