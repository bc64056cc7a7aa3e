import { randomBytes } from 'node:crypto';

import { getExpectedTwilioSignature } from 'twilio';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ENV_ACCOUNT = { sid: 'AC' + 'd4'.repeat(16), token: 'environment-auth-token' };
const OWN_ACCOUNT = { sid: 'AC' + 'e5'.repeat(16), token: 'workspace-own-auth-token-7890' };

const nps = (text: Record<string, string>) => ({
  name: 'S',
  defaultLocale: Object.keys(text)[0],
  questions: [{ id: 'q1', type: 'nps', text }],
});

describe('Workspace Twilio accounts', () => {
  let sim: TwilioSimulator;
  let t: TestApp;

  beforeAll(async () => {
    sim = await new TwilioSimulator({
      accounts: [
        { accountSid: ENV_ACCOUNT.sid, authToken: ENV_ACCOUNT.token },
        { accountSid: OWN_ACCOUNT.sid, authToken: OWN_ACCOUNT.token },
      ],
      callbackDelayMs: 5,
    }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ENV_ACCOUNT.sid,
      TWILIO_AUTH_TOKEN: ENV_ACCOUNT.token,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: sim.url,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      SMS_PER_SECOND: '1000',
    });
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('shows the environment default until a workspace sets its own, and never returns the token', async () => {
    const { apiKey: key } = await t.workspace();
    const before = await t.api('GET', '/v1/settings/twilio', { key });
    expect(before.body).toMatchObject({
      source: 'environment',
      accountSid: ENV_ACCOUNT.sid,
      authToken: '••••oken',
      sender: '+15005550006',
    });

    const saved = await t.api('PUT', '/v1/settings/twilio', {
      key,
      body: { accountSid: OWN_ACCOUNT.sid, authToken: OWN_ACCOUNT.token, sender: '+358401239999', smsPerSecond: 50 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      source: 'workspace',
      accountSid: OWN_ACCOUNT.sid,
      authToken: '••••7890',
      sender: '+358401239999',
      smsPerSecond: 50,
    });
    expect(JSON.stringify(saved.body)).not.toContain(OWN_ACCOUNT.token);
    const [row] = await t.db.query(`SELECT auth_token_sealed FROM twilio_accounts`);
    expect(row.auth_token_sealed).not.toContain(OWN_ACCOUNT.token);
    expect(row.auth_token_sealed).toMatch(/^v1\./);

    const removed = await t.api('DELETE', '/v1/settings/twilio', { key });
    expect(removed.body.source).toBe('environment');
  });

  it('names each bad field with 422', async () => {
    const { apiKey: key } = await t.workspace();
    const res = await t.api('PUT', '/v1/settings/twilio', {
      key,
      body: { accountSid: 'nope', authToken: 'x', sender: '0401234567' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['accountSid', 'authToken', 'sender']);
  });

  it('sends with the workspace account and checks inbound signatures with its token', async () => {
    const { apiKey: key, workspaceId } = await t.workspace();
    await t.api('PUT', '/v1/settings/twilio', {
      key,
      body: { accountSid: OWN_ACCOUNT.sid, authToken: OWN_ACCOUNT.token, sender: '+358401239998' },
    });
    const s = await t.api('POST', '/v1/surveys', { key, body: nps({ en: 'How likely are you to recommend us?' }) });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'own', surveyId: s.body.id, trigger: { eventType: 'own' }, channel: 'sms' },
    });
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    await t.api('POST', '/v1/events', {
      key,
      body: { type: 'own', id: 'own-1', contact: { externalId: 'o1', phone: '+358401231111' } },
    });
    const [sms] = await eventually(async () => (sim.inbox('+358401231111').length ? sim.inbox('+358401231111') : null));
    expect(sms).toMatchObject({ accountSid: OWN_ACCOUNT.sid, from: '+358401239998' });

    const webhook = `${t.baseUrl}/webhooks/twilio/${workspaceId}/sms`;
    const params = {
      MessageSid: 'SM' + randomBytes(16).toString('hex'),
      From: '+358401231111',
      To: '+358401239998',
      Body: '7',
    };
    const post = (token: string) =>
      fetch(webhook, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': getExpectedTwilioSignature(token, webhook, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    expect((await post(ENV_ACCOUNT.token)).status).toBe(403);
    const ok = await post(OWN_ACCOUNT.token);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Thank you');
  });

  it('checks signatures over PUBLIC_BASE_URL, so it works behind a proxy', async () => {
    const proxied = await startTestApp({
      TWILIO_ACCOUNT_SID: ENV_ACCOUNT.sid,
      TWILIO_AUTH_TOKEN: ENV_ACCOUNT.token,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: sim.url,
      PUBLIC_BASE_URL: 'https://surveys.acme.example',
    });
    try {
      const { workspaceId } = await proxied.workspace();
      const path = `/webhooks/twilio/${workspaceId}/sms`;
      const params = {
        MessageSid: 'SM' + randomBytes(16).toString('hex'),
        From: '+358401232222',
        To: '+15005550006',
        Body: 'hello',
      };
      const post = (signedUrl: string) =>
        fetch(proxied.baseUrl + path, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': getExpectedTwilioSignature(ENV_ACCOUNT.token, signedUrl, params),
          },
          body: new URLSearchParams(params).toString(),
        });
      expect((await post(proxied.baseUrl + path)).status).toBe(403);
      expect((await post(`https://surveys.acme.example${path}`)).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('answers 404 for an unknown workspace and refuses credentials without SECRETS_KEY', async () => {
    const res = await fetch(`${t.baseUrl}/webhooks/twilio/00000000-0000-4000-8000-000000000000/sms`, {
      method: 'POST',
      headers: { 'x-twilio-signature': 'x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'From=%2B1',
    });
    expect(res.status).toBe(404);
    const { workspaceId } = await t.workspace();
    const json = await fetch(`${t.baseUrl}/webhooks/twilio/${workspaceId}/sms`, {
      method: 'POST',
      headers: { 'x-twilio-signature': 'x', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    const huge = await fetch(`${t.baseUrl}/webhooks/twilio/${workspaceId}/sms`, {
      method: 'POST',
      headers: { 'x-twilio-signature': 'x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Body=' + 'a'.repeat(1024 * 1024 + 10),
    });
    expect(huge.status).toBe(413);
    const keyless = await startTestApp({});
    try {
      const { apiKey: key } = await keyless.workspace();
      const put = await keyless.api('PUT', '/v1/settings/twilio', {
        key,
        body: { accountSid: OWN_ACCOUNT.sid, authToken: OWN_ACCOUNT.token, sender: '+358401239999' },
      });
      expect(put.status).toBe(409);
      expect(put.body.detail).toContain('SECRETS_KEY');
    } finally {
      await keyless.close();
    }
  });
});

describe('SMS campaigns: size at save and in preview', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({ COMPANY_NAME: 'Acme' });
    key = (await t.workspace()).apiKey;
  });
  afterAll(() => t?.close());

  it('previews the SMS per locale with its encoding and segment count', async () => {
    const s = await t.api('POST', '/v1/surveys', {
      key,
      body: nps({
        en: 'How likely are you to recommend Acme?',
        fi: 'Kuinka todennäköisesti suosittelisit Acmea?',
        sv: 'Hur troligt är det att du rekommenderar Acme? 🙂',
      }),
    });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'p', surveyId: s.body.id, trigger: { eventType: 'p' }, channels: ['sms', 'email'] },
    });
    expect(c.status).toBe(201);
    const preview = await t.api('GET', `/v1/campaigns/${c.body.id}/preview?locale=fi-FI`, { key });
    expect(preview.body.sms.requested).toMatchObject({ locale: 'fi', encoding: 'GSM-7', segments: 1 });
    expect(preview.body.sms.requested.body).toContain('Vastaa 0-10.');
    const byLocale = Object.fromEntries(preview.body.sms.byLocale.map((x: { locale: string }) => [x.locale, x]));
    expect(byLocale.en).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(byLocale.sv).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });

  it('refuses an SMS campaign whose invitation would take more than three segments, naming the language', async () => {
    const long =
      'Kuinka todennäköisesti suosittelisit meitä ystävällesi tai kollegallesi, kun ajattelet koko asiointikokemusta alusta loppuun? 🙂 '.repeat(
        2,
      );
    const s = await t.api('POST', '/v1/surveys', {
      key,
      body: nps({ en: 'How likely are you to recommend Acme?', fi: long }),
    });
    const refused = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'long', surveyId: s.body.id, trigger: { eventType: 'l' }, channel: 'sms' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'channels', message: expect.stringMatching(/in fi is \d segments \(UCS-2/) },
    ]);
    // The same survey by email is fine, and switching that campaign to SMS is refused too.
    const email = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'long', surveyId: s.body.id, trigger: { eventType: 'l' }, channel: 'email' },
    });
    expect(email.status).toBe(201);
    expect((await t.api('PATCH', `/v1/campaigns/${email.body.id}`, { key, body: { channels: ['sms'] } })).status).toBe(
      422,
    );
  });
});

