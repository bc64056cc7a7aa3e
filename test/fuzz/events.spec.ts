import fc from 'fast-check';

import { supportSurvey } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { expectNoServerError, fuzzParams, fuzzTimeout, hostileBody, untouchedData } from './fuzz-support';

jest.setTimeout(fuzzTimeout(120));

/**
 * POST /v1/events, the hot path, with hostile bodies: mutations of a valid event (which reach the
 * trigger filter, dedupe, cancelOn and caps of live campaigns), arbitrary JSON and non-JSON. No
 * answer is a 5xx; a refused event writes nothing; nothing outside events, contacts and
 * invitations changes, and no other workspace's rows do.
 */
describe('fuzz: POST /v1/events', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;

  const validEvent = {
    type: 'ticket.closed',
    id: 'crm-1',
    occurredAt: '2026-01-05T10:00:00Z',
    contact: {
      externalId: 'cust-1',
      email: 'anna@example.com',
      phone: '040 1234567',
      country: 'FI',
      locale: 'fi-FI',
      timezone: 'Europe/Helsinki',
      name: 'Anna',
      attributes: { tier: 'gold', seats: 12 },
    },
    properties: { team: 'billing', ticketId: 'T-1', tags: ['vip', 'phone'], agent: { id: 'A-17' }, score: 7.5 },
  };

  beforeAll(async () => {
    // The API role only: no worker sends, folds or relays behind the suite's back.
    t = await startTestApp({
      // Input handling is under test here, not the limits: every generated request must reach its route.
      RATE_LIMIT_ENABLED: 'false',
      ROLE: 'api',
    });
    ({ apiKey: key, workspaceId } = await t.workspace('Fuzz'));
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaigns = [
      {
        name: 'Billing tickets',
        trigger: { eventType: 'ticket.closed', filter: 'properties.team in ["billing","support"]' },
        channels: ['email', 'sms'],
        dedupeBy: 'properties.ticketId',
        cancelOn: [{ eventType: 'ticket.reopened', matchOn: 'properties.ticketId' }],
        caps: { perHour: 1000, overflow: 'defer' },
        samplePercent: 50,
      },
      {
        name: 'Agent filter',
        trigger: { eventType: 'ticket.closed', filter: [{ field: 'properties.agent.id', op: 'eq', value: 'A-17' }] },
        channel: 'email',
        fatigueDays: 1,
      },
    ];
    for (const c of campaigns) {
      const created = await t.api('POST', '/v1/campaigns', { key, body: { ...c, surveyId: survey.body.id } });
      expect(created.status).toBe(201);
      await t.api('POST', `/v1/campaigns/${created.body.id}/status`, { key, body: { status: 'active' } });
    }
    // A bystander workspace with an event of its own: its rows must never change.
    const other = await t.workspace('Bystander');
    const otherSurvey = await t.api('POST', '/v1/surveys', { key: other.apiKey, body: supportSurvey });
    expect(otherSurvey.status).toBe(201);
    expect((await t.api('POST', '/v1/events', { key: other.apiKey, body: validEvent })).status).toBe(202);
  });

  afterAll(() => t?.close());

  it('answers every hostile event below 500 and touches nothing it should not', async () => {
    const mayWrite = {
      workspaceId,
      tables: ['events', 'contacts', 'invitations', 'campaign_send_counts', 'rollup_deltas', 'webhook_outbox'],
    };
    const before = await untouchedData(t.db, mayWrite);
    const eventsOf = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`, [workspaceId]))[0].n;
    let n = 0;
    const header = fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', 'k'.repeat(201), 'key:1')) },
    );
    await fc.assert(
      fc.asyncProperty(hostileBody(validEvent), header, async (text, idempotencyKey) => {
        // Most mutations keep the id; a fresh one per run lets them reach the decision instead of the replay.
        const body = text.replace('"crm-1"', `"crm-fuzz-${++n}"`);
        const events = await eventsOf();
        const res = await fetch(`${t.baseUrl}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
          },
          body,
        });
        const answer = await res.text();
        expectNoServerError(res.status, body, answer);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(await eventsOf()).toBe(events);
        } else {
          const shown = await t.api('GET', `/v1/events/${JSON.parse(answer).eventId}`, { key });
          expect(shown.status).toBe(200);
        }
      }),
      fuzzParams(120),
    );
    expect(await untouchedData(t.db, mayWrite)).toEqual(before);
  });
});
