import { randomBytes } from 'node:crypto';

import { Webhook } from 'standardwebhooks';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECRETS_KEY = randomBytes(32).toString('hex');

/**
 * Events other modules produce reach the receiver through the outbox triggers, the relay and the
 * dispatcher, all running in the app's worker role on the system clock.
 */
describe('webhook events end to end', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let endpoint: { id: string; secret: string };

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({
      SECRETS_KEY,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      COMPANY_NAME: 'Acme',
    });
    ({ apiKey: key, workspaceId } = await t.workspace());
    const created = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: receiver.url('/crm'), eventTypes: ['invitation.sent', 'invitation.failed', 'contact.opted_out'] },
    });
    expect(created.status).toBe(201);
    endpoint = created.body;
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const verified = (i: number) => {
    const r = receiver.to('/crm')[i];
    return new Webhook(endpoint.secret).verify(r.body, r.headers as Record<string, string>) as any;
  };

  it('sends invitation.sent when an event becomes a sent email', async () => {
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'After support',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        delay: 'PT0S',
        expiry: 'P7D',
      },
    });
    expect(
      (await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } })).status,
    ).toBe(200);
    const posted = await t.api('POST', '/v1/events', { key, body: ticketClosed(1) });
    expect(posted.status).toBe(202);
    const invitationId = posted.body.decisions[0].invitationId;

    await receiver.waitFor('/crm', 1);
    const body = verified(0);
    expect(body).toMatchObject({
      type: 'invitation.sent',
      version: '2026-11-01',
      data: {
        workspaceId,
        invitationId,
        campaignId: campaign.body.id,
        surveyId: survey.body.id,
        contactExternalId: 'cust-1',
        eventId: posted.body.eventId,
        eventExternalId: 'crm-1',
        channel: 'email',
        step: 0,
        sentAt: expect.any(String),
      },
    });
    expect(body.data).not.toHaveProperty('email');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_outbox`);
    expect(n).toBe(0);
  });

  it('sends contact.opted_out with its source: the one-click email link, then the admin API', async () => {
    const [inv] = await t.db.query(`SELECT token, contact_id FROM invitations WHERE workspace_id = $1 LIMIT 1`, [
      workspaceId,
    ]);
    const before = receiver.to('/crm').length;
    const unsubscribed = await fetch(`${t.baseUrl}/u/${inv.token}`, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(unsubscribed.status).toBe(200);
    await receiver.waitFor('/crm', before + 1);
    expect(verified(before)).toMatchObject({
      type: 'contact.opted_out',
      data: {
        workspaceId,
        contactId: inv.contact_id,
        contactExternalId: 'cust-1',
        channels: ['email'],
        source: 'email_link',
        optedOutAt: expect.any(String),
      },
    });

    // Opting out again changes nothing and tells nobody; a new channel through the API does.
    const put = await t.api('PUT', `/v1/contacts/${inv.contact_id}/opt-outs`, {
      key,
      body: { email: true, sms: true, voice: true },
    });
    expect(put.status).toBe(200);
    await receiver.waitFor('/crm', before + 2);
    expect(verified(before + 1).data).toMatchObject({ channels: ['sms', 'voice'], source: 'api' });
    await t.app.get((await import('../../src/webhooks/outbox-relay')).OutboxRelay).drain();
    expect(receiver.to('/crm')).toHaveLength(before + 2);
  });

  it('sends invitation.failed with the reason when an invitation fails', async () => {
    const [inv] = await t.db.query(`SELECT id FROM invitations WHERE workspace_id = $1 LIMIT 1`, [workspaceId]);
    const before = receiver.to('/crm').length;
    // What the send path writes when a provider refuses a message for good.
    await t.db.query(
      `UPDATE invitations SET status = 'failed', status_reason = 'mailbox unavailable', delivery_error_code = 550 WHERE id = $1`,
      [inv.id],
    );
    await receiver.waitFor('/crm', before + 1);
    expect(verified(before)).toMatchObject({
      type: 'invitation.failed',
      data: {
        invitationId: inv.id,
        channel: 'email',
        step: 0,
        reason: 'mailbox unavailable',
        errorCode: 550,
        failedAt: expect.any(String),
      },
    });
  });

  it('writes no outbox rows for workspaces without a subscribed endpoint', async () => {
    const other = await t.workspace('No webhooks');
    const survey = await t.api('POST', '/v1/surveys', { key: other.apiKey, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key: other.apiKey,
      body: {
        name: 'x',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        delay: 'PT0S',
        expiry: 'P7D',
      },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key: other.apiKey, body: { status: 'active' } });
    const posted = await t.api('POST', '/v1/events', { key: other.apiKey, body: ticketClosed(2) });
    const invitationId = posted.body.decisions[0].invitationId;
    await eventually(
      async () =>
        (await t.db.query(`SELECT 1 FROM invitations WHERE id = $1 AND status = 'sent'`, [invitationId])).length > 0,
    );
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_messages WHERE workspace_id = $1`, [
      other.workspaceId,
    ]);
    expect(n).toBe(0);
  });

  it("answers 404 for another workspace's endpoint, whatever the route", async () => {
    const other = await t.workspace('Intruder');
    const k = other.apiKey;
    const base = `/v1/webhook-endpoints/${endpoint.id}`;
    for (const [method, path, body] of [
      ['GET', base],
      ['PATCH', base, { description: 'mine now' }],
      ['DELETE', base],
      ['POST', `${base}/rotate-secret`, {}],
      ['POST', `${base}/enable`],
      ['GET', `${base}/deliveries`],
      ['GET', `${base}/messages/msg_x/attempts`],
      ['POST', `${base}/replay`, { since: new Date(0).toISOString() }],
    ] as const) {
      const res = await t.api(method, path, { key: k, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await t.api('GET', '/v1/webhook-endpoints', { key: k })).body.data).toEqual([]);
    expect((await t.api('GET', base, { key })).status).toBe(200);
  });

  it('validates endpoint input, naming the field', async () => {
    const bad = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: receiver.url('/x'), eventTypes: ['invitation.sent', 'nope'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'eventTypes.1' })]);
    const notUrl = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: 'not a url', eventTypes: ['invitation.sent'] },
    });
    expect(notUrl.body.errors).toEqual([expect.objectContaining({ path: 'url' })]);
    expect((await t.api('GET', '/v1/webhook-endpoints/not-a-uuid', { key })).status).toBe(404);
  });
});

