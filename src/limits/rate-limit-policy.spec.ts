import { gcraParameters, perMinute, RateLimitCheck, verdictFrom } from './rate-limit-policy';

const SECOND = 1_000_000;
const check = (quota: number, windowSeconds = 60): RateLimitCheck => ({
  policy: { name: `p${quota}`, quota, windowSeconds },
  partition: 'k',
});

describe('gcraParameters', () => {
  it('spends one interval per request and lets a full bucket run a whole window ahead', () => {
    expect(gcraParameters(perMinute('admin', 600))).toEqual({ intervalUs: 100_000, burstUs: 59_900_000 });
    expect(gcraParameters({ name: 'x', quota: 3, windowSeconds: 3 })).toEqual({
      intervalUs: SECOND,
      burstUs: 2 * SECOND,
    });
  });
});

describe('verdictFrom', () => {
  // 3 per 3 s: each request costs 1 s; a bucket may run up to 2 s ahead before the next is refused.
  const three = check(3, 3);

  it('counts down what remains as the bucket fills, and says when it is full again', () => {
    expect(verdictFrom([three], true, [1 * SECOND]).standings[0]).toMatchObject({ remaining: 2, resetSeconds: 1 });
    expect(verdictFrom([three], true, [2 * SECOND]).standings[0]).toMatchObject({ remaining: 1, resetSeconds: 2 });
    expect(verdictFrom([three], true, [3 * SECOND]).standings[0]).toMatchObject({ remaining: 0, resetSeconds: 3 });
  });

  it('refuses with the wait until the bucket takes one more, as both t and Retry-After', () => {
    const verdict = verdictFrom([three], false, [3 * SECOND]);
    expect(verdict).toMatchObject({ allowed: false, retryAfterSeconds: 1, violated: ['p3'] });
    expect(verdict.standings[0]).toMatchObject({ remaining: 0, resetSeconds: 1 });
  });

  it('rounds a wait up to whole seconds and never says 0 on a refusal', () => {
    expect(verdictFrom([three], false, [2 * SECOND + 1]).retryAfterSeconds).toBe(1);
    expect(verdictFrom([three], false, [3 * SECOND + 200_000]).retryAfterSeconds).toBe(2);
  });

  it('names only the buckets that were full when several were asked at once', () => {
    const roomy = check(100);
    const verdict = verdictFrom([roomy, three], false, [10 * SECOND, 3 * SECOND]);
    expect(verdict.violated).toEqual(['p3']);
    expect(verdict.standings[0].remaining).toBe(Math.floor((60 - 10) / 0.6));
  });

  it('reads a fresh bucket as full', () => {
    expect(verdictFrom([check(600)], true, [100_000]).standings[0]).toMatchObject({ remaining: 599, resetSeconds: 1 });
  });
});
