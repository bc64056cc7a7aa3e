import { supportSurvey } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** A campaign's rules replayed over past events: counts by channel and by reason, nothing sent. */
describe('campaign dry run', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    // A month of past events: 40 with an email, 10 without, 5 repeats of a ticket.
    const at = (i: number) => new Date(Date.UTC(2026, 9, 1 + (i % 28), 10)).toISOString();
    for (let i = 0; i < 50; i++) {
      const contact = { externalId: `dr-${i}`, ...(i < 40 ? { email: `dr${i}@example.com` } : {}) };
      await t.api('POST', '/v1/events', {
        key,
        body: {
          type: 'ticket.closed',
          id: `dr-e-${i}`,
          occurredAt: at(i),
          contact,
          properties: { ticketId: `T-${i}` },
        },
      });
    }
    for (let i = 0; i < 5; i++) {
      await t.api('POST', '/v1/events', {
        key,
        body: {
          type: 'ticket.closed',
          id: `dr-r-${i}`,
          occurredAt: at(i + 1),
          contact: { externalId: `dr-${i}`, email: `dr${i}@example.com` },
          properties: { ticketId: `T-${i}` },
        },
      });
    }
    await t.api('POST', '/v1/events', {
      key,
      body: {
        type: 'order.delivered',
        id: 'dr-other',
        occurredAt: at(3),
        contact: { externalId: 'dr-x', email: 'x@example.com' },
      },
    });
  });
  afterAll(() => t?.close());

  it('reports who a draft campaign would have surveyed, by channel and by reason for skipping, and sends nothing', async () => {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Draft CSAT',
        surveyId: s.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        dedupeBy: 'properties.ticketId',
        samplePercent: 50,
      },
    });
    expect(c.body.status).toBe('draft');
    const res = await t.api('POST', `/v1/campaigns/${c.body.id}/dry-run`, {
      key,
      body: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
    });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ campaignId: c.body.id, events: 55, matched: 55 });
    expect(r.wouldSurvey + Object.values(r.skipped as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(55);
    expect(r.byChannel).toEqual({ email: r.wouldSurvey });
    // About half sampled out; the rest without an email are skipped for it; repeats of a sampled-in ticket are duplicates.
    expect(r.skipped['sampled out (50%)']).toBeGreaterThan(15);
    expect(r.skipped['sampled out (50%)']).toBeLessThan(40);
    expect(
      Object.keys(r.skipped).every((k) =>
        ['sampled out (50%)', 'no email address', 'already surveyed for this properties.ticketId'].includes(k),
      ),
    ).toBe(true);
    const [{ invitations }] = await t.db.query(
      `SELECT count(*)::int AS invitations FROM invitations WHERE campaign_id = $1`,
      [c.body.id],
    );
    expect(invitations).toBe(0);
  });

  it('names a bad period and an unknown campaign', async () => {
    const bad = await t.api('POST', `/v1/campaigns/00000000-0000-4000-8000-000000000000/dry-run`, {
      key,
      body: { from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('to');
    const missing = await t.api('POST', `/v1/campaigns/00000000-0000-4000-8000-000000000000/dry-run`, {
      key,
      body: { from: '2026-10-01T00:00:00Z', to: '2026-10-02T00:00:00Z' },
    });
    expect(missing.status).toBe(404);
  });
});
