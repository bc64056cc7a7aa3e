import { existsSync } from 'node:fs';

import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium, launched as test/support/browser.ts launches it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`bench:console needs Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** What the browser itself measured for one page load, in ms from navigation start. */
export interface PageTiming {
  /** The console's `console:overview-ready` mark: the overview's figures are on screen (null for a plain page). */
  readyMs: number | null;
  responseEndMs: number;
  domInteractiveMs: number;
  loadEventEndMs: number;
  /** Requests the page made, by kind, and the API calls among them (path without query). */
  requests: number;
  apiCalls: string[];
  /** The page's fetches of /v1 as its resource timing saw them: when each started and ended. */
  apiTimeline: Array<{ call: string; startMs: number; endMs: number }>;
  /** Bytes over the wire (compressed) for everything the page fetched. */
  transferBytes: number;
  /** The overview's NPS n as shown, and the n of the headline the page fetched (the check). */
  shownNpsN?: string;
  fetchedNpsN?: number;
}

interface BrowserTimings {
  ready: number | null;
  responseEnd: number;
  domInteractive: number;
  loadEventEnd: number;
  transfer: number;
  api: Array<{ call: string; startMs: number; endMs: number }>;
}

/**
 * Opens `path` in a new browser context (a cold cache: nothing shared with earlier loads), with
 * the session cookie when given, and reads the browser's own timing: navigation timing and, for
 * the console, the ready mark, waited for up to `timeoutMs`.
 */
export async function timePageLoad(
  browser: Browser,
  baseUrl: string,
  path: string,
  opts: { sessionCookie?: string; waitForReady: boolean; timeZone: string; timeoutMs?: number },
): Promise<PageTiming> {
  const context = await browser.newContext({
    locale: 'en-GB',
    timezoneId: opts.timeZone,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  try {
    if (opts.sessionCookie)
      await context.addCookies([
        { name: 'palaute_session', value: opts.sessionCookie, url: baseUrl, httpOnly: true, sameSite: 'Lax' },
      ]);
    const page = await context.newPage();
    let requests = 0;
    const apiCalls: string[] = [];
    let fetched: Promise<number | undefined> = Promise.resolve(undefined);
    page.on('request', (r) => {
      requests += 1;
      const url = new URL(r.url());
      if (url.pathname.startsWith('/v1/')) apiCalls.push(`${r.method()} ${url.pathname}`);
    });
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/v1/scores' && url.searchParams.get('interval') === 'day')
        fetched = r.json().then(
          (b: { nps?: { n?: number } }) => b.nps?.n,
          () => undefined,
        );
    });
    const timeout = opts.timeoutMs ?? 60_000;
    await page.goto(`${baseUrl}${path}`, { waitUntil: 'load', timeout });
    if (opts.waitForReady)
      await page.waitForFunction(() => performance.getEntriesByName('console:overview-ready').length > 0, undefined, {
        timeout,
      });
    // Resource timing lists a fetch once it has ended: let the calls still running after the mark end too.
    await page.waitForLoadState('networkidle', { timeout });
    const t: BrowserTimings = await page.evaluate(() => {
      // Run in the page: the browser's Performance, typed here by hand (the bench compiles without the DOM library).
      const perf = performance as unknown as {
        getEntriesByType(type: string): Array<Record<string, number>>;
        getEntriesByName(name: string): Array<{ startTime: number }>;
      };
      const nav = perf.getEntriesByType('navigation')[0];
      const ready = perf.getEntriesByName('console:overview-ready')[0];
      const resources = perf.getEntriesByType('resource') as unknown as Array<{
        name: string;
        startTime: number;
        responseEnd: number;
        transferSize: number;
      }>;
      return {
        ready: ready ? ready.startTime : null,
        responseEnd: nav.responseEnd,
        domInteractive: nav.domInteractive,
        loadEventEnd: nav.loadEventEnd,
        transfer: nav.transferSize + resources.reduce((a, r) => a + r.transferSize, 0),
        api: resources
          .filter((r) => new URL(r.name).pathname.startsWith('/v1/'))
          .map((r) => {
            const u = new URL(r.name);
            const detail = u.searchParams.get('groupBy') ?? u.searchParams.get('interval') ?? '';
            return { call: `${u.pathname}${detail ? ` ${detail}` : ''}`, startMs: r.startTime, endMs: r.responseEnd };
          }),
      };
    });
    const shownNpsN = opts.waitForReady
      ? ((await page.locator('[data-testid="nps-n"]').first().textContent({ timeout })) ?? undefined)
      : undefined;
    return {
      readyMs: t.ready,
      responseEndMs: t.responseEnd,
      domInteractiveMs: t.domInteractive,
      loadEventEndMs: t.loadEventEnd,
      requests,
      apiCalls,
      apiTimeline: t.api,
      transferBytes: t.transfer,
      shownNpsN,
      fetchedNpsN: await fetched,
    };
  } finally {
    await context.close();
  }
}
