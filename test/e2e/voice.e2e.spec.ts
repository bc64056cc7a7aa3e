import { getExpectedTwilioSignature } from 'twilio';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import type { CallScript, SimulatedCall, TranscriptEntry } from '../../src/channels/twilio/simulator/voice-call-runner';
import { npsQuestionInFourLanguages } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'c3'.repeat(16);
const AUTH_TOKEN = 'voice-e2e-auth-token';
const CALLER_ID = '+15005550007';
const ALWAYS = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' };

/** NPS, then an open question everyone gets (answered by recording), then a yes/no. */
const phoneSurvey = {
  name: 'Phone NPS',
  defaultLocale: 'en',
  questions: [
    npsQuestionInFourLanguages,
    {
      id: 'why',
      type: 'text',
      text: { en: 'What is the main reason for your score?', fi: 'Mikä on tärkein syy arvosanaasi?' },
    },
    { id: 'solved', type: 'yes_no', text: { en: 'Was your issue solved?', fi: 'Ratkesiko asiasi?' } },
  ],
};

/** Event → call through the real twilio SDK → the simulator fetches our TwiML over HTTP, a scripted caller answers. */
describe('Phone surveys over Twilio Voice', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let campaignId: string;
  let n = 0;
  const ended = new Map<string, SimulatedCall>();

  async function called(phone: string, script: CallScript, locale = 'en', eventType = 'ticket.closed') {
    sim.scriptCall(phone, script);
    const posted = await t.api('POST', '/v1/events', {
      key,
      body: {
        type: eventType,
        id: `crm-voice-${++n}`,
        contact: { externalId: `phone-${phone}`, phone, locale },
        properties: { team: 'Billing' },
      },
    });
    expect(posted.status).toBe(202);
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'voice' });
    const invitationId = posted.body.decisions[0].invitationId as string;
    const call = await eventually(async () => [...ended.values()].find((c) => c.to === phone), 15000);
    ended.delete(call.sid);
    // The final status callback is posted after the call ends; wait until it has been applied.
    await eventually(async () => {
      const [row] = await t.db.query(`SELECT call_outcome FROM invitations WHERE id = $1`, [invitationId]);
      return row.call_outcome;
    });
    return { invitationId, call };
  }

  const said = (transcript: TranscriptEntry[]) => transcript.flatMap((e) => (e.kind === 'say' ? [e.text] : []));

  async function answersOf(invitationId: string) {
    return t.db.query(
      `SELECT a.question_id, a.value_num, a.value_text, a.recording_url, a.recording_seconds, a.transcription, r.completed
       FROM responses r LEFT JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = $1 ORDER BY a.answered_at`,
      [invitationId],
    );
  }

  async function invitation(id: string) {
    const [row] = await t.db.query(
      `SELECT status, status_reason, call_outcome, delivery_status, provider_message_id, sender, updated_at FROM invitations WHERE id = $1`,
      [id],
    );
    return row;
  }

  beforeAll(async () => {
    sim = await new TwilioSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      callbackDelayMs: 2,
      onCall: (c) => ended.set(c.sid, c),
    }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_CALLER_ID: CALLER_ID,
      TWILIO_API_BASE_URL: sim.url,
      COMPANY_NAME: 'Acme',
      CALLS_PER_SECOND: '100',
      SECRETS_KEY: 'ab'.repeat(32),
    });
    const ws = await t.workspace();
    key = ws.apiKey;
    workspaceId = ws.workspaceId;
    const survey = await t.api('POST', '/v1/surveys', { key, body: phoneSurvey });
    expect(survey.status).toBe(201);
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Support call NPS',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'voice',
        callingWindow: ALWAYS,
        timezone: 'Europe/Helsinki',
      },
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body).toMatchObject({
      channels: ['voice'],
      callingWindow: ALWAYS,
      voice: { machineDetection: true, machineMessage: false },
    });
    campaignId = campaign.body.id;
    expect(
      (await t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status: 'active' } })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it('calls from the caller number with machine detection, greets, and reads "1","0","#" as 10; every answer saved as given', async () => {
    const phone = '+447911200001';
    const { invitationId, call } = await called(phone, {
      actions: [{ press: '10#' }, { record: { seconds: 9, transcription: 'Quick and friendly.' } }, { press: '1' }],
    });
    expect(call).toMatchObject({ from: CALLER_ID, machineDetection: 'Enable', answeredBy: 'human' });
    expect(call.url).toMatch(new RegExp(`/webhooks/twilio/${workspaceId}/voice/[A-Za-z0-9_-]+$`));
    expect(said(call.transcript)[0]).toBe('Hello, this is a short survey from Acme. It takes about a minute.');
    expect(said(call.transcript)[1]).toBe(
      'How likely are you to recommend Acme to a friend? Press a number from 0 to 10, then the hash key.',
    );
    expect(said(call.transcript).at(-1)).toBe('Thank you for your answers. Goodbye.');
    // The TwiML parsed as XML all along (a bad document would show as an error entry).
    expect(call.transcript.filter((e) => e.kind === 'error')).toEqual([]);

    const rows = await answersOf(invitationId);
    expect(rows.map((r) => [r.question_id, r.value_num, r.value_text])).toEqual([
      ['q1', 10, null],
      ['why', null, 'Quick and friendly.'],
      ['solved', null, 'yes'],
    ]);
    expect(rows[1].recording_url).toMatch(/^http.*\/Recordings\/RE[0-9a-f]{32}$/);
    expect(rows[1]).toMatchObject({ recording_seconds: 9, transcription: 'Quick and friendly.', completed: true });
    expect(await invitation(invitationId)).toMatchObject({
      status: 'sent',
      call_outcome: 'answered',
      delivery_status: 'completed',
      provider_message_id: call.sid,
      sender: CALLER_ID,
    });

    const listed = await t.api('GET', `/v1/responses?campaignId=${campaignId}`, { key });
    const mine = listed.body.data.find((r: { invitationId: string }) => r.invitationId === invitationId);
    expect(mine.answers.find((a: { questionId: string }) => a.questionId === 'why')).toMatchObject({
      value: 'Quick and friendly.',
      recording: { seconds: 9 },
    });
  });

  it('takes a lone "7" followed by the timeout as 7', async () => {
    const { invitationId } = await called('+447911200002', { actions: [{ press: '7' }, { hangup: true }] });
    expect((await answersOf(invitationId))[0]).toMatchObject({ question_id: 'q1', value_num: 7 });
  });

  it('re-prompts once after "99" and then takes "9"', async () => {
    const { invitationId, call } = await called('+447911200003', {
      actions: [{ press: '99' }, { press: '9#' }, { hangup: true }],
    });
    const lines = said(call.transcript);
    expect(lines.filter((l) => l.startsWith("Sorry, I didn't get that."))).toHaveLength(1);
    expect((await answersOf(invitationId)).map((r) => [r.question_id, r.value_num])).toEqual([['q1', 9]]);
  });

  it('understands speech through the same reply reader as SMS', async () => {
    const { invitationId } = await called('+358401200004', { actions: [{ say: 'kahdeksan' }, { hangup: true }] }, 'fi');
    expect((await answersOf(invitationId))[0]).toMatchObject({ question_id: 'q1', value_num: 8 });
  });

  it('after silence three times at the first question ends politely and scores nothing', async () => {
    const { invitationId, call } = await called('+447911200005', {
      actions: [{ silence: true }, { silence: true }, { silence: true }, { press: '5#' }],
    });
    const lines = said(call.transcript);
    expect(lines.filter((l) => l.startsWith("Sorry, I didn't get that."))).toHaveLength(2);
    expect(lines.at(-1)).toBe("We didn't hear an answer. Thank you for your time. Goodbye.");
    expect(call.transcript.some((e) => e.kind === 'hangup' && e.by === 'twiml')).toBe(true);
    expect(await answersOf(invitationId)).toEqual([]);
  });

  it('after an answer, gives up on a question nobody answers and moves on to the next', async () => {
    const { invitationId, call } = await called('+447911200008', {
      actions: [{ press: '9#' }, { silence: true }, { silence: true }, { silence: true }, { press: '2' }],
    });
    const lines = said(call.transcript);
    const movedOn = lines.indexOf("Let's move on.");
    expect(lines[movedOn + 1]).toBe('Was your issue solved? Press 1 for yes, 2 for no. You can also say yes or no.');
    expect((await answersOf(invitationId)).map((r) => [r.question_id, r.value_num, r.value_text, r.completed])).toEqual(
      [
        ['q1', 9, null, true],
        ['solved', null, 'no', true],
      ],
    );
  });

  it('keeps and scores a partial response when the caller hangs up after the first question', async () => {
    const before = (await t.api('GET', `/v1/scores?campaignId=${campaignId}`, { key })).body.nps;
    const { invitationId } = await called('+447911200006', { actions: [{ press: '3#' }, { hangup: true }] });
    const rows = await answersOf(invitationId);
    expect(rows).toEqual([expect.objectContaining({ question_id: 'q1', value_num: 3, completed: false })]);
    const after = (await t.api('GET', `/v1/scores?campaignId=${campaignId}`, { key })).body.nps;
    expect(after.n).toBe(before.n + 1);
    expect(after.distribution['3']).toBe((before.distribution['3'] ?? 0) + 1);
  });

  it('gives an answering machine no survey and records the outcome `machine`', async () => {
    const { invitationId, call } = await called('+447911200007', { outcome: 'machine', actions: [{ press: '9#' }] });
    expect(call.answeredBy).toBe('machine_start');
    expect(said(call.transcript)).toEqual([]);
    expect(await invitation(invitationId)).toMatchObject({
      status: 'sent',
      call_outcome: 'machine',
      status_reason: 'answering machine (machine_start)',
    });
    expect(await answersOf(invitationId)).toEqual([]);
  });

  it.each([
    ['busy', 'busy', 'sent', /^line busy/],
    ['no-answer', 'no-answer', 'sent', /^no answer/],
    ['failed', 'failed', 'failed', /^call failed/],
  ] as const)('records %s as an outcome with its reason', async (outcome, expected, status, reason) => {
    const { invitationId } = await called(`+44791120001${['busy', 'no-answer', 'failed'].indexOf(outcome)}`, {
      outcome,
    });
    const row = await invitation(invitationId);
    expect(row).toMatchObject({ call_outcome: expected, status });
    expect(row.status_reason).toMatch(reason);
  });

  it('ignores a replayed or late status callback', async () => {
    const { invitationId, call } = await called('+447911200020', { actions: [{ press: '8#' }, { hangup: true }] });
    const before = await invitation(invitationId);
    const statusUrl = `${call.url}/status`;
    for (const CallStatus of ['completed', 'ringing', 'busy']) {
      const params = { CallSid: call.sid, AccountSid: ACCOUNT_SID, CallStatus, From: CALLER_ID, To: call.to };
      const res = await fetch(statusUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, statusUrl, params),
        },
        body: new URLSearchParams(params),
      });
      expect(res.status).toBe(200);
    }
    expect(await invitation(invitationId)).toEqual(before);
  });

  it('refuses an unsigned or tampered TwiML request and changes nothing', async () => {
    const { invitationId, call } = await called('+447911200021', { actions: [{ press: '6#' }, { hangup: true }] });
    const url = `${call.url}?q=q1&attempt=0`;
    const params = { CallSid: call.sid, AccountSid: ACCOUNT_SID, Digits: '0' };
    const post = (signature?: string) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(signature ? { 'x-twilio-signature': signature } : {}),
        },
        body: new URLSearchParams(params),
      });
    expect((await post()).status).toBe(400);
    expect((await post(getExpectedTwilioSignature('not-the-token', url, params))).status).toBe(403);
    expect((await answersOf(invitationId))[0]).toMatchObject({ value_num: 6 });
    const unknown = `${t.baseUrl}/webhooks/twilio/${workspaceId}/voice/no-such-token`;
    const res = await fetch(unknown, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, unknown, params),
      },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(404);
  });

  it.each([
    ['fi', 'Polly.Suvi-Neural', 'fi-FI'],
    ['sv', 'Polly.Astrid', 'sv-SE'],
    ['nb', 'Polly.Liv', 'nb-NO'],
    ['en', 'Polly.Joanna', 'en-US'],
  ] as const)('speaks %s with the default voice %s in %s', async (locale, voice, language) => {
    const phone = `+4691120010${['fi', 'sv', 'nb', 'en'].indexOf(locale)}`;
    const { call } = await called(phone, { actions: [{ hangup: true }] }, locale);
    const says = call.transcript.filter((e): e is Extract<TranscriptEntry, { kind: 'say' }> => e.kind === 'say');
    expect(says.length).toBeGreaterThan(0);
    for (const s of says) expect(s).toMatchObject({ voice, language });
    const gather = call.transcript.find((e) => e.kind === 'gather');
    expect(gather).toMatchObject({
      input: 'dtmf speech',
      numDigits: 2,
      finishOnKey: '#',
      language,
    });
  });

  it("spaces calls by the account's calls-per-second, set per workspace", async () => {
    const other = await t.workspace('Slow line');
    const settings = await t.api('PUT', '/v1/settings/twilio', {
      key: other.apiKey,
      body: {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        sender: '+15005550006',
        callerId: CALLER_ID,
        callsPerSecond: 4,
      },
    });
    expect(settings.body).toMatchObject({ callerId: CALLER_ID, callsPerSecond: 4 });
    const survey = await t.api('POST', '/v1/surveys', { key: other.apiKey, body: phoneSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key: other.apiKey,
      body: {
        name: 'Paced',
        surveyId: survey.body.id,
        trigger: { eventType: 'paced' },
        channel: 'voice',
        callingWindow: ALWAYS,
      },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key: other.apiKey, body: { status: 'active' } });
    const phones = Array.from({ length: 8 }, (_, i) => `+35840130000${i}`);
    for (const phone of phones) sim.scriptCall(phone, { actions: [{ hangup: true }] });
    const posted = await Promise.all(
      phones.map((phone, i) =>
        t.api('POST', '/v1/events', {
          key: other.apiKey,
          body: { type: 'paced', id: `paced-${i}`, contact: { externalId: `paced-${i}`, phone } },
        }),
      ),
    );
    expect(posted.map((p) => (p.status === 202 ? 202 : JSON.stringify(p.body)))).toEqual(phones.map(() => 202));
    const created = await eventually(async () => {
      const calls = sim.calls.filter((c) => phones.includes(c.to));
      return calls.length === phones.length ? calls : null;
    });
    const times = created.map((c) => c.dateCreated.getTime()).sort((a, b) => a - b);
    // Eight calls at four per second: the last starts at least ~1.75 s after the first.
    expect(times.at(-1)! - times[0]).toBeGreaterThanOrEqual(1500);
  });

  it('speaks with the voice and language a campaign configures, and can leave a message on a machine', async () => {
    const survey = await t.api('GET', '/v1/surveys', { key });
    const own = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Own voice',
        surveyId: survey.body.data.at(-1).id,
        trigger: { eventType: 'own.voice' },
        channel: 'voice',
        callingWindow: ALWAYS,
        voice: {
          machineMessage: true,
          voices: { fi: { voice: 'Google.fi-FI-Standard-A' }, sv: { voice: 'Polly.Elin-Neural', language: 'sv-FI' } },
        },
      },
    });
    expect(own.status).toBe(201);
    expect(own.body.voice).toEqual({
      machineDetection: true,
      machineMessage: true,
      voices: { fi: { voice: 'Google.fi-FI-Standard-A' }, sv: { voice: 'Polly.Elin-Neural', language: 'sv-FI' } },
    });
    await t.api('POST', `/v1/campaigns/${own.body.id}/status`, { key, body: { status: 'active' } });

    const fi = await called('+358401200030', { actions: [{ hangup: true }] }, 'fi', 'own.voice');
    expect(fi.call.transcript.find((e) => e.kind === 'say')).toMatchObject({
      voice: 'Google.fi-FI-Standard-A',
      language: 'fi-FI',
    });
    const sv = await called('+358401200031', { outcome: 'machine' }, 'sv', 'own.voice');
    expect(said(sv.call.transcript)).toEqual([
      'Hej, det här är Acme. Vi ringde angående en kort enkät. Tack och hej då.',
    ]);
    expect(sv.call.transcript.find((e) => e.kind === 'say')).toMatchObject({
      voice: 'Polly.Elin-Neural',
      language: 'sv-FI',
    });
    expect(await invitation(sv.invitationId)).toMatchObject({ call_outcome: 'machine' });

    const bad = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Bad',
        surveyId: survey.body.data.at(-1).id,
        trigger: { eventType: 'x' },
        channel: 'voice',
        callingWindow: { days: ['mon'], start: '20:00', end: '09:00' },
        voice: { voices: { fi: { language: 'finnish' } } },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'callingWindow.end',
      'voice.voices.fi.language',
    ]);
  });
});
