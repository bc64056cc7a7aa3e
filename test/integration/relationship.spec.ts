import { RelationshipRunsProcessor } from '../../src/events/relationship-runs.processor';
import { supportSurvey } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Relationship campaigns: a schedule in a zone over an audience, spread over a window, every rule applying. */
describe('relationship campaigns', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    // The audience: imported by CSV, three gold and two silver customers (one of them opted out of email).
    const csv = [
      'externalId,email,attributes.tier',
      'g1,g1@example.com,gold',
      'g2,g2@example.com,gold',
      'g3,g3@example.com,gold',
      's1,s1@example.com,silver',
      's2,s2@example.com,silver',
    ].join('\n');
    const imported = await t.api('POST', '/v1/contacts/import', {
      key,
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body).toMatchObject({ imported: 5, rejected: [] });
    const [g3] = await t.db.query(`SELECT id FROM contacts WHERE external_id = 'g3'`);
    await t.api('PUT', `/v1/contacts/${g3.id}/opt-outs`, { key, body: { email: true } });
  });
  afterAll(() => t?.close());

  it('runs on its schedule over its audience, spreads the sends, obeys the rules and never runs twice', async () => {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Half-yearly NPS',
        surveyId: s.body.id,
        trigger: { eventType: 'relationship.half-year' },
        channel: 'email',
        schedule: { cron: '0 9 1 3,9 *', timezone: 'Europe/Helsinki' },
        audience: { attributes: { tier: 'gold' } },
        spreadOver: 'PT6H',
      },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    const scheduler = t.app.get(RelationshipRunsProcessor);

    // Planned at the next run: 1 March 2027 09:00 Helsinki (07:00 UTC), not at once.
    expect(await scheduler.runDue(new Date('2026-11-24T12:00:00Z'))).toBe(0);
    expect((await t.api('GET', `/v1/campaigns/${c.body.id}`, { key })).body.nextRunAt).toBe('2027-03-01T07:00:00.000Z');

    expect(await scheduler.runDue(new Date('2027-03-01T07:00:30Z'))).toBe(3);
    const invitations = await t.db.query(
      `SELECT c.external_id, i.send_at, i.status FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.campaign_id = $1 ORDER BY c.external_id`,
      [c.body.id],
    );
    // Gold only; g3 opted out of email and is skipped with the reason.
    expect(invitations.map((i) => i.external_id)).toEqual(['g1', 'g2']);
    for (const i of invitations) {
      const at = new Date(i.send_at).getTime();
      expect(at).toBeGreaterThanOrEqual(Date.parse('2027-03-01T07:00:00Z'));
      expect(at).toBeLessThan(Date.parse('2027-03-01T13:00:00Z'));
    }
    const [skipped] = await t.db.query(`SELECT decisions FROM events WHERE idempotency_key LIKE $1`, [
      `id:run:${c.body.id}:%:g3`,
    ]);
    expect(skipped.decisions[0]).toMatchObject({ decision: 'skipped', reason: 'contact unsubscribed from email' });

    // The same run again (another worker, a retry) adds nothing; the next run is in September.
    expect(await scheduler.runDue(new Date('2027-03-01T07:01:00Z'))).toBe(0);
    expect((await t.api('GET', `/v1/campaigns/${c.body.id}`, { key })).body.nextRunAt).toBe('2027-09-01T06:00:00.000Z');
  });

  it('names a bad cron expression', async () => {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const bad = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Bad',
        surveyId: s.body.id,
        trigger: { eventType: 'x' },
        schedule: { cron: '61 9 * * *', timezone: 'Europe/Helsinki' },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('schedule.cron');
  });
});
