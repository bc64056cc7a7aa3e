import type { Browser, Page } from 'playwright-core';

import { consoleContext, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { type ConsoleData, seedConsoleData } from '../support/console-seed';
import { addUser, type Session, signIn } from '../support/people';
import { eventually, startTestApp, TestApp } from '../support/test-app';

interface Figure {
  n: number;
  score: number | null;
  interval: { low: number; high: number } | null;
  tooFewToJudge: boolean;
}

const TEAM = 'properties.team';

/**
 * The breakdowns screen in headless Chromium: an analyst's leaderboard of teams carries the API's
 * n, score and interval for the same period, sorts from the keyboard, never ranks apart two teams
 * whose intervals overlap, and opens a team's responses.
 */
describe('the breakdowns screen in a browser', () => {
  let t: TestApp;
  let data: ConsoleData;
  let browser: Browser;
  let session: Session;

  beforeAll(async () => {
    t = await startTestApp();
    data = await seedConsoleData(t);
    await addUser(t, data.apiKey, { email: 'lea@acme.fi', role: 'analyst' });
    session = await signIn(t, 'lea@acme.fi');
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A browser already signed in: the session cookie from the link, as the callback would set it. */
  async function open(path: string, locale = 'en-GB'): Promise<{ page: Page; scoreQueries: URL[] }> {
    const context = await consoleContext(browser, locale);
    const at = session.cookie.indexOf('=');
    await context.addCookies([
      { name: session.cookie.slice(0, at), value: session.cookie.slice(at + 1), url: t.baseUrl },
    ]);
    const page = await context.newPage();
    // The screen's own query carries the zone; the filter bar's lists of values do not.
    const scoreQueries: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/v1/scores' && url.searchParams.get('groupBy') === TEAM && url.searchParams.has('tz'))
        scoreQueries.push(url);
    });
    await page.goto(`${t.baseUrl}${path}`);
    await page.getByTestId('leaderboard').waitFor();
    return { page, scoreQueries };
  }

  /** GET /v1/scores by team with the API key, for the same from, to and zone as the page asked for. */
  async function apiTeams(asked: URL): Promise<Map<string, Figure>> {
    const qs = new URLSearchParams({ groupBy: TEAM });
    for (const k of ['from', 'to', 'tz']) qs.set(k, asked.searchParams.get(k)!);
    const res = await t.api('GET', `/v1/scores?${qs}`, { key: data.apiKey });
    expect(res.status).toBe(200);
    return new Map(res.body.groups.map((g: { key: Record<string, string>; nps: Figure }) => [g.key[TEAM], g.nps]));
  }

  const rowTexts = (page: Page) =>
    page.getByTestId('slice').evaluateAll((rows) =>
      rows.map((r) => ({
        key: r.getAttribute('data-key')!,
        rank: r.querySelector('[data-testid=rank]')!.textContent!,
        n: r.querySelector('[data-testid=n]')!.textContent!,
        score: r.querySelector('[data-testid=score]')!.textContent!,
        interval: r.querySelector('[data-testid=interval]')!.textContent!,
      })),
    );

  /** Tab from where the focus is until it rests on the element with this accessible text (no mouse). */
  async function tabTo(page: Page, text: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press(key);
      const focused = ((await page.locator(':focus').textContent({ timeout: 2000 })) ?? '').trim();
      if (focused.startsWith(text)) return;
    }
    throw new Error(`Tab never reached "${text}"`);
  }

  const en = (x: number) => x.toFixed(1);
  const parseRank = (label: string) => {
    const [best, worst = best] = label.split('–').map(Number);
    return { best, worst };
  };
  const overlap = (a: Figure, b: Figure) => a.interval!.low <= b.interval!.high && b.interval!.low <= a.interval!.high;

  it('shows each team’s n, score and interval as the API does, ranked only as far as the intervals allow', async () => {
    const { page, scoreQueries } = await open('/app/breakdowns?by=team&metric=nps');
    await page.getByRole('heading', { name: 'Breakdowns', level: 1 }).waitFor();
    const asked = await eventually(async () => scoreQueries.at(-1) ?? null);
    const teams = await apiTeams(asked);
    expect([...teams.keys()].sort()).toEqual(['Billing', 'Onboarding', 'Support']);

    const rows = await rowTexts(page);
    expect(rows.map((r) => r.key).sort()).toEqual(['Billing', 'Onboarding', 'Support']);
    for (const row of rows) {
      const f = teams.get(row.key)!;
      expect(f.tooFewToJudge).toBe(false);
      expect(row.n).toBe(f.n.toLocaleString('en-GB'));
      expect(row.score).toBe(en(f.score!));
      expect(row.interval).toBe(`${en(f.interval!.low)} to ${en(f.interval!.high)}`);
    }

    // The ranks are what the API's intervals allow: above me only those wholly above, below only those wholly below.
    const ranked = [...teams.entries()];
    for (const row of rows) {
      const me = teams.get(row.key)!;
      const above = ranked.filter(([k, o]) => k !== row.key && o.interval!.low > me.interval!.high).length;
      const below = ranked.filter(([k, o]) => k !== row.key && o.interval!.high < me.interval!.low).length;
      expect(parseRank(row.rank)).toEqual({ best: 1 + above, worst: ranked.length - below });
    }
    let overlapping = 0;
    for (const a of rows)
      for (const b of rows) {
        if (a.key >= b.key || !overlap(teams.get(a.key)!, teams.get(b.key)!)) continue;
        overlapping++;
        const [ra, rb] = [parseRank(a.rank), parseRank(b.rank)];
        expect(ra.worst >= rb.best && rb.worst >= ra.best).toBe(true);
      }
    // The seed makes neighbours overlap (Billing happiest, Support least, Onboarding between).
    expect(overlapping).toBeGreaterThan(0);
    await expect(page.getByText(/Ranks are shared wherever the 95% intervals overlap/).isVisible()).resolves.toBe(true);

    await screenshot(page, 'breakdowns');
    expect(await seriousViolations(page)).toEqual([]);

    // On paper the controls go and the headings stay.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Score' }).isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('sorts by score, n and name from the keyboard, with the state in the URL and aria-sort', async () => {
    const { page, scoreQueries } = await open('/app/breakdowns?by=team&metric=nps');
    const teams = await apiTeams(await eventually(async () => scoreQueries.at(-1) ?? null));
    const order = async () => (await rowTexts(page)).map((r) => r.key);
    const sortOf = (header: string) => page.getByRole('columnheader', { name: header }).getAttribute('aria-sort');
    /** The URL changes a moment before the table does: wait for the header to say how it is sorted. */
    const sortedBy = async (url: RegExp, header: string, dir: 'ascending' | 'descending') => {
      await page.waitForURL(url);
      await eventually(async () => (await sortOf(header)) === dir || null);
    };

    await page.getByLabel('Measure').focus();
    await tabTo(page, 'Score');
    await page.keyboard.press('Enter');
    await sortedBy(/sort=score&dir=desc/, 'Score', 'descending');
    const byScore = [...teams.entries()].sort((a, b) => b[1].score! - a[1].score!).map(([k]) => k);
    await eventually(async () => JSON.stringify(await order()) === JSON.stringify(byScore) || null);
    expect(await sortOf('Rank')).toBeNull();

    await page.keyboard.press('Space');
    await sortedBy(/sort=score&dir=asc/, 'Score', 'ascending');
    await eventually(async () => JSON.stringify(await order()) === JSON.stringify([...byScore].reverse()) || null);

    await tabTo(page, 'Answers', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await sortedBy(/sort=n&dir=desc/, 'Answers', 'descending');
    const counts = (await rowTexts(page)).map((r) => Number(r.n.replace(/\D/g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    await tabTo(page, 'Team', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await sortedBy(/sort=name&dir=asc/, 'Team', 'ascending');
    await eventually(
      async () => JSON.stringify(await order()) === JSON.stringify(['Billing', 'Onboarding', 'Support']) || null,
    );

    // The sorted view is a link: opened again, it is the same table.
    const again = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    expect((await rowTexts(again.page)).map((r) => r.key)).toEqual(['Billing', 'Onboarding', 'Support']);
    expect(await again.page.getByRole('columnheader', { name: 'Team' }).getAttribute('aria-sort')).toBe('ascending');
  }, 60_000);

  it('opens a team’s responses with the same filters, by click and by Enter', async () => {
    const { page } = await open('/app/breakdowns?by=team&metric=nps&period=90d');
    await page.getByRole('link', { name: 'Support', exact: true }).click();
    await page.waitForURL(/\/app\/responses\?/);
    const clicked = new URL(page.url()).searchParams;
    expect(clicked.get('team')).toBe('Support');
    expect(clicked.get('period')).toBe('90d');
    expect(clicked.get('tz')).toBe('Europe/Helsinki');

    await page.goBack();
    await page.getByTestId('leaderboard').waitFor();
    await page.getByLabel('Measure').focus();
    await tabTo(page, 'Billing');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/responses\?.*team=Billing/);
    expect(new URL(page.url()).searchParams.get('period')).toBe('90d');
  }, 60_000);

  it('breaks down by channel and by location too', async () => {
    const { page } = await open('/app/breakdowns?by=channel&metric=csat');
    expect((await rowTexts(page)).map((r) => r.key).sort()).toEqual(['email', 'sms']);
    await page.getByRole('link', { name: 'Email', exact: true }).click();
    await page.waitForURL(/\/app\/responses\?/);
    expect(new URL(page.url()).searchParams.get('channel')).toBe('email');

    // The seed's journeys carry no location: the API has no group to show, and the screen says why.
    await page.goto(`${t.baseUrl}/app/breakdowns?by=location`);
    await expect(page.getByTestId('no-data').textContent()).resolves.toBe(
      'No answers in this period have a value for “Location”.',
    );
  }, 60_000);

  it('reads in Finnish, in Finnish numbers, with nothing serious for axe', async () => {
    const { page } = await open('/app/breakdowns?by=team&metric=nps', 'fi-FI');
    await page.getByRole('heading', { name: 'Vertailut', level: 1 }).waitFor();
    await expect(page.getByText(/Ryhmät jakavat sijan aina/).isVisible()).resolves.toBe(true);
    const rows = await rowTexts(page);
    expect(rows[0]!.score).toMatch(/^−?\d+,\d$/);
    expect(rows[0]!.interval).toMatch(/^−?\d+,\d…−?\d+,\d$/);
    expect(await seriousViolations(page)).toEqual([]);

    // A short period leaves every team with too few answers: listed apart, none ranked.
    await page.getByLabel('Aikaväli').selectOption('7d');
    await page.waitForURL(/period=7d/);
    await page.getByText(/Liian vähän vastauksia sijoitukseen/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
