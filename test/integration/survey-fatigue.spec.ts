import { supportSurvey } from '../support/fixtures';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { startTestApp, TestApp } from '../support/test-app';

/** At most one survey per contact per N days across the workspace, and per M days per campaign, even for events arriving together. */
describe('survey fatigue', () => {
  let t: TestApp;
  let key: string;
  let n = 0;

  async function campaign(name: string, eventType: string, extra: Record<string, unknown> = {}) {
    const s = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const c = await t.api('POST', '/v1/campaigns', {
      key,
      body: { name, surveyId: s.body.id, trigger: { eventType }, channel: 'email', delay: 'PT1H', ...extra },
    });
    expect(c.status).toBe(201);
    await t.api('POST', `/v1/campaigns/${c.body.id}/status`, { key, body: { status: 'active' } });
    return c.body.id as string;
  }

  const event = (type: string, contact: string) =>
    t.api('POST', '/v1/events', {
      key,
      body: { type, id: `fatigue-${++n}`, contact: { externalId: contact, email: `${contact}@example.com` } },
    });

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
  });
  afterAll(() => t?.close());

  it('keeps the workspace cap across campaigns, with the reason', async () => {
    expect((await t.api('PUT', '/v1/settings/survey-fatigue', { key, body: { days: 30 } })).body).toEqual({ days: 30 });
    await campaign('Support CSAT', 'ticket.closed');
    await campaign('Delivery NPS', 'order.delivered');
    expect((await event('ticket.closed', 'anna')).body.decisions[0]).toMatchObject({ decision: 'scheduled' });
    const second = (await event('order.delivered', 'anna')).body.decisions[0];
    expect(second).toMatchObject({
      decision: 'skipped',
      reason: 'surveyed less than a day ago by campaign "Support CSAT" (workspace cap 30 days)',
    });
    expect((await event('order.delivered', 'bertil')).body.decisions[0]).toMatchObject({ decision: 'scheduled' });
  });

  it('surveys once when ten events for one contact arrive at the same moment', async () => {
    const id = await campaign('Burst', 'burst.happened', { fatigueDays: 7 });
    await t.api('PUT', '/v1/settings/survey-fatigue', { key, body: { days: null } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => event('burst.happened', 'cecilia')));
    const decisions = answers.map((a) => a.body.decisions[0].decision);
    expect(decisions.filter((d) => d === 'scheduled')).toHaveLength(1);
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.external_id = 'cecilia' AND i.campaign_id = $1`,
      [id],
    );
    expect(count).toBe(1);
  });

  it('surveys once when events for one contact reach two service processes at the same moment', async () => {
    // Two OS processes (`node dist/main.js`, API role) on the same database: their own pools, batchers and transactions.
    const env = { DATABASE_URL: t.databaseUrl, REDIS_URL: t.config.redisUrl, QUEUE_PREFIX: t.config.queuePrefix };
    const processes: ServiceProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) processes.push(await startServiceProcess('api', env));
      const id = await campaign('Two processes', 'two.processes', { fatigueDays: 7 });
      const post = (baseUrl: string) =>
        fetch(`${baseUrl}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'two.processes',
            id: `fatigue-${++n}`,
            contact: { externalId: 'dora', email: 'dora@example.com' },
          }),
        }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as { decisions: Array<{ decision: string }> },
        }));
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(processes[i % 2].baseUrl!)));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
      expect(answers.filter((a) => a.body.decisions[0]?.decision === 'scheduled')).toHaveLength(1);
      expect(answers.filter((a) => a.body.decisions[0]?.decision === 'skipped')).toHaveLength(9);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM invitations WHERE campaign_id = $1`, [
        id,
      ]);
      expect(count).toBe(1);
    } finally {
      for (const p of processes) await p.kill();
    }
  }, 90000);

  it('refuses a cap that is not a whole number of days', async () => {
    const res = await t.api('PUT', '/v1/settings/survey-fatigue', { key, body: { days: 0.5 } });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('days');
  });
});
