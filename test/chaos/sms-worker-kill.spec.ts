import { SimulatedMessage, TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { npsQuestionInFourLanguages } from '../support/fixtures';
import { waitForIdleQueues } from '../support/queue-idle';
import { seededRandom } from '../support/seeded-random';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { within } from '../support/within';

const ACCOUNT_SID = 'AC' + 'c3'.repeat(16);
const AUTH_TOKEN = 'chaos-sms-auth-token';
const SENDER = '+15005550006';
const RECIPIENTS = 160;
const KILLS = 3;
const phoneOf = (i: number) => `+35840300${String(i).padStart(4, '0')}`;

/**
 * `kill -9` of a worker process in the middle of an SMS batch, three times at random points,
 * against the Twilio simulator over HTTP (the real twilio SDK in the worker). At each kill the
 * simulator keeps back its answers to the last few messages it accepted, so the worker dies
 * with texts that Twilio has and it never heard about: the restarted worker must find them
 * (Twilio has no idempotency key) instead of sending them again. Every recipient ends with
 * exactly one text, counted at the simulator.
 */
describe('chaos: a worker killed mid-SMS-batch', () => {
  const random = seededRandom();
  let sim: TwilioSimulator;
  let t: TestApp;
  let onOutbound: (m: SimulatedMessage) => void = () => undefined;
  const workers: ServiceProcess[] = [];

  const outbound = () => sim.messages.filter((m) => m.direction === 'outbound-api');

  const startWorker = async () => {
    const worker = await startServiceProcess('worker', {
      DATABASE_URL: t.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      QUEUE_PREFIX: t.config.queuePrefix,
      PUBLIC_BASE_URL: t.baseUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      SMS_PER_SECOND: '1000',
      SEND_CONCURRENCY: '20',
      QUEUE_LOCK_MS: '2000',
      COMPANY_NAME: 'Acme',
      TWILIO_TIMEOUT_MS: '3000',
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    // Twilio's status callbacks (which also complete a cut-off send) come late here, after the
    // restarted worker has retried: it must find the texts it never heard about by asking Twilio.
    sim = await new TwilioSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      callbackDelayMs: 8000,
      onMessage: (m) => {
        if (m.direction === 'outbound-api') onOutbound(m);
      },
    }).start();
    // This process only serves the API (and Twilio's status callbacks); the workers are separate processes.
    t = await startTestApp({
      ROLE: 'api',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      COMPANY_NAME: 'Acme',
      QUEUE_LOCK_MS: '2000',
    });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await t?.close();
    await sim?.stop();
  });

  it(`every recipient gets exactly one text after ${KILLS} kills at random points`, async () => {
    const context = `CHAOS_SEED=${random.seed}`;
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: { name: 'SMS NPS', defaultLocale: 'en', questions: [npsQuestionInFourLanguages] },
    });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Delivery', surveyId: survey.body.id, trigger: { eventType: 'order.delivered' }, channel: 'sms' },
    });
    expect(campaign.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    for (let i = 0; i < RECIPIENTS; i += 25) {
      const posts = Array.from({ length: Math.min(25, RECIPIENTS - i) }, (_, j) =>
        t.api('POST', '/v1/events', {
          key,
          body: {
            type: 'order.delivered',
            id: `order-${i + j}`,
            contact: { externalId: `c-${i + j}`, phone: phoneOf(i + j), locale: 'en' },
          },
        }),
      );
      for (const res of await Promise.all(posts)) expect(res.status).toBe(202);
    }

    const unanswered = new Set<string>();
    for (let n = 0; n < KILLS; n++) {
      // A random point of what is left: the worker dies after this many more texts reach Twilio.
      const at = outbound().length + random.between(3, 25);
      const heldBack = random.between(1, 4);
      const worker = await startWorker();
      onOutbound = () => {
        const count = outbound().length;
        // From here Twilio takes the next texts, but its answers never reach the worker…
        if (count === at) sim.injectFault({ mode: 'drop-response', method: 'POST', count: heldBack });
        // …and the worker dies before it could have heard of them.
        if (count === at + heldBack) worker.child.kill('SIGKILL');
      };
      const { signal } = await within(worker.exited, 60000, `worker ${n} to reach text ${at + heldBack} (${context})`);
      expect({ kill: n, signal, context }).toEqual({ kill: n, signal: 'SIGKILL', context });
      onOutbound = () => undefined;
      sim.clearFaults();
      for (const r of sim.apiRequests) if (r.outcome === 'drop-response' && r.to) unanswered.add(r.to);
    }
    expect(unanswered.size).toBeGreaterThan(0);

    const last = await startWorker();
    const state = async () =>
      JSON.stringify({
        context,
        phonesServed: new Set(outbound().map((m) => m.to)).size,
        invitations: await t.db.query(`SELECT status, count(*)::int AS n FROM invitations GROUP BY status`),
        worker: last.stdout().slice(-1500) + last.stderr().slice(-1500),
      });
    try {
      await eventually(async () => new Set(outbound().map((m) => m.to)).size === RECIPIENTS, 60000, 100);
      await eventually(async () => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM invitations WHERE status <> 'sent'`);
        return n === 0;
      }, 30000);
    } catch {
      throw new Error(`not every recipient served in time: ${await state()}`);
    }
    // Nothing left that could send again: count at the simulator.
    await waitForIdleQueues(t.config.redisUrl, t.config.queuePrefix, ['sms']);
    await sim.settle();

    const perPhone = new Map<string, number>();
    for (const m of outbound()) perPhone.set(m.to, (perPhone.get(m.to) ?? 0) + 1);
    const doubled = [...perPhone].filter(([, n]) => n > 1);
    expect({ doubled, context }).toEqual({ doubled: [], context });
    expect(perPhone.size).toBe(RECIPIENTS);
    expect(outbound()).toHaveLength(RECIPIENTS);
    // The texts the workers never heard back about were adopted, not sent again.
    for (const phone of unanswered) expect(perPhone.get(phone)).toBe(1);
    // And each invitation records the message the simulator holds for its number.
    const rows = await t.db.query(
      `SELECT c.phone, i.provider_message_id FROM invitations i JOIN contacts c ON c.id = i.contact_id`,
    );
    const sidFor = new Map(outbound().map((m) => [m.to, m.sid]));
    for (const row of rows) expect(row.provider_message_id).toBe(sidFor.get(row.phone));
  }, 110000);
});
