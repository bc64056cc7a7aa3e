import { ApiRequestRecord, TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { npsQuestionInFourLanguages } from '../support/fixtures';
import { waitForIdleQueues } from '../support/queue-idle';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'chaos-twilio-faults-token';
const SENDER = '+15005550006';
const ATTEMPTS = 5;
const BACKOFF_MS = 400;
const TIMEOUT_MS = 1000;
/** The wait before retry k (1-based), as docs/channels.md gives it: SEND_BACKOFF_MS × 2^(k−1). */
const backoff = (k: number) => BACKOFF_MS * 2 ** (k - 1);

/**
 * The Twilio API misbehaves for a while, through the simulator's fault modes: 500s and 503s,
 * requests that hang until the SDK's timeout, and texts Twilio accepts without its answer ever
 * arriving. Sends are retried on the documented schedule (SEND_ATTEMPTS tries, SEND_BACKOFF_MS
 * doubling), each recipient gets exactly one text once Twilio answers again, and a recipient
 * whose number keeps failing is tried exactly SEND_ATTEMPTS times and marked failed.
 */
describe('chaos: the Twilio API failing for a while', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  let seq = 0;

  const phone = () => `+35840400${String(++seq).padStart(4, '0')}`;
  const outboundTo = (to: string) => sim.messages.filter((m) => m.direction === 'outbound-api' && m.to === to);
  const requestsTo = (to: string) => sim.apiRequests.filter((r) => r.to === to);
  /** When each try began: a request is a new try unless the one before it (a successful list) was part of it. */
  const triesOf = (to: string) =>
    requestsTo(to)
      .filter((r, i, all) => i === 0 || !answeredOk(all[i - 1]))
      .map((r) => r.at.getTime());
  const gaps = (times: number[]) => times.slice(1).map((at, i) => at - times[i]);

  const send = async (to: string) => {
    const res = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'order.delivered', id: `order-${to}`, contact: { externalId: `c-${to}`, phone: to, locale: 'en' } },
    });
    expect(res.status).toBe(202);
    return res.body.decisions[0].invitationId as string;
  };
  const invitation = async (id: string) =>
    (await t.db.query(`SELECT status, status_reason, attempts FROM invitations WHERE id = $1`, [id]))[0];

  /** Waits until these invitations are final and nothing is left in the SMS queue to try again. */
  const settled = async (ids: string[]) => {
    await eventually(
      async () => {
        const rows = await t.db.query(`SELECT status FROM invitations WHERE id = ANY($1::uuid[])`, [ids]);
        return rows.every((r) => r.status === 'sent' || r.status === 'failed');
      },
      60000,
      100,
    );
    await waitForIdleQueues(t.config.redisUrl, t.config.queuePrefix, ['sms']);
    await sim.settle();
  };

  /** Each gap is at least its back-off (plus the request's own time), and well short of the next doubling. */
  const expectSchedule = (to: string, tries: number, perTryMs = 0) => {
    const times = triesOf(to);
    expect({ to, tries: times.length }).toEqual({ to, tries });
    gaps(times).forEach((gap, i) => {
      const expected = backoff(i + 1) + perTryMs;
      expect({ to, retry: i + 1, atLeast: gap >= expected - 25 }).toEqual({ to, retry: i + 1, atLeast: true });
      expect({ to, retry: i + 1, gap, soonEnough: gap < expected + Math.max(backoff(i + 1), 2000) }).toMatchObject({
        soonEnough: true,
      });
    });
  };

  beforeAll(async () => {
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 5 }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      SMS_PER_SECOND: '1000',
      SEND_ATTEMPTS: String(ATTEMPTS),
      SEND_BACKOFF_MS: String(BACKOFF_MS),
      TWILIO_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: { name: 'SMS NPS', defaultLocale: 'en', questions: [npsQuestionInFourLanguages] },
    });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Delivery', surveyId: survey.body.id, trigger: { eventType: 'order.delivered' }, channel: 'sms' },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('500s: retried on schedule until Twilio answers, then one text; a number that keeps failing stops at the limit', async () => {
    const recovering = Array.from({ length: 6 }, phone);
    const doomed = Array.from({ length: 3 }, phone);
    for (const to of recovering) sim.injectFault({ mode: 'error', status: 500, to, count: 3 });
    for (const to of doomed) sim.injectFault({ mode: 'error', status: 503, to });
    const ids = new Map<string, string>();
    for (const to of [...recovering, ...doomed]) ids.set(to, await send(to));
    await settled([...ids.values()]);

    for (const to of recovering) {
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 1 });
      // Three refused tries (the first create, then two look-ups for a text that might have gone), then it goes.
      expectSchedule(to, 4);
      expect(await invitation(ids.get(to)!)).toMatchObject({ status: 'sent' });
    }
    for (const to of doomed) {
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 0 });
      expectSchedule(to, ATTEMPTS);
      expect(requestsTo(to).every((r) => r.outcome === 503)).toBe(true);
      const row = await invitation(ids.get(to)!);
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(new RegExp(`^gave up after ${ATTEMPTS} attempts: `));
    }
  }, 60000);

  it('timeouts: a hung request counts as a try; a text Twilio took without answering is not sent twice', async () => {
    const hanging = Array.from({ length: 3 }, phone);
    const unanswered = Array.from({ length: 3 }, phone);
    const doomed = Array.from({ length: 2 }, phone);
    for (const to of hanging) sim.injectFault({ mode: 'hang', to, count: 2 });
    for (const to of unanswered) sim.injectFault({ mode: 'drop-response', method: 'POST', to, count: 1 });
    for (const to of doomed) sim.injectFault({ mode: 'hang', to });
    const ids = new Map<string, string>();
    for (const to of [...hanging, ...unanswered, ...doomed]) ids.set(to, await send(to));
    await settled([...ids.values()]);

    for (const to of hanging) {
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 1 });
      expectSchedule(to, 3, TIMEOUT_MS);
      expect(await invitation(ids.get(to)!)).toMatchObject({ status: 'sent' });
    }
    for (const to of unanswered) {
      // Twilio has the text; the retry finds it (or its status callback got there first) instead of sending again.
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 1 });
      expect(requestsTo(to)[0].outcome).toBe('drop-response');
      const row = await invitation(ids.get(to)!);
      expect(row.status).toBe('sent');
    }
    for (const to of doomed) {
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 0 });
      expectSchedule(to, ATTEMPTS, TIMEOUT_MS);
      const row = await invitation(ids.get(to)!);
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(new RegExp(`^gave up after ${ATTEMPTS} attempts: `));
    }
  }, 60000);

  it('a 1.5 s outage of the whole API: everyone is served once after it, within the limit', async () => {
    const everyone = Array.from({ length: 8 }, phone);
    const outageEnds = Date.now() + 1500;
    sim.injectFault({ mode: 'error', status: 500, forMs: 1500 });
    const ids = await Promise.all(everyone.map((to) => send(to)));
    await settled(ids);

    for (const to of everyone) {
      expect({ to, texts: outboundTo(to).length }).toEqual({ to, texts: 1 });
      const tries = triesOf(to);
      expect(tries.length).toBeGreaterThan(1);
      expect(tries.length).toBeLessThanOrEqual(ATTEMPTS);
      for (const r of requestsTo(to)) {
        // During the outage every request was refused; after it, none was.
        if (r.at.getTime() < outageEnds - 10) expect(r.outcome).toBe(500);
        if (r.at.getTime() > outageEnds + 10) expect(answeredOk(r)).toBe(true);
      }
    }
    const rows = await t.db.query(`SELECT status FROM invitations WHERE id = ANY($1::uuid[])`, [ids]);
    expect(rows.map((r) => r.status)).toEqual(everyone.map(() => 'sent'));
  }, 60000);
});

function answeredOk(r: ApiRequestRecord): boolean {
  return typeof r.outcome === 'number' && r.outcome >= 200 && r.outcome < 300;
}
