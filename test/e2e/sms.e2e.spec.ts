import { randomBytes } from 'node:crypto';

import { getExpectedTwilioSignature } from 'twilio';

import { TwilioSimulator } from '../../src/channels/twilio/simulator/twilio-simulator';
import { npsQuestionInFourLanguages } from '../support/fixtures';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const ACCOUNT_SID = 'AC' + 'b2'.repeat(16);
const AUTH_TOKEN = 'sms-e2e-auth-token';
const SENDER = '+15005550006';
/** The GSM 03.38 default alphabet (3GPP TS 23.038), one septet each; the escape code is left out. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** A survey with a follow-up every respondent gets, and one only detractors get. */
const smsSurvey = {
  name: 'SMS NPS',
  defaultLocale: 'en',
  questions: [
    npsQuestionInFourLanguages,
    {
      id: 'better',
      type: 'text',
      text: {
        en: 'What could we do better?',
        fi: 'Mitä voisimme tehdä paremmin?',
        sv: 'Vad kan vi göra bättre?',
        nb: 'Hva kan vi gjøre bedre?',
      },
      showIf: { question: 'q1', lte: 6 },
    },
    {
      id: 'best',
      type: 'text',
      text: {
        en: 'What did you like most?',
        fi: 'Mistä pidit eniten?',
        sv: 'Vad tyckte du bäst om?',
        nb: 'Hva likte du best?',
      },
      showIf: { question: 'q1', gte: 7 },
    },
  ],
};

