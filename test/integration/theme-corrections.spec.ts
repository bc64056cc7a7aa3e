import { randomUUID } from 'node:crypto';

import { SeededResponse, seedResponse, SeedTarget } from '../support/seed-responses';
import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

/**
 * What customers say, corrected by an analyst: each theme's impact on NPS, and corrections of one
 * response's themes counting in GET /v1/text/themes from then on. Also the overview's response
 * rate by channel. Every expected figure is worked out by hand below.
 */
describe('theme impact, theme corrections and response rate by channel', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let target: SeedTarget;
  const ids: Record<string, string> = {};

  const survey = {
    name: 'Texts',
    defaultLocale: 'en',
    questions: [
      { id: 'q1', type: 'nps', text: { en: 'Recommend?' } },
      { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
      { id: 'why', type: 'text', text: { en: 'Why?' } },
    ],
  };

  const campaign = async (name: string) => {
    const surveyId = (await t.api('POST', '/v1/surveys', { key, body: { ...survey, name } })).body.id;
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name, surveyId, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    const [{ id: versionId }] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [surveyId]);
    return { workspaceId, campaignId: c.body.id as string, versionId: versionId as string };
  };

  // NPS over all nine: promoters P1 P2 P3 (3), detractors D1–D4 (4): (3 − 4) / 9 = −11.1.
  // "queue" is mentioned by D1 D2 D3 P2: n 4, 1 promoter, 3 detractors: −50. The other five
  // (P1 P3 promoters, D4 detractor, two passives): (2 − 1) / 5 = +20. Impact −11.1 − 20 = −31.1.
  const RESPONSES: Array<[string, Omit<SeededResponse, 'team' | 'at'>]> = [
    ['D1', { nps: 2, why: 'The queue was too long' }],
    ['D2', { nps: 3, why: 'Long queue again' }],
    ['D3', { nps: 1, why: 'Queue, queue, queue' }],
    ['D4', { nps: 4, why: 'Rude agent' }],
    ['P1', { nps: 10, why: 'Friendly agent' }],
    ['P2', { nps: 9, why: 'Short queue, friendly staff' }],
    ['P3', { nps: 10 }],
    ['Pa1', { nps: 8 }],
    ['Pa2', { nps: 7, why: 'Okay service' }],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    ({ apiKey: key, workspaceId } = await t.workspace());
    target = await campaign('Texts');
    for (const [name, s] of RESPONSES)
      ids[name] = (await seedResponse(t, target, { team: 'support', at: '2026-11-20T10:00:00Z', ...s })).responseId;
  });

  afterAll(() => t?.close());

  const themes = async () => {
    const res = await t.api('GET', `/v1/text/themes?campaignId=${target.campaignId}&limit=200`, { key });
    expect(res.status).toBe(200);
    return res.body;
  };
  const queue = async () => (await themes()).themes.find((th: { key: string }) => th.key === 'queue');
  const correct = (id: string, body: unknown) => t.api('PUT', `/v1/responses/${id}/themes`, { key, body });

  it("gives each theme its impact on NPS: everyone's score against the score without the theme", async () => {
    const body = await themes();
    expect(body.nps).toEqual({ n: 9, promoters: 3, detractors: 4, score: -11.1 });
    const q = body.themes.find((th: { key: string }) => th.key === 'queue');
    expect(q).toMatchObject({ language: 'en', documents: 4 });
    expect(q.impact).toMatchObject({
      mentioning: { n: 4, score: -50 },
      without: { n: 5, score: 20 },
      impact: -31.1,
    });
    expect(q.impact.interval.low).toBeLessThan(-31.1);
    expect(q.impact.interval.high).toBeGreaterThan(-31.1);
    expect(typeof q.impact.significant).toBe('boolean');
  });

  it('takes a theme off a response and counts that from then on', async () => {
    const res = await correct(ids.P2, { remove: ['queue'] });
    expect(res.status).toBe(200);
    expect(res.body.removed).toEqual([{ key: 'queue', label: 'queue' }]);
    expect(res.body.themes.map((th: { key: string }) => th.key)).not.toContain('queue');
    // Mentioned by D1–D3 only: −100. The other six: P1 P2 P3 against D4: (3 − 1) / 6 = +33.3.
    expect(await queue()).toMatchObject({
      documents: 3,
      impact: { mentioning: { n: 3, score: -100 }, without: { n: 6, score: 33.3 }, impact: -44.4 },
    });
  });

  it('puts a theme on a response, keyed in its language, and counts that too', async () => {
    const res = await correct(ids.D4, { add: ['Queues'] });
    expect(res.status).toBe(200);
    expect(res.body.themes).toEqual(expect.arrayContaining([{ key: 'queue', label: 'queues', source: 'added' }]));
    // Now D1–D4, all detractors: −100; the other five: 3 promoters and 2 passives, +60. −11.1 − 60 = −71.1.
    expect(await queue()).toMatchObject({
      documents: 4,
      impact: { mentioning: { n: 4, score: -100 }, without: { n: 5, score: 60 }, impact: -71.1 },
    });
    const page = await t.api('GET', `/v1/responses/${ids.D4}`, { key });
    expect(page.body.themes.themes).toEqual(
      expect.arrayContaining([{ key: 'queue', label: 'queues', source: 'added' }]),
    );
    const p2 = await t.api('GET', `/v1/responses/${ids.P2}`, { key });
    expect(p2.body.themes.removed).toEqual([{ key: 'queue', label: 'queue' }]);
  });

  it('lets a later word on a theme replace an earlier one, and audits each correction', async () => {
    expect((await correct(ids.P2, { add: ['queue'] })).body.themes).toEqual(
      expect.arrayContaining([{ key: 'queue', label: 'queue', source: 'detected' }]),
    );
    expect((await queue()).documents).toBe(5);
    const [entry] = (await t.api('GET', '/v1/audit-log?limit=1', { key })).body.data;
    expect(entry).toMatchObject({
      action: 'responses.themes.update',
      target: { type: 'responses', id: ids.P2 },
      details: { added: ['queue'], removed: [] },
    });
  });

  it('names what it cannot take: no theme in the words, a theme the response does not have, both at once', async () => {
    expectProblem(await correct(ids.D1, { add: ['the and of'] }), 422, ['add.0']);
    expectProblem(await correct(ids.D1, { remove: ['parking'] }), 422, ['remove.0']);
    expectProblem(await correct(ids.D1, { add: ['queue'], remove: ['queue'] }), 422, ['remove.0']);
    expectProblem(await correct(ids.D1, {}), 422);
    expectProblem(await correct(ids.D1, { add: 'queue' }), 422, ['add']);
    expectProblem(await correct(randomUUID(), { add: ['queue'] }), 404);
    const other = await t.workspace('Beta');
    expectProblem(
      await t.api('PUT', `/v1/responses/${ids.D1}/themes`, { key: other.apiKey, body: { add: ['x'] } }),
      404,
    );
    expect((await queue()).documents).toBe(5);
  });

  it('gives the overview its response rate by channel, from the invitations sent on each', async () => {
    const rates = await campaign('Rates');
    const seed = (channel: 'email' | 'sms') =>
      seedResponse(t, rates, { team: 'support', channel, nps: 9, at: '2026-11-21T10:00:00Z' });
    const unanswered = (channel: 'email' | 'sms') =>
      t.db.query(
        `INSERT INTO invitations (workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at)
         SELECT $1, $2, $3, id, 'ticket.closed', '{"team":"support"}', $4, 'sent', $5, '2026-11-21T10:00:00Z', '2026-11-21T10:00:00Z'
         FROM contacts WHERE workspace_id = $1 LIMIT 1`,
        [workspaceId, rates.campaignId, rates.versionId, channel, randomUUID()],
      );
    // email: 3 answered of 4 sent (75%); sms: 1 answered of 4 sent (25%).
    for (const c of ['email', 'email', 'email', 'sms'] as const) await seed(c);
    for (const c of ['email', 'sms', 'sms', 'sms'] as const) await unanswered(c);
    const res = await t.api('GET', `/v1/scores?campaignId=${rates.campaignId}&groupBy=channel`, { key });
    expect(res.status).toBe(200);
    const byChannel = Object.fromEntries(
      res.body.groups.map((g: any) => [g.key.channel, [g.invitationsSent, g.respondedInvitations, g.responseRate]]),
    );
    expect(byChannel).toEqual({ email: [4, 3, 75], sms: [4, 1, 25] });
    expect(res.body).toMatchObject({ invitationsSent: 8, respondedInvitations: 4, responseRate: 50 });
    expect(res.body.groups[0].responseRates.ofSent.interval).toEqual({
      low: expect.any(Number),
      high: expect.any(Number),
    });
  });
});
