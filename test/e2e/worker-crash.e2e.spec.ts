import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const BATCH = 200;
const ROOT = path.join(__dirname, '..', '..');

/**
 * A worker process is SIGKILLed in the middle of sending a batch: some messages are mid-SMTP
 * transaction (the sink holds their 250), others wait in the pool. After a restart every
 * invitation must have exactly one email at the sink.
 */
describe('a worker killed while sending', () => {
  let sink: SmtpSink;
  let t: TestApp;
  const workers: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ROLE: 'worker',
        DATABASE_URL: t.databaseUrl,
        REDIS_URL: t.config.redisUrl,
        QUEUE_PREFIX: t.config.queuePrefix,
        SMTP_URL: sink.url,
        QUEUE_LOCK_MS: '2000',
        SEND_CONCURRENCY: '20',
        LOG_LEVEL: 'warn',
        PUBLIC_BASE_URL: t.baseUrl,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    // This process only serves the API; sending happens in the child worker processes.
    t = await startTestApp({ ROLE: 'api', SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000' });
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await t?.close();
    await sink?.stop();
  });

  it('delivers every invitation exactly once after a restart', async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Batch', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    for (let i = 0; i < BATCH; i += 25) {
      const posts = Array.from({ length: 25 }, (_, j) =>
        t.api('POST', '/v1/events', { key, body: ticketClosed(`crash-${i + j}`) }),
      );
      for (const res of await Promise.all(posts)) expect(res.status).toBe(202);
    }

    const first = startWorker();
    await sink.waitForCount(60, 30000);
    sink.hold();
    // Let the messages acknowledged before the hold be recorded as sent; the rest stay mid-send.
    await eventually(async () => sink.heldCount > 0, 10000);
    await new Promise((r) => setTimeout(r, 300));
    first.kill('SIGKILL');
    await once(first, 'exit');
    await new Promise((r) => setTimeout(r, 200));
    sink.release();

    const deliveredBeforeRestart = sink.received.length;
    const [{ n: midSend }] = await t.db.query(`SELECT count(*)::int AS n FROM invitations WHERE status = 'sending'`);
    expect(deliveredBeforeRestart).toBeLessThan(BATCH);
    expect(midSend).toBeGreaterThan(0);

    startWorker();
    await sink.waitForCount(BATCH, 60000);
    // Give any duplicate the chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));

    const recipients = sink.received.map((m) => m.envelopeTo[0]);
    const messageIds = sink.received.map((m) => m.parsed.messageId);
    expect(sink.received).toHaveLength(BATCH);
    expect(new Set(recipients).size).toBe(BATCH);
    expect(new Set(messageIds).size).toBe(BATCH);
    const states = await t.db.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status`);
    expect(states).toEqual([{ status: 'sent', n: BATCH }]);
  }, 120000);
});
