import type { Browser, Page } from 'playwright-core';

import { consoleContext, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { type ConsoleData, seedConsoleData } from '../support/console-seed';
import { linksIn } from '../support/people';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The console as a person meets it, in headless Chromium against the whole service: invited,
 * signed in through the link that arrives at a real SMTP server, the overview's figures the
 * same as the API's, with and without a team filter.
 */
describe('the console in a browser', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let data: ConsoleData;
  let browser: Browser;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ SMTP_URL: smtp.url });
    data = await seedConsoleData(t);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp.stop();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));

  /** Signs in through the page and the emailed link, as a person would. */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${t.baseUrl}/app`);
    await page.waitForURL(/\/app\/sign-in/);
    const seen = mailsTo(email).length;
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').waitFor();
    const mail = await eventually(async () => mailsTo(email)[seen], 20_000);
    const [token] = linksIn(mail.parsed.text ?? '');
    await page.goto(`${t.baseUrl}/auth/callback?token=${token}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${t.baseUrl}/app**`);
  }

  const scores = async (query: Record<string, string>) => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const qs = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), ...query });
    const res = await t.api('GET', `/v1/scores?${qs}`, { key: data.apiKey });
    expect(res.status).toBe(200);
    return res.body;
  };

  const en = (x: number) => x.toFixed(1);

  async function expectNpsCard(page: Page, nps: { score: number; n: number; interval: { low: number; high: number } }) {
    await expect(page.getByTestId('nps-score').textContent()).resolves.toBe(en(nps.score));
    await expect(page.getByTestId('nps-n').textContent()).resolves.toBe(`n = ${nps.n.toLocaleString('en-GB')}`);
    await expect(page.getByTestId('nps-interval').textContent()).resolves.toContain(
      `95% CI ${en(nps.interval.low)} to ${en(nps.interval.high)}`,
    );
  }

  it('invites an analyst, who signs in through the emailed link and sees the API’s NPS, n and interval', async () => {
    const invited = await t.api('POST', '/v1/users', {
      key: data.apiKey,
      body: { email: 'lea@acme.fi', role: 'analyst', name: 'Lea Virtanen' },
    });
    expect(invited.status).toBe(201);
    const page = await (await consoleContext(browser)).newPage();
    await signIn(page, 'lea@acme.fi');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByTestId('nps-score').waitFor();

    const all = await scores({});
    expect(all.nps.n).toBe(240);
    await expectNpsCard(page, all.nps);
    await screenshot(page, 'overview');

    await page.getByLabel('Team').selectOption('Support');
    await page.waitForURL(/team=Support/);
    const support = await scores({ 'properties.team': 'Support' });
    expect(support.nps.n).toBe(80);
    await eventually(async () => (await page.getByTestId('nps-n').textContent()) === 'n = 80' || null);
    await expectNpsCard(page, support.nps);

    // The link carries the view: a colleague opening it sees the same figures.
    const colleague = await (await consoleContext(browser)).newPage();
    await colleague.context().addCookies(await page.context().cookies());
    await colleague.goto(page.url());
    await colleague.getByTestId('nps-n').waitFor();
    await expectNpsCard(colleague, support.nps);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('reads in Finnish from the browser’s language, passes axe, works from the keyboard and keeps the choice on the profile', async () => {
    await t.api('POST', '/v1/users', { key: data.apiKey, body: { email: 'aino@acme.fi', role: 'admin' } });
    const context = await consoleContext(browser, 'fi-FI');
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/app`);
    await page.getByRole('heading', { name: 'Kirjaudu Palautteeseen' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard only: the field has focus, type, Enter submits.
    const seen = mailsTo('aino@acme.fi').length;
    await page.keyboard.type('aino@acme.fi');
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    const mail = await eventually(async () => mailsTo('aino@acme.fi')[seen], 20_000);
    const [token] = linksIn(mail.parsed.text ?? '');
    await page.goto(`${t.baseUrl}/auth/callback?token=${token}`);
    expect(await seriousViolations(page)).toEqual([]);
    // The key goes to the one button (a person reads the page; a mail scanner opening the link uses nothing up).
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Yleiskuva', level: 1 }).waitFor();
    await page.getByTestId('nps-score').waitFor();
    expect(await page.getByTestId('nps-interval').textContent()).toMatch(/95 %:n luottamusväli -?\d+,\d…-?\d+,\d/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'overview-fi');

    // The skip link is the first stop and lands on the content; the navigation follows the header.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Siirry sisältöön');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');
    await page.getByRole('link', { name: 'Vertailut' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/breakdowns/);

    // Switching the language is the person's choice, kept on their profile.
    await page.getByLabel('Kieli').selectOption('sv');
    await page.getByRole('link', { name: 'Översikt' }).waitFor();
    const user = await eventually(async () => {
      const rows = await t.db.query(`SELECT locale FROM users WHERE email = 'aino@acme.fi'`);
      return rows[0]?.locale === 'sv' ? rows[0] : null;
    });
    expect(user.locale).toBe('sv');

    // The link again: refused with a page that says why, in the language the person now reads.
    const again = await page.goto(`${t.baseUrl}/auth/callback?token=${token}`);
    expect(again?.status()).toBe(410);
    await page.getByRole('heading', { name: 'Inloggningslänken har redan använts' }).waitFor();
  }, 60_000);
});
