import http from 'node:http';
import { AddressInfo } from 'node:net';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { SMS_QUEUE } from '../../src/queue/jobs';
import { ServiceProcess, startServiceProcess, waitForSendWorkers } from '../support/service-process';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'sms-rate-auth-token';
const SENDER = '+15005550006';
const RATE = 5;
const MESSAGES = 30;

/** One simulator behind two doors: each worker process talks to its own, so the simulator sees who sent what. */
async function door(
  sim: TwilioSimulator,
  counted: { creates: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && /\/Messages\.json$/.test(req.url ?? '')) counted.creates++;
    void sim.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The per-sender rate holds across worker processes: two `node dist/main.js` workers share one
 * sender, and the rate at the Twilio simulator stays at SMS_PER_SECOND however the work splits.
 */
describe('the SMS rate of one sender across two worker processes', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  const doors: Array<{ url: string; close(): Promise<void> }> = [];
  const counts = [{ creates: 0 }, { creates: 0 }];
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    sim = new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 5 });
    for (const c of counts) doors.push(await door(sim, c));
    const twilio = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: SENDER };
    // This process serves the API (and the status callbacks); only the two children send.
    t = await startTestApp({ ROLE: 'api', ...twilio, TWILIO_API_BASE_URL: doors[0].url, SMS_PER_SECOND: String(RATE) });
    for (const d of doors) {
      workers.push(
        await startServiceProcess('worker', {
          ...twilio,
          TWILIO_API_BASE_URL: d.url,
          SMS_PER_SECOND: String(RATE),
          SEND_CONCURRENCY: '20',
          DATABASE_URL: t.databaseUrl,
          REDIS_URL: t.config.redisUrl,
          QUEUE_PREFIX: t.config.queuePrefix,
          PUBLIC_BASE_URL: t.baseUrl,
        }),
      );
    }
    await waitForSendWorkers(t.config.redisUrl, t.config.queuePrefix, SMS_QUEUE, 2, workers);
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await t?.close();
    for (const d of doors) await d.close();
    await sim?.stop();
  });

  it(`sends ${MESSAGES} texts at no more than ${RATE} per second in all, both processes sending`, async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: { name: 'Rate', defaultLocale: 'en', questions: [{ id: 'q1', type: 'nps', text: { en: 'How likely?' } }] },
    });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Rate', surveyId: survey.body.id, trigger: { eventType: 'rate' }, channel: 'sms' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
    let n = 0;
    const textAll = async (phones: string[]) => {
      const posted = await Promise.all(
        phones.map((phone) =>
          t.api('POST', '/v1/events', {
            key,
            body: { type: 'rate', id: `rate-${++n}`, contact: { externalId: phone, phone } },
          }),
        ),
      );
      expect(posted.map((p) => p.body.decisions?.[0]?.decision)).toEqual(posted.map(() => 'scheduled'));
      await eventually(async () => phones.every((phone) => sim.inbox(phone).length > 0), 60000);
    };

    // Warm-up: each process's first text is slow (the SDK loads on first use) and would bunch the
    // texts behind it; measure only once both processes have sent.
    for (let round = 0; counts.some((c) => c.creates === 0); round++) {
      if (round === 10) throw new Error(`a worker never sent: ${counts.map((c) => c.creates).join('/')}`);
      await textAll(Array.from({ length: 4 }, (_, i) => `+35840166${1000 + round * 4 + i}`));
    }
    const before = counts.map((c) => c.creates);

    const phones = Array.from({ length: MESSAGES }, (_, i) => `+35840155${1000 + i}`);
    await textAll(phones);
    const measured = sim.messages.filter((m) => phones.includes(m.to));
    expect(measured).toHaveLength(MESSAGES);
    // Each send is recorded just after Twilio took it, and each exactly once.
    await eventually(async () => {
      const [{ sent }] = await t.db.query(`SELECT count(*)::int AS sent FROM invitations WHERE status = 'sent'`);
      return sent === sim.messages.length;
    });
    const split = counts.map((c, i) => c.creates - before[i]);
    expect(split[0] + split[1]).toBe(MESSAGES);
    // Both processes took part in the measured batch.
    expect(split[0]).toBeGreaterThan(0);
    expect(split[1]).toBeGreaterThan(0);

    // The slots are 1/RATE apart (Redis keeps one schedule); arrival adds only the HTTP round
    // trip's jitter. Two unshared limiters would send at 2 × RATE and fail both checks.
    const times = measured.map((m) => m.dateCreated.getTime()).sort((a, b) => a - b);
    const spanMs = times.at(-1)! - times[0];
    const busiestSecond = Math.max(...times.map((start) => times.filter((x) => x >= start && x < start + 1000).length));
    process.stdout.write(
      `two workers, one sender at ${RATE}/s: ${MESSAGES} texts in ${spanMs} ms ` +
        `(${(((MESSAGES - 1) * 1000) / spanMs).toFixed(2)}/s), split ${split.join('/')}, busiest second ${busiestSecond}, ` +
        `gaps ${times
          .slice(1)
          .map((x, i) => x - times[i])
          .join(' ')}\n`,
    );
    expect(spanMs).toBeGreaterThanOrEqual(((MESSAGES - 1) * 1000) / RATE - 400);
    expect(busiestSecond).toBeLessThanOrEqual(RATE + 2);
  }, 120000);
});
