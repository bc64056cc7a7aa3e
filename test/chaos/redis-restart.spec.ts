import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { waitForIdleQueues } from '../support/queue-idle';
import { RedisPersistence, RedisServerProcess } from '../support/redis-server';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const GROUP = 5;
const REMINDER_AFTER_S = 5;

/**
 * The Redis that holds the queues goes away while delayed jobs wait in it (sends scheduled for
 * later, reminders), stays away past their due time, and comes back. Two Redis setups an
 * operator runs:
 *
 * - no persistence (`--save "" --appendonly no`, as CI's own Redis): it comes back empty, with
 *   every delayed job and job scheduler gone. A worker notices (its marker key is missing) and
 *   rebuilds them from Postgres.
 * - AOF (`--appendonly yes`, as docker-compose.yml), killed with SIGKILL: it comes back with
 *   everything, and the workers reconnect and carry on.
 *
 * Either way the sends and reminders that fell due during the outage go out after it, the
 * later ones at their time and not before, each exactly once at the SMTP server.
 */
describe.each<[RedisPersistence, 'SIGTERM' | 'SIGKILL']>([
  ['none', 'SIGTERM'],
  ['aof', 'SIGKILL'],
])('chaos: Redis (persistence %s) stopped with %s while jobs wait', (persistence, signal) => {
  let redis: RedisServerProcess;
  let sink: SmtpSink;
  let t: TestApp;
  let worker: ServiceProcess | undefined;

  beforeAll(async () => {
    redis = await RedisServerProcess.start(persistence);
    sink = await new SmtpSink().start();
    t = await startTestApp({ ROLE: 'api', REDIS_URL: redis.url, SMTP_URL: sink.url });
  });

  afterAll(async () => {
    await worker?.kill();
    await t?.close();
    await sink?.stop();
    await redis?.destroy();
  });

  it('sends what fell due during the outage after it, and the rest on time, each once', async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = async (name: string, eventType: string, extra: Record<string, unknown>) => {
      const res = await t.api('POST', '/v1/campaigns', {
        key,
        body: { name, surveyId: survey.body.id, trigger: { eventType }, channel: 'email', ...extra },
      });
      expect(res.status).toBe(201);
      await t.api('POST', `/v1/campaigns/${res.body.id}/status`, { key, body: { status: 'active' } });
    };
    await campaign('Later', 'ticket.closed', { delay: 'PT30S' });
    await campaign('Reminded', 'order.delivered', { reminders: [{ after: `PT${REMINDER_AFTER_S}S` }] });

    worker = await startServiceProcess('worker', {
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: t.config.queuePrefix,
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: t.baseUrl,
      QUEUE_LOCK_MS: '2000',
    });

    const post = async (n: string, body: Record<string, unknown>) => {
      const res = await t.api('POST', '/v1/events', { key, body: { ...ticketClosed(n), ...body } });
      expect(res.status).toBe(202);
      expect(res.body.decisions).toEqual([expect.objectContaining({ decision: 'scheduled' })]);
    };
    // Reminded: sent now, each with a reminder waiting in Redis.
    for (let i = 0; i < GROUP; i++) await post(`r${i}`, { type: 'order.delivered' });
    await sink.waitForCount(GROUP, 30000);
    // Due during the outage (the delay runs from occurredAt) and due after it.
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    for (let i = 0; i < GROUP; i++) await post(`a${i}`, { occurredAt: ago(27) });
    for (let i = 0; i < GROUP; i++) await post(`b${i}`, { occurredAt: ago(18) });

    const inRedis = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    const dispatch = new Queue('dispatch', { connection: inRedis, prefix: t.config.queuePrefix });
    await eventually(async () => (await dispatch.getJobCounts('delayed')).delayed === 3 * GROUP, 20000);
    const marker = await inRedis.get(`${t.config.queuePrefix}:queue-state-since`);
    expect(marker).not.toBeNull();
    await dispatch.close();
    inRedis.disconnect();

    const rows = async () =>
      t.db.query(
        `SELECT c.email, i.status, i.step, i.send_at, i.sent_at FROM invitations i JOIN contacts c ON c.id = i.contact_id`,
      );
    const before = await rows();
    const group = (prefix: string) =>
      before.filter((r) => r.email.startsWith(`customer${prefix}`)).map((r) => r.email as string);
    const reminderDue = Math.max(
      ...before
        .filter((r) => r.email.startsWith('customerr'))
        .map((r) => r.sent_at.getTime() + REMINDER_AFTER_S * 1000),
    );
    const aDue = Math.max(...before.filter((r) => r.email.startsWith('customera')).map((r) => r.send_at.getTime()));

    await redis.stop(signal);
    // Stay down until the first sends and the reminders are overdue (a condition on the clock, not a guess).
    await eventually(async () => Date.now() > Math.max(reminderDue, aDue) + 1000, 20000, 100);
    const restartedAt = Date.now();
    await redis.start();

    // 5 first sends before the outage, then 5 reminders, 5 overdue sends and 5 on time.
    await sink.waitForCount(4 * GROUP, 45000);
    await eventually(async () => {
      const now = await rows();
      return now.every((r) => r.status === 'sent' && r.step === (r.email.startsWith('customerr') ? 1 : 0));
    }, 30000);
    await waitForIdleQueues(redis.url, t.config.queuePrefix, ['dispatch']);

    const perAddress = new Map<string, string[]>();
    for (const m of sink.received)
      perAddress.set(m.envelopeTo[0], [...(perAddress.get(m.envelopeTo[0]) ?? []), m.parsed.messageId!]);
    expect(sink.received).toHaveLength(4 * GROUP);
    for (const email of [...group('a'), ...group('b')]) expect(perAddress.get(email)).toHaveLength(1);
    for (const email of group('r')) {
      const ids = perAddress.get(email)!;
      expect(ids).toHaveLength(2);
      expect(ids.map((id) => id.replace(/^<inv-[0-9a-f-]+-(\d+)@.*$/, '$1')).sort()).toEqual(['0', '1']);
    }
    const after = await rows();
    for (const r of after) {
      // Overdue work went out after Redis was back (a reminder moves send_at to when it ran; sent_at
      // keeps the first send); the rest at its time, not before.
      if (r.email.startsWith('customera')) expect(r.sent_at.getTime()).toBeGreaterThanOrEqual(restartedAt);
      if (r.email.startsWith('customerr')) expect(r.send_at.getTime()).toBeGreaterThanOrEqual(restartedAt);
      if (r.email.startsWith('customerb')) expect(r.sent_at.getTime()).toBeGreaterThanOrEqual(r.send_at.getTime());
    }

    const check = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    const markerNow = await check.get(`${t.config.queuePrefix}:queue-state-since`);
    check.disconnect();
    if (persistence === 'none') {
      // Redis came back empty, and the worker said so as it rebuilt the queues from Postgres.
      expect(markerNow).not.toBe(marker);
      expect(worker!.stdout()).toContain('Redis came back without our queue state');
    } else {
      expect(markerNow).toBe(marker);
    }
  }, 110000);
});
