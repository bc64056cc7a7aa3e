import { Queue } from 'bullmq';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { SMS_QUEUE } from '../../src/queue/jobs';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey } from '../support/fixtures';
import { ServiceProcess, startServiceProcess, waitForSendWorkers } from '../support/service-process';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'f6'.repeat(16);
const AUTH_TOKEN = 'sms-pause-auth-token';
const EMAILS = 20;

/**
 * Twilio's 429 pauses the SMS queue for every worker (BullMQ's rate limiter), and email, on a
 * queue of its own, keeps flowing meanwhile. Two worker processes (`node dist/main.js`) do the
 * sending. The pause is held for the test with the same limiter the 429 sets, so "meanwhile" is
 * the time the workers take to send every email, not a guess at how long that is.
 */
describe('an SMS pause, two worker processes and email', () => {
  let sink: SmtpSink;
  let sim: TwilioSimulator;
  let t: TestApp;
  let sms: Queue;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 2 }).start();
    const env = {
      SMTP_URL: sink.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: sim.url,
      SMS_PER_SECOND: '1000',
    };
    // This process serves the API; the two children send.
    t = await startTestApp({ ROLE: 'api', ...env });
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startServiceProcess('worker', {
          ...env,
          DATABASE_URL: t.databaseUrl,
          REDIS_URL: t.config.redisUrl,
          QUEUE_PREFIX: t.config.queuePrefix,
          PUBLIC_BASE_URL: t.baseUrl,
        }),
      );
    }
    await waitForSendWorkers(t.config.redisUrl, t.config.queuePrefix, SMS_QUEUE, 2, workers);
    sms = new Queue(SMS_QUEUE, { connection: t.app.get(QueueService).connection, prefix: t.config.queuePrefix });
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await sms?.close();
    await t?.close();
    await sim?.stop();
    await sink?.stop();
  });

  it('holds every SMS worker and never holds back email; afterwards each text goes out once', async () => {
    const { apiKey: key } = await t.workspace();
    const campaign = async (channel: 'email' | 'sms', eventType: string) => {
      const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
      const c = await t.api('POST', '/v1/campaigns', {
        key,
        body: { name: eventType, surveyId: s.body.id, trigger: { eventType }, channel },
      });
      await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    };
    await campaign('sms', 'texted');
    await campaign('email', 'mailed');
    const text = async (id: string, phone: string) => {
      const res = await t.api('POST', '/v1/events', {
        key,
        body: { type: 'texted', id, contact: { externalId: id, phone } },
      });
      return res.body.decisions[0].invitationId as string;
    };
    const rows = (ids: string[]) =>
      t.db.query(`SELECT status, attempts FROM invitations WHERE id = ANY($1) ORDER BY status`, [ids]);

    // A real 429: the worker that was refused pauses the SMS queue; the attempt is handed back.
    const refusedPhone = '+358401880001';
    sim.rejectWith(refusedPhone, 429, 20429, 'Too Many Requests');
    const refusedId = await text('texted-1', refusedPhone);
    // Caught early in its 2 s, so no SMS job can have started since.
    await eventually(async () => sim.refused.includes(refusedPhone) && (await sms.getRateLimitTtl()) > 1000, 15000, 20);
    // Hold that pause (the same BullMQ limiter, now for a minute) without letting it lapse.
    await sms.rateLimit(60000);
    const refusedBefore = sim.refused.length;
    expect(await rows([refusedId])).toEqual([{ status: 'scheduled', attempts: 0 }]);

    // A text Twilio would accept, for any worker to take: none may while the pause holds.
    const waitingPhone = '+358401880002';
    const waitingId = await text('texted-2', waitingPhone);

    const mailed = await Promise.all(
      Array.from({ length: EMAILS }, (_, i) =>
        t.api('POST', '/v1/events', {
          key,
          body: {
            type: 'mailed',
            id: `mailed-${i}`,
            contact: { externalId: `mailed-${i}`, email: `m${i}@example.com` },
          },
        }),
      ),
    );
    expect(mailed.map((r) => r.body.decisions[0].decision)).toEqual(mailed.map(() => 'scheduled'));
    await sink.waitForCount(EMAILS, 30000);
    expect(new Set(sink.received.map((m) => m.envelopeTo[0])).size).toBe(EMAILS);

    // While both workers sent every email, the pause held: no SMS was tried, not even the acceptable one.
    expect(await sms.getRateLimitTtl()).toBeGreaterThan(0);
    expect(sim.refused).toHaveLength(refusedBefore);
    expect(sim.messages).toHaveLength(0);
    expect(await rows([refusedId, waitingId])).toEqual([
      { status: 'scheduled', attempts: 0 },
      { status: 'scheduled', attempts: 0 },
    ]);

    // The pause ends and Twilio accepts again: both texts go out, once, with no attempt spent on the 429.
    // (A worker that saw the long pause sleeps through it, at most BullMQ's 30 s, before it looks again.)
    sim.clearRejections();
    await sms.removeRateLimitKey();
    await eventually(async () => (await rows([refusedId, waitingId])).every((r) => r.status === 'sent'), 45000);
    expect(await rows([refusedId, waitingId])).toEqual([
      { status: 'sent', attempts: 1 },
      { status: 'sent', attempts: 1 },
    ]);
    expect(sim.inbox(refusedPhone)).toHaveLength(1);
    expect(sim.inbox(waitingPhone)).toHaveLength(1);
  }, 120000);
});
