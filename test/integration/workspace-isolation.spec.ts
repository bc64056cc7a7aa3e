import { supportSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

/** Workspace B cannot see, change or even detect workspace A's data: always 404, never 403. */
describe('workspace isolation', () => {
  let t: TestApp;
  const a = { key: '', surveyId: '', campaignId: '', apiKeyId: '', responseId: '' };
  const b = { key: '', surveyId: '', campaignId: '' };

  beforeAll(async () => {
    t = await startTestApp();
    a.key = (await t.workspace('A')).apiKey;
    b.key = (await t.workspace('B')).apiKey;

    a.surveyId = (
      await t.api('POST', '/v1/surveys', { key: a.key, body: { ...supportSurvey, name: 'A survey' } })
    ).body.id;
    a.campaignId = await activeCampaign(t, a.key, a.surveyId);
    a.apiKeyId = (
      await t.api('POST', '/v1/api-keys', { key: a.key, body: { name: 'A crm', scope: 'ingest' } })
    ).body.id;
    b.surveyId = (
      await t.api('POST', '/v1/surveys', { key: b.key, body: { ...supportSurvey, name: 'B survey' } })
    ).body.id;
    b.campaignId = (
      await t.api('POST', '/v1/campaigns', {
        key: b.key,
        body: { name: 'B campaign', surveyId: b.surveyId, trigger: { eventType: 'ticket.closed' } },
      })
    ).body.id;

    // One answered invitation in A, through the real send path and survey page.
    expect((await t.api('POST', '/v1/events', { key: a.key, body: ticketClosed('a1') })).status).toBe(202);
    const [sent] = await waitForSent(t, 1);
    expect((await postForm(t, sent.token, { _shown: 'q1,fcr', q1: '9', fcr: 'yes' })).status).toBe(200);
    const own = await t.api('GET', '/v1/responses', { key: a.key });
    expect(own.body.data).toHaveLength(1);
    a.responseId = own.body.data[0].id;
  });

  afterAll(() => t?.close());

  // Placeholders stand for A's ids, which only exist once beforeAll has run.
  const aPath = (path: string) =>
    path.replace(':survey', a.surveyId).replace(':campaign', a.campaignId).replace(':key', a.apiKeyId);

  it.each<[string, string, unknown]>([
    ['GET', '/v1/surveys/:survey', undefined],
    ['PATCH', '/v1/surveys/:survey', { name: 'Taken over' }],
    ['DELETE', '/v1/surveys/:survey', undefined],
    ['GET', '/v1/campaigns/:campaign', undefined],
    ['PATCH', '/v1/campaigns/:campaign', { name: 'Taken over' }],
    ['POST', '/v1/campaigns/:campaign/status', { status: 'paused' }],
    ['GET', '/v1/campaigns/:campaign/preview?locale=fi-FI', undefined],
    ['DELETE', '/v1/api-keys/:key', undefined],
  ])("answers B's %s %s on A's resource with 404", async (method, path, body) => {
    const res = await t.api(method, aPath(path), { key: b.key, body });
    expectProblem(res, 404);
    expect(JSON.stringify(res.body)).not.toMatch(/Taken over|A survey/);
  });

  it.each<[string, string, () => unknown]>([
    [
      'POST',
      '/v1/campaigns',
      () => ({ name: 'Borrowed', surveyId: a.surveyId, trigger: { eventType: 'ticket.closed' } }),
    ],
    ['PATCH', '/v1/campaigns/:own', () => ({ surveyId: a.surveyId })],
  ])("refuses B's %s %s pointing at A's survey (422 surveyId)", async (method, path, body) => {
    const res = await t.api(method, path.replace(':own', b.campaignId), { key: b.key, body: body() });
    expectProblem(res, 422, ['surveyId']);
    expect((await t.api('GET', `/v1/campaigns/${b.campaignId}`, { key: b.key })).body.surveyId).toBe(b.surveyId);
  });

  it("does not replay A's event to B when B reuses A's event id", async () => {
    const [eventOfA] = await t.db.query(`SELECT id FROM events WHERE external_id = 'crm-a1'`);
    const res = await t.api('POST', '/v1/events', { key: b.key, body: ticketClosed('a1') });
    expect(res.status).toBe(202);
    expect(res.body.eventId).not.toBe(eventOfA.id);
    expect(res.body.decisions).toEqual([]);
  });

  it("leaves A's resources untouched after B's attempts", async () => {
    const survey = await t.api('GET', `/v1/surveys/${a.surveyId}`, { key: a.key });
    const campaign = await t.api('GET', `/v1/campaigns/${a.campaignId}`, { key: a.key });
    const keys = await t.api('GET', '/v1/api-keys', { key: a.key });
    expect(survey.body).toMatchObject({ name: 'A survey', version: 1 });
    expect(campaign.body).toMatchObject({ name: 'On ticket.closed', status: 'active' });
    expect(keys.body.data.find((k: { id: string }) => k.id === a.apiKeyId).revokedAt).toBeNull();
  });

  it.each<[string, 'surveyId' | 'campaignId']>([
    ['/v1/surveys', 'surveyId'],
    ['/v1/campaigns', 'campaignId'],
  ])("keeps A's items out of B's %s list", async (path, field) => {
    const ofB = await t.api('GET', path, { key: b.key });
    const ofA = await t.api('GET', path, { key: a.key });
    expect(ofB.body.data.map((x: { id: string }) => x.id)).toEqual([b[field]]);
    expect(ofA.body.data.map((x: { id: string }) => x.id)).toEqual([a[field]]);
  });

  it("keeps A's API keys out of B's list", async () => {
    const ofB = await t.api('GET', '/v1/api-keys', { key: b.key });
    expect(ofB.body.data.map((k: { name: string }) => k.name)).toEqual(['bootstrap admin']);
  });

  it("keeps A's responses out of B's /v1/responses", async () => {
    const res = await t.api('GET', '/v1/responses', { key: b.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], nextCursor: null });
  });

  it("keeps A's answers out of B's /v1/scores", async () => {
    const ofB = await t.api('GET', '/v1/scores', { key: b.key });
    const ofA = await t.api('GET', aPath('/v1/scores?campaignId=:campaign'), { key: a.key });
    expect(ofA.body).toMatchObject({ nps: { n: 1, promoters: 1, score: 100 }, responses: 1, invitationsSent: 1 });
    expect(ofB.status).toBe(200);
    expect(ofB.body).toMatchObject({
      nps: { n: 0, score: null },
      csat: { n: 0 },
      ces: { n: 0 },
      responses: 0,
      invitationsSent: 0,
      responseRate: null,
    });
    expect(Object.values(ofB.body.nps.distribution).every((n) => n === 0)).toBe(true);
  });

  // One rule for every route that filters by an id: another workspace's id, or one that names
  // nothing, is a 404 naming the parameter, never an empty answer that reads as "nothing yet".
  const FILTER_ROUTES: Array<[string, string, (id: string) => unknown]> = [
    ['GET', '/v1/responses?campaignId=:id', () => undefined],
    ['GET', '/v1/responses/export?campaignId=:id', () => undefined],
    ['GET', '/v1/alerts?campaignId=:id', () => undefined],
    ['GET', '/v1/alerts/metrics?campaignId=:id', () => undefined],
    ['GET', '/v1/promoter-links/stats?campaignId=:id', () => undefined],
    ['GET', '/v1/text/themes?campaignId=:id', () => undefined],
    ['GET', '/v1/text/search?q=queue&campaignId=:id', () => undefined],
    ['GET', '/v1/scores?campaignId=:id', () => undefined],
    ['POST', '/v1/scores/compare', (id) => ({ metric: 'nps', campaignId: id, a: {}, b: {} })],
  ];
  const RANDOM_ID = '8f0c6a3e-5b1d-4c7a-9e2f-1a2b3c4d5e6f';

  it.each(FILTER_ROUTES)(
    "answers B's %s %s with A's campaign with 404 naming campaignId",
    async (method, path, body) => {
      const res = await t.api(method, path.replace(':id', a.campaignId), { key: b.key, body: body(a.campaignId) });
      expectProblem(res, 404, ['campaignId']);
    },
  );

  it.each(FILTER_ROUTES)(
    'answers %s %s with a campaign nobody has with 404 naming campaignId',
    async (method, path, body) => {
      const res = await t.api(method, path.replace(':id', RANDOM_ID), { key: b.key, body: body(RANDOM_ID) });
      expectProblem(res, 404, ['campaignId']);
    },
  );

  it.each(FILTER_ROUTES)("answers A's own %s %s with 200", async (method, path, body) => {
    const res = await t.api(method, path.replace(':id', a.campaignId), { key: a.key, body: body(a.campaignId) });
    expect(res.status).toBe(200);
  });

  it("answers a surveyId filter on B's scores with A's survey, or none at all, with 404 naming surveyId", async () => {
    for (const id of [a.surveyId, RANDOM_ID]) {
      expectProblem(await t.api('GET', `/v1/scores?surveyId=${id}`, { key: b.key }), 404, ['surveyId']);
    }
    expect((await t.api('GET', `/v1/scores?surveyId=${a.surveyId}`, { key: a.key })).status).toBe(200);
  });

  it("answers B's request for the decisions of A's contact, or of an id nobody has, with 404", async () => {
    const [contactOfA] = await t.db.query(`SELECT id FROM contacts WHERE external_id = 'cust-a1'`);
    const own = await t.api('GET', `/v1/contacts/${contactOfA.id}/decisions`, { key: a.key });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ contactId: contactOfA.id, nextCursor: null });
    expect(own.body.events).toHaveLength(1);
    expect(own.body.invitations).toHaveLength(1);
    for (const id of [contactOfA.id, RANDOM_ID]) {
      const res = await t.api('GET', `/v1/contacts/${id}/decisions`, { key: b.key });
      expectProblem(res, 404);
      expect(JSON.stringify(res.body)).not.toContain('ticket.closed');
    }
  });

  it.each<[string, string, unknown]>([
    ['GET', '/v1/surveys/not-a-uuid', undefined],
    ['PATCH', '/v1/surveys/123', { name: 'x' }],
    ['DELETE', '/v1/surveys/abc', undefined],
    ['GET', '/v1/campaigns/not-a-uuid', undefined],
    ['POST', '/v1/campaigns/1/status', { status: 'paused' }],
    ['GET', '/v1/campaigns/zzz/preview', undefined],
    ['DELETE', '/v1/api-keys/not-a-uuid', undefined],
  ])('answers %s %s (a non-UUID id) with 404', async (method, path, body) => {
    expectProblem(await t.api(method, path, { key: b.key, body }), 404);
  });
});