/** `npm start` with no Twilio credentials: the built-in simulator answers the SDK and the dev outbox shows the conversation. */
describe('Zero-config SMS through the built-in simulator', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('texts a survey, lets you reply as the customer with one request, and records the answer', async () => {
    t = await startTestApp({ COMPANY_NAME: 'Acme' });
    const { apiKey: key } = await t.workspace();
    const s = await t.api('POST', '/v1/surveys', { key, body: nps({ en: 'How likely are you to recommend Acme?' }) });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'dev', surveyId: s.body.id, trigger: { eventType: 'dev' }, channel: 'sms' },
    });
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'dev', id: 'dev-1', contact: { externalId: 'd1', phone: '+358401233333' } },
    });
    const invitationId = posted.body.decisions[0].invitationId;

    const outbox = await eventually(async () => {
      const res = await t.api('GET', '/dev/outbox/messages.json');
      return res.body.data.find((m: { invitation_id: string }) => m.invitation_id === invitationId);
    });
    expect(outbox).toMatchObject({ channel: 'sms', to_address: '+358401233333' });
    expect(outbox.text).toBe('Acme: How likely are you to recommend Acme? Reply 0-10. Reply STOP to opt out.');

    const replied = await t.api('POST', `/dev/outbox/${outbox.id}/reply`, { body: { body: '9' } });
    expect(replied.body).toEqual({ status: 200, replies: [expect.stringMatching(/^Acme: Thank you/)] });
    const [answer] = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.invitation_id = $1`,
      [invitationId],
    );
    expect(answer.value_num).toBe(9);

    // The simulator stores the TwiML reply as an outbound message after answering the webhook, so the page may lag a moment.
    const html = await eventually(async () => {
      const text = await (await fetch(`${t.baseUrl}/dev/outbox/${outbox.id}`)).text();
      return text.includes('Thank you') ? text : null;
    });
    expect(html).toContain('How likely are you to recommend Acme?');
    expect(html).toMatch(/class="sms in">9</);
    expect(html).toContain('Thank you');
  });
});

describe('Zero-config phone survey through the built-in simulator', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('calls, lets you script the caller with one request, and shows the call transcript in the dev outbox', async () => {
    t = await startTestApp({ COMPANY_NAME: 'Acme' });
    const { apiKey: key } = await t.workspace();
    const s = await t.api('POST', '/v1/surveys', { key, body: nps({ en: 'How likely are you to recommend Acme?' }) });
    const always = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' };
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'dev',
        surveyId: s.body.id,
        trigger: { eventType: 'dev' },
        channel: 'voice',
        callingWindow: always,
      },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    const scripted = await t.api('POST', '/dev/outbox/calls/script', {
      body: { phone: '+358401234444', actions: [{ press: '9#' }] },
    });
    expect(scripted).toMatchObject({ status: 200, body: { scripted: '+358401234444', actions: 1 } });
    expect(
      (await t.api('POST', '/dev/outbox/calls/script', { body: { phone: '0401234444', actions: [{ press: 'abc' }] } }))
        .status,
    ).toBe(422);

    const posted = await t.api('POST', '/v1/events', {
      key,
      body: { type: 'dev', id: 'dev-call-1', contact: { externalId: 'd2', phone: '+358401234444' } },
    });
    const invitationId = posted.body.decisions[0].invitationId;
    const outbox = await eventually(async () => {
      const res = await t.api('GET', '/dev/outbox/messages.json');
      return res.body.data.find(
        (m: { invitation_id: string; channel: string }) => m.invitation_id === invitationId && m.channel === 'voice',
      );
    });
    expect(outbox).toMatchObject({ to_address: '+358401234444', subject: 'Call completed (human)' });
    expect(outbox.text).toContain(
      'IVR (en-US): How likely are you to recommend Acme? Press a number from 0 to 10, then the hash key.',
    );
    expect(outbox.text).toContain('Caller pressed 9');
    expect(outbox.text).toMatch(/IVR \(en-US\): Thank you/);
    const [answer] = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.invitation_id = $1`,
      [invitationId],
    );
    expect(answer.value_num).toBe(9);

    const page = await (await fetch(`${t.baseUrl}/dev/outbox/${outbox.id}`)).text();
    expect(page).toContain('Caller pressed 9');
  });
});
