import { parseList } from 'structured-headers';

import { toProblemBody } from '../common/problem.filter';
import { QUOTA_EXCEEDED_TYPE, quotaExceeded, rateLimitHeaders } from './rate-limit-headers';
import { RateLimitVerdict } from './rate-limit-policy';

const policy = { name: 'ingest', quota: 6000, windowSeconds: 60 };

/** The fields as an independent Structured Fields parser (RFC 9651) reads them. */
const read = (value: string) =>
  parseList(value).map(([item, params]) => ({ item, params: Object.fromEntries(params) }));

describe('rateLimitHeaders', () => {
  it('states the policy and the standing as Structured Field lists of String items', () => {
    const headers = rateLimitHeaders({
      allowed: true,
      standings: [{ policy, remaining: 5999, resetSeconds: 1 }],
      retryAfterSeconds: 0,
      violated: [],
    });
    expect(headers['RateLimit-Policy']).toBe('"ingest";q=6000;w=60');
    expect(read(headers['RateLimit-Policy'])).toEqual([{ item: 'ingest', params: { q: 6000, w: 60 } }]);
    expect(read(headers.RateLimit)).toEqual([{ item: 'ingest', params: { r: 5999, t: 1 } }]);
    expect(headers['Retry-After']).toBeUndefined();
  });

  it('adds Retry-After at the same instant as t on a refusal, and lists every bucket counted', () => {
    const verdict: RateLimitVerdict = {
      allowed: false,
      standings: [
        { policy, remaining: 0, resetSeconds: 7 },
        { policy: { name: 'survey-page', quota: 120, windowSeconds: 60 }, remaining: 30, resetSeconds: 20 },
      ],
      retryAfterSeconds: 7,
      violated: ['ingest'],
    };
    const headers = rateLimitHeaders(verdict);
    expect(headers['Retry-After']).toBe('7');
    expect(read(headers.RateLimit)).toEqual([
      { item: 'ingest', params: { r: 0, t: 7 } },
      { item: 'survey-page', params: { r: 30, t: 20 } },
    ]);
    expect(read(headers['RateLimit-Policy'])).toHaveLength(2);
  });

  it('says nothing when nothing was counted (limits off, or Redis unreachable)', () => {
    expect(rateLimitHeaders({ allowed: true, standings: [], retryAfterSeconds: 0, violated: [] })).toEqual({});
  });
});

describe('quotaExceeded', () => {
  it("is a 429 of the draft's quota-exceeded problem type naming the violated policies", () => {
    const body = toProblemBody(
      quotaExceeded({ allowed: false, standings: [], retryAfterSeconds: 3, violated: ['admin'] }),
    );
    expect(body).toMatchObject({
      type: QUOTA_EXCEEDED_TYPE,
      status: 429,
      title: 'Too Many Requests',
      'violated-policies': ['admin'],
    });
    expect(body.detail).toContain('3 s');
  });
});
