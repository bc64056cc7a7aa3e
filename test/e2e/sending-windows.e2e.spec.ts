import { Queue } from 'bullmq';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { ManualClock } from '../../src/common/clock';
import { queueForChannel, sendJobId, SendQueueName } from '../../src/queue/jobs';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'e5'.repeat(16);
const AUTH_TOKEN = 'sending-windows-auth-token';
const CALLER_ID = '+15005550007';
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const OFFICE_HOURS = { ranges: [{ days: WEEKDAYS, start: '09:00', end: '20:00' }] };

type Channel = 'email' | 'sms' | 'voice';

/**
 * Quiet hours, public holidays and the calling window in the running service, on a clock the test
 * moves: an event outside the hours is scheduled for the next opening (the times below are written
 * out, not computed by our own code), nothing goes out before it, and it goes out when the clock
 * gets there. The sender checks again at the last moment, on every channel: a send that drifts
 * out of the hours is put back until the opening, and an opt-out made after scheduling cancels it.
 *
 * BullMQ waits in real time, so where the test moves the clock to a send's time it also promotes
 * that send's delayed job: together they are "the time has come".
 */
describe('sending windows on a controlled clock', () => {
  const clock = new ManualClock(new Date('2027-12-01T12:00:00Z'));
  let sink: SmtpSink;
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  const queues = new Map<SendQueueName, Queue>();
  let n = 0;

  async function campaign(channel: Channel, extra: Record<string, unknown>) {
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const eventType = `windows.${++n}`;
    const created = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: `Windows ${n}`, surveyId: survey.body.id, trigger: { eventType }, channel, ...extra },
    });
    expect(created.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${created.body.id}/status`, { key, body: { status: 'active' } });
    return eventType;
  }

  async function post(eventType: string, contact: Record<string, unknown>) {
    const res = await t.api('POST', '/v1/events', {
      key,
      body: { type: eventType, id: `ev-${++n}`, contact: { locale: 'en', ...contact } },
    });
    expect(res.status).toBe(202);
    return res.body.decisions[0];
  }

  const invitation = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, status_reason, send_at, sent_at, attempts, channel FROM invitations WHERE id = $1`,
        [id],
      )
    )[0];

  async function delayedJob(invitationId: string, channel: Channel) {
    const queue = queues.get(queueForChannel(channel))!;
    return eventually(async () => {
      const job = await queue.getJob(sendJobId(invitationId, 0));
      return job && (await job.getState()) === 'delayed' ? job : null;
    });
  }

  /** The clock reaches `at`, and BullMQ's delayed job for the send is due. */
  async function timeComes(at: string, ...sends: Array<{ invitationId: string; channel: Channel }>) {
    clock.set(new Date(at));
    for (const s of sends) await (await delayedJob(s.invitationId, s.channel)).promote();
  }

  const mailsTo = (address: string) => sink.received.filter((m) => m.envelopeTo.includes(address));

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 2 }).start();
    t = await startTestApp(
      {
        SMTP_URL: sink.url,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+15005550006',
        TWILIO_CALLER_ID: CALLER_ID,
        TWILIO_API_BASE_URL: sim.url,
        SMS_PER_SECOND: '1000',
        CALLS_PER_SECOND: '100',
        COMPANY_NAME: 'Acme',
      },
      clock,
    );
    key = (await t.workspace()).apiKey;
    const connection = t.app.get(QueueService).connection;
    for (const channel of ['email', 'sms', 'voice'] as const) {
      const name = queueForChannel(channel);
      queues.set(name, new Queue(name, { connection, prefix: t.config.queuePrefix }));
    }
  });

  afterAll(async () => {
    for (const q of queues.values()) await q.close();
    await t?.close();
    await sim?.stop();
    await sink?.stop();
  });

  it('an email due on Friday night waits for Monday 09:00 in Helsinki and goes out then', async () => {
    const type = await campaign('email', { timezone: 'Europe/Helsinki', sendingWindows: { email: OFFICE_HOURS } });
    clock.set(new Date('2027-12-03T19:30:00Z')); // Friday 21:30 EET
    const decision = await post(type, { externalId: 'qh-email', email: 'qh-email@example.com' });
    expect(decision).toMatchObject({
      decision: 'scheduled',
      channel: 'email',
      sendAt: '2027-12-06T07:00:00.000Z',
      reason: 'scheduled for 2027-12-06 09:00 Europe/Helsinki (quiet hours)',
    });
    const id = decision.invitationId as string;
    // The send waits in BullMQ for exactly the 59.5 hours between Friday 21:30 and Monday 09:00.
    expect((await delayedJob(id, 'email')).delay).toBe(59.5 * 3600 * 1000);
    expect(await invitation(id)).toMatchObject({
      status: 'scheduled',
      status_reason: 'scheduled for 2027-12-06 09:00 Europe/Helsinki (quiet hours)',
      send_at: new Date('2027-12-06T07:00:00Z'),
    });

    await timeComes('2027-12-06T07:00:00Z', { invitationId: id, channel: 'email' });
    await eventually(async () => mailsTo('qh-email@example.com').length === 1);
    const sent = await eventually(async () => ((await invitation(id)).status === 'sent' ? invitation(id) : null));
    expect(sent).toMatchObject({ attempts: 1, sent_at: new Date('2027-12-06T07:00:00Z') });
  });

  it('an SMS due on Finnish Independence Day (Monday 6 December) waits for Tuesday 09:00 and goes out then', async () => {
    const type = await campaign('sms', {
      timezone: 'Europe/Helsinki',
      sendingWindows: { sms: OFFICE_HOURS },
      holidays: { country: 'FI' },
    });
    clock.set(new Date('2027-12-06T08:00:00Z')); // Monday 10:00 EET, inside the hours but a public holiday
    const phone = '+358401770001';
    const decision = await post(type, { externalId: 'holiday-sms', phone });
    expect(decision).toMatchObject({
      decision: 'scheduled',
      channel: 'sms',
      sendAt: '2027-12-07T07:00:00.000Z',
      reason: 'scheduled for 2027-12-07 09:00 Europe/Helsinki (public holiday)',
    });
    const id = decision.invitationId as string;
    expect((await delayedJob(id, 'sms')).delay).toBe(23 * 3600 * 1000);
    expect(sim.inbox(phone)).toHaveLength(0);

    await timeComes('2027-12-07T07:00:00Z', { invitationId: id, channel: 'sms' });
    await eventually(async () => sim.inbox(phone).length === 1);
    const sent = await eventually(async () => ((await invitation(id)).status === 'sent' ? invitation(id) : null));
    expect(sent).toMatchObject({ attempts: 1, sent_at: new Date('2027-12-07T07:00:00Z') });
  });

  it('a call waits for the calling window in the contact’s zone (Pacific/Auckland), not the campaign’s (UTC)', async () => {
    const type = await campaign('voice', {}); // default calling window: Monday–Saturday 09:00–20:00
    clock.set(new Date('2027-12-08T10:00:00Z')); // Wednesday 10:00 UTC, but 23:00 NZDT
    const phone = '+6421000001';
    sim.scriptCall(phone, { actions: [{ hangup: true }] });
    const decision = await post(type, { externalId: 'night-owl', phone, timezone: 'Pacific/Auckland' });
    expect(decision).toMatchObject({
      decision: 'scheduled',
      channel: 'voice',
      sendAt: '2027-12-08T20:00:00.000Z',
      reason: 'scheduled for 2027-12-09 09:00 Pacific/Auckland (quiet hours)',
    });
    const id = decision.invitationId as string;
    expect(sim.calls.some((c) => c.to === phone)).toBe(false);

    await timeComes('2027-12-08T20:00:00Z', { invitationId: id, channel: 'voice' });
    await eventually(async () => sim.calls.some((c) => c.to === phone));
    const sent = await eventually(async () => ((await invitation(id)).status === 'sent' ? invitation(id) : null));
    expect(sent).toMatchObject({ attempts: 1, sent_at: new Date('2027-12-08T20:00:00Z') });
  });

  /** What the contact is reached at on this channel, and how many sends have reached it so far. */
  const reachedAt = (channel: Channel, to: string) => (channel === 'email' ? { email: to } : { phone: to });
  const sendsTo = (channel: Channel, to: string) =>
    channel === 'email'
      ? mailsTo(to).length
      : channel === 'sms'
        ? sim.inbox(to).length
        : sim.calls.filter((c) => c.to === to).length;

  it.each([
    ['email', 'late-email@example.com'],
    ['sms', '+358401770002'],
    ['voice', '+358401770003'],
  ] as const)(
    're-checks the hours just before sending (%s): a send that drifted past 20:00 on Friday waits for Monday 09:00',
    async (channel, to) => {
      const type = await campaign(channel, {
        timezone: 'Europe/Helsinki',
        delay: 'PT10M',
        ...(channel === 'voice'
          ? { callingWindow: OFFICE_HOURS.ranges[0] }
          : { sendingWindows: { [channel]: OFFICE_HOURS } }),
      });
      if (channel === 'voice') sim.scriptCall(to, { actions: [{ hangup: true }] });
      clock.set(new Date('2027-12-10T17:45:00Z')); // Friday 19:45 EET: due at 19:55, inside the hours
      const decision = await post(type, { externalId: `late-${channel}`, ...reachedAt(channel, to) });
      expect(decision).toEqual(expect.objectContaining({ decision: 'scheduled', sendAt: '2027-12-10T17:55:00.000Z' }));
      expect(decision.reason).toBeUndefined();
      const id = decision.invitationId as string;

      // The job ran late (a busy queue, a retry): it is now 20:05, after the hours.
      await timeComes('2027-12-10T18:05:00Z', { invitationId: id, channel });
      const deferred = await eventually(async () => {
        const row = await invitation(id);
        return row.status === 'scheduled' && row.status_reason ? row : null;
      });
      expect(deferred).toMatchObject({
        status_reason: 'scheduled for 2027-12-13 09:00 Europe/Helsinki (quiet hours)',
        send_at: new Date('2027-12-13T07:00:00Z'),
        attempts: 0,
        sent_at: null,
      });
      // Back in the delayed set for the opening, and nothing went out.
      await delayedJob(id, channel);
      expect(sendsTo(channel, to)).toBe(0);

      await timeComes('2027-12-13T07:00:00Z', { invitationId: id, channel });
      await eventually(async () => sendsTo(channel, to) === 1);
      const sent = await eventually(async () => ((await invitation(id)).status === 'sent' ? invitation(id) : null));
      expect(sent).toMatchObject({ attempts: 1, sent_at: new Date('2027-12-13T07:00:00Z') });
    },
  );

  it.each([
    ['email', 'changed-mind@example.com', 'contact unsubscribed from email'],
    ['sms', '+358401770004', 'opted out of sms'],
  ] as const)(
    're-checks the opt-out just before sending (%s): an opt-out after scheduling cancels the send',
    async (channel, to, reason) => {
      const type = await campaign(channel, { delay: 'PT10M' });
      clock.set(new Date('2027-12-14T10:00:00Z'));
      const decision = await post(type, { externalId: `changed-mind-${channel}`, ...reachedAt(channel, to) });
      expect(decision).toMatchObject({ decision: 'scheduled', sendAt: '2027-12-14T10:10:00.000Z' });
      const id = decision.invitationId as string;
      const [contact] = await t.db.query(`SELECT contact_id FROM invitations WHERE id = $1`, [id]);
      const optOut = await t.api('PUT', `/v1/contacts/${contact.contact_id}/opt-outs`, {
        key,
        body: { [channel]: true },
      });
      expect(optOut.status).toBe(200);
      // Opting out changes only the contact: the invitation still waits, and the sender must catch it.
      expect((await invitation(id)).status).toBe('scheduled');

      await timeComes('2027-12-14T10:10:00Z', { invitationId: id, channel });
      const done = await eventually(async () =>
        (await invitation(id)).status !== 'scheduled' ? invitation(id) : null,
      );
      expect(done).toMatchObject({ status: 'cancelled', status_reason: reason, sent_at: null });
      // The job is finished (nothing can send it later) and nothing went out.
      await eventually(
        async () => (await queues.get(queueForChannel(channel))!.getJob(sendJobId(id, 0))) === undefined,
      );
      expect(sendsTo(channel, to)).toBe(0);
    },
  );
});
