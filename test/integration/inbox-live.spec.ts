import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { ManualClock } from '../../src/common/clock';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { addUser, asSession, Session, signIn } from '../support/people';
import { Dashboard } from '../support/sse-stream';
import { eventually, startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

/**
 * The alerts inbox: its live stream (GET /v1/live) on a session cookie, as the console's
 * EventSource opens it, narrowed for an agent; and the list filters and metrics it reads.
 */
describe('the alerts inbox: live stream, filters and metrics', () => {
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let t: TestApp;
  let key: string;
  let worker: AlertsFollowUpProcessor;
  let tokens: Record<string, string>;
  const sessions = {} as Record<'analyst' | 'agent', Session>;
  const streams = {} as Record<'analyst' | 'agent', Dashboard>;

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_LIMIT_PER_ADDRESS: '1000', SIGN_IN_LIMIT_PER_IP: '1000' }, clock);
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up');
    worker = t.app.get(AlertsFollowUpProcessor);
    key = (await t.workspace()).apiKey;
    const surveyId = (await t.api('POST', '/v1/surveys', { key, body: supportSurvey })).body.id;
    await activeCampaign(t, key, surveyId);
    const people: Array<[string, string]> = [
      ['b1', 'billing'],
      ['b2', 'billing'],
      ['s1', 'support'],
    ];
    for (const [n, team] of people)
      expect((await t.api('POST', '/v1/events', { key, body: ticketClosed(n, { properties: { team } }) })).status).toBe(
        202,
      );
    const sent = await waitForSent(t, people.length);
    tokens = Object.fromEntries(sent.map((s) => [s.external_id.replace('cust-', ''), s.token]));
    await addUser(t, key, { email: 'ella@acme.fi', role: 'analyst' });
    await addUser(t, key, { email: 'bea@acme.fi', role: 'agent', team: 'billing' });
    sessions.analyst = await signIn(t, 'ella@acme.fi');
    sessions.agent = await signIn(t, 'bea@acme.fi');
    for (const who of ['analyst', 'agent'] as const)
      streams[who] = await Dashboard.open(`${t.baseUrl}/v1/live`, { cookie: sessions[who].cookie });
  }, 60000);

  afterAll(async () => {
    for (const s of Object.values(streams)) s?.close();
    await t?.close();
  });

  const detractor = (n: string, score: string) =>
    postForm(t, tokens[n], { _shown: 'q1,why,fcr', q1: score, why: 'Nobody called back', fcr: 'no' });
  const alertIdOf = async (n: string) =>
    (
      await t.db.query(`SELECT a.id FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE c.external_id = $1`, [
        `cust-${n}`,
      ])
    )[0].id as string;
  const alertEvents = (who: 'analyst' | 'agent', id: string) => streams[who].events('alert').filter((e) => e.id === id);

  it('opens on the session cookie and says it is ready', async () => {
    for (const who of ['analyst', 'agent'] as const) {
      expect(streams[who].status).toBe(200);
      expect(streams[who].headers.get('content-type')).toContain('text/event-stream');
      await streams[who].next('ready');
    }
  });

  it('sends each response to those who may see it', async () => {
    expect((await detractor('s1', '3')).status).toBe(200);
    expect((await detractor('b1', '2')).status).toBe(200);
    const b1 = await streams.analyst.next('response', (r) => r.contact.externalId === 'cust-b1');
    expect(b1).toMatchObject({ team: 'billing', channel: 'email', completed: true });
    expect(b1.answers).toEqual(expect.arrayContaining([expect.objectContaining({ questionId: 'q1', value: 2 })]));
    await streams.analyst.next('response', (r) => r.contact.externalId === 'cust-s1');
    await streams.agent.next('response', (r) => r.contact.externalId === 'cust-b1');
    expect(streams.agent.events('response').filter((r) => r.team !== 'billing')).toEqual([]);
  });

  it('sends an alert when it is raised, and again when its status or assignee changes, not for a note', async () => {
    await worker.tick();
    const billing = await alertIdOf('b1');
    const support = await alertIdOf('s1');
    expect(await streams.analyst.next('alert', (a) => a.id === billing)).toMatchObject({
      change: 'created',
      status: 'open',
      assignee: null,
      team: 'billing',
      responseId: expect.any(String),
      at: expect.any(String),
    });
    await streams.analyst.next('alert', (a) => a.id === support);
    await streams.agent.next('alert', (a) => a.id === billing);

    const act = (path: string, body: unknown) =>
      asSession(t, sessions.agent, 'POST', `/v1/alerts/${billing}/${path}`, { body });
    expect((await act('acknowledge', {})).status).toBe(200);
    await streams.agent.next('alert', (a) => a.id === billing && a.status === 'acknowledged');
    expect((await act('notes', { note: 'Left a voicemail' })).status).toBe(200);
    expect((await act('assign', { assignee: 'bea@acme.fi' })).status).toBe(200);
    await streams.agent.next('alert', (a) => a.id === billing && a.assignee === 'bea@acme.fi');
    await eventually(async () => alertEvents('analyst', billing).length === 3);
    expect(alertEvents('analyst', billing).map((a) => [a.change, a.status, a.assignee])).toEqual([
      ['created', 'open', null],
      ['updated', 'acknowledged', null],
      ['updated', 'acknowledged', 'bea@acme.fi'],
    ]);
    expect(streams.agent.events('alert').filter((a) => a.id === support)).toEqual([]);
  });

  it('takes an API key as access_token for EventSource clients, and refuses what it must', async () => {
    const viaQuery = await Dashboard.open(`${t.baseUrl}/v1/live?access_token=${key}`);
    try {
      expect(viaQuery.status).toBe(200);
      await viaQuery.next('ready');
    } finally {
      viaQuery.close();
    }
    const ingest = (await t.api('POST', '/v1/api-keys', { key, body: { name: 'crm', scope: 'ingest' } })).body.apiKey;
    const refused = await t.api('GET', '/v1/live', { key: ingest });
    expect(refused.body).toMatchObject({ status: 403, permission: 'alerts:read' });
    expectProblem(await t.api('GET', '/v1/live?since=1', { key }), 400, ['since']);
    expectProblem(await t.api('GET', '/v1/live'), 401);
  });

  describe('inbox filters and metrics', () => {
    const ids = (body: { data: Array<{ id: string }> }) => body.data.map((a) => a.id).sort();

    it('lists the alerts assigned to the signed-in person with assignee=me', async () => {
      const billing = await alertIdOf('b1');
      expect(ids((await asSession(t, sessions.agent, 'GET', '/v1/alerts?assignee=me')).body)).toEqual([billing]);
      expect(ids((await asSession(t, sessions.analyst, 'GET', '/v1/alerts?assignee=me')).body)).toEqual([]);
      expectProblem(await t.api('GET', '/v1/alerts?assignee=me', { key }), 400, ['assignee']);
    });

    it('filters by status and team', async () => {
      const [billing, support] = [await alertIdOf('b1'), await alertIdOf('s1')];
      expect(ids((await t.api('GET', '/v1/alerts?status=acknowledged', { key })).body)).toEqual([billing]);
      expect(ids((await t.api('GET', '/v1/alerts?status=open,resolved&team=SUPPORT', { key })).body)).toEqual([
        support,
      ]);
      expectProblem(await t.api('GET', '/v1/alerts?status=closed', { key }), 400, ['status.0']);
    });

    it('measures time to acknowledge and to resolve per team', async () => {
      const billing = await alertIdOf('b1');
      const resolved = await t.api('POST', `/v1/alerts/${billing}/resolve`, { key, body: { code: 'called_back' } });
      expect(resolved.status).toBe(200);
      const metrics = (await t.api('GET', '/v1/alerts/metrics?groupBy=team', { key })).body;
      expect(metrics).toMatchObject({ groupBy: 'team', byStatus: { open: 1, acknowledged: 0, resolved: 1 } });
      const team = (name: string) => metrics.groups.find((g: { key: string }) => g.key === name);
      expect(team('billing')).toMatchObject({
        alerts: 1,
        timeToAcknowledge: { n: 1, pending: 0 },
        timeToResolve: { n: 1, pending: 0 },
      });
      expect(team('support')).toMatchObject({ timeToAcknowledge: { n: 0, pending: 1 } });
    });
  });
});
