import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser builds cannot be downloaded on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

/** A headless Chromium, or an error saying how to get one: the browser suites never skip silently. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The console's browser tests need Chromium at ${CHROMIUM}, and it is not there. ` +
        `Install Debian's package (apt-get install -y chromium), or point CHROMIUM_PATH at a Chromium binary.`,
    );
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A fresh browser profile as a person in Finland would have it: their language, their zone, a laptop screen. */
export function consoleContext(browser: Browser, locale = 'en-GB'): Promise<BrowserContext> {
  return browser.newContext({
    locale,
    timezoneId: 'Europe/Helsinki',
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
}

/** Serious and critical axe-core findings on the page as it stands (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');

/** A screenshot for the README, written under docs/screenshots/ (committed when the screens change). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
