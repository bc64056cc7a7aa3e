import { supportSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign } from './api-helpers';

/** A repeat of POST /v1/events (same Idempotency-Key, or same event id) gets the first answer back byte for byte. */
describe('idempotent replay', () => {
  let t: TestApp;
  let key: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    // Two campaigns: one schedules an invitation, one (paused) is skipped, so the answer has both shapes.
    await activeCampaign(t, key, survey.body.id);
    const paused = await activeCampaign(t, key, survey.body.id);
    await t.api('POST', `/v1/campaigns/${paused}/status`, { key, body: { status: 'paused' } });
  });

  afterAll(() => t?.close());

  it('replays the exact bytes for the same Idempotency-Key', async () => {
    const event = ticketClosed('replay-1', { id: undefined });
    const first = await post(event, { 'idempotency-key': 'crm-replay-1' });
    expect(first.status).toBe(202);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const answer = JSON.parse(firstBytes.toString('utf8'));
    expect(answer.decisions.map((d: { decision: string }) => d.decision).sort()).toEqual(['scheduled', 'skipped']);
    // The first answer reads in the order it was built: the keys jsonb would reorder (by length) included.
    expect(Object.keys(answer)).toEqual(['eventId', 'decisions']);
    expect(Object.keys(answer.decisions.find((d: { decision: string }) => d.decision === 'scheduled'))[0]).toBe(
      'campaignId',
    );

    for (let i = 0; i < 2; i++) {
      const again = await post(event, { 'idempotency-key': 'crm-replay-1' });
      expect(again.status).toBe(202);
      expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Buffer.from(await again.arrayBuffer()).equals(firstBytes)).toBe(true);
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM events WHERE idempotency_key = 'key:crm-replay-1'`,
    );
    expect(n).toBe(1);
  });

  it('replays the exact bytes for the same event id', async () => {
    const event = ticketClosed('replay-2');
    const first = Buffer.from(await (await post(event)).arrayBuffer());
    const again = Buffer.from(await (await post(event)).arrayBuffer());
    expect(again.toString('utf8')).toBe(first.toString('utf8'));
  });

  it('answers an event stored before answers were kept (no stored text) from its decisions', async () => {
    const event = ticketClosed('replay-3');
    const first = JSON.parse(Buffer.from(await (await post(event)).arrayBuffer()).toString('utf8'));
    await t.db.query(`UPDATE events SET answer = NULL WHERE id = $1`, [first.eventId]);
    const again = await post(event);
    expect(again.status).toBe(202);
    expect(JSON.parse(await again.text())).toEqual(first);
  });
});
