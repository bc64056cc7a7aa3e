import { randomUUID } from 'node:crypto';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { expectProblem } from './api-helpers';

/** Every failure is an RFC 9457 problem; bad fields are named by their dotted path. */
describe('API errors', () => {
  let t: TestApp;
  let key: string;
  let surveyId: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = (await t.workspace()).apiKey;
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    expect(survey.status).toBe(201);
    surveyId = survey.body.id;
  });

  afterAll(() => t?.close());

  describe('request bodies', () => {
    it('answers malformed JSON with 400', async () => {
      const res = await t.api('POST', '/v1/surveys', { key, body: '{"name": "Broken",' });
      expectProblem(res, 400);
    });

    it('answers a body over 1 MB with 413', async () => {
      const huge = JSON.stringify({ ...supportSurvey, name: 'x'.repeat(1024 * 1024 + 10) });
      const res = await t.api('POST', '/v1/surveys', { key, body: huge });
      expectProblem(res, 413);
    });
  });

  describe('authentication and scopes', () => {
    const wellFormedUnknown = `pal_${'0'.repeat(12)}_${'A'.repeat(43)}`;

    it.each<[string, Record<string, string>]>([
      ['no Authorization header', {}],
      ['a garbled key', { authorization: 'Bearer not-a-key' }],
      ['a well-formed but unknown key', { authorization: `Bearer ${wellFormedUnknown}` }],
      ['a non-Bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('answers %s with 401', async (_label, headers) => {
      expectProblem(await t.api('GET', '/v1/surveys', { headers }), 401);
    });

    it('answers a known prefix with the wrong secret with 401', async () => {
      const [, prefix] = key.split('_');
      const forged = `pal_${prefix}_${'B'.repeat(43)}`;
      expectProblem(await t.api('GET', '/v1/surveys', { key: forged }), 401);
    });

    it('stops accepting a key once it is revoked', async () => {
      const created = await t.api('POST', '/v1/api-keys', { key, body: { name: 'temporary', scope: 'admin' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'temporary',
        scope: 'admin',
        revokedAt: null,
        apiKey: expect.stringMatching(/^pal_/),
      });
      expect((await t.api('GET', '/v1/surveys', { key: created.body.apiKey })).status).toBe(200);

      const revoked = await t.api('DELETE', `/v1/api-keys/${created.body.id}`, { key });
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));

      expectProblem(await t.api('GET', '/v1/surveys', { key: created.body.apiKey }), 401);
      expectProblem(
        await t.api('POST', '/v1/events', { key: created.body.apiKey, body: ticketClosed('revoked') }),
        401,
      );
    });

    it('lets an ingest key post events but not use admin routes (403)', async () => {
      const created = await t.api('POST', '/v1/api-keys', { key, body: { name: 'crm', scope: 'ingest' } });
      expect(created.status).toBe(201);
      const ingestKey = created.body.apiKey as string;

      for (const [method, path] of [
        ['GET', '/v1/surveys'],
        ['GET', '/v1/campaigns'],
        ['GET', '/v1/scores'],
        ['GET', '/v1/api-keys'],
      ]) {
        expectProblem(await t.api(method, path, { key: ingestKey }), 403);
      }
      expectProblem(await t.api('POST', '/v1/surveys', { key: ingestKey, body: supportSurvey }), 403);

      const event = await t.api('POST', '/v1/events', { key: ingestKey, body: ticketClosed('ingest-1') });
      expect(event.status).toBe(202);
      expect(event.body).toEqual({ eventId: expect.any(String), decisions: [] });
    });
  });

  describe('POST /v1/surveys validation', () => {
    const text = (en: string) => ({ en });
    const survey = (questions: unknown[], extra: Record<string, unknown> = {}) => ({
      name: 'Bad',
      defaultLocale: 'en',
      questions,
      ...extra,
    });

    it.each<[string, unknown, string[]]>([
      ['an unknown question type', survey([{ id: 'q1', type: 'stars', text: text('Rate us') }]), ['questions.0.type']],
      [
        'a duplicate question id',
        survey([
          { id: 'q1', type: 'nps', text: text('A') },
          { id: 'q1', type: 'text', text: text('B') },
        ]),
        ['questions.1.id'],
      ],
      [
        'showIf pointing at a later question',
        survey([
          { id: 'why', type: 'text', text: text('Why?'), showIf: { question: 'q1', lte: 6 } },
          { id: 'q1', type: 'nps', text: text('Score') },
        ]),
        ['questions.0.showIf.question'],
      ],
      [
        'showIf pointing at an unknown question',
        survey([
          { id: 'q1', type: 'nps', text: text('Score') },
          { id: 'why', type: 'text', text: text('Why?'), showIf: { question: 'nope', lte: 6 } },
        ]),
        ['questions.1.showIf.question'],
      ],
      [
        'single_choice without choices',
        survey([{ id: 'pick', type: 'single_choice', text: text('Pick') }]),
        ['questions.0.choices'],
      ],
      [
        'text missing in the default locale',
        survey([{ id: 'q1', type: 'nps', text: { fi: 'Suosittelisitko?' } }]),
        ['questions.0.text.en'],
      ],
      ['no name and no questions', { defaultLocale: 'en', questions: [] }, ['name', 'questions']],
      ['an unknown top-level field', { ...supportSurvey, colour: 'red' }, ['(root)']],
    ])('rejects %s with 422 naming the path', async (_label, body, paths) => {
      const res = await t.api('POST', '/v1/surveys', { key, body });
      expectProblem(res, 422, paths);
    });
  });

  describe('POST /v1/campaigns validation', () => {
    const campaign = (overrides: Record<string, unknown>) => ({
      name: 'C',
      surveyId,
      trigger: { eventType: 'ticket.closed' },
      channel: 'email',
      ...overrides,
    });

    it.each<[string, () => Record<string, unknown>, string]>([
      ['a survey that does not exist', () => campaign({ surveyId: randomUUID() }), 'surveyId'],
      ['a delay that is not an ISO duration', () => campaign({ delay: '2 hours' }), 'delay'],
      ['an expiry in months', () => campaign({ expiry: 'P1M' }), 'expiry'],
      [
        'a filter expression that does not parse',
        () => campaign({ trigger: { eventType: 'ticket.closed', filter: 'properties.team ==== "billing"' } }),
        'trigger.filter',
      ],
      [
        'a filter on an unknown root',
        () => campaign({ trigger: { eventType: 'ticket.closed', filter: 'team = "billing"' } }),
        'trigger.filter',
      ],
    ])('rejects %s with 422', async (_label, body, path) => {
      const res = await t.api('POST', '/v1/campaigns', { key, body: body() });
      expectProblem(res, 422, [path]);
    });
  });

  describe('POST /v1/events validation', () => {
    const withContact = (n: string, contact: Record<string, unknown>) =>
      ticketClosed(n, { contact: { externalId: `v-${n}`, ...contact } });

    it.each<[string, Record<string, unknown>, string]>([
      ['an invalid email', { email: 'not-an-email' }, 'contact.email'],
      ['an invalid phone', { phone: '12' }, 'contact.phone'],
      ['a national phone without a country', { phone: '040 123 4567' }, 'contact.phone'],
      ['an unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'contact.timezone'],
    ])('rejects %s with 422', async (label, contact, path) => {
      const res = await t.api('POST', '/v1/events', { key, body: withContact(label.replace(/\W/g, ''), contact) });
      expectProblem(res, 422, [path]);
    });

    it('rejects an event without a contact', async () => {
      expectProblem(await t.api('POST', '/v1/events', { key, body: { type: 'ticket.closed' } }), 422, ['contact']);
    });

    it('stores a national phone number with a country in E.164', async () => {
      const res = await t.api('POST', '/v1/events', {
        key,
        body: withContact('fi-phone', {
          phone: '040 123 4567',
          country: 'FI',
          timezone: 'Europe/Helsinki',
          email: 'Matti@Example.COM',
        }),
      });
      expect(res.status).toBe(202);
      const [contact] = await t.db.query(
        `SELECT phone, email, timezone FROM contacts WHERE external_id = 'v-fi-phone'`,
      );
      expect(contact).toEqual({ phone: '+358401234567', email: 'matti@example.com', timezone: 'Europe/Helsinki' });
    });
  });

  describe('campaign status transitions', () => {
    let campaignId: string;
    const setStatus = (status: string) =>
      t.api('POST', `/v1/campaigns/${campaignId}/status`, { key, body: { status } });

    beforeAll(async () => {
      const created = await t.api('POST', '/v1/campaigns', {
        key,
        body: { name: 'Transitions', surveyId, trigger: { eventType: 'never.happens' }, channel: 'email' },
      });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('draft');
      campaignId = created.body.id;
    });

    // One walk through the state machine, in order.
    // Which 2xx a successful move answers is pinned in docs-health.spec.ts (documented = actual).
    it.each<[string, string, 'ok' | 'conflict', string]>([
      ['draft', 'paused', 'conflict', 'draft'],
      ['draft', 'active', 'ok', 'active'],
      ['active', 'paused', 'ok', 'paused'],
      ['paused', 'active', 'ok', 'active'],
      ['active', 'archived', 'ok', 'archived'],
      ['archived', 'active', 'conflict', 'archived'],
      ['archived', 'paused', 'conflict', 'archived'],
    ])('%s → %s is %s', async (_from, to, outcome, after) => {
      const res = await setStatus(to);
      if (outcome === 'conflict') {
        expectProblem(res, 409, ['status']);
      } else {
        expect([200, 201]).toContain(res.status);
        expect(res.body).toMatchObject({ id: campaignId, status: to });
      }
      expect((await t.api('GET', `/v1/campaigns/${campaignId}`, { key })).body.status).toBe(after);
    });

    it('rejects an unknown status with 422', async () => {
      expectProblem(await setStatus('deleted'), 422, ['status']);
    });

    it('refuses to edit an archived campaign (409)', async () => {
      expectProblem(await t.api('PATCH', `/v1/campaigns/${campaignId}`, { key, body: { name: 'Renamed' } }), 409);
    });
  });
});
