import { Client } from 'pg';

import { supportSurvey, ticketClosed } from '../support/fixtures';
import { TcpProxy } from '../support/tcp-proxy';
import { eventually, startTestApp, TestApp } from '../support/test-app';

const CLIENTS = 4;
const EVENTS_PER_CLIENT = 20;

interface Answer {
  status: number;
  retryAfter: string | null;
  contentType: string | null;
  body: { status?: number; type?: string };
}

/**
 * Postgres goes away in the middle of ingest: the API reaches it through a TCP proxy inside the
 * test, which resets every open connection and refuses new ones, then comes back. CRMs posting
 * events meanwhile get 503 problem+json with Retry-After (not 500), wait as told and retry with
 * the same Idempotency-Key; once Postgres is back every event exists exactly once, with its
 * one invitation, whether or not the attempt that was cut off had committed.
 */
describe('chaos: Postgres cut mid-ingest', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let direct: Client;

  beforeAll(async () => {
    proxy = await TcpProxy.start({ port: 5432 });
    // A short key cache, so authentication meets the outage too, as it would on a quiet key.
    t = await startTestApp({ ROLE: 'api', API_KEY_CACHE_MS: '200' }, undefined, {
      databaseUrl: (url) => proxy.rewrite(url),
    });
    // The test's own view of the database does not go through the proxy.
    direct = new Client({ connectionString: t.databaseUrl });
    await direct.connect();
  });

  afterAll(async () => {
    await direct?.end();
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After while it is down; retries then create each event once', async () => {
    const { apiKey: key } = await t.workspace();
    const survey = await t.api('POST', '/v1/surveys', { key, body: supportSurvey });
    const campaign = await t.api('POST', '/v1/campaigns', {
      key,
      body: {
        name: 'Later',
        surveyId: survey.body.id,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
        delay: 'P1D',
      },
    });
    await t.api('POST', `/v1/campaigns/${campaign.body.id}/status`, { key, body: { status: 'active' } });

    const answers: Answer[] = [];
    let accepted = 0;
    const post = async (n: string): Promise<Answer> => {
      const res = await fetch(`${t.baseUrl}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `key-${n}` },
        body: JSON.stringify(ticketClosed(n)),
      });
      const answer: Answer = {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        contentType: res.headers.get('content-type'),
        body: (await res.json()) as Answer['body'],
      };
      answers.push(answer);
      return answer;
    };
    // A CRM: posts its events one after another; on 503 it waits Retry-After seconds and retries the same one.
    const crm = async (c: number) => {
      for (let i = 0; i < EVENTS_PER_CLIENT; i++) {
        for (let tries = 0; ; tries++) {
          const answer = await post(`${c}-${i}`);
          if (answer.status === 202) break;
          if (answer.status !== 503 || tries > 20) throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
          await new Promise((r) => setTimeout(r, Number(answer.retryAfter) * 1000));
        }
        accepted++;
      }
    };
    const crms = Promise.all(Array.from({ length: CLIENTS }, (_, c) => crm(c)));

    // Cut once a quarter of the events are in, with requests in flight.
    await eventually(async () => accepted >= (CLIENTS * EVENTS_PER_CLIENT) / 4, 30000, 5);
    await proxy.cut();
    const cutAt = answers.length;
    // Down until every CRM has been told to come back later (and readiness says why).
    await eventually(async () => answers.slice(cutAt).filter((a) => a.status === 503).length >= CLIENTS, 30000);
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { postgres: 'down', redis: 'up' } });
    await proxy.restore();
    await crms;

    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThanOrEqual(CLIENTS);
    for (const a of unavailable) {
      expect(a.retryAfter).toBe('5');
      expect(a.contentType).toMatch(/^application\/problem\+json/);
      expect(a.body).toMatchObject({ status: 503, type: 'https://palaute.dev/problems/unavailable' });
    }
    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);

    const { rows: events } = await direct.query(
      `SELECT idempotency_key, count(*)::int AS n FROM events GROUP BY idempotency_key ORDER BY idempotency_key`,
    );
    expect(events).toHaveLength(CLIENTS * EVENTS_PER_CLIENT);
    expect(events.filter((e) => e.n !== 1)).toEqual([]);
    const { rows: invitations } = await direct.query(
      `SELECT e.idempotency_key, count(i.id)::int AS n FROM events e LEFT JOIN invitations i ON i.event_id = e.id GROUP BY e.idempotency_key`,
    );
    expect(invitations.filter((r) => r.n !== 1)).toEqual([]);
  }, 110000);
});