describe('webhook endpoint addresses without the private-network switch', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ SECRETS_KEY });
    key = (await t.workspace()).apiKey;
  });

  afterAll(() => t?.close());

  it.each([
    ['loopback', 'https://127.0.0.1:8443/hook'],
    ['private', 'https://10.1.2.3/hook'],
    ['private IPv6', 'https://[fd00::1]/hook'],
    ['link-local', 'https://169.254.10.10/hook'],
    ['cloud metadata', 'https://169.254.169.254/latest'],
    ['localhost by name', 'https://localhost/hook'],
  ])('refuses a %s address with a 422 naming url', async (_, url) => {
    const res = await t.api('POST', '/v1/webhook-endpoints', { key, body: { url, eventTypes: ['invitation.sent'] } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: 'url', message: expect.stringMatching(/may not reach|always points at this machine/) },
    ]);
  });

  it('refuses plain http unless allowed', async () => {
    const res = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: 'http://93.184.215.14/hook', eventTypes: ['invitation.sent'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ path: 'url', message: expect.stringContaining('https') });
  });

  it('accepts a public https address (no request is made at registration)', async () => {
    const res = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: 'https://93.184.215.14/hook', eventTypes: ['invitation.sent'] },
    });
    expect(res.status).toBe(201);
    const patched = await t.api('PATCH', `/v1/webhook-endpoints/${res.body.id}`, {
      key,
      body: { url: 'https://192.168.1.20/hook' },
    });
    expect(patched.status).toBe(422);
    expect(patched.body.errors[0].path).toBe('url');
  });
});
