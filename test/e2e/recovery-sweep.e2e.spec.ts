import { Queue } from 'bullmq';
import IORedis, { Redis } from 'ioredis';

import { DISPATCH_QUEUE, periodicQueueName, sendJobId } from '../../src/queue/jobs';
import { BlackholeProxy } from '../support/blackhole-proxy';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

/**
 * The API process dies after the event's transaction committed and before its send job reached
 * Redis. Made for real: the API's Redis is a black hole, so the enqueue after the commit hangs,
 * and the process is SIGKILLed there. A separate worker process's recovery sweep must then find
 * the invitation and send it, once.
 */
describe('an API killed between commit and enqueue', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let proxy: BlackholeProxy;
  let redis: Redis;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // This process only sets up and looks; the API and the worker under test are processes of their own.
    t = await startTestApp({ ROLE: 'api', SMTP_URL: sink.url });
    proxy = await BlackholeProxy.forUrl(t.config.redisUrl).start();
    redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    for (const p of processes) await p.kill();
    await redis?.quit();
    await proxy?.stop();
    await t?.close();
    await sink?.stop();
  });

  it('leaves a committed invitation without a job, which the recovery sweep sends exactly once', async () => {
    const env = { DATABASE_URL: t.databaseUrl, QUEUE_PREFIX: t.config.queuePrefix, SMTP_URL: sink.url };
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Swept', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });

    // A worker process of its own, on the real Redis, running all along as in production: its
    // start has come and gone (a worker that starts on a Redis without our queue state re-enqueues
    // every scheduled invitation at once, see docs/architecture.md#when-redis-restarts), so only
    // its sweep, which picks up invitations due for over 60 s, can find the one the API leaves behind.
    const worker = await startServiceProcess('worker', { ...env, REDIS_URL: t.config.redisUrl, LOG_LEVEL: 'info' });
    processes.push(worker);
    await worker.waitForOutput(/palaute worker started/, 60000);
    const api = await startServiceProcess('api', { ...env, REDIS_URL: proxy.urlFor(t.config.redisUrl) });
    processes.push(api);
    proxy.blackhole();
    const request = fetch(`${api.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(ticketClosed('swept')),
    }).catch((err: Error) => err);
    // The transaction committed; the request still hangs in the enqueue that follows it.
    const [invitation] = await eventually(async () => {
      const rows = await t.db.query(`SELECT id, status, attempts, send_at FROM invitations`);
      return rows.length ? rows : null;
    }, 30000);
    await api.kill('SIGKILL');
    expect(await request).toMatchObject({ message: 'fetch failed' }); // the CRM never got an answer

    const dispatch = new Queue(DISPATCH_QUEUE, { connection: redis, prefix: t.config.queuePrefix });
    expect(await dispatch.getJob(sendJobId(invitation.id, 0))).toBeUndefined();
    expect(await dispatch.count()).toBe(0);
    expect(invitation).toMatchObject({ status: 'scheduled', attempts: 0 });
    const [event] = await t.db.query(`SELECT decisions FROM events WHERE external_id = 'crm-swept'`);
    expect(event.decisions).toEqual([
      expect.objectContaining({ decision: 'scheduled', channel: 'email', invitationId: invitation.id }),
    ]);

    const [mail] = await sink.waitForCount(1, 150000);
    expect(mail.envelopeTo).toEqual(['customerswept@example.com']);
    expect(mail.parsed.messageId).toMatch(new RegExp(`^<inv-${invitation.id}-0@`));
    expect(Date.now() - new Date(invitation.send_at).getTime()).toBeGreaterThanOrEqual(60000);

    // Let one more sweep start and finish after the send: it must find nothing to re-enqueue.
    const sweeps = new Queue(periodicQueueName('invitations.recover'), {
      connection: redis,
      prefix: t.config.queuePrefix,
    });
    const iterations = async () => (await sweeps.getJobScheduler('invitations.recover'))?.iterationCount ?? 0;
    const seen = await iterations();
    await eventually(async () => (await iterations()) > seen && (await sweeps.getActiveCount()) === 0, 60000, 200);

    const [after] = await t.db.query(`SELECT status, attempts FROM invitations WHERE id = $1`, [invitation.id]);
    expect(after).toEqual({ status: 'sent', attempts: 1 });
    expect(await dispatch.getJob(sendJobId(invitation.id, 0))).toBeUndefined();
    expect(sink.received).toHaveLength(1);
    await sweeps.close();
    await dispatch.close();
  }, 240000);
});
