import { randomUUID } from 'node:crypto';

import { AlertsFollowUpProcessor } from '../../src/alerts/alerts-follow-up.processor';
import { ManualClock } from '../../src/common/clock';
import { QueueService } from '../../src/queue/queue.service';
import { supportSurvey, ticketClosed } from '../support/fixtures';
import { addUser, asSession, Session, signIn } from '../support/people';
import { startTestApp, TestApp } from '../support/test-app';
import { activeCampaign, expectProblem, postForm, waitForSent } from './api-helpers';

/**
 * The Responses screen over the real send path and survey page: the response page with its
 * context, the list's filters, and tags, as each role sees them.
 */
describe('the response page, the list filters and tags', () => {
  // Ahead of the database's clock, so the follow-up loop finds the responses due (see alerts.spec).
  const clock = new ManualClock(new Date(Date.now() + 60_000));
  let t: TestApp;
  let key: string;
  let campaignId: string;
  const ids = { billingDetractor: '', billingPromoter: '', supportDetractor: '' };
  const sessions = {} as Record<'analyst' | 'agent', Session>;

  beforeAll(async () => {
    t = await startTestApp({ SIGN_IN_LIMIT_PER_ADDRESS: '1000', SIGN_IN_LIMIT_PER_IP: '1000' }, clock);
    await t.app.get(QueueService).stopPeriodic('alerts.follow-up');
    key = (await t.workspace()).apiKey;
    const surveyId = (await t.api('POST', '/v1/surveys', { key, body: supportSurvey })).body.id;
    campaignId = await activeCampaign(t, key, surveyId);
    const answers: Array<[string, string, Record<string, string>]> = [
      ['bd', 'billing', { q1: '2', why: 'The queue was too long, nobody answered', fcr: 'no', _shown: 'q1,why,fcr' }],
      ['bp', 'billing', { q1: '10', fcr: 'yes', _shown: 'q1,fcr' }],
      ['sd', 'support', { q1: '4', why: 'Refund still missing', fcr: 'no', _shown: 'q1,why,fcr' }],
    ];
    for (const [n, team] of answers)
      expect(
        (
          await t.api('POST', '/v1/events', {
            key,
            body: ticketClosed(n, {
              occurredAt: '2026-05-04T09:30:00.000Z',
              properties: { team, agent: 'A-17', ticketId: `T-${n}` },
            }),
          })
        ).status,
      ).toBe(202);
    const sent = await waitForSent(t, answers.length);
    for (const [n, , form] of answers) {
      const invitation = sent.find((s) => s.external_id === `cust-${n}`)!;
      expect((await postForm(t, invitation.token, form)).status).toBe(200);
    }
    const rows = await t.db.query(
      `SELECT r.id, c.external_id FROM responses r JOIN contacts c ON c.id = r.contact_id ORDER BY c.external_id`,
    );
    const id = (n: string) => rows.find((r) => r.external_id === `cust-${n}`).id;
    Object.assign(ids, { billingDetractor: id('bd'), billingPromoter: id('bp'), supportDetractor: id('sd') });
    await t.app.get(AlertsFollowUpProcessor).tick();

    await addUser(t, key, { email: 'ella@acme.fi', role: 'analyst' });
    await addUser(t, key, { email: 'bea@acme.fi', role: 'agent', team: 'billing' });
    sessions.analyst = await signIn(t, 'ella@acme.fi');
    sessions.agent = await signIn(t, 'bea@acme.fi');
  }, 60000);

  afterAll(() => t?.close());

  const as = (who: keyof typeof sessions, method: string, path: string, body?: unknown) =>
    asSession(t, sessions[who], method, path, { body });

  describe('GET /v1/responses/:id', () => {
    it('shows every answer with its question, the contact, the journey, the campaign, the delivery and the alert', async () => {
      const res = await t.api('GET', `/v1/responses/${ids.billingDetractor}`, { key });
      expect(res.status).toBe(200);
      const page = res.body;
      expect(page).toMatchObject({
        id: ids.billingDetractor,
        channel: 'email',
        language: 'en',
        completed: true,
        late: false,
        team: 'billing',
        campaign: { id: campaignId, name: 'On ticket.closed', channels: ['email'] },
        survey: { version: 1, defaultLocale: 'en' },
        contact: {
          externalId: 'cust-bd',
          name: 'Customer bd',
          email: 'customerbd@example.com',
          phone: null,
          locale: 'en',
        },
        journey: {
          type: 'ticket.closed',
          properties: { team: 'billing', agent: 'A-17', ticketId: 'T-bd' },
          occurredAt: '2026-05-04T09:30:00.000Z',
        },
        delivery: { status: 'sent', channel: 'email', step: 0, remindersSent: 0, attempts: 1 },
        tags: [],
      });
      expect(page.journey.eventId).toEqual(expect.any(String));
      expect(page.delivery.sentAt).toEqual(expect.any(String));
      expect(page.answers).toEqual([
        expect.objectContaining({
          questionId: 'q1',
          type: 'nps',
          value: 2,
          comment: null,
          question: { text: supportSurvey.questions[0].text, choiceLabel: null },
        }),
        expect.objectContaining({
          questionId: 'why',
          type: 'text',
          value: 'The queue was too long, nobody answered',
          question: { text: supportSurvey.questions[1].text, choiceLabel: null },
        }),
        expect.objectContaining({ questionId: 'fcr', type: 'yes_no', value: 'no' }),
      ]);
      expect(page.alerts).toEqual([
        expect.objectContaining({ status: 'open', team: 'billing', reasons: ['NPS 2 (0–6)'], assignee: null }),
      ]);
      expect(page.themes.language).toBe('en');
      expect(page.themes.themes).toEqual(
        expect.arrayContaining([
          { key: 'queue', label: 'queue', source: 'detected' },
          { key: 'long queue', label: 'queue was too long', source: 'detected' },
        ]),
      );
      expect(page.themes.removed).toEqual([]);
    });

    it('has no alert on a promoter, and 404s a response the workspace does not have', async () => {
      expect((await t.api('GET', `/v1/responses/${ids.billingPromoter}`, { key })).body.alerts).toEqual([]);
      expectProblem(await t.api('GET', `/v1/responses/${randomUUID()}`, { key }), 404);
      expectProblem(await t.api('GET', '/v1/responses/not-an-id', { key }), 404);
      const other = await t.workspace('Beta');
      expectProblem(await t.api('GET', `/v1/responses/${ids.billingDetractor}`, { key: other.apiKey }), 404);
    });

    it("shows an agent their team's responses and 404s another team's", async () => {
      const own = await as('agent', 'GET', `/v1/responses/${ids.billingDetractor}`);
      expect(own.status).toBe(200);
      expect(own.body.alerts).toHaveLength(1);
      expectProblem(await as('agent', 'GET', `/v1/responses/${ids.supportDetractor}`), 404);
    });
  });

  describe('GET /v1/responses filters', () => {
    const listed = async (query: string, who?: keyof typeof sessions) => {
      const res = who
        ? await as(who, 'GET', `/v1/responses?${query}`)
        : await t.api('GET', `/v1/responses?${query}`, { key });
      expect(res.status).toBe(200);
      return res.body.data.map((r: { id: string }) => r.id).sort();
    };

    it.each<[string, () => string[]]>([
      ['channel=email', () => [ids.billingDetractor, ids.billingPromoter, ids.supportDetractor]],
      ['channel=sms', () => []],
      ['team=billing', () => [ids.billingDetractor, ids.billingPromoter]],
      ['band=detractor', () => [ids.billingDetractor, ids.supportDetractor]],
      ['band=promoter,passive', () => [ids.billingPromoter]],
      ['band=detractor&team=support', () => [ids.supportDetractor]],
      ['q=QUEUE', () => [ids.billingDetractor]],
      ['q=100%25', () => []],
      ['agent=A-17', () => [ids.billingDetractor, ids.billingPromoter, ids.supportDetractor]],
      ['agent=A-99', () => []],
      ['touchpoint=support-chat', () => []],
      ['commented=true', () => [ids.billingDetractor, ids.supportDetractor]],
      ['commented=false&team=billing', () => [ids.billingPromoter]],
      ['from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z', () => []],
    ])('%s', async (query, expected) => {
      expect(await listed(`${query}&campaignId=${campaignId}`)).toEqual(expected().sort());
    });

    it('lists each response with its team and tags', async () => {
      const [first] = (await t.api('GET', `/v1/responses?limit=1`, { key })).body.data;
      expect(first).toMatchObject({ team: expect.any(String), tags: [] });
    });

    it('names each answer’s question type, so a reader tells the NPS score from a choice', async () => {
      const { data } = (
        await t.api('GET', `/v1/responses?campaignId=${campaignId}&band=detractor&team=billing`, { key })
      ).body;
      expect(data[0].answers).toHaveLength(3);
      expect(data[0].answers).toEqual(
        expect.arrayContaining([
          { questionId: 'q1', type: 'nps', value: 2, comment: null, recording: null },
          {
            questionId: 'why',
            type: 'text',
            value: 'The queue was too long, nobody answered',
            comment: null,
            recording: null,
          },
          { questionId: 'fcr', type: 'yes_no', value: 'no', comment: null, recording: null },
        ]),
      );
    });

    it("narrows an agent's filters within their team, never wider", async () => {
      expect(await listed('team=support', 'agent')).toEqual([]);
      expect(await listed('band=detractor', 'agent')).toEqual([ids.billingDetractor]);
    });

    it('names a bad filter', async () => {
      expectProblem(await t.api('GET', '/v1/responses?band=angry', { key }), 400, ['band.0']);
      expectProblem(await t.api('GET', '/v1/responses?channel=fax', { key }), 400, ['channel']);
      expectProblem(await t.api('GET', '/v1/responses?q=', { key }), 400, ['q']);
      expectProblem(await t.api('GET', '/v1/responses?commented=yes', { key }), 400, ['commented']);
      expectProblem(await t.api('GET', '/v1/responses?agent=', { key }), 400, ['agent']);
    });
  });

  describe('tags', () => {
    it('lets an analyst set a response’s tags, normalized, and audits what changed', async () => {
      const put = await as('analyst', 'PUT', `/v1/responses/${ids.billingDetractor}/tags`, {
        tags: [' Refund ', 'VIP', 'vip', 'call back'],
      });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        responseId: ids.billingDetractor,
        tags: ['call back', 'refund', 'vip'],
        added: ['call back', 'refund', 'vip'],
        removed: [],
      });
      const again = await as('analyst', 'PUT', `/v1/responses/${ids.billingDetractor}/tags`, {
        tags: ['vip', 'queue'],
      });
      expect(again.body).toMatchObject({ tags: ['queue', 'vip'], added: ['queue'], removed: ['call back', 'refund'] });
      expect((await t.api('GET', `/v1/responses/${ids.billingDetractor}`, { key })).body.tags).toEqual([
        'queue',
        'vip',
      ]);

      const [entry] = (await t.api('GET', '/v1/audit-log?limit=1', { key })).body.data;
      expect(entry).toMatchObject({
        action: 'responses.tags.update',
        actor: { type: 'user', label: 'ella@acme.fi' },
        target: { type: 'responses', id: ids.billingDetractor },
        details: { added: ['queue'], removed: ['call back', 'refund'] },
      });
    });

    it('filters the list by tag and ranks the tags in use', async () => {
      await t.api('PUT', `/v1/responses/${ids.supportDetractor}/tags`, { key, body: { tags: ['vip'] } });
      const vip = (await t.api('GET', '/v1/responses?tag=VIP', { key })).body.data.map((r: { id: string }) => r.id);
      expect(vip.sort()).toEqual([ids.billingDetractor, ids.supportDetractor].sort());
      expect((await t.api('GET', '/v1/responses/tags', { key })).body).toEqual({
        tags: [
          { tag: 'vip', responses: 2 },
          { tag: 'queue', responses: 1 },
        ],
      });
    });

    it('refuses an agent (403), an unknown response (404) and bad tags (422)', async () => {
      const agent = await as('agent', 'PUT', `/v1/responses/${ids.billingDetractor}/tags`, { tags: ['x'] });
      expect(agent.body).toMatchObject({ status: 403, permission: 'responses:annotate' });
      expectProblem(await t.api('PUT', `/v1/responses/${randomUUID()}/tags`, { key, body: { tags: ['x'] } }), 404);
      expectProblem(
        await t.api('PUT', `/v1/responses/${ids.billingDetractor}/tags`, { key, body: { tags: ['  '] } }),
        422,
        ['tags.0'],
      );
      expectProblem(
        await t.api('PUT', `/v1/responses/${ids.billingDetractor}/tags`, { key, body: { tags: ['x'.repeat(51)] } }),
        422,
        ['tags.0'],
      );
      expectProblem(await t.api('PUT', `/v1/responses/${ids.billingDetractor}/tags`, { key, body: {} }), 422, ['tags']);
    });

    it('goes with the response when the contact is erased', async () => {
      const [{ contact_id }] = await t.db.query(`SELECT contact_id FROM responses WHERE id = $1`, [
        ids.supportDetractor,
      ]);
      expect((await t.api('DELETE', `/v1/contacts/${contact_id}`, { key })).status).toBeLessThan(300);
      const left = await t.db.query(`SELECT tag FROM response_tags WHERE response_id = $1`, [ids.supportDetractor]);
      expect(left).toEqual([]);
    });
  });
});
