import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { SendInvitationProcessor } from '../../src/invitations/send-invitation.processor';
import { supportSurvey } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'reminders-fallback-token';
const ALWAYS = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' };

/**
 * A fallback takes a step but is not a reminder: on a ["voice","email"] campaign whose call failed
 * and fell back to email, the campaign's first reminder still comes, counted from the email.
 */
describe('reminders after a fallback', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 2 }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_CALLER_ID: '+15005550007',
      TWILIO_API_BASE_URL: sim.url,
      CALLS_PER_SECOND: '100',
    });
    key = (await t.workspace()).apiKey;
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  async function campaign(type: string, reminders: unknown[]) {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: type,
        surveyId: s.body.id,
        trigger: { eventType: type },
        channels: ['voice', 'email'],
        callingWindow: ALWAYS,
        timezone: 'Europe/Helsinki',
        reminders,
      },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
  }

  const emails = async (id: string) =>
    t.db.query(`SELECT subject FROM dev_outbox WHERE invitation_id = $1 AND channel = 'email' ORDER BY id`, [id]);

  it('sends the PT1S reminder by email after the failed call fell back to email', async () => {
    await campaign('fallback.remind', [{ after: 'PT1S' }]);
    const phone = '+358401237001';
    sim.scriptCall(phone, { outcome: 'failed' });
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'fallback.remind', id: 'fr-1', contact: { externalId: 'fr-1', phone, email: 'fr1@example.com' } },
    });
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'voice' });
    const id = posted.body.decisions[0].invitationId as string;

    const reminded = await eventually(async () => {
      const [row] = await t.db.query(
        `SELECT status, step, channel, reminders_sent, status_reason, call_outcome FROM invitations WHERE id = $1`,
        [id],
      );
      return row.reminders_sent === 1 && row.status === 'sent' ? row : null;
    }, 20000);
    // Step 0 the call, step 1 the fallback email, step 2 the reminder: one reminder, by email.
    expect(reminded).toMatchObject({ step: 2, channel: 'email', status_reason: 'reminder 1 of 1' });
    expect(await emails(id)).toHaveLength(2);
  });

  it('sends no more reminders than the campaign has, fallback or not', async () => {
    await campaign('fallback.once', [{ after: 'PT1S' }]);
    const phone = '+358401237002';
    sim.scriptCall(phone, { outcome: 'failed' });
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'fallback.once', id: 'fr-2', contact: { externalId: 'fr-2', phone, email: 'fr2@example.com' } },
    });
    const id = posted.body.decisions[0].invitationId as string;
    await eventually(async () => {
      const [row] = await t.db.query(`SELECT status, reminders_sent FROM invitations WHERE id = $1`, [id]);
      return row.reminders_sent === 1 && row.status === 'sent';
    }, 20000);
    // The reminder's own send schedules nothing further: the campaign has one reminder.
    const [row] = await t.db.query(`SELECT step, reminders_sent FROM invitations WHERE id = $1`, [id]);
    expect(row).toEqual({ step: 2, reminders_sent: 1 });
    expect(await t.app.get(SendInvitationProcessor).remind(id, 3)).toBe('not-needed');
  });
});
