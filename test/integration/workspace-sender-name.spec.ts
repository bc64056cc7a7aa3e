import { randomBytes } from 'node:crypto';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'sender-name-auth-token';
const SENDER = '+15005550006';

/** A workspace's display name is what its emails, texts and survey pages say; without one, COMPANY_NAME. */
describe('workspace sender name', () => {
  let sink: SmtpSink;
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  let n = 0;

  const settings = (k = key) => t.api('GET', '/v1/settings/workspace', { key: k });
  const setDisplayName = (displayName: unknown, k = key) =>
    t.api('PATCH', '/v1/settings/workspace', { key: k, body: { displayName } });

  /** Sends one survey email and returns it with the survey page it links to. */
  async function emailSurvey() {
    const before = sink.received.length;
    const posted = await t.api('POST', '/v1/events', { key, body: ticketClosed(`sender-${++n}`) });
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'email' });
    const mail = (await sink.waitForCount(before + 1))[before].parsed;
    const [{ token }] = await t.db.query(`SELECT token FROM invitations WHERE id = $1`, [
      posted.body.decisions[0].invitationId,
    ]);
    const page = await (await fetch(`${t.baseUrl}/s/${token}`)).text();
    return { mail, pageTitle: /<title>([^<]*)<\/title>/.exec(page)?.[1] };
  }

  async function smsSurvey() {
    const phone = `+35840999${String(++n).padStart(4, '0')}`;
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'order.delivered', id: `sms-${n}`, contact: { externalId: phone, phone, locale: 'en' } },
    });
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'sms' });
    await eventually(async () => sim.inbox(phone).length > 0);
    return sim.inbox(phone)[0].body;
  }

  async function activeCampaign(body: Record<string, unknown>) {
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', { key, body: { surveyId: survey.body.id, delay: 'PT0S', ...body } });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
  }

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 5 }).start();
    t = await startTestApp({
      SMTP_URL: sink.url,
      // A bare address: the From name is then the sender name.
      EMAIL_FROM: 'surveys@palaute.test',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      SMS_PER_SECOND: '1000',
      SECRETS_KEY: randomBytes(32).toString('hex'),
    });
    key = (await t.workspace('Acme')).apiKey;
    await activeCampaign({ name: 'Email', trigger: { eventType: 'ticket.closed' }, channel: 'email' });
    await activeCampaign({ name: 'SMS', trigger: { eventType: 'order.delivered' }, channel: 'sms' });
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
    await sink?.stop();
  });

  it('starts with no display name: messages say COMPANY_NAME', async () => {
    expect((await settings()).body).toEqual({ name: 'Acme', displayName: null, senderName: 'Palaute' });
    const { mail, pageTitle } = await emailSurvey();
    expect(mail.subject).toBe('Palaute: How did we do?');
    expect(pageTitle).toBe('Palaute – Feedback');
  });

  it('says the display name in the email (subject, body, From), the SMS and the survey page', async () => {
    const patched = await setDisplayName('  Acme Oy  ');
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ name: 'Acme', displayName: 'Acme Oy', senderName: 'Acme Oy' });
    expect((await settings()).body).toEqual(patched.body);

    const { mail, pageTitle } = await emailSurvey();
    expect(mail.subject).toBe('Acme Oy: How did we do?');
    expect(mail.text).toContain('Acme Oy');
    expect(mail.from?.value).toEqual([{ name: 'Acme Oy', address: 'surveys@palaute.test' }]);
    expect(pageTitle).toBe('Acme Oy – Feedback');
    expect(await smsSurvey()).toMatch(/^Acme Oy: /);
  });

  it('falls back to COMPANY_NAME once cleared', async () => {
    await setDisplayName('Acme Oy');
    const cleared = await setDisplayName(null);
    expect(cleared.body).toEqual({ name: 'Acme', displayName: null, senderName: 'Palaute' });
    const { mail, pageTitle } = await emailSurvey();
    expect(mail.subject).toBe('Palaute: How did we do?');
    expect(pageTitle).toBe('Palaute – Feedback');
    expect(await smsSurvey()).toMatch(/^Palaute: /);
  });

  it('refuses a bad display name with a problem naming displayName, and keeps the old one', async () => {
    await setDisplayName('Acme Oy');
    for (const bad of ['', '   ', 'x'.repeat(101), 'Acme\r\nBcc: all@example.com', 42])
      expectProblem(await setDisplayName(bad), 422, ['displayName']);
    expectProblem(await t.api('PATCH', '/v1/settings/workspace', { key, body: {} }), 422, ['displayName']);
    expect((await settings()).body.displayName).toBe('Acme Oy');
  });

  it("is each workspace's own: another cannot read or change it", async () => {
    await setDisplayName('Acme Oy');
    const other = await t.workspace('Beta');
    expect((await settings(other.apiKey)).body).toEqual({ name: 'Beta', displayName: null, senderName: 'Palaute' });
    await setDisplayName('Beta AB', other.apiKey);
    // The route has no workspace in it; a body naming another is refused, not obeyed.
    expectProblem(
      await t.api('PATCH', '/v1/settings/workspace', {
        key: other.apiKey,
        body: {
          displayName: 'Hijack',
          workspaceId: (await t.db.query(`SELECT id FROM workspaces WHERE name = 'Acme'`))[0].id,
        },
      }),
      422,
    );
    expect((await settings()).body.displayName).toBe('Acme Oy');
    expect((await settings(other.apiKey)).body.displayName).toBe('Beta AB');
    expect((await emailSurvey()).mail.subject).toBe('Acme Oy: How did we do?');
    expect((await t.api('GET', '/v1/settings/workspace')).status).toBe(401);
  });
});
