import { ManualClock } from '../../src/common/clock';
import { supportSurvey } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Per-campaign caps per hour and per day: the excess waits for the next window or is dropped, and is counted. */
describe('campaign caps', () => {
  // A fixed moment, so a burst never straddles an hour or a day: Tuesday 13:20 in Helsinki (EEST, UTC+3).
  const clock = new ManualClock(new Date('2027-06-15T10:20:00Z'));
  let t: TestApp;
  let key: string;
  let n = 0;

  async function campaign(eventType: string, caps: Record<string, unknown>) {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: `Capped ${eventType}`,
        surveyId: s.body.id,
        trigger: { eventType },
        channel: 'email',
        caps,
        timezone: 'Europe/Helsinki',
      },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    return c.body.id as string;
  }

  const burst = (type: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, () => {
        const id = `cap-${++n}`;
        return t.api('POST', '/v1/events', {
          key,
          body: { type, id, contact: { externalId: id, email: `${id}@example.com` } },
        });
      }),
    );
  const counts = async (campaignId: string) =>
    Object.fromEntries(
      (
        await t.db.query(
          `SELECT kind, sum(n)::int AS n FROM campaign_send_counts WHERE campaign_id = $1 GROUP BY kind`,
          [campaignId],
        )
      ).map((r) => [r.kind, r.n]),
    );

  beforeAll(async () => {
    t = await startTestApp({}, clock);
    key = (await t.workspace()).apiKey;
  });
  afterAll(() => t?.close());

  it('defers the excess over an hourly cap to the next local hour, with the reason', async () => {
    const id = await campaign('capped.hourly', { perHour: 3, overflow: 'defer' });
    const decisions = (await burst('capped.hourly', 5)).map((r) => r.body.decisions[0]);
    const now = decisions.filter((d) => !d.reason);
    const later = decisions.filter((d) => d.reason);
    expect(now).toHaveLength(3);
    expect(later).toHaveLength(2);
    for (const d of now) expect(d).toMatchObject({ decision: 'scheduled', sendAt: '2027-06-15T10:20:00.000Z' });
    for (const d of later) {
      expect(d).toMatchObject({
        decision: 'scheduled',
        sendAt: '2027-06-15T11:00:00.000Z',
        reason: 'deferred: hourly cap of 3 reached; scheduled for 2027-06-15 14:00 Europe/Helsinki',
      });
    }
    expect(await counts(id)).toEqual({ hour: 5, deferred: 2 });
  });

  it('drops the excess over a daily cap when told to, and counts it', async () => {
    const id = await campaign('capped.daily', { perDay: 2, overflow: 'drop' });
    const decisions = (await burst('capped.daily', 4)).map((r) => r.body.decisions[0]);
    expect(decisions.filter((d) => d.decision === 'scheduled')).toHaveLength(2);
    expect(decisions.filter((d) => d.decision === 'skipped')).toEqual([
      expect.objectContaining({ reason: 'dropped: daily cap of 2 reached' }),
      expect.objectContaining({ reason: 'dropped: daily cap of 2 reached' }),
    ]);
    expect(await counts(id)).toMatchObject({ day: 2, dropped: 2 });
    const [{ invitations }] = await t.db.query(
      `SELECT count(*)::int AS invitations FROM invitations WHERE campaign_id = $1`,
      [id],
    );
    expect(invitations).toBe(2);
  });
});
