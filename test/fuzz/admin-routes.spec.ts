import fc from 'fast-check';

import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { WebhookEndpointsService } from '../../src/webhooks/webhook-endpoints.service';
import { markSent, postForm } from '../integration/api-helpers';
import { startTestApp, TestApp } from '../support/test-app';
import {
  expectNoServerError,
  fuzzParams,
  fuzzTimeout,
  hostileBody,
  untouchedData,
  workspaceData,
} from './fuzz-support';

/** The ids the routes act on, made in beforeAll. */
interface Fixtures {
  surveyId: string;
  campaignId: string;
  statusCampaignId: string;
  endpointId: string;
  contactId: string;
  alertId: string;
}

/** One admin create or update route: a body it accepts, and the tables it may write. */
interface Route {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH';
  path: (f: Fixtures) => string;
  valid: (f: Fixtures) => unknown;
  mayWrite: string[];
}

const SURVEY = {
  name: 'Fuzz survey',
  defaultLocale: 'en',
  questions: [
    {
      id: 'q1',
      type: 'nps',
      text: { en: 'How likely are you to recommend us?', fi: 'Suosittelisitko?' },
      required: true,
    },
    { id: 'why', type: 'text', text: { en: 'Why?' }, showIf: { question: 'q1', lte: 6 } },
    {
      id: 'pick',
      type: 'single_choice',
      text: { en: 'Which part?' },
      choices: [
        { id: 'a', label: { en: 'Price' } },
        { id: 'b', label: { en: 'People', fi: 'Ihmiset' } },
      ],
      showIf: { question: 'q1', in: [9, 10] },
    },
    { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
    { id: 'ease', type: 'ces', text: { en: 'Easy?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Solved?' }, showIf: { question: 'sat', gte: 3 } },
  ],
};

const CAMPAIGN = (surveyId: string) => ({
  name: 'Fuzz campaign',
  surveyId,
  trigger: { eventType: 'ticket.closed', filter: 'properties.team in ["billing","support"]' },
  channels: ['email', 'sms', 'voice'],
  delay: 'PT1H',
  expiry: 'P7D',
  emailSubject: { en: 'Tell us', fi: 'Kerro meille' },
  timezone: 'Europe/Helsinki',
  callingWindow: { days: ['mon', 'tue', 'wed'], start: '09:00', end: '20:00' },
  voice: { machineDetection: true, machineMessage: true, voices: { fi: { voice: 'Polly.Suvi', language: 'fi-FI' } } },
  sendingWindows: { sms: { ranges: [{ days: ['mon', 'fri'], start: '09:00', end: '20:00' }] } },
  holidays: { country: 'FI', types: ['public'] },
  samplePercent: 50,
  fatigueDays: 30,
  dedupeBy: 'properties.ticketId',
  cancelOn: [{ eventType: 'ticket.reopened', matchOn: 'properties.ticketId' }],
  caps: { perHour: 100, perDay: 1000, overflow: 'defer' },
  reminders: [{ after: 'P2D', channel: 'next' }],
  spreadOver: 'PT2H',
});

const SINCE = '2026-01-01T00:00:00Z';
const UNTIL = '2026-02-01T00:00:00Z';

/** The alert workflow first: the settings route below may change the resolution codes it uses. */
const ALERT_ROUTES: Route[] = (
  [
    ['acknowledge', { note: 'On it', actor: 'anna@example.com' }],
    ['assign', { assignee: 'bob@example.com', note: 'Yours' }],
    ['notes', { note: 'Called, no answer', actor: 'Anna' }],
    ['resolve', { code: 'called_back', note: 'Sorted' }],
    ['reopen', { note: 'Again' }],
  ] as const
).map(([action, body]): Route => ({
  name: `alert ${action}`,
  method: 'POST',
  path: (f) => `/v1/alerts/${f.alertId}/${action}`,
  valid: () => body,
  mayWrite: ['alerts', 'alert_events', 'webhook_outbox'],
}));

const ROUTES: Route[] = [
  ...ALERT_ROUTES,
  {
    name: 'create survey',
    method: 'POST',
    path: () => '/v1/surveys',
    valid: () => SURVEY,
    mayWrite: ['surveys', 'survey_versions'],
  },
  {
    name: 'update survey',
    method: 'PATCH',
    path: (f) => `/v1/surveys/${f.surveyId}`,
    valid: () => ({ name: 'Renamed', defaultLocale: 'en', questions: SURVEY.questions.slice(0, 3) }),
    mayWrite: ['surveys', 'survey_versions'],
  },
  {
    name: 'create campaign',
    method: 'POST',
    path: () => '/v1/campaigns',
    valid: (f) => CAMPAIGN(f.surveyId),
    mayWrite: ['campaigns'],
  },
  {
    name: 'create relationship campaign',
    method: 'POST',
    path: () => '/v1/campaigns',
    valid: (f) => ({
      name: 'Quarterly NPS',
      surveyId: f.surveyId,
      trigger: { eventType: 'relationship.quarterly' },
      channel: 'email',
      schedule: { cron: '0 9 1 */3 *', timezone: 'Europe/Helsinki' },
      audience: { attributes: { tier: 'gold', seats: 10, active: true }, externalIds: ['c-1', 'c-2'] },
    }),
    mayWrite: ['campaigns'],
  },
  {
    name: 'update campaign',
    method: 'PATCH',
    path: (f) => `/v1/campaigns/${f.campaignId}`,
    valid: () => ({
      name: 'Renamed',
      trigger: { eventType: 'ticket.closed', filter: [{ field: 'properties.team', op: 'eq', value: 'billing' }] },
      caps: { perDay: 10, overflow: 'drop' },
      reminders: [{ after: 'PT12H' }],
      holidays: null,
    }),
    mayWrite: ['campaigns'],
  },
  {
    name: 'campaign status',
    method: 'POST',
    path: (f) => `/v1/campaigns/${f.statusCampaignId}/status`,
    valid: () => ({ status: 'active' }),
    mayWrite: ['campaigns'],
  },
  {
    name: 'campaign dry run',
    method: 'POST',
    path: (f) => `/v1/campaigns/${f.campaignId}/dry-run`,
    valid: () => ({ from: SINCE, to: UNTIL }),
    mayWrite: [],
  },
  {
    name: 'campaign alert rules',
    method: 'PUT',
    path: (f) => `/v1/campaigns/${f.campaignId}/alert-rules`,
    valid: () => ({
      enabled: true,
      scores: { nps: { min: 0, max: 6 }, csat: null, ces: { min: 1, max: 3 } },
      questions: { q1: { min: 0, max: 4 } },
      keywords: ['cancel', { text: 'refund', language: 'en' }],
      routing: {
        property: 'team',
        routes: { billing: { assignee: 'anna@example.com' } },
        fallback: { email: 'cx@example.com' },
      },
    }),
    mayWrite: ['campaign_alert_rules'],
  },
  {
    name: 'campaign promoter invite',
    method: 'PUT',
    path: (f) => `/v1/campaigns/${f.campaignId}/promoter-invite`,
    valid: () => ({
      enabled: true,
      kind: 'review',
      url: 'https://reviews.example.com/acme',
      minScore: 9,
      questionId: 'q1',
      cooldownDays: 90,
    }),
    mayWrite: ['campaign_alert_rules'],
  },
  {
    name: 'alert settings',
    method: 'PATCH',
    path: () => '/v1/settings/alerts',
    valid: () => ({
      resolutionCodes: ['called_back', 'refund'],
      digestRecipients: ['cx@example.com'],
      locale: 'fi',
      timezone: 'Europe/Helsinki',
    }),
    mayWrite: ['alert_settings'],
  },
  {
    name: 'survey fatigue',
    method: 'PUT',
    path: () => '/v1/settings/survey-fatigue',
    valid: () => ({ days: 14 }),
    mayWrite: ['workspaces'],
  },
  {
    name: 'workspace settings',
    method: 'PATCH',
    path: () => '/v1/settings/workspace',
    valid: () => ({ displayName: 'Acme Oy' }),
    mayWrite: ['workspaces'],
  },
  {
    name: 'twilio settings',
    method: 'PUT',
    path: () => '/v1/settings/twilio',
    valid: () => ({
      accountSid: 'AC' + 'a1'.repeat(16),
      authToken: 'fuzz-auth-token',
      sender: '+15005550006',
      smsPerSecond: 5,
      callerId: '+15005550006',
      callsPerSecond: 1,
    }),
    mayWrite: ['twilio_accounts'],
  },
  {
    name: 'score settings',
    method: 'PUT',
    path: () => '/v1/settings/scores',
    valid: () => ({ dayZone: 'Europe/Helsinki' }),
    mayWrite: ['score_settings', 'score_rollups', 'rollup_deltas'],
  },
  {
    name: 'compare scores',
    method: 'POST',
    path: () => '/v1/scores/compare',
    valid: () => ({
      metric: 'nps',
      where: { 'properties.team': 'billing' },
      a: { from: SINCE, to: UNTIL },
      b: { from: UNTIL, to: '2026-03-01T00:00:00Z', where: { channel: 'email' } },
      minAnswers: 1,
    }),
    mayWrite: [],
  },
  {
    name: 'create api key',
    method: 'POST',
    path: () => '/v1/api-keys',
    valid: () => ({ name: 'CRM', scope: 'ingest' }),
    mayWrite: ['api_keys'],
  },
  {
    name: 'create webhook endpoint',
    method: 'POST',
    path: () => '/v1/webhook-endpoints',
    valid: () => ({
      url: 'https://hooks.example.com/palaute',
      description: 'CRM',
      eventTypes: ['response.completed', 'alert.created'],
    }),
    mayWrite: ['webhook_endpoints'],
  },
  {
    name: 'update webhook endpoint',
    method: 'PATCH',
    path: (f) => `/v1/webhook-endpoints/${f.endpointId}`,
    valid: () => ({
      url: 'https://hooks.example.com/v2',
      description: null,
      eventTypes: ['invitation.sent'],
      enabled: true,
    }),
    mayWrite: ['webhook_endpoints'],
  },
  {
    name: 'rotate webhook secret',
    method: 'POST',
    path: (f) => `/v1/webhook-endpoints/${f.endpointId}/rotate-secret`,
    valid: () => ({ graceSeconds: 3600 }),
    mayWrite: ['webhook_endpoints'],
  },
  {
    name: 'replay webhook deliveries',
    method: 'POST',
    path: (f) => `/v1/webhook-endpoints/${f.endpointId}/replay`,
    valid: () => ({ since: SINCE }),
    mayWrite: ['webhook_deliveries', 'webhook_messages', 'webhook_attempts'],
  },
  {
    name: 'contact opt-outs',
    method: 'PUT',
    path: (f) => `/v1/contacts/${f.contactId}/opt-outs`,
    valid: () => ({ email: true, sms: false }),
    mayWrite: ['contacts', 'webhook_outbox'],
  },
];

jest.setTimeout(fuzzTimeout(25));

/**
 * Every admin create and update route with hostile bodies (mutations of a body it accepts,
 * arbitrary JSON, non-JSON): no 5xx, a refused body changes none of the workspace's rows, and
 * nothing outside the route's own tables changes, in this workspace or any other.
 */
describe('fuzz: admin create and update routes', () => {
  let t: TestApp;
  let key: string;
  let workspaceId: string;
  const f = {} as Fixtures;

  beforeAll(async () => {
    t = await startTestApp({
      // Input handling is under test here, not the limits: every generated request must reach its route.
      RATE_LIMIT_ENABLED: 'false',
      ROLE: 'api',
      SECRETS_KEY: 'ab'.repeat(32),
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    // Webhook URLs resolve to a loopback address no one listens on: no DNS, and nothing is ever delivered.
    t.app.get(WebhookEndpointsService).resolver = async () => ['127.0.0.1'];
    ({ apiKey: key, workspaceId } = await t.workspace('Fuzz'));
    const created = async (method: string, path: string, body: unknown) => {
      const res = await t.api(method, path, { key, body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    f.surveyId = (await created('POST', '/v1/surveys', SURVEY)).id;
    f.campaignId = (await created('POST', '/v1/campaigns', CAMPAIGN(f.surveyId))).id;
    f.statusCampaignId = (await created('POST', '/v1/campaigns', CAMPAIGN(f.surveyId))).id;
    await created('POST', `/v1/campaigns/${f.campaignId}/status`, { status: 'active' });
    f.endpointId = (
      await created('POST', '/v1/webhook-endpoints', {
        url: 'https://hooks.example.com/a',
        eventTypes: ['alert.created'],
      })
    ).id;
    // An alert: a detractor answers on the survey page, then the follow-up loop runs by hand.
    const source = await created('POST', '/v1/campaigns', {
      name: 'Alert source',
      surveyId: f.surveyId,
      trigger: { eventType: 'alert.source' },
      channel: 'email',
    });
    await created('POST', `/v1/campaigns/${source.id}/status`, { status: 'active' });
    const event = await created('POST', '/v1/events', {
      type: 'alert.source',
      id: 'crm-alert',
      contact: { externalId: 'c-alert', email: 'c-alert@example.com' },
      properties: { team: 'billing', ticketId: 'T-9' },
    });
    const invitationId = event.decisions.find((d: { invitationId?: string }) => d.invitationId)?.invitationId;
    const token = await markSent(t.db, invitationId);
    expect(
      (await postForm(t, token, { _shown: 'q1,why,sat,ease', q1: '2', why: 'Slow', sat: '1', ease: '1' })).status,
    ).toBe(200);
    const followUp = t.app.get(AlertsFollowUpProcessor);
    await followUp.tick();
    await followUp.tick();
    const [alert] = await t.db.query(`SELECT id FROM alerts WHERE workspace_id = $1`, [workspaceId]);
    f.alertId = alert.id;
    f.contactId = (await t.db.query(`SELECT id FROM contacts WHERE external_id = 'c-alert'`))[0].id;
    // A bystander workspace whose rows must never change.
    const other = await t.workspace('Bystander');
    const otherSurvey = await t.api('POST', '/v1/surveys', { key: other.apiKey, body: SURVEY });
    await t.api('POST', '/v1/campaigns', { key: other.apiKey, body: CAMPAIGN(otherSurvey.body.id) });
  });

  afterAll(() => t?.close());

  it.each(ROUTES.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const path = route.path(f);
    const send = (body: string) =>
      fetch(t.baseUrl + path, {
        method: route.method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
    // The valid body is accepted, so its mutations get past the outer checks.
    const first = await send(JSON.stringify(route.valid(f)));
    if (first.status >= 300) throw new Error(`the valid body got ${first.status}: ${await first.text()}`);

    const mayWrite = { workspaceId, tables: route.mayWrite };
    const untouched = await untouchedData(t.db, mayWrite);
    let own = await workspaceData(t.db, workspaceId, route.mayWrite);
    await fc.assert(
      fc.asyncProperty(hostileBody(route.valid(f)), async (body) => {
        const res = await send(body);
        const answer = await res.text();
        expectNoServerError(res.status, body, answer);
        const now = await workspaceData(t.db, workspaceId, route.mayWrite);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(now).toEqual(own);
        }
        own = now;
      }),
      fuzzParams(25),
    );
    expect(await untouchedData(t.db, mayWrite)).toEqual(untouched);
  });
});
