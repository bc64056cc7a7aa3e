import { Client } from 'pg';

import { LiveService } from '../../src/scoring/live/live.service';
import { ScoresService } from '../../src/scoring/scores.service';
import { threeMetricsSurvey, ticketClosed } from '../support/fixtures';
import { Dashboard } from '../support/sse-stream';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

describe('GET /v1/campaigns/:campaignId/live', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let campaignId: string;
  let sent: Array<{ token: string; external_id: string }>;
  let other: Client;
  const open: Dashboard[] = [];

  const connect = async (query = '', headers: Record<string, string> = { authorization: `Bearer ${key}` }) => {
    const d = await Dashboard.open(`${t.baseUrl}/v1/campaigns/${campaignId}/live${query}`, headers);
    open.push(d);
    return d;
  };
  const live = () => t.app.get(LiveService);

  beforeAll(async () => {
    t = await startTestApp();
    ({ apiKey: key, workspaceId } = await t.workspace());
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: threeMetricsSurvey,
    });
    expect(survey.status).toBe(201);
    campaignId = await activeCampaign(t, key, survey.body.id);
    for (let i = 1; i <= 3; i++)
      expect((await t.api('POST', '/v1/events', { key, body: ticketClosed(`l${i}`) })).status).toBe(202);
    sent = await waitForSent(t, 3, 20000);
    // Stands in for another process (or an operator's psql): it writes without any of this app's code.
    other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
  }, 60000);

  afterEach(() => {
    for (const d of open.splice(0)) d.close();
  });

  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('starts with a retry hint and fresh scores, then streams a survey-page answer and the updated scores', async () => {
    const d = await connect();
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(d.headers.get('cache-control')).toBe('no-store');
    const first = await d.next('scores');
    expect(first).toMatchObject({ campaignId, responses: 0, invitationsSent: 3, nps: { n: 0, score: null } });
    expect(d.messages[0]).toEqual({ retry: 3000 });
    expect(d.messages[1].id).toMatch(/^\d+-\d+$/);

    expect((await postForm(t, sent[0].token, { _shown: 'q1,sat,ease', q1: '9', sat: '5', ease: '6' })).status).toBe(
      200,
    );

    const response = await d.next('response');
    expect(response).toEqual({
      responseId: expect.any(String),
      campaignId,
      invitationId: expect.any(String),
      contact: { externalId: sent[0].external_id },
      channel: 'email',
      completed: true,
      late: false,
      createdAt: expect.any(String),
      completedAt: expect.any(String),
      answers: expect.arrayContaining([
        { questionId: 'q1', type: 'nps', value: 9, comment: null, recording: null },
        { questionId: 'sat', type: 'csat', value: 5, comment: null, recording: null },
        { questionId: 'ease', type: 'ces', value: 6, comment: null, recording: null },
      ]),
    });
    // No contact details beyond the CRM's id.
    expect(JSON.stringify(response)).not.toMatch(/@|Customer/);
    const updated = await d.next('scores', (s) => s.responses === 1);
    expect(updated).toMatchObject({ nps: { n: 1, score: 100 }, csat: { n: 1 }, ces: { n: 1 }, responses: 1 });
    // Exactly what the scoring service says: the stream never computes scores itself.
    expect(updated).toEqual(
      JSON.parse(JSON.stringify(await t.app.get(ScoresService).scores({ workspaceId, campaignId }))),
    );
    // The response event comes before the scores that count it.
    const order = d.messages.filter((m) => m.event).map((m) => m.event);
    expect(order.indexOf('response')).toBeLessThan(order.lastIndexOf('scores'));
  });

  it('reaches the stream when another process writes the response (plain SQL, no app code)', async () => {
    const d = await connect();
    const before = await d.next('scores');
    await other.query('BEGIN');
    const [inv] = (await other.query(`SELECT * FROM invitations WHERE token = $1`, [sent[1].token])).rows;
    const [{ id }] = (
      await other.query(
        `INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, true, now()) RETURNING id`,
        [inv.workspace_id, inv.id, inv.campaign_id, inv.survey_version_id, inv.contact_id, inv.channel],
      )
    ).rows;
    await other.query(
      `INSERT INTO answers (response_id, question_id, question_type, value_num, value_text) VALUES ($1, 'q1', 'nps', 3, 'too slow')`,
      [id],
    );
    await other.query('COMMIT');

    expect(await d.next('response', (r) => r.responseId === id)).toMatchObject({
      contact: { externalId: sent[1].external_id },
      answers: [{ questionId: 'q1', value: 3, comment: 'too slow', recording: null }],
    });
    const after = await d.next('scores', (s) => s.responses === before.responses + 1);
    expect(after.nps.n).toBe(before.nps.n + 1);
    // One transaction touching a response and its answer is one event.
    expect(d.events('response').filter((r) => r.responseId === id)).toHaveLength(1);
  });

  it('coalesces a burst: one event per response, scores at most once a second, shared by every dashboard', async () => {
    const dashboards = [await connect(), await connect()];
    const before = await dashboards[1].next('scores');
    const [inv] = (await other.query(`SELECT * FROM invitations WHERE token = $1`, [sent[2].token])).rows;
    await other.query(
      `INSERT INTO invitations (workspace_id, campaign_id, survey_version_id, contact_id, event_type, channel, token, send_at, sent_at, status)
       SELECT workspace_id, campaign_id, survey_version_id, contact_id, event_type, channel, 'burst-' || g, now(), now(), 'sent'
       FROM invitations, generate_series(1, 200) g WHERE id = $1`,
      [inv.id],
    );
    const started = Date.now();
    // 200 responses with two answers each in one statement...
    const answered: string[] = (
      await other.query(
        `WITH r AS (
           INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed)
           SELECT workspace_id, id, campaign_id, survey_version_id, contact_id, channel, true FROM invitations WHERE token LIKE 'burst-%'
           RETURNING id)
         INSERT INTO answers (response_id, question_id, question_type, value_num)
         SELECT r.id, q, q, 5 FROM r, unnest(ARRAY['csat', 'ces']) q RETURNING response_id`,
      )
    ).rows.map((row) => row.response_id);
    const unique = [...new Set(answered)];
    expect(unique).toHaveLength(200);
    // ...then 30 separate transactions changing answers, as fast as they go.
    for (const id of unique.slice(0, 30))
      await other.query(`UPDATE answers SET value_num = 4 WHERE response_id = $1 AND question_id = 'csat'`, [id]);
    const elapsedS = (Date.now() - started) / 1000;

    for (const d of dashboards) {
      await d.next(
        'scores',
        (s) =>
          s.responses === before.responses + 200 && s.csat.distribution['4'] - before.csat.distribution['4'] === 30,
      );
      const seen = d.events('response').filter((r) => unique.includes(r.responseId));
      // Each response at least once (the 30 edited ones may come twice), never once per answer.
      expect(new Set(seen.map((r) => r.responseId)).size).toBe(200);
      expect(seen.length).toBeLessThanOrEqual(230);
      const edited = seen.filter((r) =>
        r.answers.some((a: { questionId: string; value: number }) => a.questionId === 'csat' && a.value === 4),
      );
      expect(new Set(edited.map((r) => r.responseId))).toEqual(new Set(unique.slice(0, 30)));
      const burstScores = d.events('scores').filter((s) => s.responses > before.responses);
      expect(burstScores.length).toBeLessThanOrEqual(Math.ceil(elapsedS) + 2);
    }
    // Both dashboards saw the same computed figures (one computation, fanned out).
    expect(dashboards[0].events('scores').slice(-1)).toEqual(dashboards[1].events('scores').slice(-1));
  });

  it('recomputes scores at most once a second while responses keep arriving', async () => {
    const d = await connect();
    const before = await d.next('scores');
    const [{ id }] = (
      await other.query(
        `SELECT id FROM responses WHERE invitation_id = (SELECT id FROM invitations WHERE token = $1)`,
        [sent[1].token],
      )
    ).rows;
    // A change every 150 ms for about two seconds (spacing is the point here, so this test waits in real time).
    for (let i = 0; i <= 12; i++) {
      await other.query(`UPDATE answers SET value_num = $2 WHERE response_id = $1 AND question_id = 'q1'`, [
        id,
        i % 2 ? 10 : 0,
      ]);
      await new Promise((r) => setTimeout(r, 150));
    }
    await d.next(
      'scores',
      (s) =>
        s.nps.distribution['0'] === before.nps.distribution['0'] + 1 &&
        s.nps.distribution['3'] === before.nps.distribution['3'] - 1,
    );
    const sentAt = d.messages
      .filter((m) => m.event === 'scores')
      .slice(1)
      .map((m) => Number(m.id!.split('-')[0]));
    expect(sentAt.length).toBeGreaterThanOrEqual(2);
    expect(sentAt.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(900);
    // Responses are not rate-limited, only the scores: about one event per change (two changes in one tick make one).
    const events = d.events('response').filter((r) => r.responseId === id);
    expect(events.length).toBeGreaterThanOrEqual(7);
    expect(events.at(-1).answers).toEqual([
      { questionId: 'q1', type: 'nps', value: 0, comment: 'too slow', recording: null },
    ]);
  });

  it('keeps streaming after its listening connection is killed, with fresh scores on reconnect', async () => {
    const d = await connect();
    await d.next('scores');
    const scoresBefore = d.events('scores').length;
    const killed = await other.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'palaute-live'`,
    );
    expect(killed.rowCount).toBe(1);
    await eventually(async () => d.events('scores').length > scoresBefore);
    const [{ id }] = (
      await other.query(
        `SELECT id FROM responses WHERE invitation_id = (SELECT id FROM invitations WHERE token = $1)`,
        [sent[1].token],
      )
    ).rows;
    await other.query(`UPDATE answers SET value_text = 'fixed now' WHERE response_id = $1 AND question_id = 'q1'`, [
      id,
    ]);
    expect((await d.next('response', (r) => r.answers[0]?.comment === 'fixed now')).responseId).toBe(id);
  });

  it('takes the key as ?access_token= on this route only, and never echoes it back', async () => {
    const d = await connect(`?access_token=${key}`, {});
    expect(d.status).toBe(200);
    expect(await d.next('scores')).toMatchObject({ campaignId });

    const bad = await t.api('GET', `/v1/campaigns/${campaignId}/live?access_token=pal_000000000000_${'x'.repeat(43)}`);
    expectProblem(bad, 401);
    expect(bad.body.instance).toBe(`/v1/campaigns/${campaignId}/live?access_token=***`);
    expectProblem(await t.api('GET', `/v1/scores?access_token=${key}`), 401);
    expectProblem(await t.api('GET', `/v1/campaigns/${campaignId}?access_token=${key}`), 401);
    expectProblem(await t.api('GET', `/v1/campaigns/${campaignId}/live`), 401);
  });

  it('answers 404 problem+json, before any stream, for another workspace’s campaign or an unknown one', async () => {
    const stranger = (await t.workspace('Other')).apiKey;
    for (const [id, k] of [
      [campaignId, stranger],
      ['00000000-0000-4000-8000-000000000000', key],
      ['not-a-uuid', key],
    ]) {
      const res = await t.api('GET', `/v1/campaigns/${id}/live`, { key: k });
      expectProblem(res, 404);
    }
    expect(live().subscriberCount).toBe(0);
  });

  it('forgets a dashboard as soon as it disconnects', async () => {
    await eventually(async () => live().subscriberCount === 0);
    const a = await connect();
    const b = await connect();
    await a.next('scores');
    await b.next('scores');
    expect(live().subscriberCount).toBe(2);
    a.close();
    await eventually(async () => live().subscriberCount === 1);
    b.close();
    await eventually(async () => live().subscriberCount === 0);
    // Nothing left for a campaign nobody watches: a later change costs nothing and breaks nothing.
    expect((await postForm(t, sent[2].token, { _shown: 'q1,sat,ease', q1: '7', sat: '3', ease: '4' })).status).toBe(
      200,
    );
    expect(live().subscriberCount).toBe(0);
  });
});

describe('live streams at shutdown', () => {
  it('ends open streams so the app closes promptly', async () => {
    const t = await startTestApp();
    const { apiKey } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', {
      key: apiKey,
      body: { name: 'One', defaultLocale: 'en', questions: [{ id: 'q1', type: 'nps', text: { en: 'Recommend us?' } }] },
    });
    const campaignId = await activeCampaign(t, apiKey, survey.body.id);
    const d = await Dashboard.open(`${t.baseUrl}/v1/campaigns/${campaignId}/live`, {
      authorization: `Bearer ${apiKey}`,
    });
    await d.next('scores');
    const started = Date.now();
    await t.close();
    expect(Date.now() - started).toBeLessThan(5000);
    await eventually(async () => d.done, 2000);
  });
});
