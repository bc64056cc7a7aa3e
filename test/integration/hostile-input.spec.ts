import { getExpectedTwilioSignature } from 'twilio';

import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem, markSent } from './api-helpers';

const ACCOUNT_SID = 'AC' + 'e1'.repeat(16);
const AUTH_TOKEN = 'hostile-input-auth-token';
const SENDER = '+15005550006';

const SURVEY = {
  name: 'Hostile',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
  ],
};

/**
 * Inputs that gave a 500 (issue 14, item 3) and the counterexamples the fuzz suites found: each now
 * gets a 4xx problem naming the field, or, for what a customer wrote (an SMS, speech), is stored
 * without its NULs. Rules: docs/api.md#input-rules.
 */
describe('hostile input', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;

  beforeAll(async () => {
    t = await startTestApp({
      ROLE: 'api',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      SECRETS_KEY: 'cd'.repeat(32),
    });
    ({ apiKey: key, workspaceId } = await t.workspace());
  });

  afterAll(() => t?.close());

  const event = (overrides: Record<string, unknown> = {}) => ({
    type: 'ticket.closed',
    contact: { externalId: 'c-1', email: 'c1@example.com' },
    properties: { team: 'billing' },
    ...overrides,
  });
  /** JSON text as a client wrote it: escapes such as \u0000 and \ud800 exactly as given. */
  const post = (path: string, json: string) =>
    t.api('POST', path, { key, body: json, headers: { 'content-type': 'application/json' } });
  const eventCount = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`, [workspaceId]))[0].n;

  describe('a NUL byte', () => {
    it.each([
      ['the event type', '{"type":"ticket\\u0000closed","contact":{"externalId":"c-1"}}', 'type'],
      ['the contact', '{"type":"t","contact":{"externalId":"c-1","name":"A\\u0000"}}', 'contact.name'],
      [
        'a property value',
        '{"type":"t","contact":{"externalId":"c-1"},"properties":{"note":"x\\u0000y"}}',
        'properties.note',
      ],
      [
        'a property name',
        '{"type":"t","contact":{"externalId":"c-1"},"properties":{"n\\u0000":1}}',
        'properties.n\ufffd',
      ],
      [
        'an array in properties',
        '{"type":"t","contact":{"externalId":"c-1"},"properties":{"tags":["ok","\\u0000"]}}',
        'properties.tags.1',
      ],
    ])('in %s: 422 naming the field, and no event stored', async (_label, json, path) => {
      const before = await eventCount();
      const res = await post('/v1/events', json);
      expectProblem(res, 422, [path]);
      expect(res.body.errors[0].message).toContain('NUL');
      expect(await eventCount()).toBe(before);
    });

    it('in a survey: 422 naming the field', async () => {
      const json = JSON.stringify({
        ...SURVEY,
        questions: [{ ...SURVEY.questions[0], text: { en: 'Recommend\u0000 us?' } }],
      });
      expectProblem(await post('/v1/surveys', json), 422, ['questions.0.text.en']);
      expectProblem(await post('/v1/surveys', JSON.stringify({ ...SURVEY, name: '\u0000' })), 422, ['name']);
    });

    it('in a query parameter: 400 naming it', async () => {
      expectProblem(await t.api('GET', '/v1/contacts?externalId=a%00b', { key }), 400, ['externalId']);
    });
  });

  describe('an unpaired surrogate', () => {
    it.each([
      ['externalId', '{"type":"t","contact":{"externalId":"c-\\ud800"}}', 'contact.externalId'],
      ['a property', '{"type":"t","contact":{"externalId":"c-1"},"properties":{"p":"\\udc00\\ud800"}}', 'properties.p'],
      ['the event id', '{"type":"t","id":"\\udfff","contact":{"externalId":"c-1"}}', 'id'],
    ])('in %s: 422 naming the field', async (_label, json, path) => {
      const res = await post('/v1/events', json);
      expectProblem(res, 422, [path]);
      expect(res.body.errors[0].message).toContain('surrogate');
    });

    it('as a proper pair (an emoji) is text like any other', async () => {
      const res = await post('/v1/events', JSON.stringify(event({ properties: { mood: '\ud83d\ude00' } })));
      expect(res.status).toBe(202);
    });
  });

  describe('deep nesting and huge numbers', () => {
    it('5,000 nested arrays in properties: 422 naming where the limit is crossed', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const res = await post('/v1/events', `{"type":"t","contact":{"externalId":"c-1"},"properties":{"deep":${deep}}}`);
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([
        { path: `properties.deep${'.0'.repeat(30)}`, message: expect.stringContaining('32 levels') },
      ]);
    });

    it('30 levels of properties are fine', async () => {
      const deep = '['.repeat(30) + ']'.repeat(30);
      const res = await post('/v1/events', `{"type":"t","contact":{"externalId":"c-1"},"properties":{"deep":${deep}}}`);
      expect(res.status).toBe(202);
    });

    it('a number past the range of a double (1e400): 422 naming it', async () => {
      const res = await post('/v1/events', '{"type":"t","contact":{"externalId":"c-1"},"properties":{"big":1e400}}');
      expectProblem(res, 422, ['properties.big']);
    });
  });

  describe('the survey page and Twilio', () => {
    let phoneInvitation: string;
    let pageToken: string;
    let voiceToken: string;
    const PHONE = '+358401238001';

    beforeAll(async () => {
      const survey = await t.api('POST', '/v1/surveys', { key, body: SURVEY });
      const invite = async (channel: string) => {
        const campaign = await t.api('POST', '/v1/campaigns', {
          key,
          body: { name: channel, surveyId: survey.body.id, trigger: { eventType: `on.${channel}` }, channel },
        });
        await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
        const res = await t.api('POST', '/v1/events', {
          key,
          body: { type: `on.${channel}`, contact: { externalId: 'p-1', phone: PHONE, email: 'p1@example.com' } },
        });
        return res.body.decisions[0].invitationId as string;
      };
      pageToken = await markSent(t.db, await invite('email'));
      phoneInvitation = await invite('sms');
      await markSent(t.db, phoneInvitation, SENDER);
      voiceToken = await markSent(t.db, await invite('voice'), SENDER);
    });

    const signedPost = (path: string, params: Record<string, string>) => {
      const url = t.baseUrl + path;
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    };

    it('a NUL in a page answer: 422 naming the question, nothing saved', async () => {
      const res = await fetch(`${t.baseUrl}/s/${pageToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'q1=3&why=Slow%00service',
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { errors: Array<{ path: string; message: string }> }).errors).toEqual([
        { path: 'why', message: expect.stringContaining('NUL') },
      ]);
      const saved = await t.db.query(
        `SELECT 1 FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token = $1`,
        [pageToken],
      );
      expect(saved).toEqual([]);
    });

    it('a NUL in an SMS is stored without it, answered 200, and its redelivery too', async () => {
      const sms = {
        AccountSid: ACCOUNT_SID,
        MessageSid: 'SM' + 'a'.repeat(32),
        From: PHONE,
        To: SENDER,
        Body: '9\u0000',
      };
      const path = `/webhooks/twilio/${workspaceId}/sms`;
      expect((await signedPost(path, sms)).status).toBe(200);
      expect((await signedPost(path, sms)).status).toBe(200);
      const stored = await t.db.query(`SELECT body, invitation_id FROM inbound_sms WHERE message_sid = $1`, [
        sms.MessageSid,
      ]);
      expect(stored).toEqual([{ body: '9', invitation_id: phoneInvitation }]);
      const [answer] = await t.db.query(
        `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.invitation_id = $1 AND a.question_id = 'q1'`,
        [phoneInvitation],
      );
      expect(answer).toEqual({ value_num: 9 });
    });

    it('a NUL in speech is heard without it', async () => {
      const res = await signedPost(`/webhooks/twilio/${workspaceId}/voice/${voiceToken}?q=q1&attempt=0`, {
        AccountSid: ACCOUNT_SID,
        CallSid: 'CA' + 'b'.repeat(32),
        SpeechResult: 'nine\u0000',
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Response>');
    });

    it.each([
      [
        'SMS',
        `/sms/status`,
        { MessageSid: 'SM' + 'c'.repeat(32), MessageStatus: 'undelivered', ErrorCode: 'abc' },
        ['ErrorCode'],
      ],
      [
        'call',
        `/voice/TOKEN/status`,
        { CallSid: 'CA' + 'c'.repeat(32), CallStatus: 'failed', ErrorCode: '3e4', SipResponseCode: 'busy' },
        ['ErrorCode', 'SipResponseCode'],
      ],
      [
        'SMS (past int4)',
        `/sms/status`,
        { MessageSid: 'SM' + 'd'.repeat(32), MessageStatus: 'failed', ErrorCode: '99999999999' },
        ['ErrorCode'],
      ],
    ])('a non-numeric ErrorCode in a signed %s status callback: 400 naming it', async (_label, path, params, paths) => {
      const res = await signedPost(`/webhooks/twilio/${workspaceId}${path.replace('TOKEN', voiceToken)}`, {
        AccountSid: ACCOUNT_SID,
        ...params,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        ((await res.json()) as { errors: Array<{ path: string; message: string }> }).errors.map(
          (e: { path: string }) => e.path,
        ),
      ).toEqual(paths);
    });

    it.each([
      [
        'SMS status "toString" (seed 20260614, Twilio × 15)',
        `/sms/status`,
        { MessageSid: 'SM' + 'f'.repeat(32), SmsStatus: 'toString' },
      ],
      [
        'call status "constructor" (seed 20260614, Twilio × 15)',
        `/voice/TOKEN/status`,
        { CallSid: 'CA' + 'f'.repeat(32), CallStatus: 'constructor' },
      ],
    ])('an unknown %s is ignored with a 200, not a 500', async (_label, path, params) => {
      const res = await signedPost(`/webhooks/twilio/${workspaceId}${path.replace('TOKEN', voiceToken)}`, {
        AccountSid: ACCOUNT_SID,
        ...params,
      });
      expect(res.status).toBe(200);
    });

    it('a NUL in the query of a signed webhook URL (seed 20260614, Twilio × 15): 400 naming it', async () => {
      const res = await signedPost(`/webhooks/twilio/${workspaceId}/voice/${voiceToken}/transcription?q=%00`, {
        AccountSid: ACCOUNT_SID,
        TranscriptionText: 'Slow service',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: Array<{ path: string }> }).errors).toEqual([
        { path: 'q', message: expect.stringContaining('NUL') },
      ]);
    });

    it.each(['1e400', '99999999999'])('a recorded answer %s seconds long is kept, not a 500', async (duration) => {
      const url = 'https://api.twilio.com/2010-04-01/Recordings/RE' + duration.length;
      const res = await signedPost(`/webhooks/twilio/${workspaceId}/voice/${voiceToken}?q=why&attempt=0`, {
        AccountSid: ACCOUNT_SID,
        CallSid: 'CA' + 'b'.repeat(32),
        RecordingUrl: url,
        RecordingDuration: duration,
      });
      expect(res.status).toBe(200);
      const [answer] = await t.db.query(
        `SELECT recording_url, recording_seconds FROM answers WHERE recording_url = $1`,
        [url],
      );
      expect(answer).toEqual({ recording_url: url, recording_seconds: expect.any(Number) });
    });

    it('a numeric ErrorCode is still recorded', async () => {
      const [inv] = await t.db.query(`SELECT id FROM invitations WHERE id = $1`, [phoneInvitation]);
      const res = await signedPost(`/webhooks/twilio/${workspaceId}/sms/status?invitation=${inv.id}`, {
        AccountSid: ACCOUNT_SID,
        MessageSid: 'SM' + 'e'.repeat(32),
        MessageStatus: 'undelivered',
        ErrorCode: ' 30003 ',
      });
      expect(res.status).toBe(200);
      const [row] = await t.db.query(`SELECT delivery_error_code FROM invitations WHERE id = $1`, [phoneInvitation]);
      expect(row.delivery_error_code).toBe(30003);
    });
  });

  describe('found by the fuzz suites (test/fuzz)', () => {
    it('a fractional smsPerSecond (seed 20260614, admin routes × 20): stored as given, not a 500', async () => {
      const other = await t.workspace('Fractional');
      const res = await t.api('PUT', '/v1/settings/twilio', {
        key: other.apiKey,
        body: { accountSid: 'AC' + 'a1'.repeat(16), authToken: 'fuzz-auth-token', sender: SENDER, smsPerSecond: 0.5 },
      });
      expect(res.status).toBe(200);
      expect(res.body.smsPerSecond).toBe(0.5);
      expect((await t.api('GET', '/v1/settings/twilio', { key: other.apiKey })).body.smsPerSecond).toBe(0.5);
    });
  });

  describe('prototype names as values', () => {
    // Found by reading the other lookups after the fuzz suites found the status callbacks' (above): `in` accepted it.
    it('a campaign whose holidays.country is "constructor" or "toString": 422 naming it', async () => {
      const survey = await t.api('POST', '/v1/surveys', { key, body: SURVEY });
      for (const country of ['constructor', 'toString', '__proto__']) {
        const res = await t.api('POST', '/v1/campaigns', {
          key,
          body: { name: 'Holidays', surveyId: survey.body.id, trigger: { eventType: 'x' }, holidays: { country } },
        });
        expectProblem(res, 422, ['holidays.country']);
      }
      const res = await t.api('POST', '/v1/campaigns', {
        key,
        body: {
          name: 'Holidays',
          surveyId: survey.body.id,
          trigger: { eventType: 'x' },
          holidays: { country: 'FI', subdivision: 'toString' },
        },
      });
      expectProblem(res, 422, ['holidays.subdivision']);
    });
  });

  describe('the CSV import', () => {
    const upload = async (body: Buffer) => {
      const res = await fetch(`${t.baseUrl}/v1/contacts/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body,
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as any };
    };

    it('rejects a row with a NUL, naming its column, and imports the rest', async () => {
      const csv = 'externalId,email,attributes.plan\r\nn-1,a@example.com,go\u0000ld\r\nn-2,b@example.com,gold\r\n';
      const res = await upload(Buffer.from(csv));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        imported: 1,
        rejected: [{ line: 2, errors: [{ path: 'attributes.plan', message: expect.stringContaining('NUL') }] }],
      });
    });

    it('refuses a UTF-16 file (a NUL in every other byte) with 422 saying so', async () => {
      const res = await upload(Buffer.from('externalId,email\r\nu-1,u@example.com\r\n', 'utf16le'));
      expectProblem(res, 422, ['(column 1)', '(column 2)']);
      expect(res.body.errors[0].message).toContain('UTF-16');
    });
  });
});
