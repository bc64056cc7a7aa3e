import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { ManualClock } from '../../src/common/clock';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { expectProblem, postForm } from './api-helpers';

/**
 * Closing the loop over real SMTP: a detractor's reply raises one alert and one email to the owner
 * the rule routed it to; a second unhappy answer joins the same alert; the workflow records who did
 * what and when; an erased contact gets nothing sent about them; promoters get a tracked link.
 * The follow-up loop is driven by hand (tick) so every step is deterministic.
 */
describe('alerts and the follow-up workflow', () => {
  // Ahead of the database's own clock: the follow-up triggers stamp due times with its now(), and a
  // test clock behind it would never reach them.
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  const smtp = new SmtpSink();
  let t: TestApp;
  let key: string;
  let campaignId: string;
  let worker: AlertsFollowUpProcessor;
  let n = 0;

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp(
      {
        SMTP_URL: smtp.url,
        ALERT_LINK_TEMPLATE: 'https://cx.example.fi/alerts/{alertId}',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_ALLOW_HTTP: 'true',
        SECRETS_KEY: 'ab'.repeat(32),
      },
      clock,
    );
    worker = t.app.get(AlertsFollowUpProcessor);
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up'); // no background runs: each test ticks it
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Tukipalvelu',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
      },
    });
    campaignId = campaign.body.id;
    await t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status: 'active' } });
    const rules = await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
      key,
      body: {
        keywords: ['lopetan', { text: 'säga upp', language: 'sv' }],
        routing: {
          property: 'team',
          routes: { Billing: { assignee: 'anna@acme.fi' } },
          fallback: { email: 'cx@acme.fi' },
        },
      },
    });
    expect(rules.status).toBe(200);
    expect(rules.body.scores).toEqual({ nps: { min: 0, max: 6 }, csat: { min: 1, max: 2 }, ces: { min: 1, max: 3 } });
    const settings = await t.api('PATCH', '/v1/settings/alerts', {
      key,
      body: { locale: 'fi', timezone: 'Europe/Helsinki' },
    });
    expect(settings.body).toMatchObject({ locale: 'fi', timezone: 'Europe/Helsinki' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp.stop();
  });

  /** Sends the survey to a contact and returns the link token once the invitation email arrived. */
  async function invite(
    externalId: string,
    properties: Record<string, unknown> = { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
  ) {
    n++;
    const before = smtp.received.length;
    const res = await t.api('POST', '/v1/events', {
      key,
      body: ticketClosed(n, {
        contact: { externalId, email: `${externalId}@example.com`, locale: 'fi-FI', name: 'Matti M' },
        properties,
      }),
    });
    expect(res.status).toBe(202);
    await smtp.waitForCount(before + 1);
    const [row] = await eventually(() =>
      t.db
        .query(
          `SELECT i.token FROM invitations i JOIN events e ON e.id = i.event_id WHERE e.external_id = $1 AND i.status = 'sent'`,
          [`crm-${n}`],
        )
        .then((r) => (r.length ? r : null)),
    );
    return row.token as string;
  }

  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));
  const alertsOf = async (externalId: string) =>
    (await t.api('GET', `/v1/alerts?limit=100`, { key })).body.data.filter(
      (a: any) => a.contact.externalId === externalId,
    );

  it('raises exactly one alert and one localized owner email for a detractor', async () => {
    const token = await invite('det-1');
    const page = await postForm(t, token, {
      _shown: 'q1,why,fcr',
      q1: '3',
      why: 'Jonotin tunnin. Lopetan tilauksen.',
      fcr: 'no',
    });
    expect(page.status).toBe(200);
    await worker.tick();
    await worker.tick();

    const alerts = await alertsOf('det-1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: 'open',
      campaignId,
      assignee: 'anna@acme.fi',
      notifyTo: ['anna@acme.fi'],
      context: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
      reasons: ['NPS 3 (0–6)', 'comment mentions "lopetan"'],
      comment: 'Jonotin tunnin. Lopetan tilauksen.',
      contact: { externalId: 'det-1', name: 'Matti M', email: 'det-1@example.com' },
      notification: { state: 'sent' },
    });

    const mails = mailsTo('anna@acme.fi');
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe('Tyytymätön asiakas: NPS 3, kommentissa mainitaan "lopetan" – Tukipalvelu');
    expect(mails[0].parsed.text).toContain('> Jonotin tunnin. Lopetan tilauksen.');
    expect(mails[0].parsed.text).toContain(`https://cx.example.fi/alerts/${alerts[0].id}`);
    expect(mails[0].parsed.text).toContain('Tiimi: billing');

    // The person edits their answer (still a detractor): nothing new is raised or sent.
    await postForm(t, token, { _shown: 'q1,why,fcr', q1: '2', why: 'Lopetan.', fcr: 'no' });
    await worker.tick();
    expect(await alertsOf('det-1')).toHaveLength(1);
    expect(mailsTo('anna@acme.fi')).toHaveLength(1);
  });

  it('links a second unhappy answer of the same contact to the open alert instead of duplicating it', async () => {
    const first = await invite('det-2', { team: 'Support' });
    await postForm(t, first, { _shown: 'q1,why,fcr', q1: '5', why: 'Hidasta', fcr: 'no' });
    await worker.tick();
    clock.advance(3 * 24 * 3600_000);
    const second = await invite('det-2', { team: 'Support' });
    await postForm(t, second, { _shown: 'q1,why,fcr', q1: '1', why: 'Taas hidasta', fcr: 'no' });
    await worker.tick();

    const alerts = await alertsOf('det-2');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ assignee: null, notifyTo: ['cx@acme.fi'], context: { team: 'Support' } });
    const detail = await t.api('GET', `/v1/alerts/${alerts[0].id}`, { key });
    expect(detail.body.responses).toHaveLength(2);
    expect(detail.body.responses.map((r: any) => r.answers.find((a: any) => a.questionId === 'q1').value)).toEqual([
      '5',
      '1',
    ]);
    expect(mailsTo('cx@acme.fi')).toHaveLength(1);
  });

  it('runs the workflow with timestamps, history, 409s and 422s, and measures time to acknowledge and resolve per team', async () => {
    const token = await invite('wf-1', { team: 'Billing' });
    await postForm(t, token, { _shown: 'q1,why,fcr', q1: '0', why: 'Huono', fcr: 'no' });
    await worker.tick();
    const [alert] = await alertsOf('wf-1');
    const created = Date.parse(alert.createdAt);

    clock.advance(10 * 60_000);
    const ack = await t.api('POST', `/v1/alerts/${alert.id}/acknowledge`, {
      key,
      body: { actor: 'anna@acme.fi', note: 'Soitan iltapäivällä' },
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: new Date(created + 600_000).toISOString(),
    });
    expectProblem(await t.api('POST', `/v1/alerts/${alert.id}/acknowledge`, { key, body: {} }), 409);

    clock.advance(50 * 60_000);
    expectProblem(await t.api('POST', `/v1/alerts/${alert.id}/resolve`, { key, body: { code: 'hugged' } }), 422, [
      'code',
    ]);
    expectProblem(await t.api('POST', `/v1/alerts/${alert.id}/resolve`, { key, body: {} }), 422, ['code']);
    const resolved = await t.api('POST', `/v1/alerts/${alert.id}/resolve`, {
      key,
      body: { code: 'called_back', actor: 'anna@acme.fi' },
    });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolutionCode: 'called_back',
      resolvedAt: new Date(created + 3_600_000).toISOString(),
    });
    expectProblem(await t.api('POST', `/v1/alerts/${alert.id}/assign`, { key, body: { assignee: 'bo@acme.fi' } }), 409);

    clock.advance(60_000);
    const reopened = await t.api('POST', `/v1/alerts/${alert.id}/reopen`, {
      key,
      body: { note: 'Asiakas soitti uudelleen' },
    });
    expect(reopened.body).toMatchObject({
      status: 'open',
      resolvedAt: null,
      resolutionCode: null,
      reopenCount: 1,
      acknowledgedAt: ack.body.acknowledgedAt,
    });
    expect(reopened.body.history.map((h: any) => [h.action, h.from, h.to, h.actor])).toEqual([
      ['acknowledge', 'open', 'acknowledged', 'anna@acme.fi'],
      ['resolve', 'acknowledged', 'resolved', 'anna@acme.fi'],
      ['reopen', 'resolved', 'open', expect.stringMatching(/^api-key:/)],
    ]);
    const assigned = await t.api('POST', `/v1/alerts/${alert.id}/assign`, { key, body: { assignee: 'bo@acme.fi' } });
    expect(assigned.body.assignee).toBe('bo@acme.fi');
    const noted = await t.api('POST', `/v1/alerts/${alert.id}/notes`, { key, body: { note: '  ' } });
    expectProblem(noted, 422, ['note']);
    expectProblem(
      await t.api('POST', `/v1/alerts/00000000-0000-4000-8000-000000000000/acknowledge`, { key, body: {} }),
      404,
    );

    const open = await t.api('GET', `/v1/alerts?status=open&assignee=bo@acme.fi`, { key });
    expect(open.body.data.map((a: any) => a.id)).toEqual([alert.id]);
    expect((await t.api('GET', `/v1/alerts?team=billing&status=resolved`, { key })).body.data).toEqual([]);
    expectProblem(await t.api('GET', `/v1/alerts?status=closed`, { key }), 400, ['status.0']);
    expect(
      (await t.api('GET', `/v1/alerts?olderThan=PT30M&campaignId=${campaignId}`, { key })).body.data.map(
        (a: any) => a.id,
      ),
    ).toContain(alert.id);
    expect((await t.api('GET', `/v1/alerts?newerThan=PT30M`, { key })).body.data.map((a: any) => a.id)).not.toContain(
      alert.id,
    );

    await t.api('POST', `/v1/alerts/${alert.id}/resolve`, { key, body: { code: 'refund' } });
    const metrics = await t.api('GET', `/v1/alerts/metrics?groupBy=team`, { key });
    const billing = metrics.body.groups.find((g: any) => g.key === 'Billing');
    expect(billing).toMatchObject({
      alerts: 1,
      timeToAcknowledge: { n: 1, medianSeconds: 600 },
      timeToResolve: { n: 1, medianSeconds: 3660 },
    });
  });

  it('sends nothing for a contact erased before the owner was told', async () => {
    const token = await invite('erase-1');
    await postForm(t, token, { _shown: 'q1,why,fcr', q1: '2', why: 'Lopetan', fcr: 'no' });
    const before = mailsTo('anna@acme.fi').length;
    const [contact] = await t.db.query(`SELECT id FROM contacts WHERE external_id = 'erase-1'`);
    expect((await t.api('DELETE', `/v1/contacts/${contact.id}`, { key })).status).toBe(204);
    await worker.tick();
    expect(mailsTo('anna@acme.fi')).toHaveLength(before);
    expect(await alertsOf('erase-1')).toEqual([]);
    expectProblem(await t.api('DELETE', `/v1/contacts/${contact.id}`, { key }), 404);
  });

  it('shows promoters a tracked review link, counts the click, and never asks an alerting promoter', async () => {
    const invalid = await t.api('PUT', `/v1/campaigns/${campaignId}/promoter-invite`, {
      key,
      body: { enabled: true, kind: 'review', url: 'javascript:alert(1)' },
    });
    expectProblem(invalid, 422, ['url']);
    const ok = await t.api('PUT', `/v1/campaigns/${campaignId}/promoter-invite`, {
      key,
      body: { enabled: true, kind: 'review', url: 'https://reviews.example.com/acme', minScore: 9 },
    });
    expect(ok.status).toBe(200);

    const happy = await invite('promo-1');
    const page = await postForm(t, happy, { _shown: 'q1,fcr', q1: '10', fcr: 'yes' });
    const href = /href="([^"]*\/r\/[A-Za-z0-9_-]+)"/.exec(page.html)?.[1];
    expect(href).toBeDefined();
    expect(page.html).toContain('Kirjoita arvio');
    const click = await fetch(href!.replace(/^https?:\/\/[^/]+/, t.baseUrl), { redirect: 'manual' });
    expect(click.status).toBe(303);
    expect(click.headers.get('location')).toBe('https://reviews.example.com/acme');

    // A 9 that raises an alert (a stricter per-question range here) is not asked for a public review.
    const rules = (await t.api('GET', `/v1/campaigns/${campaignId}/alert-rules`, { key })).body;
    await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
      key,
      body: { ...rules, questions: { q1: { min: 0, max: 9 } } },
    });
    const angry = await invite('promo-2');
    const angryPage = await postForm(t, angry, { _shown: 'q1,fcr', q1: '9', fcr: 'no' });
    expect(angryPage.html).toContain('Kiitos');
    expect(angryPage.html).not.toContain('/r/');
    await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, { key, body: rules });
    const passive = await invite('promo-3');
    expect((await postForm(t, passive, { _shown: 'q1,fcr', q1: '8', fcr: 'yes' })).html).not.toContain('/r/');
    expect((await fetch(`${t.baseUrl}/r/AAAAAAAAAAAAAAAAAAAAAA`, { redirect: 'manual' })).status).toBe(404);

    const stats = await t.api('GET', `/v1/promoter-links/stats?campaignId=${campaignId}`, { key });
    expect(stats.body.groups).toEqual([
      { campaignId, kind: 'review', shown: 1, clicked: 1, clicks: 1, clickRate: 100 },
    ]);
  });

  it('raises no alert for a passive answer', async () => {
    const token = await invite('kw-1');
    await postForm(t, token, { _shown: 'q1,fcr', q1: '8', fcr: 'yes' });
    await worker.tick();
    expect(await alertsOf('kw-1')).toEqual([]);
  });

  it('raises the alert when a completed answer is changed on the page from 7 to 5, and only one per response', async () => {
    const token = await invite('edit-1');
    expect((await postForm(t, token, { _shown: 'q1,fcr', q1: '7', fcr: 'yes' })).status).toBe(200);
    await worker.tick();
    expect(await alertsOf('edit-1')).toEqual([]);

    // The customer opens the link again and lowers the score: the rules see the answer as it is now.
    const before = mailsTo('anna@acme.fi').length;
    const edited = await postForm(t, token, { _shown: 'q1,why,fcr', q1: '5', why: 'Jono oli pitkä', fcr: 'yes' });
    expect(edited.status).toBe(200);
    await worker.tick();
    await worker.tick();
    const alerts = await alertsOf('edit-1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'open', reasons: ['NPS 5 (0–6)'], comment: 'Jono oli pitkä' });
    expect(mailsTo('anna@acme.fi')).toHaveLength(before + 1);

    // Lower still: the response stays on its one alert, and no second owner email goes out.
    expect((await postForm(t, token, { _shown: 'q1,why,fcr', q1: '2', why: 'Jono', fcr: 'no' })).status).toBe(200);
    await worker.tick();
    await worker.tick();
    expect((await alertsOf('edit-1')).map((a: { id: string }) => a.id)).toEqual([alerts[0].id]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM response_followups f JOIN responses r ON r.id = f.response_id
       JOIN contacts c ON c.id = r.contact_id WHERE c.external_id = 'edit-1' AND f.done_at IS NULL`,
    );
    expect(n).toBe(0);
    expect(mailsTo('anna@acme.fi')).toHaveLength(before + 1);
  });

  it('refuses rules that do not fit the survey, naming the field', async () => {
    expectProblem(
      await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
        key,
        body: { questions: { nope: { min: 0, max: 3 } } },
      }),
      422,
      ['questions.nope'],
    );
    expectProblem(
      await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
        key,
        body: { scores: { nps: { min: 0, max: 11 } } },
      }),
      422,
      ['scores.nps.max'],
    );
    expectProblem(await t.api('GET', `/v1/campaigns/00000000-0000-4000-8000-000000000000/alert-rules`, { key }), 404);
  });
  it('tells the CRM through signed webhooks: response.completed, alert.created and alert.updated', async () => {
    const received: Array<{ headers: Record<string, string>; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const endpoint = await t.api('POST', '/v1/webhook-endpoints', {
        key,
        body: { url, eventTypes: ['response.completed', 'alert.created', 'alert.updated'] },
      });
      expect(endpoint.status).toBe(201);
      const token = await invite('wh-1');
      await postForm(t, token, { _shown: 'q1,why,fcr', q1: '4', why: 'Lopetan', fcr: 'no' });
      await worker.tick();
      const [alert] = await alertsOf('wh-1');
      await t.api('POST', `/v1/alerts/${alert.id}/acknowledge`, { key, body: {} });
      await eventually(async () => received.length >= 3, 15000);

      const verifier = new Webhook(endpoint.body.secret);
      const events = received.map((r) => verifier.verify(r.body, r.headers) as { type: string; data: any });
      expect(events.map((e) => e.type).sort()).toEqual(['alert.created', 'alert.updated', 'response.completed']);
      const created = events.find((e) => e.type === 'alert.created')!;
      expect(created.data).toMatchObject({
        alertId: alert.id,
        campaignId,
        contactExternalId: 'wh-1',
        assignee: 'anna@acme.fi',
        status: 'open',
        trigger: { metric: 'nps', score: 4, keywords: ['lopetan'] },
        comment: 'Lopetan',
        context: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
      });
      const completed = events.find((e) => e.type === 'response.completed')!;
      expect(completed.data).toMatchObject({
        contactExternalId: 'wh-1',
        channel: 'email',
        scores: { nps: { value: 4, category: 'detractor' }, csat: null, ces: null },
      });
      expect(events.find((e) => e.type === 'alert.updated')!.data).toMatchObject({
        alertId: alert.id,
        status: 'acknowledged',
        previousStatus: 'open',
      });
      await t.api('DELETE', `/v1/webhook-endpoints/${endpoint.body.id}`, { key });
    } finally {
      receiver.close();
    }
  });
  it('retries an owner email the mail server deferred, with backoff, and still sends it only once', async () => {
    smtp.reject('ops@acme.fi', 451, 1);
    const rules = (await t.api('GET', `/v1/campaigns/${campaignId}/alert-rules`, { key })).body;
    await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
      key,
      body: { ...rules, routing: { property: 'team', routes: { ops: { email: 'ops@acme.fi' } } } },
    });
    try {
      const token = await invite('retry-1', { team: 'ops' });
      await postForm(t, token, { _shown: 'q1,why,fcr', q1: '1', why: 'Ei toiminut', fcr: 'no' });
      await worker.tick();
      const [alert] = await alertsOf('retry-1');
      expect(alert.notification.state).toBe('pending');
      await worker.tick();
      expect(mailsTo('ops@acme.fi')).toHaveLength(0); // waiting out the backoff
      clock.advance(61_000);
      await worker.tick();
      await worker.tick();
      expect(mailsTo('ops@acme.fi')).toHaveLength(1);
      expect((await alertsOf('retry-1'))[0].notification.state).toBe('sent');
    } finally {
      await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, { key, body: rules });
    }
  });
});
