import fc from 'fast-check';
import { getExpectedTwilioSignature } from 'twilio';

import { NO_INPUT_PARAM } from '../../src/replies/ivr-script';
import { markSent } from '../integration/api-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import { expectNoServerError, fuzzParams, fuzzTimeout, hostileText, untouchedData } from './fuzz-support';

const ACCOUNT_SID = 'AC' + 'f0'.repeat(16);
const AUTH_TOKEN = 'fuzz-twilio-auth-token';
const SENDER = '+15005550006';
const PHONE = '+358401239001';

const SURVEY = {
  name: 'Phone fuzz',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'Recommend us?' } },
    { id: 'why', type: 'text', text: { en: 'Why?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
  ],
};

/** A Twilio parameter: a plausible value, a hostile one, or absent. */
const param = (...plausible: string[]) =>
  fc.option(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...plausible) }, { weight: 1, arbitrary: hostileText }), {
    nil: undefined,
  });

const extraParams = fc.dictionary(hostileText, hostileText, { maxKeys: 3 });

jest.setTimeout(fuzzTimeout(200));

/**
 * Twilio's webhooks (inbound SMS, SMS status, every turn of a phone survey, call status,
 * transcriptions), each form signed with the twilio SDK's own helper so it gets past the signature
 * check: no 5xx (Twilio would redeliver for nothing), an inbound SMS answered 200 is stored, and
 * nothing outside the reply and delivery tables changes.
 */
