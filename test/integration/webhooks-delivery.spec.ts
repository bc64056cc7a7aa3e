import { randomBytes, randomUUID } from 'node:crypto';

import pino from 'pino';
import { Webhook } from 'standardwebhooks';

import { ManualClock } from '../../src/common/clock';
import { Metrics } from '../../src/common/metrics';
import { loadConfig } from '../../src/config/config';
import { alertCreatedPayload, WebhookPayload } from '../../src/webhooks/event-payloads';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from '../../src/webhooks/retry-schedule';
import { WebhookDeliveriesRepository } from '../../src/webhooks/webhook-deliveries.repository';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { WebhooksService } from '../../src/webhooks/webhooks.service';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delivery over real HTTP to a local receiver, on real Postgres. The clock is manual: retries come
 * due when the test moves it, and the test runs the dispatcher instead of waiting for its poll.
 */
describe('webhook delivery', () => {
  const clock = new ManualClock(new Date());
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(
      {
        SECRETS_KEY: randomBytes(32).toString('hex'),
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_ALLOW_HTTP: 'true',
        // Long enough that a loaded CI machine never times out a healthy receiver (which would retry
        // on the manual clock and never arrive); the timeout test waits this long once.
        WEBHOOK_TIMEOUT_MS: '2000',
      },
      clock,
    );
    dispatcher = t.app.get(WebhookDispatcher);
  });

  // Each test has a workspace of its own, so its endpoints see only its messages.
  beforeEach(async () => {
    ({ apiKey: key, workspaceId } = await t.workspace());
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  async function endpoint(path: string, eventTypes = ['alert.created']): Promise<{ id: string; secret: string }> {
    const res = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: receiver.url(path), eventTypes, description: path },
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  function alertPayload(): WebhookPayload {
    return alertCreatedPayload(clock.now(), {
      workspaceId,
      alertId: randomUUID(),
      campaignId: randomUUID(),
      responseId: randomUUID(),
      contactId: randomUUID(),
      contactExternalId: 'cust-1',
      assignee: null,
      context: { team: 'billing', agent: null, touchpoint: null },
      status: 'open',
      trigger: { metric: 'nps', score: 2, keywords: [] },
      comment: 'slow',
      linkedAlertId: null,
      createdAt: clock.now().toISOString(),
    });
  }

  const emit = (payloads: WebhookPayload[], ws = workspaceId) =>
    t.db.transaction((tx) => t.app.get(WebhooksService).emit(tx, ws, payloads));

  async function deliveryOf(endpointId: string, messageId: string) {
    const res = await t.api('GET', `/v1/webhook-endpoints/${endpointId}/messages/${messageId}/attempts`, { key });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('signs each delivery so an independent Standard Webhooks implementation verifies the raw body', async () => {
    const { id, secret } = await endpoint('/signed');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const payload = alertPayload();
    expect(await emit([payload])).toBe(1);
    await dispatcher.drain();

    const [request] = await receiver.waitFor('/signed', 1);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toMatch(/^msg_/);
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    expect(verified).toEqual(JSON.parse(JSON.stringify(payload)));
    expect(() =>
      new Webhook(secret).verify(request.body.replace('slow', 'fast'), request.headers as Record<string, string>),
    ).toThrow();

    const delivery = await deliveryOf(id, request.headers['webhook-id'] as string);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, eventType: 'alert.created' });
    expect(delivery.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, status: 200, latencyMs: expect.any(Number), error: null }),
    ]);
  });

  it('retries on the schedule: a receiver failing twice gets the message three times with one webhook-id', async () => {
    const { id } = await endpoint('/flaky');
    receiver.script('/flaky', { status: 500 }, { status: 503 });
    await emit([alertPayload()]);
    await dispatcher.drain();
    expect(receiver.to('/flaky')).toHaveLength(1);

    // The second attempt is due 5 s (±10 %) later, not before.
    clock.advance(4 * SECOND);
    await dispatcher.drain();
    expect(receiver.to('/flaky')).toHaveLength(1);
    clock.advance(2 * SECOND);
    await dispatcher.drain();
    expect(receiver.to('/flaky')).toHaveLength(2);

    // The third, 5 min (±10 %) after the second.
    clock.advance(4 * MINUTE);
    await dispatcher.drain();
    expect(receiver.to('/flaky')).toHaveLength(2);
    clock.advance(2 * MINUTE);
    await dispatcher.drain();

    const requests = receiver.to('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    const delivery = await deliveryOf(id, requests[0].headers['webhook-id'] as string);
    expect(delivery.status).toBe('delivered');
    expect(delivery.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 503, 200]);
    expect(delivery.attemptLog[0].error).toBe('HTTP 500');
  });

  it('honours Retry-After when it asks for more time than the schedule', async () => {
    const { id } = await endpoint('/busy');
    receiver.script('/busy', { status: 429, headers: { 'retry-after': '3600' } });
    await emit([alertPayload()]);
    await dispatcher.drain();
    const messageId = (await receiver.waitFor('/busy', 1))[0].headers['webhook-id'] as string;
    const before = await deliveryOf(id, messageId);
    expect(before).toMatchObject({ status: 'pending', lastStatus: 429 });
    expect(new Date(before.nextAttemptAt).getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(3599 * SECOND);

    clock.advance(10 * MINUTE);
    await dispatcher.drain();
    expect(receiver.to('/busy')).toHaveLength(1);
    clock.advance(HOUR);
    await dispatcher.drain();
    expect(receiver.to('/busy')).toHaveLength(2);
    expect((await deliveryOf(id, messageId)).status).toBe('delivered');
  });

  it('gives up on an attempt at the timeout and retries it (15 s by default; 2 s in this test)', async () => {
    expect(loadConfig({}).webhooks.timeoutMs).toBe(15_000);
    expect(REQUEST_TIMEOUT_MS).toBe(15_000);
    const { id } = await endpoint('/slow');
    receiver.script('/slow', 'hang');
    await emit([alertPayload()]);
    await dispatcher.drain();
    const messageId = (await receiver.waitFor('/slow', 1))[0].headers['webhook-id'] as string;
    const delivery = await deliveryOf(id, messageId);
    expect(delivery.status).toBe('pending');
    expect(delivery.attemptLog).toEqual([
      expect.objectContaining({ attempt: 1, status: null, error: expect.stringContaining('within 2000 ms') }),
    ]);
    expect(delivery.attemptLog[0].latencyMs).toBeGreaterThanOrEqual(1990);
    clock.advance(6 * SECOND);
    await dispatcher.drain();
    expect((await deliveryOf(id, messageId)).status).toBe('delivered');
  });

  it('disables the endpoint on 410, parks what was pending, and resumes it on enable', async () => {
    const { id } = await endpoint('/gone');
    receiver.script('/gone', { status: 410 });
    await emit([alertPayload()]);
    await dispatcher.drain();
    const messageId = (await receiver.waitFor('/gone', 1))[0].headers['webhook-id'] as string;

    const disabled = await t.api('GET', `/v1/webhook-endpoints/${id}`, { key });
    expect(disabled.body).toMatchObject({
      enabled: false,
      disabledReason: expect.stringContaining('410'),
      disabledAt: expect.any(String),
    });
    expect((await deliveryOf(id, messageId)).status).toBe('disabled');

    // Nothing more is queued for it, and nothing goes out, however far time moves.
    expect(await emit([alertPayload()])).toBe(0);
    clock.advance(2 * HOUR);
    await dispatcher.drain();
    expect(receiver.to('/gone')).toHaveLength(1);

    const enabled = await t.api('POST', `/v1/webhook-endpoints/${id}/enable`, { key });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    await dispatcher.drain();
    expect(receiver.to('/gone')).toHaveLength(2);
    expect((await deliveryOf(id, messageId)).status).toBe('delivered');
  });

  it('rotates the secret: during the grace period both secrets verify, then only the new one signs', async () => {
    const { id, secret: oldSecret } = await endpoint('/rotating');
    const rotated = await t.api('POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { key, body: {} });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime() - clock.now().getTime()).toBe(24 * HOUR);

    await emit([alertPayload()]);
    await dispatcher.drain();
    const [during] = await receiver.waitFor('/rotating', 1);
    expect((during.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    const headers = during.headers as Record<string, string>;
    expect(() => new Webhook(oldSecret).verify(during.body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(during.body, headers)).not.toThrow();

    clock.advance(25 * HOUR);
    await emit([alertPayload()]);
    await dispatcher.drain();
    const after = (await receiver.waitFor('/rotating', 2))[1];
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(newSecret).verify(after.body, afterHeaders)).not.toThrow();
    expect(() => new Webhook(oldSecret).verify(after.body, afterHeaders)).toThrow();
  });

  it('replays one message, and every failed message since a time, with the same id and body', async () => {
    const { id } = await endpoint('/replay');
    const older = alertPayload();
    await emit([older]);
    await dispatcher.drain();
    const first = (await receiver.waitFor('/replay', 1))[0];

    const one = await t.api('POST', `/v1/webhook-endpoints/${id}/replay`, {
      key,
      body: { messageId: first.headers['webhook-id'] },
    });
    expect(one).toMatchObject({ status: 202, body: { replayed: 1 } });
    await dispatcher.drain();
    const again = (await receiver.waitFor('/replay', 2))[1];
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(again.body).toBe(first.body);

    // Two messages fail every attempt of the schedule and end as 'failed'.
    const since = clock.now();
    clock.advance(SECOND);
    receiver.script('/replay', ...Array.from({ length: 2 * MAX_ATTEMPTS }, () => ({ status: 500 })));
    await emit([alertPayload(), alertPayload()]);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatcher.drain();
      clock.advance(27 * HOUR);
    }
    const failed = await t.api('GET', `/v1/webhook-endpoints/${id}/deliveries?status=failed`, { key });
    expect(failed.body.data).toHaveLength(2);
    expect(failed.body.data[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatus: 500 });
    expect(receiver.to('/replay')).toHaveLength(2 + 2 * MAX_ATTEMPTS);

    const all = await t.api('POST', `/v1/webhook-endpoints/${id}/replay`, {
      key,
      body: { since: since.toISOString() },
    });
    expect(all.body).toEqual({ replayed: 2 });
    await dispatcher.drain();
    expect(receiver.to('/replay')).toHaveLength(4 + 2 * MAX_ATTEMPTS);
    const delivered = await t.api('GET', `/v1/webhook-endpoints/${id}/deliveries?status=delivered`, { key });
    expect(delivered.body.data).toHaveLength(3);
    const log = await deliveryOf(id, failed.body.data[0].messageId);
    expect(log.attemptLog).toHaveLength(MAX_ATTEMPTS + 1);
    expect(log.attemptLog[MAX_ATTEMPTS]).toMatchObject({ attempt: MAX_ATTEMPTS + 1, status: 200 });

    const bad = await t.api('POST', `/v1/webhook-endpoints/${id}/replay`, { key, body: { since: 'yesterday' } });
    expect(bad.status).toBe(422);
  });

  it('queues nothing when no endpoint is subscribed, and stores an emitted payload once', async () => {
    const other = await t.workspace('Quiet');
    expect(await emit([alertPayload()], other.workspaceId)).toBe(0);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_messages WHERE workspace_id = $1`, [
      other.workspaceId,
    ]);
    expect(n).toBe(0);

    await endpoint('/once');
    const payload = alertPayload();
    expect(await emit([payload, payload])).toBe(1);
    expect(await emit([payload])).toBe(0);
  });

  it('shares the work between two dispatchers without sending anything twice', async () => {
    await endpoint('/shared');
    await emit(Array.from({ length: 300 }, () => alertPayload()));
    const second = new WebhookDispatcher(
      t.app.get(WebhookDeliveriesRepository),
      clock,
      t.config,
      pino({ level: 'silent' }),
      new Metrics({ processMetrics: false }),
    );
    // The app's own worker loop, woken by the commit, joins in too: three claimers on one table.
    await Promise.all([dispatcher.drain(), second.drain()]);
    await second.stop();
    // What the app's own worker claimed may still be on its way when both drains return.
    const received = await eventually(async () =>
      receiver.to('/shared').length >= 300 ? receiver.to('/shared') : null,
    );
    expect(received).toHaveLength(300);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(300);
  });

  it("takes over a crashed worker's deliveries once their lease runs out", async () => {
    const { id } = await endpoint('/orphaned');
    // A worker claims the delivery and dies before sending: nothing is written back. (Claimed in the
    // emitting transaction so the app's own worker, woken by the commit, cannot take it first.)
    const [claimed] = await t.db.transaction(async (tx) => {
      await t.app.get(WebhooksService).emit(tx, workspaceId, [alertPayload()]);
      return t.app
        .get(WebhookDeliveriesRepository)
        .claim(clock.now(), new Date(clock.now().getTime() + MINUTE), 10, tx);
    });
    expect(claimed.endpointId).toBe(id);
    await dispatcher.drain();
    expect(receiver.to('/orphaned')).toHaveLength(0);
    clock.advance(MINUTE + SECOND);
    await dispatcher.drain();
    // The app's own worker may be the one that takes it over: wait for whichever does.
    await eventually(async () => receiver.to('/orphaned').length > 0);
    expect(receiver.to('/orphaned')).toHaveLength(1);
    expect((await deliveryOf(id, claimed.messageId)).status).toBe('delivered');
  });

  it('pages the delivery log with limit and cursor, newest first, and refuses a cursor it did not give', async () => {
    const { id } = await endpoint('/paged');
    await emit(Array.from({ length: 5 }, () => alertPayload()));
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const res = await t.api(
        'GET',
        `/v1/webhook-endpoints/${id}/deliveries?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { key },
      );
      expect(res.status).toBe(200);
      sizes.push(res.body.data.length);
      seen.push(...res.body.data.map((d: { messageId: string }) => d.messageId));
      cursor = res.body.nextCursor;
    } while (cursor && sizes.length < 10);
    expect(sizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(5);
    const [{ ids }] = await t.db.query(
      `SELECT array_agg(message_id ORDER BY id DESC) AS ids FROM webhook_deliveries WHERE endpoint_id = $1`,
      [id],
    );
    expect(seen).toEqual(ids);
    for (const bad of ['12', 'c1.' + Buffer.from('["x"]').toString('base64url')]) {
      const res = await t.api('GET', `/v1/webhook-endpoints/${id}/deliveries?cursor=${bad}`, { key });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
    const old = await t.api('GET', `/v1/webhook-endpoints/${id}/deliveries?before=12`, { key });
    expect(old.status).toBe(400);
    expect(old.body.errors).toEqual([expect.objectContaining({ path: 'before' })]);
  });

  it('never shows a secret after creation', async () => {
    await endpoint('/listed');
    const list = await t.api('GET', '/v1/webhook-endpoints', { key });
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const [{ secret_sealed }] = await t.db.query(`SELECT secret_sealed FROM webhook_endpoints LIMIT 1`);
    expect(secret_sealed).toMatch(/^v1\./);
  });
});
