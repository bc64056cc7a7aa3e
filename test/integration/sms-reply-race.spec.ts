import { randomBytes } from 'node:crypto';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'e5'.repeat(16);
const AUTH_TOKEN = 'sms-race-auth-token';
const SENDER = '+15005550006';

const survey = {
  name: 'Race',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend Acme?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
  ],
};

/**
 * A reply finds its survey however fast it comes. The states the send path passes through are held
 * in the database (the send claimed, Twilio has the text, the batched `sent` update not yet
 * committed), and a signed inbound SMS is delivered through the Twilio simulator, so the race that
 * once in 87 replies lost an answer under load is met on every run.
 */
describe('SMS replies racing the send', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  let webhook: string;
  let n = 0;

  /** A campaign whose invitations wait an hour, so the test decides what state they are in. */
  async function campaign(): Promise<string> {
    const s = await t.api('POST', '/v1/surveys', { key, body: survey });
    const type = `race.${++n}`;
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: type, surveyId: s.body.id, trigger: { eventType: type }, channel: 'sms', delay: 'PT1H' },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    return type;
  }

  async function invitation(type: string, phone: string): Promise<string> {
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type, id: `race-${randomBytes(4).toString('hex')}`, contact: { externalId: phone, phone, locale: 'en' } },
    });
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'sms' });
    return posted.body.decisions[0].invitationId;
  }

  /** The send claimed the row and Twilio accepted the text; our `sent` update has not committed. */
  const holdSending = (id: string) =>
    t.db.query(`UPDATE invitations SET status = 'sending', attempts = 1, updated_at = now() WHERE id = $1`, [id]);

  const reply = (phone: string, body: string) => sim.sendInbound(webhook, { from: phone, to: SENDER, body });

  async function stored(phone: string) {
    return t.db.query(`SELECT outcome, invitation_id FROM inbound_sms WHERE from_number = $1 ORDER BY id`, [phone]);
  }

  const answers = async (id: string) =>
    t.db.query(
      `SELECT a.question_id, a.value_num, a.value_text FROM responses r JOIN answers a ON a.response_id = r.id
       WHERE r.invitation_id = $1 ORDER BY a.answered_at`,
      [id],
    );

  beforeAll(async () => {
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 1 }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      COMPANY_NAME: 'Acme',
    });
    const ws = await t.workspace();
    key = ws.apiKey;
    webhook = `${t.baseUrl}/webhooks/twilio/${ws.workspaceId}/sms`;
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('routes a reply to an invitation still `sending` (no sender, no sent_at yet) and keeps the conversation after the commit', async () => {
    const phone = '+358401238001';
    const id = await invitation(await campaign(), phone);
    await holdSending(id);

    const first = await reply(phone, '9');
    expect(first.status).toBe(200);
    expect(first.replies).toEqual(['Why?']);
    expect(await stored(phone)).toEqual([{ outcome: 'answer', invitation_id: id }]);
    expect(await answers(id)).toEqual([{ question_id: 'q1', value_num: 9, value_text: null }]);

    // The batched update commits: the send is recorded as it would be, and the conversation goes on.
    await t.db.query(
      `UPDATE invitations SET status = 'sent', sent_at = now(), expires_at = now() + interval '3 days', sender = $2 WHERE id = $1`,
      [id, SENDER],
    );
    const second = await reply(phone, 'Quick and friendly');
    expect(second.replies).toHaveLength(1);
    expect(await answers(id)).toEqual([
      { question_id: 'q1', value_num: 9, value_text: null },
      { question_id: 'why', value_num: null, value_text: 'Quick and friendly' },
    ]);
    const [response] = await t.db.query(`SELECT completed FROM responses WHERE invitation_id = $1`, [id]);
    expect(response.completed).toBe(true);
  });

  it('routes a reply to the first text while its reminder waits (scheduled again, for quiet hours to end)', async () => {
    const phone = '+358401238002';
    const id = await invitation(await campaign(), phone);
    await t.db.query(
      `UPDATE invitations SET status = 'scheduled', step = 1, sent_at = now() - interval '1 day', sender = $2,
         expires_at = now() + interval '6 days', send_at = now() + interval '10 hours' WHERE id = $1`,
      [id, SENDER],
    );
    expect((await reply(phone, '3')).replies).toEqual(['Why?']);
    expect(await stored(phone)).toEqual([{ outcome: 'answer', invitation_id: id }]);
    expect(await answers(id)).toEqual([{ question_id: 'q1', value_num: 3, value_text: null }]);
  });

  it('routes to the newest invitation the number has: the one being sent wins over an older open one', async () => {
    const phone = '+358401238003';
    const older = await invitation(await campaign(), phone);
    await t.db.query(
      `UPDATE invitations SET status = 'sent', sent_at = now() - interval '1 hour', sender = $2, expires_at = now() + interval '3 days' WHERE id = $1`,
      [older, SENDER],
    );
    const newer = await invitation(await campaign(), phone);
    await holdSending(newer);
    await reply(phone, '10');
    expect(await stored(phone)).toEqual([{ outcome: 'answer', invitation_id: newer }]);
    expect(await answers(older)).toEqual([]);
  });

  it('still tells a number with nothing sent yet that no survey is open (a scheduled, never-sent invitation)', async () => {
    const phone = '+358401238004';
    const id = await invitation(await campaign(), phone);
    const res = await reply(phone, '9');
    expect(res.status).toBe(200);
    expect(await stored(phone)).toEqual([{ outcome: 'no_open_survey', invitation_id: null }]);
    expect(await answers(id)).toEqual([]);
  });
});