/** Event → SMS through the real twilio SDK → the simulator over HTTP → signed replies → scores. */
describe('SMS surveys over Twilio', () => {
  let sim: TwilioSimulator;
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let webhook: string;
  let n = 0;

  const event = (phone: string, locale: string, id = `crm-sms-${++n}`) => ({
    type: 'order.delivered',
    id,
    contact: { externalId: `phone-${phone}`, phone, locale },
    properties: { store: 'Kamppi' },
  });

  async function surveyed(phone: string, locale: string) {
    const before = sim.inbox(phone).length;
    const posted = await t.api('POST', '/v1/events', { key, body: event(phone, locale) });
    expect(posted.status).toBe(202);
    expect(posted.body.decisions[0]).toMatchObject({ decision: 'scheduled', channel: 'sms' });
    await eventually(async () => sim.inbox(phone).length > before);
    return { invitationId: posted.body.decisions[0].invitationId as string, sms: sim.inbox(phone).at(-1)! };
  }

  const reply = (phone: string, body: string, messageSid?: string) =>
    sim.sendInbound(webhook, { from: phone, to: SENDER, body, messageSid });

  async function answersOf(invitationId: string) {
    return t.db.query(
      `SELECT a.question_id, a.value_num, a.value_text, r.completed, r.unparsed_text, r.late
       FROM responses r LEFT JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = $1 ORDER BY a.answered_at`,
      [invitationId],
    );
  }

  beforeAll(async () => {
    sim = await new TwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackDelayMs: 5 }).start();
    t = await startTestApp({
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: SENDER,
      TWILIO_API_BASE_URL: sim.url,
      COMPANY_NAME: 'Acme',
      SMS_PER_SECOND: '1000',
      SECRETS_KEY: randomBytes(32).toString('hex'),
    });
    const ws = await t.workspace();
    key = ws.apiKey;
    workspaceId = ws.workspaceId;
    webhook = `${t.baseUrl}/webhooks/twilio/${workspaceId}/sms`;
    const survey = await t.api('POST', '/v1/surveys', { key, body: smsSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Delivery NPS',
        surveyId: survey.body.id,
        trigger: { eventType: 'order.delivered' },
        channel: 'sms',
        expiry: 'P3D',
      },
    });
    expect(campaign.status).toBe(201);
    expect(
      (await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } })).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await sim?.stop();
  });

  it("texts the first question in the contact's language, in one GSM-7 segment, with delivery tracked", async () => {
    const phone = '+358401110001';
    const { invitationId, sms } = await surveyed(phone, 'fi-FI');
    expect(sms.from).toBe(SENDER);
    expect(sms.body).toBe(
      'Acme: Kuinka todennäköisesti suosittelisit Acmea ystävällesi? Vastaa 0-10. Vastaa LOPETA, jos et halua enää viestejä.',
    );
    // One segment, checked against the GSM 03.38 basic alphabet written out here, not with our own counter.
    expect(sms.body.length).toBeLessThanOrEqual(160);
    expect([...sms.body].filter((c) => !GSM7_BASIC.includes(c))).toEqual([]);
    expect(sms.statusCallback).toBe(
      `${t.baseUrl}/webhooks/twilio/${workspaceId}/sms/status?invitation=${invitationId}`,
    );
    const row = await eventually(async () => {
      const [r] = await t.db.query(
        `SELECT status, provider_message_id, sender, delivery_status FROM invitations WHERE id = $1`,
        [invitationId],
      );
      return r.delivery_status === 'delivered' ? r : null;
    });
    expect(row).toMatchObject({ status: 'sent', provider_message_id: sms.sid, sender: SENDER });
  });

  it('reads "yhdeksän, nopea palvelu" as 9 with a comment, asks the follow-up, stores its answer and thanks', async () => {
    const phone = '+358401110002';
    const { invitationId } = await surveyed(phone, 'fi');
    const first = await reply(phone, 'yhdeksän, nopea palvelu');
    expect(first.status).toBe(200);
    expect(first.replies).toEqual(['Mistä pidit eniten?']);
    expect(await answersOf(invitationId)).toEqual([
      expect.objectContaining({ question_id: 'q1', value_num: 9, value_text: 'nopea palvelu', completed: false }),
    ]);
    // The simulator delivered our TwiML reply to the customer like Twilio would.
    expect(sim.inbox(phone).at(-1)!.body).toBe('Mistä pidit eniten?');

    const second = await reply(phone, 'Kuljettaja oli ystävällinen');
    expect(second.replies[0]).toMatch(/^Acme: Kiitos/);
    const rows = await answersOf(invitationId);
    expect(rows.map((r) => [r.question_id, r.value_num, r.value_text])).toEqual([
      ['q1', 9, 'nopea palvelu'],
      ['best', null, 'Kuljettaja oli ystävällinen'],
    ]);
    expect(rows[0].completed).toBe(true);

    const scores = await t.api('GET', '/v1/scores', { key });
    expect(scores.status).toBe(200);
    expect(JSON.stringify(scores.body)).toContain('"nps"');

    // The conversation is over: a further text gets the polite "no open survey" answer, and is kept.
    const after = await reply(phone, 'kiitos vielä');
    expect(after.replies[0]).toMatch(/^Acme: Kiitos viestistäsi/);
    const [kept] = await t.db.query(
      `SELECT outcome, body FROM inbound_sms WHERE from_number = $1 ORDER BY id DESC LIMIT 1`,
      [phone],
    );
    expect(kept).toEqual({ outcome: 'no_open_survey', body: 'kiitos vielä' });
  });

  it('re-asks "11" with the range and then reads "ten" as 10', async () => {
    const phone = '+447911123003';
    const { invitationId } = await surveyed(phone, 'en');
    const miss = await reply(phone, '11');
    expect(miss.replies).toEqual(["Sorry, we didn't catch that. Please reply with a number from 0 to 10."]);
    expect(await answersOf(invitationId)).toEqual([]);
    const hit = await reply(phone, 'ten');
    expect(hit.replies).toEqual(['What did you like most?']);
    expect((await answersOf(invitationId))[0]).toMatchObject({ question_id: 'q1', value_num: 10 });
  });

  it('ends politely after a second miss and keeps the raw text, never a score', async () => {
    const phone = '+447911123004';
    const { invitationId } = await surveyed(phone, 'en');
    await reply(phone, 'what?');
    const gaveUp = await reply(phone, '100');
    expect(gaveUp.replies[0]).toMatch(/still couldn't read your answer/);
    const rows = await answersOf(invitationId);
    expect(rows).toEqual([expect.objectContaining({ question_id: null, unparsed_text: '100', completed: false })]);
  });

  it('STOPP opts out with a Swedish confirmation; the next event is skipped with the reason; START opts back in', async () => {
    const phone = '+46701110005';
    await surveyed(phone, 'sv-SE');
    const stop = await reply(phone, 'STOPP');
    expect(stop.replies).toEqual([
      'Acme: Du är nu avregistrerad och får inga fler enkäter via sms från oss. Svara START om du vill få dem igen.',
    ]);
    const found = await t.api('GET', `/v1/contacts?phone=${encodeURIComponent(phone)}`, { key });
    expect(found.body.data[0].optOuts.sms).toEqual(expect.any(String));

    const next = await t.api('POST', '/v1/events', { key, body: event(phone, 'sv-SE') });
    expect(next.body.decisions[0]).toMatchObject({ decision: 'skipped', reason: 'opted out of sms' });

    const start = await reply(phone, 'start');
    expect(start.replies).toEqual([
      'Acme: Du är nu registrerad igen och kan få enkäter via sms från oss. Svara STOPP för att avregistrera dig.',
    ]);
    const again = await t.api('GET', `/v1/contacts/${found.body.data[0].id}`, { key });
    expect(again.body.optOuts.sms).toBeNull();
  });

  it('"Stop sending these, 3" is a score of 3 with a comment, not an opt-out', async () => {
    const phone = '+447911123006';
    const { invitationId } = await surveyed(phone, 'en');
    const res = await reply(phone, 'Stop sending these, 3');
    expect(res.replies).toEqual(['What could we do better?']);
    expect((await answersOf(invitationId))[0]).toMatchObject({ value_num: 3, value_text: 'Stop sending these' });
    const [contact] = await t.db.query(`SELECT sms_opted_out_at FROM contacts WHERE phone = $1`, [phone]);
    expect(contact.sms_opted_out_at).toBeNull();
  });

  it('stores the same MessageSid once however often Twilio redelivers it, answering each time', async () => {
    const phone = '+447911123007';
    const { invitationId } = await surveyed(phone, 'en');
    const sid = 'SM' + randomBytes(16).toString('hex');
    const answers = [await reply(phone, '8', sid), await reply(phone, '8', sid), await reply(phone, '8', sid)];
    expect(answers.map((a) => a.replies)).toEqual([
      ['What did you like most?'],
      ['What did you like most?'],
      ['What did you like most?'],
    ]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM inbound_sms WHERE message_sid = $1`, [
      sid,
    ]);
    expect(count).toBe(1);
    expect(await answersOf(invitationId)).toHaveLength(1);
    const [conv] = await t.db.query(
      `SELECT awaiting_question_id, misses FROM sms_conversations WHERE invitation_id = $1`,
      [invitationId],
    );
    expect(conv).toEqual({ awaiting_question_id: 'best', misses: 0 });
  });

  it('two texts from one customer at the same moment are taken in turn: a score, then the follow-up', async () => {
    const phone = '+447911123011';
    const { invitationId } = await surveyed(phone, 'en');
    await Promise.all([reply(phone, '9'), reply(phone, '8')]);
    const rows = await answersOf(invitationId);
    expect(rows.map((r) => r.question_id).sort()).toEqual(['best', 'q1']);
    const score = rows.find((r) => r.question_id === 'q1')!.value_num;
    const followUp = rows.find((r) => r.question_id === 'best')!.value_text;
    expect([
      [9, '8'],
      [8, '9'],
    ]).toContainEqual([score, followUp]);
  });

  it('answers copies of one message arriving at the same moment alike, and stores it once', async () => {
    const phone = '+447911123012';
    const { invitationId } = await surveyed(phone, 'en');
    const sid = 'SM' + randomBytes(16).toString('hex');
    const answers = await Promise.all([reply(phone, '6', sid), reply(phone, '6', sid), reply(phone, '6', sid)]);
    expect(answers.map((a) => a.replies)).toEqual([
      ['What could we do better?'],
      ['What could we do better?'],
      ['What could we do better?'],
    ]);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM inbound_sms WHERE message_sid = $1`, [
      sid,
    ]);
    expect(count).toBe(1);
    expect(await answersOf(invitationId)).toEqual([expect.objectContaining({ question_id: 'q1', value_num: 6 })]);
  });

  it('refuses a missing (400) or tampered (403) signature and stores nothing', async () => {
    const phone = '+447911123008';
    const { invitationId } = await surveyed(phone, 'en');
    const params = {
      MessageSid: 'SM' + randomBytes(16).toString('hex'),
      AccountSid: ACCOUNT_SID,
      From: phone,
      To: SENDER,
      Body: '10',
    };
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, webhook, params);
    const post = (body: Record<string, string>, headers: Record<string, string>) =>
      fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body).toString(),
      });

    const missing = await post(params, {});
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const tampered = await post({ ...params, Body: '0' }, { 'x-twilio-signature': signature });
    expect(tampered.status).toBe(403);
    const wrongKey = await post(params, {
      'x-twilio-signature': getExpectedTwilioSignature('not-the-token', webhook, params),
    });
    expect(wrongKey.status).toBe(403);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM inbound_sms WHERE from_number = $1`, [
      phone,
    ]);
    expect(count).toBe(0);
    expect(await answersOf(invitationId)).toEqual([]);

    // The genuine request, signed over the public URL and every parameter, goes through.
    const genuine = await post(params, { 'x-twilio-signature': signature });
    expect(genuine.status).toBe(200);
    expect(await genuine.text()).toContain('<Message>What did you like most?</Message>');
  });

  it('answers a number with no open survey politely, in the language of its country, and keeps the message', async () => {
    const res = await reply('+358409999999', '10');
    expect(res.replies[0]).toMatch(/^Acme: Kiitos viestistäsi/);
    const [kept] = await t.db.query(`SELECT outcome, contact_id FROM inbound_sms WHERE from_number = '+358409999999'`);
    expect(kept).toEqual({ outcome: 'no_open_survey', contact_id: null });
  });

  it('after expiry says the survey has closed and stores the answer as late, outside the score', async () => {
    const phone = '+447911123010';
    const { invitationId } = await surveyed(phone, 'en');
    await t.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [invitationId]);
    const res = await reply(phone, '2');
    expect(res.replies[0]).toMatch(/has already closed/);
    expect((await answersOf(invitationId))[0]).toMatchObject({ value_num: 2, late: true });
    // Nobody else in this file gave a 2: the late answer is kept but not counted.
    const scores = await t.api('GET', '/v1/scores', { key });
    expect(scores.body.nps.distribution['2']).toBe(0);
  });
});
