import { threeMetricsSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

/**
 * Fifteen answered invitations and one unanswered, through the real send path and survey page.
 * Every expected figure below is worked out by hand from this table.
 */
const ANSWERS: Array<[nps: number, csat: number, ces: number]> = [
  [10, 5, 7],
  [10, 5, 7],
  [10, 5, 7],
  [10, 5, 6],
  [10, 5, 6],
  [9, 5, 6],
  [9, 4, 6],
  [9, 4, 5],
  [8, 4, 5],
  [8, 4, 4],
  [7, 3, 4],
  [6, 3, 4],
  [3, 2, 3],
  [3, 2, 2],
  [0, 1, 1],
];

// NPS: promoters (9–10) 5 + 3 = 8, passives (7–8) 2 + 1 = 3, detractors (0–6) 1 + 2 + 1 = 4, n = 15.
//      score = (8 − 4) / 15 = 26.67 % → 26.7; 8/15 = 53.3 %, 3/15 = 20 %, 4/15 = 26.7 %.
const EXPECTED_NPS = {
  n: 15,
  promoters: 8,
  passives: 3,
  detractors: 4,
  score: 26.7,
  promoterPct: 53.3,
  passivePct: 20,
  detractorPct: 26.7,
  distribution: { 0: 1, 1: 0, 2: 0, 3: 2, 4: 0, 5: 0, 6: 1, 7: 1, 8: 2, 9: 3, 10: 5 },
};
// CSAT: 5×6, 4×4, 3×2, 2×2, 1×1. Satisfied (4–5) = 10 of 15 → 66.7 %.
//       mean = (30 + 16 + 6 + 4 + 1) / 15 = 57 / 15 = 3.8.
const EXPECTED_CSAT = { n: 15, satisfied: 10, score: 66.7, mean: 3.8, distribution: { 1: 1, 2: 2, 3: 2, 4: 4, 5: 6 } };
// CES: 7×3, 6×4, 5×2, 4×3, 3×1, 2×1, 1×1. Easy (5–7) = 3 + 4 + 2 = 9 of 15 → 60 %.
//      mean = (21 + 24 + 10 + 12 + 3 + 2 + 1) / 15 = 73 / 15 = 4.8667 → 4.87.
const EXPECTED_CES = {
  n: 15,
  mean: 4.87,
  easyPct: 60,
  score: 4.87,
  distribution: { 1: 1, 2: 1, 3: 1, 4: 3, 5: 2, 6: 4, 7: 3 },
};
// 15 responses to 16 sent invitations → 93.75 % → 93.8.

const EMPTY = {
  nps: { n: 0, promoters: 0, passives: 0, detractors: 0, score: null, promoterPct: null },
  csat: { n: 0, score: null, mean: null },
  ces: { n: 0, mean: null, easyPct: null },
  responses: 0,
  invitationsSent: 0,
  responseRate: null,
};

describe('scores and responses over real answers', () => {
  let t: TestApp;
  let key: string;
  let campaignId: string;
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  /** Contact external ids in the order they answered. */
  const answeredInOrder: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', {
      key,
      body: threeMetricsSurvey,
    });
    expect(survey.status).toBe(201);
    campaignId = await activeCampaign(t, key, survey.body.id);

    for (let i = 1; i <= 16; i++) {
      const n = `s${String(i).padStart(2, '0')}`;
      expect((await t.api('POST', '/v1/events', { key, body: ticketClosed(n) })).status).toBe(202);
    }
    const sent = await waitForSent(t, 16, 20000);
    expect(sent).toHaveLength(16);

    // Answer the first fifteen (by contact), leave cust-s16 unanswered.
    for (const [i, [nps, csat, ces]] of ANSWERS.entries()) {
      const page = await postForm(t, sent[i].token, {
        _shown: 'q1,sat,ease',
        q1: String(nps),
        sat: String(csat),
        ease: String(ces),
      });
      expect(page.status).toBe(200);
      answeredInOrder.push(sent[i].external_id);
    }
    expect(answeredInOrder).not.toContain('cust-s16');
  }, 60000);

  afterAll(() => t?.close());

  const scores = async (query = '') => {
    const res = await t.api('GET', `/v1/scores?campaignId=${campaignId}${query}`, { key });
    expect(res.status).toBe(200);
    return res.body;
  };

  it('computes NPS, CSAT, CES and the response rate exactly', async () => {
    expect(await scores()).toMatchObject({
      campaignId,
      from: null,
      to: null,
      nps: EXPECTED_NPS,
      csat: EXPECTED_CSAT,
      ces: EXPECTED_CES,
      responses: 15,
      invitationsSent: 16,
      responseRate: 93.8,
    });
  });

  it('gives every figure its 95% margin and flags it as too few to judge below the minimum', async () => {
    const body = await scores();
    // 8 promoters and 4 detractors of 15: 1.96 × 100 × √((0.533 + 0.267 − 0.267²) / 15) = 43.2 points.
    expect(body.nps).toMatchObject({
      n: 15,
      score: 26.7,
      marginOfError: 43.2,
      interval: { low: -16.5, high: 69.9 },
      tooFewToJudge: true,
    });
    expect(body.minimumAnswers).toBe(30);
    expect(body.csat.interval.low).toBeLessThan(body.csat.score);
    expect(body.csat.interval.high).toBeGreaterThan(body.csat.score);
    expect(body.ces.interval.low).toBeLessThan(body.ces.mean);
    expect(body.responseRates.ofSent).toMatchObject({ pct: 93.8 });
    expect((await scores('&minAnswers=10')).nps.tooFewToJudge).toBe(false);
  });

  it('gives the same figures for the whole workspace (no campaign filter)', async () => {
    const res = await t.api('GET', '/v1/scores', { key });
    expect(res.body).toMatchObject({
      campaignId: null,
      nps: EXPECTED_NPS,
      csat: EXPECTED_CSAT,
      ces: EXPECTED_CES,
      responseRate: 93.8,
    });
  });

  it.each<[string, () => string, 'all' | 'none']>([
    ['`to` in the past', () => '&to=2000-01-01T00:00:00Z', 'none'],
    ['`from` in the future', () => `&from=${new Date(Date.now() + 3_600_000).toISOString()}`, 'none'],
    [
      'a window around the test',
      () => `&from=${startedAt}&to=${new Date(Date.now() + 3_600_000).toISOString()}`,
      'all',
    ],
  ])('filters by %s', async (_label, query, expected) => {
    const q = query();
    const body = await scores(q);
    if (expected === 'none') {
      expect(body).toMatchObject(EMPTY);
      expect(Object.values(body.nps.distribution).every((n) => n === 0)).toBe(true);
    } else {
      expect(body).toMatchObject({
        nps: EXPECTED_NPS,
        csat: EXPECTED_CSAT,
        ces: EXPECTED_CES,
        responses: 15,
        invitationsSent: 16,
        responseRate: 93.8,
      });
    }
    const params = new URLSearchParams(q.slice(1));
    expect(body.from).toBe(params.get('from') ? new Date(params.get('from')!).toISOString() : null);
    expect(body.to).toBe(params.get('to') ? new Date(params.get('to')!).toISOString() : null);
  });

  it('rejects an unreadable date with a 400 problem', async () => {
    expectProblem(await t.api('GET', `/v1/scores?to=yesterday`, { key }), 400, ['to']);
  });

  describe('GET /v1/responses pagination', () => {
    const walk = async (limit: number) => {
      const pages: Array<
        Array<{ id: string; createdAt: string; contact: { externalId: string }; answers: unknown[] }>
      > = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: any } = await t.api(
          'GET',
          `/v1/responses?campaignId=${campaignId}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          { key },
        );
        expect(res.status).toBe(200);
        pages.push(res.body.data);
        cursor = res.body.nextCursor;
        expect(pages.length).toBeLessThan(20);
      } while (cursor);
      return pages;
    };

    // A full last page has no cursor: the list reads one row more than it shows to know.
    it.each<[number, number[]]>([
      [4, [4, 4, 4, 3]],
      [5, [5, 5, 5]],
      [15, [15]],
      [50, [15]],
    ])('walks every page with limit=%i: pages of %j, newest first, no duplicates', async (limit, sizes) => {
      const pages = await walk(limit);
      expect(pages.map((p) => p.length)).toEqual(sizes);
      const all = pages.flat();
      expect(new Set(all.map((r) => r.id)).size).toBe(15);
      expect(all.map((r) => r.contact.externalId)).toEqual([...answeredInOrder].reverse());
      const times = all.map((r) => Date.parse(r.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('returns the answers with each response', async () => {
      const [newest] = (await walk(50))[0];
      const [nps, csat, ces] = ANSWERS[ANSWERS.length - 1];
      expect(newest).toMatchObject({
        campaignId,
        completed: true,
        channel: 'email',
        contact: { externalId: 'cust-s15' },
      });
      expect(newest.answers).toEqual(
        expect.arrayContaining([
          { questionId: 'q1', type: 'nps', value: nps, comment: null, recording: null },
          { questionId: 'sat', type: 'csat', value: csat, comment: null, recording: null },
          { questionId: 'ease', type: 'ces', value: ces, comment: null, recording: null },
        ]),
      );
    });

    it('rejects a cursor it did not give out with a 400 problem', async () => {
      expectProblem(await t.api('GET', `/v1/responses?cursor=bm90LWEtY3Vyc29y`, { key }), 400, ['cursor']);
    });
  });
});
