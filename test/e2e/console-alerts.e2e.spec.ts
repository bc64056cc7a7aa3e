import type { Browser, Locator, Page } from 'playwright-core';

import { postForm } from '../integration/api-helpers';
import { consoleContext, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { type ConsoleData, seedConsoleData } from '../support/console-seed';
import { addUser, openLink, requestLink } from '../support/people';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The alerts inbox in headless Chromium against the whole service: the seeded detractors raise
 * alerts through the follow-up worker, a new one arrives through the survey page while two people
 * watch, an agent of Support works it with the keyboard alone, and a second browser sees it move
 * from open to resolved without a reload (the workspace stream, GET /v1/live).
 */
describe('the alerts inbox in a browser', () => {
  let t: TestApp;
  let data: ConsoleData;
  let browser: Browser;
  let second: Browser;
  const agent = 'aino@acme.fi';
  const admin = 'lea@acme.fi';
  const analyst = 'olli@acme.fi';

  beforeAll(async () => {
    t = await startTestApp();
    data = await seedConsoleData(t);
    await raiseSeededAlerts();
    await addUser(t, data.apiKey, { email: agent, role: 'agent', team: 'Support' });
    await addUser(t, data.apiKey, { email: admin, role: 'admin' });
    await addUser(t, data.apiKey, { email: analyst, role: 'analyst' });
    [browser, second] = await Promise.all([launchBrowser(), launchBrowser()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), second?.close()]);
    await t?.close();
  });

  /**
   * The seeded answers are partial responses, due for follow-up an hour after they were written.
   * Completing the last four weeks' answers queues them at once (the database's own trigger), and
   * the follow-up worker running in the app raises the detractors' alerts, as for any finished reply.
   */
  async function raiseSeededAlerts(): Promise<void> {
    const done = await t.db.query(
      `UPDATE responses SET completed = true, completed_at = created_at
       WHERE workspace_id = $1 AND created_at > now() - interval '28 days' RETURNING id`,
      [data.workspaceId],
    );
    expect(done.length).toBe(240);
    await eventually(async () => {
      const [{ waiting }] = await t.db.query(
        `SELECT count(*)::int AS waiting FROM response_followups f JOIN responses r ON r.id = f.response_id
         WHERE r.workspace_id = $1 AND f.done_at IS NULL AND f.due_at <= now()`,
        [data.workspaceId],
      );
      return waiting === 0;
    }, 30_000);
  }

  const api = async (path: string) => {
    const res = await t.api('GET', path, { key: data.apiKey });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** A browser profile signed in as `email` (link from the dev outbox, cookie handed to the browser). */
  async function signedIn(on: Browser, email: string, locale = 'en-GB'): Promise<Page> {
    const opened = await openLink(t, await requestLink(t, email));
    const cookie = opened.setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('palaute_session='))!;
    const context = await consoleContext(on, locale);
    await context.addCookies([{ name: 'palaute_session', value: cookie.split('=')[1], url: t.baseUrl }]);
    return context.newPage();
  }

  async function openInbox(page: Page, query = ''): Promise<void> {
    await page.goto(`${t.baseUrl}/app/alerts${query}`);
    await page.locator('h1').waitFor();
    await page.locator('.inbox-table, .inbox-list p').first().waitFor();
  }

  const waitLive = (page: Page) => page.locator('[data-live-state="live"]').waitFor({ timeout: 10_000 });

  const hasFocus = (l: Locator) => l.evaluate((el: any) => el === el.ownerDocument.activeElement);

  /** Presses Tab until `target` has focus: the keyboard's way to a control. */
  async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (await hasFocus(target)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  const rowOf = (page: Page, id: string) => page.locator(`tr[data-alert-row="${id}"]`);
  const stateOf = (page: Page, id: string) => rowOf(page, id).locator('td').last();
  const teamsShown = (page: Page) => page.locator('.inbox-table tbody tr td:nth-child(4)').allTextContents();
  /** Marks the document: a reload or navigation away would lose the mark. */
  const mark = (page: Page) => page.evaluate(() => ((globalThis as any).stay = true));
  const stillMarked = (page: Page) => page.evaluate(() => (globalThis as any).stay === true);

  it('an agent sees only Support’s alerts and resolves a new one by keyboard while a second browser watches it move live', async () => {
    const agentPage = await signedIn(browser, agent);
    const watcher = await signedIn(second, admin);
    await openInbox(agentPage);
    await openInbox(watcher, '?status=all');
    await Promise.all([waitLive(agentPage), waitLive(watcher)]);

    // The agent's queue is Support's open alerts, as the API lists them.
    const support = await api('/v1/alerts?status=open&team=Support&limit=500');
    expect(support.data.length).toBeGreaterThan(5);
    await eventually(async () => (await teamsShown(agentPage)).length === support.data.length || null);
    expect(new Set(await teamsShown(agentPage))).toEqual(new Set(['Support']));
    const billing = (await api('/v1/alerts?team=Billing&limit=1')).data[0];
    expect(await rowOf(agentPage, billing.id).count()).toBe(0);
    await mark(agentPage);
    await mark(watcher);

    // A detractor answers on the survey page: the alert appears in both inboxes and is announced.
    const [invitation] = await t.db.query(
      `SELECT i.token FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id
       WHERE i.workspace_id = $1 AND r.id IS NULL AND i.properties->>'team' = 'Support' LIMIT 1`,
      [data.workspaceId],
    );
    const comment = 'I waited an hour on the phone and nobody called me back';
    const page = await postForm(t, invitation.token, {
      _shown: 'q1,csat,ces,why',
      q1: '2',
      csat: '1',
      ces: '2',
      why: comment,
    });
    expect(page.status).toBe(200);
    const raised = await eventually(async () =>
      (await api('/v1/alerts?limit=5')).data.find((a: any) => a.comment === comment),
    );
    for (const p of [agentPage, watcher]) {
      await rowOf(p, raised.id).waitFor({ timeout: 10_000 });
      await eventually(
        async () => (await p.getByTestId('live-arrival').textContent()) === 'New alert for team Support.' || null,
      );
    }
    expect(await stateOf(watcher, raised.id).textContent()).toBe('Open');

    // The agent, keyboard only: the arrows walk the list, Enter opens the new alert at its top.
    const link = rowOf(agentPage, raised.id).getByRole('link');
    await tabTo(agentPage, link);
    await agentPage.keyboard.press('ArrowDown');
    expect(await hasFocus(link)).toBe(false);
    await agentPage.keyboard.press('ArrowUp');
    expect(await hasFocus(link)).toBe(true);
    await agentPage.keyboard.press('Enter');
    await agentPage.waitForURL(`**/app/alerts/${raised.id}`);
    const title = agentPage.getByRole('heading', { level: 2, name: /^Alert for / });
    await eventually(async () => (await hasFocus(title)) || null);

    await tabTo(agentPage, agentPage.getByRole('button', { name: 'Acknowledge', exact: true }));
    await agentPage.keyboard.press('Enter');
    await agentPage.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    await eventually(async () => (await stateOf(watcher, raised.id).textContent()) === 'Acknowledged' || null);

    const code = agentPage.getByLabel('Resolution code');
    await tabTo(agentPage, code);
    await agentPage.keyboard.press('ArrowDown');
    expect(await code.inputValue()).toBe('refund');
    await tabTo(agentPage, agentPage.getByRole('button', { name: 'Resolve', exact: true }));
    await agentPage.keyboard.press('Enter');
    await agentPage.getByRole('status').filter({ hasText: 'Resolved.' }).waitFor();

    // The second browser saw it move, without a reload, and said so.
    await eventually(async () => (await stateOf(watcher, raised.id).textContent()) === 'Resolved' || null, 10_000);
    await eventually(
      async () =>
        ((await watcher.getByTestId('live-arrival').textContent()) ?? '').endsWith('is now resolved.') || null,
    );
    expect(await stillMarked(watcher)).toBe(true);
    expect(await stillMarked(agentPage)).toBe(true);

    const stored = await api(`/v1/alerts/${raised.id}`);
    expect(stored).toMatchObject({ status: 'resolved', resolutionCode: 'refund', context: { team: 'Support' } });
    expect(stored.history.map((h: any) => [h.actor, h.action])).toEqual([
      [agent, 'acknowledge'],
      [agent, 'resolve'],
    ]);
    await agentPage.getByTestId('alert-history').getByText(`${agent} resolved it: Refunded`).waitFor();
    // Escape closes the alert; it has left the open queue, so focus lands on the list.
    await agentPage.keyboard.press('Escape');
    await agentPage.waitForURL(`${t.baseUrl}/app/alerts`);
    await eventually(async () => (await hasFocus(agentPage.getByRole('heading', { name: 'Follow-ups' }))) || null);
    expect(await rowOf(agentPage, raised.id).count()).toBe(0);

    // No campaigns or settings for an agent, in the console or the API.
    const nav = await agentPage.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav.filter((n) => /campaign|setting/i.test(n))).toEqual([]);
    const forbidden = await agentPage.evaluate(async () => {
      const res = await fetch('/v1/campaigns');
      return { status: res.status, body: await res.json() };
    });
    expect(forbidden).toMatchObject({ status: 403, body: { permission: 'campaigns:read' } });

    expect(await seriousViolations(agentPage)).toEqual([]);
    await agentPage.context().close();
    await watcher.context().close();
  }, 120_000);

  it('an admin sees every team with the API’s metrics, assigns and notes; an analyst only reads; no axe findings in English or Finnish', async () => {
    // An integration resolved one of Onboarding's, naming the person it acted for.
    const onboarding = (await api('/v1/alerts?status=open&team=Onboarding&limit=1')).data[0];
    const resolved = await t.api('POST', `/v1/alerts/${onboarding.id}/resolve`, {
      key: data.apiKey,
      body: { code: 'no_action', actor: 'crm-bot@acme.fi' },
    });
    expect(resolved.status).toBe(200);

    const page = await signedIn(browser, admin);
    await openInbox(page);
    await waitLive(page);

    // Every open alert, page by page, as the API counts them.
    const open = await api('/v1/alerts?status=open&limit=500');
    const more = page.getByRole('button', { name: 'Show more' });
    while (await more.isVisible()) await more.click();
    await eventually(async () => (await teamsShown(page)).length === open.data.length || null);
    expect(new Set(await teamsShown(page))).toEqual(new Set(['Billing', 'Support', 'Onboarding']));

    // A Billing alert: assigned to the agent through the picker, with a note.
    const alert = open.data.find((a: any) => a.context.team === 'Billing');
    await rowOf(page, alert.id).getByRole('link').click();
    await page.getByLabel('Assign to').selectOption(agent);
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Assigned.' }).waitFor();
    await page.getByLabel('Note', { exact: true }).fill('Customer asked for a call after 16:00');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('status').filter({ hasText: 'Note added.' }).waitFor();
    await page.getByTestId('alert-history').getByText(`${admin} assigned it to ${agent}`).waitFor();
    await page.getByText('Customer asked for a call after 16:00').waitFor();
    await eventually(async () => (await rowOf(page, alert.id).locator('td').nth(3).textContent()) === agent || null);
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledged.' }).waitFor();
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.getByRole('status').filter({ hasText: 'Reopened.' }).waitFor();
    await page.getByTestId('alert-history').getByText(`${admin} reopened it`).waitFor();
    expect(await api(`/v1/alerts/${alert.id}`)).toMatchObject({ status: 'open', reopenCount: 1, assignee: agent });

    // Time to acknowledge and resolve per team: the API's counts.
    const metrics = await api('/v1/alerts/metrics?groupBy=team');
    const table = page.getByTestId('alert-metrics');
    await eventually(async () => {
      for (const g of metrics.groups) {
        const cells = await table
          .locator('tr', { has: page.locator(`th:text-is("${g.key}")`) })
          .locator('td')
          .allTextContents();
        if (cells[0] !== String(g.alerts) || cells[6] !== String(g.timeToResolve.pending)) return null;
      }
      return true;
    });

    // The tabs are in the URL: the resolved ones, only.
    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Resolved' }).click();
    await page.waitForURL(/status=resolved/);
    await eventually(async () => {
      const states = await page.locator('.inbox-table tbody tr td:last-child').allTextContents();
      return states.length > 0 && states.every((s) => s === 'Resolved');
    });

    // The picture for the README: the first page of the queue with this alert open.
    await page.goto(`${t.baseUrl}/app/alerts/${alert.id}`);
    await page.getByRole('heading', { level: 2, name: /^Alert for / }).waitFor();
    await waitLive(page);
    await screenshot(page, 'alerts');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Language').selectOption('fi');
    await page.getByRole('heading', { level: 1, name: 'Hälytykset' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /^Hälytys: / }).waitFor();
    await page.getByTestId('alert-metrics').getByText('Kaikki tiimit').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();

    // An analyst reads the same alert but is offered no actions.
    const reader = await signedIn(browser, analyst, 'fi-FI');
    await reader.goto(`${t.baseUrl}/app/alerts/${alert.id}`);
    await reader.getByText('Roolisi saa lukea hälytyksiä mutta ei käsitellä niitä.').waitFor();
    expect(await reader.getByRole('button', { name: 'Kuittaa' }).count()).toBe(0);
    expect(await seriousViolations(reader)).toEqual([]);
    await reader.context().close();
  }, 120_000);
});
