import pino from 'pino';
import { parseList } from 'structured-headers';

import { Metrics } from '../../src/common/metrics';
import { loadConfig } from '../../src/config/config';
import { QUOTA_EXCEEDED_TYPE } from '../../src/limits/rate-limit-headers';
import { RateLimiter } from '../../src/limits/rate-limiter';
import { ticketClosed } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** A RateLimit field as an independent Structured Fields parser reads it: remaining and reset per policy. */
function standing(headers: Headers): Record<string, { r: number; t: number }> {
  const value = headers.get('ratelimit');
  if (!value) return {};
  return Object.fromEntries(
    parseList(value).map(([item, params]) => [
      String(item),
      { r: Number(params.get('r')), t: Number(params.get('t')) },
    ]),
  );
}

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      ROLE: 'api',
      RATE_LIMIT_ADMIN_PER_MINUTE: '5',
      RATE_LIMIT_INGEST_PER_MINUTE: '8',
      RATE_LIMIT_SURVEY_PAGE_PER_MINUTE: '4',
      RATE_LIMIT_TWILIO_PER_MINUTE: '3',
      RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3',
      RATE_LIMIT_MAX_PER_MINUTE: '1000',
      // Every request of this suite comes from 127.0.0.1: trusting no proxy, X-Forwarded-For is ignored.
      TRUST_PROXY: '0',
    });
  });

  afterAll(() => t?.close());

  it('gives each admin key its quota, announces it, and answers 429 with Retry-After when it is spent', async () => {
    const { apiKey: key } = await t.workspace();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await t.api('GET', '/v1/surveys', { key }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[0].headers.get('ratelimit-policy')).toBe('"admin";q=5;w=60');
    expect(answers.slice(0, 5).map((a) => standing(a.headers).admin.r)).toEqual([4, 3, 2, 1, 0]);

    const refused = answers[5];
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: QUOTA_EXCEEDED_TYPE,
      status: 429,
      'violated-policies': ['admin'],
      instance: '/v1/surveys',
    });
    // One request per 12 s comes back; Retry-After and t name the same moment.
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(standing(refused.headers).admin).toEqual({ r: 0, t: retryAfter });
    expect(refused.headers.get('x-request-id')).toBeTruthy();
  });

  it('keeps keys apart, and lets ingest keys take more than admin keys', async () => {
    const { apiKey: admin } = await t.workspace();
    const created = await t.api('POST', '/v1/api-keys', { key: admin, body: { name: 'crm', scope: 'ingest' } });
    const ingest = created.body.apiKey as string;
    const statuses = [];
    for (let i = 0; i < 9; i++)
      statuses.push((await t.api('POST', '/v1/events', { key: ingest, body: ticketClosed(`ing-${i}`) })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202, 202, 202, 429]);
    // The admin key spent one request creating the ingest key: four left, whatever the ingest key did.
    const next = await t.api('GET', '/v1/surveys', { key: admin });
    expect(next.status).toBe(200);
    expect(standing(next.headers).admin.r).toBe(3);
  });

  it("applies a workspace's own rates to its keys, within RATE_LIMIT_MAX_PER_MINUTE", async () => {
    const { apiKey: admin } = await t.workspace();
    const other = await t.workspace();
    expect((await t.api('GET', '/v1/settings/rate-limits', { key: admin })).body).toEqual({
      adminPerMinute: null,
      ingestPerMinute: null,
      effective: { adminPerMinute: 5, ingestPerMinute: 8 },
    });
    const tooHigh = await t.api('PUT', '/v1/settings/rate-limits', {
      key: admin,
      body: { adminPerMinute: 1001, ingestPerMinute: null },
    });
    expect(tooHigh.status).toBe(422);
    expect(tooHigh.body.errors).toEqual([{ path: 'adminPerMinute', message: 'must be at most 1000' }]);
    const put = await t.api('PUT', '/v1/settings/rate-limits', {
      key: admin,
      body: { adminPerMinute: 20, ingestPerMinute: 2 },
    });
    expect(put.body).toEqual({
      adminPerMinute: 20,
      ingestPerMinute: 2,
      effective: { adminPerMinute: 20, ingestPerMinute: 2 },
    });
    const next = await t.api('GET', '/v1/surveys', { key: admin });
    expect(next.headers.get('ratelimit-policy')).toBe('"admin";q=20;w=60');

    const ingest = (await t.api('POST', '/v1/api-keys', { key: admin, body: { name: 'crm', scope: 'ingest' } })).body
      .apiKey as string;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.api('POST', '/v1/events', { key: ingest, body: ticketClosed(`own-${i}`) })).status);
    expect(statuses).toEqual([202, 202, 429]);
    // The other workspace keeps the defaults.
    const theirs = await t.api('GET', '/v1/surveys', { key: other.apiKey });
    expect(theirs.headers.get('ratelimit-policy')).toBe('"admin";q=5;w=60');
  });

  it('limits requests without a valid key per address, and only those', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await t.api('GET', '/v1/surveys', { key: 'pal_000000000000_nope' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A valid key from the same address is counted against its own bucket.
    const { apiKey } = await t.workspace();
    expect((await t.api('GET', '/v1/surveys', { key: apiKey })).status).toBe(200);
  });

  it('limits the survey pages per address, and an X-Forwarded-For from an untrusted peer gets no fresh bucket', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${t.baseUrl}/s/guess-${i}`, { headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toMatchObject({ type: QUOTA_EXCEEDED_TYPE, 'violated-policies': ['survey-page'] });
      }
    }
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
  });

  it('limits the Twilio webhooks per address before reading them', async () => {
    const { workspaceId } = await t.workspace();
    const post = () =>
      fetch(`${t.baseUrl}/webhooks/twilio/${workspaceId}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'MessageSid=SM1&From=%2B358401234567&To=%2B15005550006&Body=9',
      });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post());
    // Unsigned, so refused for that until the limit comes first.
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 429]);
    expect(answers[3].headers.get('ratelimit-policy')).toBe('"twilio";q=3;w=60');
    expect(answers[3].headers.get('x-content-type-options')).toBe('nosniff');
    expect(answers[3].headers.get('x-request-id')).toBeTruthy();
  });

  it('does not limit health checks, metrics or docs', async () => {
    for (let i = 0; i < 8; i++) expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/metrics`)).headers.get('ratelimit')).toBeNull();
  });

  it('lets requests through unlimited when Redis cannot be reached, and counts that', async () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_ADMIN_PER_MINUTE: '1' });
    const metrics = new Metrics({ processMetrics: false });
    const limiter = new RateLimiter(config, pino({ level: 'silent' }), metrics);
    const policy = { name: 'admin', quota: 1, windowSeconds: 60 };
    try {
      for (let i = 0; i < 3; i++)
        expect(await limiter.consume([{ policy, partition: 'k' }])).toMatchObject({ allowed: true, standings: [] });
      expect(await metrics.render()).toMatch(/^palaute_rate_limit_errors_total 3$/m);
    } finally {
      limiter.onApplicationShutdown();
    }
  });
});

describe('rate limits off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ROLE: 'api', RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_ADMIN_PER_MINUTE: '1' });
  });

  afterAll(() => t?.close());

  it('counts nothing and says nothing', async () => {
    const { apiKey: key } = await t.workspace();
    for (let i = 0; i < 3; i++) {
      const res = await t.api('GET', '/v1/surveys', { key });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
  });
});
