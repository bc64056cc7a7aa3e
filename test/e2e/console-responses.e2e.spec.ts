import { readFile } from 'node:fs/promises';

import type { Browser, Page } from 'playwright-core';

import { consoleContext, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { type ConsoleData, seedConsoleData } from '../support/console-seed';
import { addUser, type Session, signIn } from '../support/people';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The responses screens in headless Chromium against the whole service: the list narrowed to a
 * team's detractors shows what GET /v1/responses answers for the same query, a response page shows
 * its answers as the API holds them, the export link downloads what the export route gives for the
 * same filter, and all of it works from the keyboard and passes axe in English and Finnish.
 */
describe('the responses screens in a browser', () => {
  let t: TestApp;
  let data: ConsoleData;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    data = await seedConsoleData(t);
    // The seed writes bare rows; these read as the survey page leaves them: answered to the end, and
    // invited when the invitation was sent (so the delivery history reads in order).
    await t.db.query(`UPDATE responses SET completed = true, completed_at = created_at WHERE workspace_id = $1`, [
      data.workspaceId,
    ]);
    await t.db.query(`UPDATE invitations SET created_at = send_at, updated_at = send_at WHERE workspace_id = $1`, [
      data.workspaceId,
    ]);
    await addUser(t, data.apiKey, { email: 'aino@acme.fi', role: 'analyst' });
    // Reads the console in Finnish (the language switch would write an English reader's profile).
    await addUser(t, data.apiKey, { email: 'eino@acme.fi', role: 'analyst', locale: 'fi' });
    await addUser(t, data.apiKey, { email: 'ville@acme.fi', role: 'agent', team: 'Billing' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const sessions = new Map<string, Session>();

  /**
   * A signed-in page: the session from the dev outbox's link, handed to the browser as its cookie.
   * One sign-in per person for the file (sign-in links are rate limited per address).
   */
  async function signedIn(email: string, locale = 'en-GB'): Promise<Page> {
    if (!sessions.has(email)) sessions.set(email, await signIn(t, email));
    const session = sessions.get(email)!;
    const context = await consoleContext(browser, locale);
    const [name, value] = session.cookie.split('=');
    await context.addCookies([{ name, value, url: t.baseUrl }]);
    return context.newPage();
  }

  const api = async (path: string) => {
    const res = await t.api('GET', path, { key: data.apiKey });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** The query the screen asked for, read from its own export link (the list and the export share it). */
  async function screenQuery(page: Page): Promise<URLSearchParams> {
    const href = await page.getByTestId('export-csv').getAttribute('href');
    const q = new URLSearchParams(href!.split('?')[1]);
    q.delete('format');
    return q;
  }

  const rowIds = (page: Page) =>
    page.locator('table.responses tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-response-id')));

  /** Waits until the table shows exactly `ids`, in order. */
  async function expectRows(page: Page, ids: string[]): Promise<void> {
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(ids) || null, 15_000).catch(
      async () => expect(await rowIds(page)).toEqual(ids),
    );
  }

  it('narrows to the detractors of team Support and shows what GET /v1/responses answers for the same query', async () => {
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses`);
    await page.getByRole('heading', { name: 'Responses', level: 1 }).waitFor();
    await page.locator('table.responses tbody tr').first().waitFor();

    await page.getByLabel('Team').selectOption('Support');
    await page.waitForURL(/team=Support/);
    await page.getByLabel('Detractors (0–6)').check();
    await page.waitForURL(/band=detractor/);

    const query = await screenQuery(page);
    expect(Object.fromEntries(query)).toMatchObject({ team: 'Support', band: 'detractor' });
    const answer = await api(`/v1/responses?${query}&limit=50`);
    expect(answer.data.length).toBeGreaterThan(5);
    expect(answer.nextCursor).toBeNull();
    // The API's answer is the filter it claims to be: Support's, every NPS answer 0–6.
    for (const r of answer.data) {
      expect(r.team).toBe('Support');
      expect(r.answers.find((a: { questionId: string }) => a.questionId === 'q1').value).toBeLessThanOrEqual(6);
    }
    await expectRows(
      page,
      answer.data.map((r: { id: string }) => r.id),
    );
    await expect(page.getByTestId('responses-shown').textContent()).resolves.toBe(
      `${answer.data.length} responses shown; that is all that match.`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'responses');

    const fi = await signedIn('eino@acme.fi', 'fi-FI');
    await fi.goto(`${t.baseUrl}/app/responses?${new URL(page.url()).searchParams}`);
    await fi.getByRole('heading', { name: 'Vastaukset', level: 1 }).waitFor();
    await expect(fi.getByLabel('Arvostelijat (0–6)').isChecked()).resolves.toBe(true);
    await expectRows(
      fi,
      answer.data.map((r: { id: string }) => r.id),
    );
    expect(await seriousViolations(fi)).toEqual([]);
  }, 90_000);

  it('pages with Load more through nextCursor, as the API pages', async () => {
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses`);
    await page.locator('table.responses tbody tr').first().waitFor();
    const query = await screenQuery(page);
    const first = await api(`/v1/responses?${query}&limit=50`);
    const second = await api(`/v1/responses?${query}&limit=50&cursor=${first.nextCursor}`);
    await expectRows(
      page,
      first.data.map((r: { id: string }) => r.id),
    );
    await page.getByRole('button', { name: 'Load more' }).click();
    await expectRows(
      page,
      [...first.data, ...second.data].map((r: { id: string }) => r.id),
    );
    await expect(page.getByTestId('responses-shown').textContent()).resolves.toBe('100 responses shown; more match.');
  }, 60_000);

  it('opens a detractor’s response and shows its answers and comment as the API holds them', async () => {
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses?team=Support&band=detractor&commented=true`);
    const firstRow = page.locator('table.responses tbody tr').first();
    await firstRow.waitFor();
    const id = (await firstRow.getAttribute('data-response-id'))!;
    await firstRow.getByRole('link').click();
    await page.waitForURL(new RegExp(`/app/responses/${id}\\?`));

    const held = await api(`/v1/responses/${id}`);
    await page.getByRole('heading', { level: 1, name: `Response from ${held.contact.externalId}` }).waitFor();
    const answers = page.locator('table.answers tbody tr');
    await expect(answers.count()).resolves.toBe(held.answers.length);
    for (const a of held.answers) {
      const row = page.locator(`table.answers tr[data-question-id="${a.questionId}"]`);
      await expect(row.locator('th').textContent()).resolves.toBe(a.question.text.en);
      await expect(row.getByTestId('answer-value').textContent()).resolves.toContain(String(a.value));
    }
    const nps = held.answers.find((a: { type: string }) => a.type === 'nps');
    expect(nps.value).toBeLessThanOrEqual(6);
    const why = held.answers.find((a: { questionId: string }) => a.questionId === 'why');
    expect(why.value).toEqual(expect.any(String));
    await expect(page.locator('tr[data-question-id="why"]').textContent()).resolves.toContain(why.value);
    // The journey and the delivery, as the API has them.
    await expect(page.locator('table.properties').textContent()).resolves.toContain(held.journey.properties.agent);
    await expect(page.getByRole('heading', { name: 'Delivery' }).isVisible()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'response');

    // The way back keeps the filters.
    await page.getByRole('link', { name: /Back to responses/ }).click();
    await page.waitForURL(/\/app\/responses\?.*band=detractor/);
    const fi = await signedIn('eino@acme.fi', 'fi-FI');
    await fi.goto(`${t.baseUrl}/app/responses/${id}`);
    await fi.getByRole('heading', { level: 1, name: `Vastaus: ${held.contact.externalId}` }).waitFor();
    await expect(fi.locator('tr[data-question-id="q1"] th').textContent()).resolves.toBe(nps.question.text.fi);
    expect(await seriousViolations(fi)).toEqual([]);
  }, 90_000);

  it('downloads a CSV of the current filter whose rows are the export route’s for the same query', async () => {
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses?team=Support&band=detractor`);
    await page.locator('table.responses tbody tr').first().waitFor();
    const shown = await rowIds(page);
    const query = await screenQuery(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^responses-\d{4}-\d{2}-\d{2}\.csv$/);
    const downloaded = await readFile((await download.path())!, 'utf8');
    const res = await fetch(`${t.baseUrl}/v1/responses/export?format=csv&${query}`, {
      headers: { authorization: `Bearer ${data.apiKey}` },
    });
    expect(res.status).toBe(200);
    const lines = (text: string) =>
      text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
    expect(lines(downloaded)).toEqual(lines(await res.text()));
    // And they are the responses the list shows (the export is oldest first).
    const [header, ...rows] = lines(downloaded);
    const idAt = header.split(',').indexOf('responseId');
    expect(rows.map((r) => r.split(',')[idAt]).sort()).toEqual([...shown].sort());
  }, 60_000);

  it('narrows to a tag an analyst gave, and exports that', async () => {
    const [tagged] = (await api('/v1/responses?band=promoter&limit=1')).data;
    expect(
      (await t.api('PUT', `/v1/responses/${tagged.id}/tags`, { key: data.apiKey, body: { tags: ['VIP'] } })).status,
    ).toBe(200);
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses`);
    await page.locator('table.responses tbody tr').first().waitFor();
    await page.getByLabel('Tag').selectOption('vip');
    await page.waitForURL(/tag=vip/);
    await expectRows(page, [tagged.id]);
    expect(Object.fromEntries(await screenQuery(page))).toMatchObject({ tag: 'vip' });
  }, 60_000);

  it('works from the keyboard alone: Tab to a response and open it with Enter', async () => {
    const page = await signedIn('aino@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses?band=promoter`);
    await page.locator('table.responses tbody tr').first().waitFor();
    let rowId: string | null = null;
    for (let i = 0; i < 60 && !rowId; i++) {
      await page.keyboard.press('Tab');
      const focusedRow = page.locator('table.responses tr[data-response-id]:has(a:focus)');
      if (await focusedRow.count()) rowId = await focusedRow.getAttribute('data-response-id');
    }
    expect(rowId).not.toBeNull();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/app/responses/${rowId}`));
    await page.getByRole('heading', { level: 1, name: /^Response from / }).waitFor();
  }, 60_000);

  it('shows an agent only their team’s responses, with no export', async () => {
    const page = await signedIn('ville@acme.fi');
    await page.goto(`${t.baseUrl}/app/responses`);
    await page.locator('table.responses tbody tr').first().waitFor();
    const teams = await page.locator('table.responses tbody tr td:last-child').allTextContents();
    expect(new Set(teams)).toEqual(new Set(['Billing']));
    await expect(page.getByTestId('export-csv').count()).resolves.toBe(0);
    await expect(page.getByText('You see your own team’s responses (Billing).').isVisible()).resolves.toBe(true);
  }, 60_000);
});
