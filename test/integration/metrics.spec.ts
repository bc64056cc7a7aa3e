import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';

import { Queue, Worker } from 'bullmq';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

import { PERIODIC_JOBS, periodicQueueName } from '../../src/queue/jobs';
import { QueueService } from '../../src/queue/queue.service';
import { FoldRollupsProcessor } from '../../src/scoring/rollups/fold-rollups.processor';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';

const ALL_QUEUES = ['dispatch', 'sms', 'voice', ...PERIODIC_JOBS.map(periodicQueueName)];

async function scrapeText(url: string): Promise<string> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return res.text();
}

/** The exposition as an independent parser (parse-prometheus-text-format) reads it, by family. */
async function scrape(t: TestApp) {
  const families = parsePrometheusTextFormat(await scrapeText(`${t.baseUrl}/metrics`));
  return new Map(families.map((f) => [f.name, f]));
}

/** A labelled sample's value, or undefined. */
function sample(
  families: Awaited<ReturnType<typeof scrape>>,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  const found = families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found?.value === undefined ? undefined : Number(found.value);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('/metrics', () => {
  const receiver = new WebhookReceiver();
  let t: TestApp;
  let key: string;
  let campaignId: string;

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({
      SECRETS_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
    });
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Metrics', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    campaignId = campaign.body.id;
    await t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status: 'active' } });
    const endpoint = await t.api('POST', '/v1/webhook-endpoints', {
      key,
      body: { url: receiver.url('/hooks'), eventTypes: ['invitation.sent'] },
    });
    expect(endpoint.status).toBe(201);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('is the Prometheus text format, parsed by an independent parser, with the service and process families', async () => {
    const families = await scrape(t);
    expect(families.get('palaute_process_resident_memory_bytes')?.type).toBe('GAUGE');
    for (const [name, type] of [
      ['palaute_http_request_duration_seconds', 'HISTOGRAM'],
      ['palaute_sends_total', 'COUNTER'],
      ['palaute_provider_request_duration_seconds', 'HISTOGRAM'],
      ['palaute_webhook_attempts_total', 'COUNTER'],
      ['palaute_webhook_attempt_duration_seconds', 'HISTOGRAM'],
      ['palaute_queue_jobs', 'GAUGE'],
      ['palaute_queue_oldest_waiting_age_seconds', 'GAUGE'],
      ['palaute_queue_oldest_active_age_seconds', 'GAUGE'],
      ['palaute_queue_stuck_jobs', 'GAUGE'],
      ['palaute_rollup_fold_lag_seconds', 'GAUGE'],
      ['palaute_rate_limit_decisions_total', 'COUNTER'],
    ] as const) {
      expect({ name, type: families.get(name)?.type, help: Boolean(families.get(name)?.help) }).toEqual({
        name,
        type,
        help: true,
      });
    }
  });

  it('counts a send by channel and outcome, times the provider, and counts the webhook delivery it caused', async () => {
    expect((await t.api('POST', '/v1/events', { key, body: ticketClosed('m1') })).status).toBe(202);
    const families = await eventually(async () => {
      const f = await scrape(t);
      return (sample(f, 'palaute_webhook_attempts_total', { outcome: 'delivered' }) ?? 0) >= 1 ? f : null;
    }, 20000);
    expect(sample(families, 'palaute_sends_total', { channel: 'email', outcome: 'sent' })).toBe(1);
    expect(receiver.to('/hooks')).toHaveLength(1);
    // Histograms with labels: the parser checks the syntax; the label sets are read from the text.
    const text = await scrapeText(`${t.baseUrl}/metrics`);
    expect(text).toMatch(/^palaute_provider_request_duration_seconds_count\{channel="email",outcome="sent"\} 1$/m);
    expect(text).toMatch(/^palaute_webhook_attempt_duration_seconds_count\{outcome="delivered"\} 1$/m);
  });

  it('times HTTP requests by route template, never by raw path', async () => {
    await t.api('GET', `/v1/campaigns/${campaignId}`, { key });
    await t.api('GET', '/v1/campaigns/00000000-0000-4000-8000-000000000000', { key });
    await fetch(`${t.baseUrl}/webhooks/twilio/${randomBytes(4).toString('hex')}/sms`, { method: 'POST' });
    await fetch(`${t.baseUrl}/no/such/${randomBytes(4).toString('hex')}`);
    const text = await scrapeText(`${t.baseUrl}/metrics`);
    parsePrometheusTextFormat(text);
    const routes = new Set(
      [...text.matchAll(/^palaute_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]),
    );
    expect([...routes]).toEqual(
      expect.arrayContaining([
        '/v1/events',
        '/v1/campaigns/:id',
        '/webhooks/twilio/:workspaceId/sms',
        'unmatched',
        '/metrics',
      ]),
    );
    expect([...routes].filter((r) => /[0-9a-f]{8}-|\/no\/such/.test(r))).toEqual([]);
    expect(text).toMatch(
      /^palaute_http_request_duration_seconds_count\{method="GET",route="\/v1\/campaigns\/:id",status="200"\} 1$/m,
    );
    expect(text).toMatch(
      /^palaute_http_request_duration_seconds_count\{method="GET",route="\/v1\/campaigns\/:id",status="404"\} 1$/m,
    );
  });

  it('reports every queue by state, and the rate limiter by policy and decision', async () => {
    const families = await scrape(t);
    const queues = new Set(families.get('palaute_queue_jobs')?.metrics.map((m) => m.labels?.queue));
    expect([...queues].sort()).toEqual([...ALL_QUEUES].sort());
    const states = new Set(families.get('palaute_queue_jobs')?.metrics.map((m) => m.labels?.state));
    expect([...states]).toEqual(expect.arrayContaining(['waiting', 'active', 'delayed', 'failed']));
    for (const queue of ALL_QUEUES) expect(sample(families, 'palaute_queue_stuck_jobs', { queue })).toBe(0);
    expect(
      sample(families, 'palaute_rate_limit_decisions_total', { policy: 'admin', decision: 'allowed' }),
    ).toBeGreaterThan(0);
  });

  it("reports the rollup fold's lag: the age of the oldest delta not folded yet", async () => {
    await t.app.get(QueueService).stopPeriodic('scoring.fold-rollups');
    const folder = t.app.get(FoldRollupsProcessor);
    await folder.foldNow();
    expect(sample(await scrape(t), 'palaute_rollup_fold_lag_seconds', {})).toBe(0);
    // An answer writes deltas the fold has not seen yet.
    const [{ token }] = await t.db.query(`SELECT token FROM invitations WHERE status = 'sent' LIMIT 1`);
    const answered = await fetch(`${t.baseUrl}/s/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _shown: 'q1,fcr', q1: '9', fcr: 'yes' }).toString(),
    });
    expect(answered.status).toBe(200);
    const lag = await eventually(async () => {
      const value = sample(await scrape(t), 'palaute_rollup_fold_lag_seconds', {}) ?? 0;
      return value >= 1 ? value : null;
    });
    expect(lag).toBeLessThan(60);
    await folder.foldNow();
    expect(sample(await scrape(t), 'palaute_rollup_fold_lag_seconds', {})).toBe(0);
  });
});

describe('a stuck queue', () => {
  let t: TestApp;
  let queue: Queue;
  let worker: Worker;
  let release: () => void;

  beforeAll(async () => {
    // No workers of the app's own in this process: the test's worker below is the one that hangs.
    t = await startTestApp({ ROLE: 'api', QUEUE_STUCK_MS: '1000' });
    const held = new Promise<void>((resolve) => (release = resolve));
    const connection = { url: t.config.redisUrl };
    queue = new Queue('dispatch', { connection, prefix: t.config.queuePrefix });
    worker = new Worker('dispatch', () => held, { connection, prefix: t.config.queuePrefix });
  });

  afterAll(async () => {
    release?.();
    await worker?.close();
    await queue?.close();
    await t?.close();
  });

  it('makes readiness say degraded, naming the queue, until the job finishes', async () => {
    expect((await t.api('GET', '/health/ready')).body).toEqual({
      status: 'ok',
      checks: { postgres: 'up', redis: 'up', queues: 'ok' },
    });
    await queue.add('invitation.send', { invitationId: 'x', step: 0 });
    const degraded = await eventually(async () => {
      const res = await t.api('GET', '/health/ready');
      return res.body.status === 'degraded' ? res : null;
    });
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({
      checks: { postgres: 'up', redis: 'up', queues: 'stuck' },
      stuck: [{ queue: 'dispatch', stuckJobs: 1, stuckAfterSeconds: 1 }],
    });
    expect(degraded.body.stuck[0].oldestActiveSeconds).toBeGreaterThanOrEqual(1);
    const families = new Map(
      parsePrometheusTextFormat(await scrapeText(`${t.baseUrl}/metrics`)).map((f) => [f.name, f]),
    );
    expect(sample(families, 'palaute_queue_stuck_jobs', { queue: 'dispatch' })).toBe(1);
    expect(sample(families, 'palaute_queue_jobs', { queue: 'dispatch', state: 'active' })).toBe(1);
    expect(sample(families, 'palaute_queue_oldest_active_age_seconds', { queue: 'dispatch' })).toBeGreaterThanOrEqual(
      1,
    );

    release();
    await eventually(async () => (await t.api('GET', '/health/ready')).body.status === 'ok');
  });
});

describe('METRICS_PORT', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    t = await startTestApp({ ROLE: 'api', METRICS_PORT: String(port) });
  });

  afterAll(() => t?.close());

  it('moves /metrics off the public port onto its own', async () => {
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
    const text = await scrapeText(`http://127.0.0.1:${port}/metrics`);
    expect(parsePrometheusTextFormat(text).some((f) => f.name === 'palaute_queue_jobs')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