describe('fuzz: Twilio webhooks with valid signatures', () => {
  let t: TestApp;
  let workspaceId: string;
  let smsInvitation: string;
  let voiceToken: string;
  let sid = 0;

  beforeAll(async () => {
    t = await startTestApp({
      // Input handling is under test here, not the limits: every generated request must reach its route.
      RATE_LIMIT_ENABLED: 'false',
      ROLE: 'api',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      // Nothing sends in the API role; should anything try, it meets a closed local port, never Twilio.
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
    });
    let key: string;
    ({ apiKey: key, workspaceId } = await t.workspace('Fuzz'));
    const survey = await t.api('POST', '/v1/surveys', { key, body: SURVEY });
    const invite = async (channel: string) => {
      const campaign = await t.api('POST', '/v1/campaigns', {
        key,
        body: { name: channel, surveyId: survey.body.id, trigger: { eventType: `call.${channel}` }, channel },
      });
      await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });
      const event = await t.api('POST', '/v1/events', {
        key,
        body: {
          type: `call.${channel}`,
          id: `e-${channel}`,
          contact: { externalId: 'c-1', phone: PHONE, locale: 'en' },
        },
      });
      return event.body.decisions[0].invitationId as string;
    };
    smsInvitation = await invite('sms');
    await markSent(t.db, smsInvitation, SENDER);
    voiceToken = await markSent(t.db, await invite('voice'), SENDER);
  });

  afterAll(() => t?.close());

  /** Posts a form to a Twilio webhook path, signed as Twilio signs it. */
  async function post(path: string, form: Record<string, string | undefined>) {
    const params = Object.fromEntries(
      Object.entries({ AccountSid: ACCOUNT_SID, ...form }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const url = t.baseUrl + path;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    const answer = await res.text();
    expectNoServerError(res.status, `${path} ${JSON.stringify(params)}`, answer);
    return { status: res.status, params };
  }

  /** A query string as URLSearchParams writes it (lone surrogates become U+FFFD, as they would on the wire). */
  const query = (entries: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined)).toString();

  const mayWrite = () => ({
    workspaceId,
    tables: [
      'inbound_sms',
      'sms_conversations',
      'responses',
      'answers',
      'response_followups',
      'rollup_deltas',
      'contacts',
      'invitations',
      'webhook_outbox',
    ],
  });
  const fuzz = async <T>(property: fc.IAsyncPropertyWithHooks<[T]>, runs: number) => {
    const before = await untouchedData(t.db, mayWrite());
    await fc.assert(property, fuzzParams(runs));
    expect(await untouchedData(t.db, mayWrite())).toEqual(before);
  };

  it('inbound SMS: stored whenever answered 200, NULs and all', async () => {
    const sms = fc.record({
      sid: fc.option(hostileText, { nil: undefined }),
      From: param(PHONE, '+358401239002'),
      To: param(SENDER),
      Body: param('9', '10', 'STOP', 'START', 'ei', 'kyllä', 'Because\u0000 of NUL', 'HELP', '  7  '),
      extra: extraParams,
    });
    await fuzz(
      fc.asyncProperty(sms, async ({ sid: hostileSid, extra, ...form }) => {
        const messageSid = hostileSid ?? `SM${(++sid).toString(16).padStart(32, '0')}`;
        const { status, params } = await post(`/webhooks/twilio/${workspaceId}/sms`, {
          ...extra,
          ...form,
          MessageSid: messageSid,
        });
        if (status === 200 && hostileSid === undefined) {
          const stored = await t.db.query(`SELECT body FROM inbound_sms WHERE workspace_id = $1 AND message_sid = $2`, [
            workspaceId,
            params.MessageSid.replaceAll('\u0000', ''),
          ]);
          // As sent on the wire: a lone surrogate went out as U+FFFD.
          const sent = Buffer.from(params.Body ?? '').toString();
          expect(stored).toEqual([{ body: sent.replaceAll('\u0000', '') }]);
        }
      }),
      50,
    );
  });

  it('SMS status callbacks', async () => {
    const status = fc.record({
      invitation: param(smsInvitation, 'not-a-uuid'),
      MessageSid: param('SM' + '0'.repeat(32)),
      MessageStatus: param('queued', 'sent', 'delivered', 'undelivered', 'failed'),
      SmsStatus: param('delivered'),
      ErrorCode: param('30003', '30006', '21610', '0', '99999999999', '-1', '3e4', 'abc'),
      From: param(SENDER),
      extra: extraParams,
    });
    await fuzz(
      fc.asyncProperty(status, async ({ invitation, extra, ...form }) => {
        const q = query({ invitation });
        await post(`/webhooks/twilio/${workspaceId}/sms/status${q ? `?${q}` : ''}`, { ...extra, ...form });
      }),
      40,
    );
  });

  it('phone survey turns, call status and transcriptions', async () => {
    const CallSid = param('CA' + '1'.repeat(32));
    const attempt = param('0', '1', '2', '-1', '1e400', 'x');
    // Each kind of request with the parameters Twilio sends it, so odd combinations of them are likely.
    const turn = fc.oneof(
      fc.record({
        hook: fc.constant(''),
        q: param('q1', 'fcr', 'nope'),
        attempt,
        noInput: param('1'),
        form: fc.record({
          CallSid,
          AnsweredBy: param('human', 'machine_start', 'fax', 'unknown'),
          Digits: param('9', '10', '1', '2', '#', '*', '99999999999999999999'),
          SpeechResult: param('nine', 'yes', 'Because\u0000 of NUL'),
        }),
      }),
      fc.record({
        hook: fc.constant(''),
        q: param('why'),
        attempt,
        noInput: param('1'),
        form: fc.record({
          CallSid,
          RecordingUrl: param('https://api.twilio.com/2010-04-01/Recordings/RE1'),
          RecordingDuration: param('12', '0', '-5', '1e400', '99999999999', 'NaN'),
        }),
      }),
      fc.record({
        hook: fc.constant('/status'),
        form: fc.record({
          CallSid,
          CallStatus: param('in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'),
          AnsweredBy: param('human', 'machine_start'),
          ErrorCode: param('13224', '32021', 'abc', '99999999999'),
          SipResponseCode: param('486', '600', 'abc'),
          From: param(PHONE),
        }),
      }),
      fc.record({
        hook: fc.constant('/transcription'),
        q: param('why', 'q1', 'nope'),
        form: fc.record({
          TranscriptionText: param('It was fine\u0000', 'Slow service'),
          TranscriptionStatus: param('completed', 'failed'),
          RecordingUrl: param('https://api.twilio.com/2010-04-01/Recordings/RE1'),
        }),
      }),
    );
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/) },
    );
    await fuzz(
      fc.asyncProperty(fc.tuple(turn, token, extraParams), async ([r, hostileToken, extra]) => {
        const search = query({
          q: 'q' in r ? r.q : undefined,
          attempt: 'attempt' in r ? r.attempt : undefined,
          [NO_INPUT_PARAM]: 'noInput' in r ? r.noInput : undefined,
        });
        const path = `/webhooks/twilio/${workspaceId}/voice/${hostileToken ?? voiceToken}${r.hook}`;
        await post(`${path}${search ? `?${search}` : ''}`, { ...extra, ...r.form });
      }),
      200,
    );
  });
});
