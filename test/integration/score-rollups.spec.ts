import { runCli } from '../../src/cli/palaute-cli';
import { FoldRollupsProcessor } from '../../src/scoring/rollups/fold-rollups.processor';
import { SeededResponse, seedResponse } from '../support/seed-responses';
import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

/**
 * Rollups against the raw answers: exact under concurrent writers, changed and erased answers and
 * late responses; breakdowns, trends in a time zone, exact partial periods, and the comparison.
 * Responses are written with SQL, as any writer (another process, an operator) could.
 */
describe('score rollups', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  let campaignId: string;
  let versionId: string;
  let folder: FoldRollupsProcessor;

  const seed = (s: SeededResponse) => seedResponse(t, { workspaceId, campaignId, versionId }, s);

  const scores = async (query: string) => {
    const res = await t.api('GET', `/v1/scores?campaignId=${campaignId}${query}`, { key });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** The NPS of a set of scores, the plain way. */
  const nps = (values: number[]) =>
    Math.round(((values.filter((v) => v >= 9).length - values.filter((v) => v <= 6).length) / values.length) * 1000) /
    10;

  beforeAll(async () => {
    t = await startTestApp({ ROLLUP_FOLD_MS: '600000' });
    const ws = await t.workspace();
    key = ws.apiKey;
    workspaceId = ws.workspaceId;
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: {
        name: 'Rollups',
        defaultLocale: 'en',
        questions: [
          { id: 'q1', type: 'nps', text: { en: 'Recommend us?' } },
          { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' } },
        ],
      },
    });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name: 'Rollups', surveyId: survey.body.id, trigger: { eventType: 'ticket.closed' }, channel: 'email' },
    });
    campaignId = campaign.body.id;
    [{ id: versionId }] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [survey.body.id]);
    folder = t.app.get(FoldRollupsProcessor);
  });

  afterAll(() => t?.close());

  it('stays exact under concurrent writers, changed answers, erasures and late responses, before and after folding', async () => {
    const teams = ['billing', 'support', 'sales'];
    // 200 responses written by 20 concurrent writers.
    const seeded = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        seed({
          team: teams[i % 3],
          agent: `A-${i % 4}`,
          nps: i % 11,
          fcr: i % 2 ? 'yes' : 'no',
          at: `2026-10-0${1 + (i % 7)}T0${i % 10}:1${i % 6}:00Z`,
          channel: (['email', 'sms', 'voice'] as const)[i % 3],
        }),
      ),
    );
    expect(await folder.store.verify(workspaceId)).toMatchObject({ differences: 0 });
    // Changes: new values, removed answers, erased contacts, late responses; in parallel.
    await Promise.all([
      ...seeded
        .slice(0, 30)
        .map((s) =>
          t.db.query(`UPDATE answers SET value_num = 10 WHERE response_id = $1 AND question_id = 'q1'`, [s.responseId]),
        ),
      ...seeded
        .slice(30, 40)
        .map((s) => t.db.query(`DELETE FROM answers WHERE response_id = $1 AND question_id = 'fcr'`, [s.responseId])),
      ...seeded.slice(40, 50).map((s) => t.db.query(`DELETE FROM contacts WHERE id = $1`, [s.contactId])),
      ...seeded.slice(50, 60).map((s) => t.db.query(`UPDATE responses SET late = true WHERE id = $1`, [s.responseId])),
      ...seeded
        .slice(60, 70)
        .map((s) =>
          t.db.query(`UPDATE answers SET value_text = 'a comment only' WHERE response_id = $1 AND question_id = 'q1'`, [
            s.responseId,
          ]),
        ),
    ]);
    const before = await folder.store.verify(workspaceId);
    expect(before).toMatchObject({ differences: 0 });
    expect(before.rowsCompared).toBeGreaterThan(1000);
    const [{ pending }] = await t.db.query(
      `SELECT count(*)::int AS pending FROM rollup_deltas WHERE workspace_id = $1`,
      [workspaceId],
    );
    expect(pending).toBeGreaterThan(0);

    const unfolded = await scores('');
    await folder.foldNow();
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM rollup_deltas WHERE workspace_id = $1`, [workspaceId]))[0].n,
    ).toBe(0);
    expect(await folder.store.verify(workspaceId)).toMatchObject({ differences: 0 });
    expect(await scores('')).toEqual(unfolded);

    // The same figures straight from the answers.
    const raw = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.campaign_id = $1 AND NOT r.late AND a.question_id = 'q1'`,
      [campaignId],
    );
    expect(unfolded.nps.n).toBe(raw.length);
    expect(unfolded.nps.score).toBe(nps(raw.map((r) => r.value_num)));
    const [{ responses }] = await t.db.query(
      `SELECT count(*)::int AS responses FROM responses WHERE campaign_id = $1 AND NOT late`,
      [campaignId],
    );
    expect(unfolded.responses).toBe(responses);

    // A rollup damaged by hand is found, and rebuilt.
    await t.db.query(
      `UPDATE score_rollups SET n = n + 5 WHERE workspace_id = $1 AND question_id = 'q1' AND dim1_key = '' AND value_key = '10' AND ctid = (SELECT ctid FROM score_rollups WHERE workspace_id = $1 AND question_id = 'q1' AND dim1_key = '' AND value_key = '10' LIMIT 1)`,
      [workspaceId],
    );
    const damaged = await folder.store.verify(workspaceId);
    expect(damaged.differences).toBe(1);
    expect(damaged.sample[0]).toMatchObject({ expected: expect.any(Number), actual: damaged.sample[0].expected + 5 });
    await folder.store.rebuild(workspaceId);
    expect(await folder.store.verify(workspaceId)).toMatchObject({ differences: 0 });
    expect(await scores('')).toEqual(unfolded);
  });

  it('breaks scores down by one or two dimensions, event properties and built-ins alike', async () => {
    const body = await scores('&groupBy=properties.team,channel&to=2026-10-31T00:00:00Z');
    const raw = await t.db.query(
      `SELECT i.properties->>'team' AS team, r.channel, array_agg(a.value_num) AS values
       FROM answers a JOIN responses r ON r.id = a.response_id JOIN invitations i ON i.id = r.invitation_id
       WHERE r.campaign_id = $1 AND NOT r.late AND a.question_id = 'q1' AND r.created_at < '2026-10-31' GROUP BY 1, 2`,
      [campaignId],
    );
    expect(body.groups).toHaveLength(raw.length);
    for (const row of raw) {
      const group = body.groups.find(
        (g: { key: Record<string, string> }) => g.key['properties.team'] === row.team && g.key.channel === row.channel,
      );
      expect(group.nps).toMatchObject({ n: row.values.length, score: nps(row.values) });
    }
    const pairs = await scores('&groupBy=properties.team,properties.agent&to=2026-10-31T00:00:00Z');
    expect(pairs.groups.length).toBe(12);
    expect(pairs.groups.reduce((sum: number, g: { nps: { n: number } }) => sum + g.nps.n, 0)).toBe(body.nps.n);
    const filtered = await scores('&properties.team=billing&groupBy=properties.agent&to=2026-10-31T00:00:00Z');
    expect(filtered.nps.n).toBe(
      body.groups
        .filter((g: { key: Record<string, string> }) => g.key['properties.team'] === 'billing')
        .reduce((s: number, g: { nps: { n: number } }) => s + g.nps.n, 0),
    );
    // Survey and event type are read through the campaign (one survey, one trigger each).
    const bySurvey = await scores('&groupBy=survey,eventType&eventType=ticket.closed&to=2026-10-31T00:00:00Z');
    expect(bySurvey.groups).toHaveLength(1);
    expect(bySurvey.groups[0].key).toEqual({ survey: expect.any(String), eventType: 'ticket.closed' });
    expect(bySurvey.groups[0].nps.n).toBe(body.nps.n);
    expect((await scores('&eventType=order.delivered')).nps.n).toBe(0);
    const tooMany = await t.api('GET', `/v1/scores?groupBy=properties.team,properties.agent&contact.tier=gold`, {
      key,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('groupBy');
    const bad = await t.api('GET', `/v1/scores?groupBy=team&interval=year&tz=Mars/Olympus`, { key });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['groupBy', 'interval', 'tz']);
  });

  it('cuts trends in the requested time zone: a Helsinki week starts on Monday 00:00 Helsinki time', async () => {
    // Sunday 23:30 and Monday 00:30 in Helsinki (UTC+2); both are Sunday in UTC.
    await seed({ team: 'weekly', nps: 10, at: '2026-11-22T21:30:00Z' });
    await seed({ team: 'weekly', nps: 0, at: '2026-11-22T22:30:00Z' });
    const helsinki = await scores('&properties.team=weekly&interval=week&tz=Europe/Helsinki');
    expect(
      helsinki.groups.map((g: { period: string; nps: { n: number; score: number } }) => [
        g.period,
        g.nps.n,
        g.nps.score,
      ]),
    ).toEqual([
      ['2026-11-16', 1, 100],
      ['2026-11-23', 1, -100],
    ]);
    const utc = await scores('&properties.team=weekly&interval=week');
    expect(utc.groups.map((g: { period: string; nps: { n: number } }) => [g.period, g.nps.n])).toEqual([
      ['2026-11-16', 2],
    ]);
    const days = await scores('&properties.team=weekly&interval=day&tz=Asia/Kolkata');
    expect(days.groups.map((g: { period: string }) => g.period)).toEqual(['2026-11-23']);
  });

  it('is exact for periods that do not start or end on a 15-minute bucket', async () => {
    await seed({ team: 'edges', nps: 9, at: '2026-11-20T10:02:00Z' });
    await seed({ team: 'edges', nps: 3, at: '2026-11-20T10:07:00Z' });
    await seed({ team: 'edges', nps: 8, at: '2026-11-20T10:31:00Z' });
    await seed({ team: 'edges', nps: 10, at: '2026-11-20T10:44:00Z' });
    await folder.foldNow();
    const n = async (from: string, to: string) => (await scores(`&properties.team=edges&from=${from}&to=${to}`)).nps.n;
    expect(await n('2026-11-20T10:05:00Z', '2026-11-20T10:40:00Z')).toBe(2);
    expect(await n('2026-11-20T10:00:00Z', '2026-11-20T10:45:00Z')).toBe(4);
    expect(await n('2026-11-20T10:03:00Z', '2026-11-20T10:08:00Z')).toBe(1);
    expect(await n('2026-11-20T10:31:00Z', '2026-11-20T10:31:00.001Z')).toBe(1);
  });

  it('compares two segments: the difference, its interval, a p-value, and a plain verdict', async () => {
    for (let i = 0; i < 60; i++)
      await seed({
        team: 'north',
        nps: i < 40 ? 10 : i < 50 ? 8 : 2,
        fcr: i < 45 ? 'yes' : 'no',
        at: '2026-09-10T12:00:00Z',
      });
    for (let i = 0; i < 60; i++)
      await seed({
        team: 'south',
        nps: i < 20 ? 10 : i < 35 ? 7 : 4,
        fcr: i < 30 ? 'yes' : 'no',
        at: '2026-09-10T12:00:00Z',
      });
    const res = await t.api('POST', '/v1/scores/compare', {
      key,
      body: {
        metric: 'nps',
        campaignId,
        a: { where: { 'properties.team': 'north' } },
        b: { where: { 'properties.team': 'south' } },
      },
    });
    expect(res.status).toBe(200);
    // North: p = 40/60, d = 10/60 → NPS 50. South: p = 20/60, d = 25/60 → NPS −8.3.
    const [pa, da, pb, db] = [40 / 60, 10 / 60, 20 / 60, 25 / 60];
    const se = Math.sqrt((pa + da - (pa - da) ** 2) / 60 + (pb + db - (pb - db) ** 2) / 60);
    const z = (pa - da - (pb - db)) / se;
    expect(res.body).toMatchObject({
      metric: 'nps',
      a: { n: 60, score: 50 },
      b: { n: 60, score: -8.3 },
      significant: true,
      tooFewToJudge: false,
    });
    expect(res.body.difference).toBeCloseTo(58.3, 1);
    expect(res.body.interval.low).toBeCloseTo((pa - da - (pb - db) - 1.96 * se) * 100, 0);
    expect(res.body.pValue).toBeLessThan(0.001);
    expect(z).toBeGreaterThan(3.29); // two-sided p < 0.001
    expect(res.body.verdict).toMatch(/^The difference of \+58\.3 NPS points is statistically significant at 95%/);

    const fcr = await t.api('POST', '/v1/scores/compare', {
      key,
      body: {
        metric: 'yes_no',
        questionId: 'fcr',
        campaignId,
        a: { where: { 'properties.team': 'north' } },
        b: { where: { 'properties.team': 'south' } },
      },
    });
    expect(fcr.body).toMatchObject({
      a: { n: 60, score: 75 },
      b: { n: 60, score: 50 },
      difference: 25,
      significant: true,
    });

    const periods = await t.api('POST', '/v1/scores/compare', {
      key,
      body: {
        metric: 'nps',
        campaignId,
        where: { 'properties.team': 'edges' },
        a: { from: '2026-11-20T10:00:00Z', to: '2026-11-20T10:15:00Z' },
        b: { from: '2026-11-20T10:15:00Z', to: '2026-11-20T11:00:00Z' },
      },
    });
    expect(periods.body).toMatchObject({
      a: { n: 2, tooFewToJudge: true },
      b: { n: 2 },
      significant: false,
      tooFewToJudge: true,
    });
    expect(periods.body.verdict).toMatch(/not statistically significant|No test could be run/);
    const bad = await t.api('POST', '/v1/scores/compare', {
      key,
      body: { metric: 'mood', a: {}, b: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('metric');
  });

  it('verifies and rebuilds from the command line', async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.databaseUrl;
    const logged: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    try {
      expect(await runCli(['scores', 'verify'])).toBe(0);
      expect(JSON.parse(logged.at(-1)!)).toMatchObject({ differences: 0 });
      await t.db.query(
        `DELETE FROM score_rollups WHERE ctid = (SELECT ctid FROM score_rollups WHERE workspace_id = $1 LIMIT 1)`,
        [workspaceId],
      );
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      expect(await runCli(['scores', 'verify', '--workspace', workspaceId])).toBe(1);
      expect(await runCli(['scores', 'rebuild'])).toBe(0);
      expect(JSON.parse(logged.at(-1)!)).toMatchObject({ rebuilt: true });
      expect(await runCli(['scores', 'verify'])).toBe(0);
    } finally {
      log.mockRestore();
      jest.restoreAllMocks();
      process.env.DATABASE_URL = previous;
    }
  });
  it('cuts day rollups in the reporting zone: the same figures, whole Helsinki days for Helsinki weeks, exact after new answers', async () => {
    // Answers either side of Helsinki midnights (22:00 UTC in winter, 21:00 in summer) and across the DST change.
    const stamps = [
      '2026-03-22T21:30:00Z',
      '2026-03-22T22:30:00Z',
      '2026-03-29T20:45:00Z',
      '2026-03-29T21:15:00Z',
      '2026-04-05T20:59:00Z',
      '2026-04-05T21:01:00Z',
    ];
    await Promise.all(
      stamps.map((at, i) => seed({ team: ['billing', 'support'][i % 2], nps: (i * 3) % 11, fcr: 'yes', at })),
    );
    await folder.foldNow();
    const queries = [
      '&interval=week&tz=Europe/Helsinki&groupBy=properties.team',
      '&interval=month&tz=Asia/Kolkata&groupBy=properties.team',
      '&interval=day&tz=Europe/Helsinki',
      '&groupBy=channel,properties.team',
    ];
    const before = await Promise.all(queries.map((q) => scores(q)));

    const set = await t.api('PUT', '/v1/settings/scores', { key, body: { dayZone: 'Europe/Helsinki' } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ dayZone: 'Europe/Helsinki', rollupRows: expect.any(Number) });
    expect((await t.api('GET', '/v1/settings/scores', { key })).body).toEqual({ dayZone: 'Europe/Helsinki' });
    const days = await t.db.query(
      `SELECT DISTINCT to_char(bucket AT TIME ZONE 'Europe/Helsinki', 'HH24:MI') AS local FROM score_rollups WHERE workspace_id = $1 AND grain = 2`,
      [workspaceId],
    );
    expect(days).toEqual([{ local: '00:00' }]); // every day row starts at a Helsinki midnight
    expect(await folder.store.verify(workspaceId)).toMatchObject({ differences: 0 });
    expect(await Promise.all(queries.map((q) => scores(q)))).toEqual(before);

    // New answers are folded into Helsinki days too.
    await seed({ team: 'billing', nps: 0, fcr: 'no', at: '2026-03-29T21:30:00Z' });
    await folder.foldNow();
    expect(await folder.store.verify(workspaceId)).toMatchObject({ differences: 0 });
    const weekly = await scores(queries[0]);
    const week = weekly.groups.find((g: any) => g.key['properties.team'] === 'billing' && g.period === '2026-03-30');
    const raw = await t.db.query(
      `SELECT a.value_num FROM answers a JOIN responses r ON r.id = a.response_id JOIN invitations i ON i.id = r.invitation_id
       WHERE r.campaign_id = $1 AND NOT r.late AND a.question_id = 'q1' AND i.properties->>'team' = 'billing'
         AND r.created_at >= '2026-03-29T21:00:00Z' AND r.created_at < '2026-04-05T21:00:00Z'`,
      [campaignId],
    );
    expect(week.nps).toMatchObject({ n: raw.length, score: nps(raw.map((r) => r.value_num)) });

    expectProblem(await t.api('PUT', '/v1/settings/scores', { key, body: { dayZone: 'Mars/Olympus' } }), 422, [
      'dayZone',
    ]);
    await t.api('PUT', '/v1/settings/scores', { key, body: { dayZone: 'UTC' } });
  });
});
