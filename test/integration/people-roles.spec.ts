import { randomUUID } from 'node:crypto';

import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { ManualClock } from '../../src/common/clock';
import { QueueService } from '../../src/queue/queue.service';
import { decideAccess, Grants, KEY_SCOPE_GRANTS, ROLE_GRANTS } from '../../src/workspaces/permissions';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { addUser, asSession, Session, signIn } from '../support/people';
import { registeredRoutes } from '../support/registered-routes';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

type Role = 'owner' | 'admin' | 'analyst' | 'agent';
const ROLES: Role[] = ['owner', 'admin', 'analyst', 'agent'];

/**
 * Roles against routes, on real data: a workspace whose alerts, responses and scores belong to
 * two teams, five people signed in through the dev outbox, and a second workspace beside it.
 */
describe('roles and permissions', () => {
  // Ahead of the database's clock, so the follow-up loop finds the responses due (see alerts.spec).
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let t: TestApp;
  let key: string;
  let ingestKey: string;
  let campaignId: string;
  const alerts: Record<'billing' | 'support' | 'ops' | 'vip', string> = { billing: '', support: '', ops: '', vip: '' };
  const sessions = {} as Record<Role | 'agent2' | 'other', Session>;
  const b = { surveyId: '', campaignId: '', userId: '', keyId: '' };

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_LIMIT_PER_ADDRESS: '1000', SIGN_IN_LIMIT_PER_IP: '1000' }, clock);
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up');
    key = (await t.workspace('Acme')).apiKey;
    ingestKey = (await t.api('POST', '/v1/api-keys', { key, body: { name: 'crm', scope: 'ingest' } })).body.apiKey;
    const surveyId = (await t.api('POST', '/v1/surveys', { key, body: supportSurvey })).body.id;
    campaignId = await activeCampaign(t, key, surveyId);
    const rules = await t.api('PUT', `/v1/campaigns/${campaignId}/alert-rules`, {
      key,
      body: { routing: { property: 'team', routes: { ops: { assignee: 'bea@acme.fi' } } } },
    });
    expect(rules.status).toBe(200);

    // Detractors in four teams (ops routed to Bea, vip handled by agent A-42), promoters in two.
    const answers: Array<[string, Record<string, string>, string]> = [
      ['billing-d', { team: 'billing', agent: 'A-17' }, '2'],
      ['support-d', { team: 'support', agent: 'A-50' }, '3'],
      ['ops-d', { team: 'ops', agent: 'A-60' }, '1'],
      ['vip-d', { team: 'vip', agent: 'A-42' }, '4'],
      ['billing-p', { team: 'billing', agent: 'A-17' }, '10'],
      ['support-p', { team: 'support', agent: 'A-50' }, '9'],
    ];
    for (const [n, properties] of answers)
      expect(
        (
          await t.api('POST', '/v1/events', {
            key: ingestKey,
            body: ticketClosed(n, { contact: { externalId: n, email: `${n}@example.com` }, properties }),
          })
        ).status,
      ).toBe(202);
    const sent = await waitForSent(t, answers.length);
    for (const [n, , score] of answers) {
      const invitation = sent.find((s) => s.external_id === n)!;
      const form: Record<string, string> =
        Number(score) <= 6 ? { _shown: 'q1,why,fcr', why: 'Too slow.' } : { _shown: 'q1,fcr' };
      expect((await postForm(t, invitation.token, { ...form, q1: score, fcr: 'no' })).status).toBe(200);
    }
    const worker = t.app.get(AlertsFollowUpProcessor);
    await worker.tick();
    await worker.tick();
    const all = (await t.api('GET', '/v1/alerts?limit=100', { key })).body.data as Array<{
      id: string;
      context: { team: keyof typeof alerts };
    }>;
    expect(all).toHaveLength(4);
    for (const a of all) alerts[a.context.team] = a.id;

    await addUser(t, key, { email: 'olga@acme.fi', role: 'owner' });
    await addUser(t, key, { email: 'aino@acme.fi', role: 'admin' });
    await addUser(t, key, { email: 'ella@acme.fi', role: 'analyst' });
    await addUser(t, key, { email: 'bea@acme.fi', role: 'agent', team: 'billing' });
    await addUser(t, key, { email: 'sami@acme.fi', role: 'agent', team: 'support', agentId: 'A-42' });
    sessions.owner = await signIn(t, 'olga@acme.fi');
    sessions.admin = await signIn(t, 'aino@acme.fi');
    sessions.analyst = await signIn(t, 'ella@acme.fi');
    sessions.agent = await signIn(t, 'bea@acme.fi');
    sessions.agent2 = await signIn(t, 'sami@acme.fi');

    const other = await t.workspace('Beta');
    b.surveyId = (await t.api('POST', '/v1/surveys', { key: other.apiKey, body: supportSurvey })).body.id;
    b.campaignId = await activeCampaign(t, other.apiKey, b.surveyId);
    b.userId = await addUser(t, other.apiKey, { email: 'bo@beta.fi', role: 'owner' });
    b.keyId = (await t.api('GET', '/v1/api-keys', { key: other.apiKey })).body.data[0].id;
    sessions.other = await signIn(t, 'bo@beta.fi');
  });

  afterAll(() => t?.close());

  const as = (who: keyof typeof sessions, method: string, path: string, body?: unknown) =>
    asSession(t, sessions[who], method, path, { body });

  describe('each role against each route family', () => {
    const Y = true;
    const N = false;
    // [family, method, path, body, owner, admin, analyst, agent]
    const TABLE: Array<[string, string, () => string, unknown, boolean, boolean, boolean, boolean]> = [
      ['surveys: read', 'GET', () => '/v1/surveys', undefined, Y, Y, Y, N],
      ['surveys: write', 'POST', () => '/v1/surveys', {}, Y, Y, N, N],
      ['campaigns: read', 'GET', () => '/v1/campaigns', undefined, Y, Y, Y, N],
      ['campaigns: write', 'PATCH', () => `/v1/campaigns/${campaignId}`, { name: 'On ticket.closed' }, Y, Y, N, N],
      ['campaigns: alert rules', 'GET', () => `/v1/campaigns/${campaignId}/alert-rules`, undefined, Y, Y, Y, N],
      ['campaigns: live stream', 'GET', () => `/v1/campaigns/${randomUUID()}/live`, undefined, Y, Y, Y, N],
      ['contacts: read', 'GET', () => '/v1/contacts?externalId=billing-d', undefined, Y, Y, Y, N],
      ['contacts: write', 'PUT', () => `/v1/contacts/${randomUUID()}/opt-outs`, { email: true }, Y, Y, N, N],
      ['events: ingest', 'POST', () => '/v1/events', {}, Y, Y, N, N],
      ['events: decisions', 'GET', () => `/v1/events/${randomUUID()}`, undefined, Y, Y, Y, N],
      ['invitations: cancel', 'POST', () => `/v1/invitations/${randomUUID()}/cancel`, {}, Y, Y, N, N],
      ['responses: list', 'GET', () => '/v1/responses', undefined, Y, Y, Y, Y],
      ['responses: export', 'GET', () => '/v1/responses/export?format=csv', undefined, Y, Y, Y, N],
      ['responses: page', 'GET', () => `/v1/responses/${randomUUID()}`, undefined, Y, Y, Y, Y],
      ['responses: tags in use', 'GET', () => '/v1/responses/tags', undefined, Y, Y, Y, N],
      ['responses: tag', 'PUT', () => `/v1/responses/${randomUUID()}/tags`, { tags: ['vip'] }, Y, Y, Y, N],
      [
        'responses: correct themes',
        'PUT',
        () => `/v1/responses/${randomUUID()}/themes`,
        { add: ['queue'] },
        Y,
        Y,
        Y,
        N,
      ],
      ['scores', 'GET', () => '/v1/scores', undefined, Y, Y, Y, Y],
      ['text insights', 'GET', () => '/v1/text/themes', undefined, Y, Y, Y, N],
      ['alerts: list', 'GET', () => '/v1/alerts', undefined, Y, Y, Y, Y],
      ['alerts: metrics', 'GET', () => '/v1/alerts/metrics', undefined, Y, Y, Y, Y],
      ['alerts: act', 'POST', () => `/v1/alerts/${alerts.billing}/notes`, { note: 'Called back' }, Y, Y, N, Y],
      ['alerts: digest', 'GET', () => '/v1/digest/preview', undefined, Y, Y, Y, N],
      ['settings: read', 'GET', () => '/v1/settings/alerts', undefined, Y, Y, Y, N],
      ['settings: write', 'PATCH', () => '/v1/settings/workspace', { displayName: null }, Y, Y, N, N],
      ['settings: fatigue', 'PUT', () => '/v1/settings/survey-fatigue', { days: null }, Y, Y, N, N],
      ['settings: twilio', 'GET', () => '/v1/settings/twilio', undefined, Y, Y, Y, N],
      ['webhooks: read', 'GET', () => '/v1/webhook-endpoints', undefined, Y, Y, Y, N],
      ['webhooks: write', 'POST', () => '/v1/webhook-endpoints', {}, Y, Y, N, N],
      ['api keys: read', 'GET', () => '/v1/api-keys', undefined, Y, Y, N, N],
      ['api keys: write', 'POST', () => '/v1/api-keys', {}, Y, Y, N, N],
      ['users: read', 'GET', () => '/v1/users', undefined, Y, Y, N, N],
      ['users: write', 'POST', () => '/v1/users', {}, Y, Y, N, N],
      ['audit log', 'GET', () => '/v1/audit-log', undefined, Y, Y, N, N],
      ['me', 'GET', () => '/v1/me', undefined, Y, Y, Y, Y],
    ];

    it.each(TABLE)('%s', async (_family, method, path, body, ...allowed) => {
      for (const [i, role] of ROLES.entries()) {
        const res = await as(role, method, path(), body);
        if (allowed[i]) expect({ role, refused: [401, 403].includes(res.status) }).toEqual({ role, refused: false });
        else {
          expect({ role, status: res.status }).toEqual({ role, status: 403 });
          expectProblem(res, 403);
          expect(res.body).toMatchObject({
            title: 'Forbidden',
            permission: expect.stringMatching(/^[a-z-]+:[a-z-]+$/),
          });
          expect(res.body.detail).toContain(`needs permission ${res.body.permission}`);
        }
      }
    });

    it('names the missing permission: an agent on campaigns, an analyst on settings', async () => {
      const agent = await as('agent', 'POST', `/v1/campaigns/${campaignId}/status`, { status: 'paused' });
      expect(agent.body).toMatchObject({ status: 403, permission: 'campaigns:write' });
      const analyst = await as('analyst', 'PATCH', '/v1/settings/alerts', { locale: 'fi' });
      expect(analyst.body).toMatchObject({ status: 403, permission: 'settings:write' });
      expect((await t.api('GET', `/v1/campaigns/${campaignId}`, { key })).body.status).toBe('active');
    });

    it('lets only owners hand out the owner role', async () => {
      const byAdmin = await as('admin', 'POST', '/v1/users', { email: 'new-owner@acme.fi', role: 'owner' });
      expect(byAdmin.body).toMatchObject({ status: 403, permission: 'users:owners' });
      const byOwner = await as('owner', 'POST', '/v1/users', {
        email: 'new-owner@acme.fi',
        role: 'owner',
        sendInvitation: false,
      });
      expect(byOwner.status).toBe(201);
      const demote = await as('admin', 'PATCH', `/v1/users/${byOwner.body.id}`, { role: 'analyst' });
      expect(demote.body).toMatchObject({ status: 403, permission: 'users:owners' });
      expect((await as('owner', 'DELETE', `/v1/users/${byOwner.body.id}`)).status).toBe(204);
    });

    it('keeps the last owner an owner', async () => {
      const olga = (await as('owner', 'GET', '/v1/me')).body.user.id;
      expectProblem(await as('owner', 'PATCH', `/v1/users/${olga}`, { role: 'admin' }), 409);
      expectProblem(await t.api('DELETE', `/v1/users/${olga}`, { key }), 409);
      expect((await as('owner', 'GET', '/v1/me')).body.role).toBe('owner');
    });
  });

  describe('an agent sees their own team', () => {
    const ids = (body: { data: Array<{ id: string }> }) => body.data.map((a) => a.id).sort();

    it('lists the alerts of their team, and those routed, assigned or naming their agent id', async () => {
      expect(ids((await as('agent', 'GET', '/v1/alerts')).body)).toEqual([alerts.billing, alerts.ops].sort());
      expect(ids((await as('agent2', 'GET', '/v1/alerts')).body)).toEqual([alerts.support, alerts.vip].sort());
      // A filter narrows further, never wider.
      expect(ids((await as('agent', 'GET', '/v1/alerts?team=support')).body)).toEqual([]);
      const metrics = (await as('agent', 'GET', '/v1/alerts/metrics')).body;
      expect(metrics.byStatus.open + metrics.byStatus.acknowledged + metrics.byStatus.resolved).toBe(2);
    });

    it("answers 404 for another team's alert and changes nothing on it", async () => {
      expectProblem(await as('agent', 'GET', `/v1/alerts/${alerts.support}`), 404);
      expectProblem(await as('agent', 'POST', `/v1/alerts/${alerts.support}/resolve`, { code: 'no_action' }), 404);
      expect((await t.api('GET', `/v1/alerts/${alerts.support}`, { key })).body.status).toBe('open');
    });

    it('resolves their own alert, and the history names them, not any actor they claim', async () => {
      const res = await as('agent', 'POST', `/v1/alerts/${alerts.billing}/resolve`, {
        code: 'called_back',
        actor: 'someone-else@acme.fi',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('resolved');
      expect(res.body.history.at(-1)).toMatchObject({ actor: 'bea@acme.fi', action: 'resolve' });
    });

    it("lists only their team's responses", async () => {
      const billing = await t.db.query(`SELECT id FROM responses WHERE dims->>'properties.team' = 'billing'`);
      expect(billing).toHaveLength(2);
      const seen = (await as('agent', 'GET', '/v1/responses')).body.data.map((r: { id: string }) => r.id).sort();
      expect(seen).toEqual(billing.map((r) => r.id).sort());
      expect((await as('analyst', 'GET', '/v1/responses')).body.data).toHaveLength(6);
    });

    it("gets their team's scores, the same figures an admin gets with the team filter", async () => {
      const agent = await as('agent', 'GET', '/v1/scores');
      const admin = await t.api('GET', '/v1/scores?properties.team=billing', { key });
      expect(agent.status).toBe(200);
      expect(agent.body).toEqual(admin.body);
      expect(agent.body.nps.n).toBe(2);
      expect((await t.api('GET', '/v1/scores', { key })).body.nps.n).toBe(6);
      const otherTeam = await as('agent', 'GET', '/v1/scores?properties.team=support');
      expect(otherTeam.body).toMatchObject({ status: 403, permission: 'scores:read' });
      const compare = await as('agent', 'POST', '/v1/scores/compare', {
        metric: 'nps',
        a: { where: { 'properties.team': 'support' } },
        b: {},
      });
      expect(compare.body).toMatchObject({ status: 403, permission: 'scores:read' });
    });
  });

  it("opens nothing of workspace B with workspace A's session cookie (404), and B sees none of A's data", async () => {
    for (const [method, path, body] of [
      ['GET', `/v1/surveys/${b.surveyId}`, undefined],
      ['PATCH', `/v1/surveys/${b.surveyId}`, { name: 'Taken over' }],
      ['GET', `/v1/campaigns/${b.campaignId}`, undefined],
      ['POST', `/v1/campaigns/${b.campaignId}/status`, { status: 'paused' }],
      ['GET', `/v1/users/${b.userId}`, undefined],
      ['PATCH', `/v1/users/${b.userId}`, { role: 'analyst' }],
      ['DELETE', `/v1/users/${b.userId}`, undefined],
      ['DELETE', `/v1/api-keys/${b.keyId}`, undefined],
    ] as const)
      expectProblem(await as('owner', method, path, body), 404);
    for (const [method, path, body] of [
      ['GET', `/v1/alerts/${alerts.billing}`, undefined],
      ['POST', `/v1/alerts/${alerts.support}/acknowledge`, {}],
    ] as const)
      expectProblem(await as('other', method, path, body), 404);
    expect((await as('other', 'GET', '/v1/alerts')).body.data).toEqual([]);
    expect((await as('other', 'GET', '/v1/responses')).body.data).toEqual([]);
    expect((await as('other', 'GET', '/v1/me')).body.workspace.name).toBe('Beta');
    expect((await as('other', 'GET', `/v1/users/${b.userId}`)).body.role).toBe('owner');
  });

  describe('every route declares who may call it', () => {
    it('finds a declaration on every route Nest registered, and a permission on every /v1 route', () => {
      const routes = registeredRoutes(t);
      expect(routes.length).toBeGreaterThan(80);
      expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
      const v1 = routes.filter((r) => r.path.startsWith('/v1/'));
      expect(v1.filter((r) => r.access?.kind === 'public').map((r) => `${r.method} ${r.path}`)).toEqual([]);
      expect(v1.filter((r) => r.access?.kind === 'signed-in').map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /v1/me',
        'PATCH /v1/me',
      ]);
    });

    it('walks every operation in /docs-json among the registered routes', async () => {
      const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as { paths: Record<string, object> };
      const registered = new Set(registeredRoutes(t).map((r) => `${r.method} ${r.path}`));
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(documented.filter((d) => !registered.has(d))).toEqual([]);
    });

    /** Routes that stream once allowed: the sweep reads their status and hangs up instead of waiting for the end. */
    const STREAMS = ['/v1/live'];
    const STREAM = 'GET (stream)';
    const probe = (send: (method: string, path: string) => Promise<any>, path: string) => send(STREAM, path);
    async function probeStream(path: string, headers: Record<string, string>) {
      const abort = new AbortController();
      const res = await fetch(t.baseUrl + path, { headers, signal: abort.signal });
      const body = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
      abort.abort();
      return { status: res.status, body };
    }

    /** Calls every /v1 route as one caller: 403 naming the permission exactly when its grants fall short. */
    async function sweep(caller: string, grants: Grants, send: (method: string, path: string) => Promise<any>) {
      const mismatches = [];
      for (const route of registeredRoutes(t).filter((r) => r.path.startsWith('/v1/'))) {
        const path = route.path.replace(/:(\w+)/g, () => randomUUID());
        const res = STREAMS.includes(route.path) ? await probe(send, path) : await send(route.method, path);
        const access = route.access!;
        const denied = access.kind === 'permission' && !decideAccess(grants, access, caller).allowed;
        const ok = denied
          ? res.status === 403 && access.kind === 'permission' && res.body.permission === access.permission
          : res.status !== 403 && res.status !== 401 && res.status < 500;
        if (!ok) mismatches.push(`${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      expect({ caller, mismatches }).toEqual({ caller, mismatches: [] });
    }

    it.each(ROLES)('holds on every /v1 route for the %s role', (role) =>
      sweep(role, ROLE_GRANTS[role], (method, path) =>
        method === STREAM
          ? probeStream(path, { cookie: sessions[role].cookie })
          : as(role, method, path, method === 'GET' ? undefined : {}),
      ),
    );

    it.each(['admin', 'ingest'] as const)('holds on every /v1 route for an %s key, as before people existed', (scope) =>
      sweep(`${scope} key`, KEY_SCOPE_GRANTS[scope], (method, path) =>
        method === STREAM
          ? probeStream(path, { authorization: `Bearer ${scope === 'admin' ? key : ingestKey}` })
          : t.api(method, path, { key: scope === 'admin' ? key : ingestKey, body: method === 'GET' ? undefined : {} }),
      ),
    );
  });

  describe('the audit log', () => {
    it('records who did what and when for each action people take', async () => {
      const newKey = await as('admin', 'POST', '/v1/api-keys', { name: 'zapier', scope: 'ingest' });
      expect(newKey.status).toBe(201);
      expect((await as('admin', 'DELETE', `/v1/api-keys/${newKey.body.id}`)).status).toBe(200);
      expect((await as('admin', 'PATCH', '/v1/settings/workspace', { displayName: 'Acme Oy' })).status).toBe(200);
      const invited = await as('owner', 'POST', '/v1/users', { email: 'temp@acme.fi', role: 'agent', team: 'ops' });
      expect(invited.status).toBe(201);
      expect((await as('owner', 'DELETE', `/v1/users/${invited.body.id}`)).status).toBe(204);
      expect((await as('analyst', 'GET', '/v1/responses/export?format=csv&campaignId=' + campaignId)).status).toBe(200);
      const ack = await as('agent2', 'POST', `/v1/alerts/${alerts.support}/acknowledge`, {});
      expect(ack.status).toBe(200);
      expect(
        (await t.api('POST', `/v1/alerts/${alerts.vip}/assign`, { key, body: { assignee: 'sami@acme.fi' } })).status,
      ).toBe(200);

      const entries: any[] = [];
      let cursor: string | null = null;
      do {
        const page = await as('owner', 'GET', `/v1/audit-log?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(7);
        entries.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor);
      const ids = entries.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => y - x));
      expect(new Set(ids).size).toBe(ids.length);

      const find = (action: string, label: string, targetId?: string) =>
        entries.find((e) => e.action === action && e.actor.label === label && (!targetId || e.target.id === targetId));
      expect(find('api-keys.create', 'aino@acme.fi', newKey.body.id)).toMatchObject({
        actor: { type: 'user' },
        target: { type: 'api-keys' },
        method: 'POST',
        path: '/v1/api-keys',
        at: expect.any(String),
      });
      expect(find('api-keys.delete', 'aino@acme.fi', newKey.body.id)).toBeDefined();
      expect(find('settings.workspace.update', 'aino@acme.fi')).toMatchObject({
        target: { type: 'settings.workspace' },
      });
      expect(find('users.invite', 'olga@acme.fi', invited.body.id)).toMatchObject({
        details: { email: 'temp@acme.fi', role: 'agent' },
      });
      expect(find('users.remove', 'olga@acme.fi', invited.body.id)).toBeDefined();
      expect(find('responses.export', 'ella@acme.fi')).toMatchObject({
        method: 'GET',
        details: { query: { format: 'csv', campaignId } },
      });
      expect(find('alerts.resolve', 'bea@acme.fi', alerts.billing)).toMatchObject({ target: { type: 'alerts' } });
      expect(find('alerts.acknowledge', 'sami@acme.fi', alerts.support)).toBeDefined();
      const keyId = (await t.api('GET', '/v1/me', { key })).body.apiKey.id;
      expect(find('alerts.assign', `api-key:${keyId}`, alerts.vip)).toMatchObject({
        actor: { type: 'api-key', id: keyId },
      });
      expect(find('auth.sign-in', 'bea@acme.fi')).toBeDefined();
      // Reads and event ingest are not actions: nothing for them.
      expect(entries.filter((e) => e.method === 'GET' && e.action !== 'responses.export')).toEqual([]);
      expect(entries.filter((e) => e.path === '/v1/events')).toEqual([]);
    });

    it('carries the request id when the caller sent one', async () => {
      await asSession(t, sessions.admin, 'PUT', '/v1/settings/survey-fatigue', {
        body: { days: 30 },
        headers: { 'x-request-id': 'req-people-1' },
      });
      const [latest] = (await as('owner', 'GET', '/v1/audit-log?limit=1')).body.data;
      expect(latest).toMatchObject({ action: 'settings.survey-fatigue.update', requestId: 'req-people-1' });
    });

    it('refuses a cursor it did not give out', async () => {
      expectProblem(await as('owner', 'GET', '/v1/audit-log?cursor=bm9wZQ'), 400, ['cursor']);
      expectProblem(await as('owner', 'GET', '/v1/audit-log?page=2'), 400);
    });
  });
});
