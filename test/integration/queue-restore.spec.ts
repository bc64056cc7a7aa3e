import { Job, Queue } from 'bullmq';
import IORedis from 'ioredis';

import { RecoverInvitationsProcessor } from '../../src/invitations/recover-invitations.processor';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * What a worker puts back in Redis when it finds our queue state gone (restarted without
 * persistence): every scheduled send at its own time, every pending reminder at the last send
 * plus its `after`, and nothing for invitations a reminder no longer applies to. The chaos suite
 * (test/chaos/redis-restart.spec.ts) shows it end to end; this pins down the times.
 */
describe('restoring the queues from Postgres after Redis lost them', () => {
  let t: TestApp;
  let redis: IORedis;
  let dispatch: Queue;

  beforeAll(async () => {
    // No workers in this process: the restored jobs stay in Redis to be looked at.
    t = await startTestApp({ ROLE: 'api' });
    redis = new IORedis(t.config.redisUrl, { maxRetriesPerRequest: 1 });
    dispatch = new Queue('dispatch', { connection: redis, prefix: t.config.queuePrefix });
  });

  afterAll(async () => {
    await dispatch?.close();
    redis?.disconnect();
    await t?.close();
  });

  it('re-enqueues each scheduled send at its time and each pending reminder after the last send', async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Reminded',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        delay: 'PT1H',
        reminders: [{ after: 'PT1H' }, { after: 'PT2H' }],
      },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    const ids: Record<string, string> = {};
    for (const name of ['later', 'overdue', 'secondReminder', 'firstReminder', 'expired']) {
      const res = await t.api('POST', '/v1/events', { key, body: ticketClosed(name) });
      ids[name] = res.body.decisions[0].invitationId;
    }
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms);
    const set = (name: string, fields: string, params: unknown[]) =>
      t.db.query(`UPDATE invitations SET ${fields} WHERE id = $1`, [ids[name], ...params]);
    await set('overdue', 'send_at = $2', [at(-10 * MINUTE)]);
    // Sent first 3 h ago; its first reminder went out at send_at, 30 min ago: the second is due 2 h after that.
    await set('secondReminder', `status = 'sent', step = 1, sent_at = $2, send_at = $3, expires_at = $4`, [
      at(-3 * HOUR),
      at(-30 * MINUTE),
      at(24 * HOUR),
    ]);
    await set('firstReminder', `status = 'sent', step = 0, sent_at = $2, send_at = $3, expires_at = $4`, [
      at(-10 * MINUTE),
      at(-11 * MINUTE),
      at(24 * HOUR),
    ]);
    await set('expired', `status = 'sent', step = 0, sent_at = $2, expires_at = $3`, [at(-2 * HOUR), at(-MINUTE)]);
    // Redis loses everything of ours, as in a restart without persistence.
    const keys = await redis.keys(`${t.config.queuePrefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect(await dispatch.getJobCounts('delayed', 'waiting')).toMatchObject({ delayed: 0, waiting: 0 });

    const restored = await t.app.get(RecoverInvitationsProcessor).restore();
    expect(restored).toEqual({ sends: 2, reminders: 2 });

    const dueAt = async (jobId: string) => {
      const job: Job | undefined = await dispatch.getJob(jobId);
      expect({ jobId, found: job !== undefined }).toEqual({ jobId, found: true });
      return job!.timestamp + (job!.opts.delay ?? 0);
    };
    const close = (actual: number, expected: Date) => expect(Math.abs(actual - expected.getTime())).toBeLessThan(5000);
    close(await dueAt(`send-${ids.later}-0`), at(HOUR));
    close(await dueAt(`send-${ids.overdue}-0`), at(0));
    close(await dueAt(`remind-${ids.secondReminder}-2`), at(-30 * MINUTE + 2 * HOUR));
    close(await dueAt(`remind-${ids.firstReminder}-1`), at(-10 * MINUTE + HOUR));
    expect(await dispatch.getJob(`remind-${ids.expired}-1`)).toBeUndefined();

    // A second restore (another worker, another reconnect) adds nothing.
    await t.app.get(RecoverInvitationsProcessor).restore();
    expect(await dispatch.getJobCounts('delayed', 'waiting')).toMatchObject({ delayed: 3, waiting: 1 });
  });
});
