import { Problem } from '../common/problem';
import { RateLimitVerdict } from './rate-limit-policy';

/** The problem type draft-ietf-httpapi-ratelimit-headers registers for a refused request. */
export const QUOTA_EXCEEDED_TYPE = 'https://iana.org/assignments/http-problem-types#quota-exceeded';

/** A policy name as a Structured Fields String (the draft requires a String identifier). */
function sfString(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10), plus
 * Retry-After on a refusal. Each is a Structured Fields List with one item per bucket the request
 * was counted against:
 *
 *     RateLimit-Policy: "ingest";q=6000;w=60
 *     RateLimit: "ingest";r=5999;t=1
 *
 * `t` is when the bucket is full again, or, for a bucket that refused, when it takes the next
 * request: the same instant as Retry-After (which the draft says must not come earlier).
 */
export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  if (verdict.standings.length === 0) return {};
  const headers: Record<string, string> = {
    'RateLimit-Policy': verdict.standings
      .map(({ policy }) => `${sfString(policy.name)};q=${policy.quota};w=${policy.windowSeconds}`)
      .join(', '),
    RateLimit: verdict.standings
      .map((s) => `${sfString(s.policy.name)};r=${s.remaining};t=${s.resetSeconds}`)
      .join(', '),
  };
  if (!verdict.allowed) headers['Retry-After'] = String(verdict.retryAfterSeconds);
  return headers;
}

/** 429 problem+json of the draft's "quota exceeded" type, naming the policies the request broke. */
export function quotaExceeded(verdict: RateLimitVerdict): Problem {
  return new Problem(
    429,
    'Too Many Requests',
    `Rate limit reached; retry in ${verdict.retryAfterSeconds} s.`,
    undefined,
    undefined,
    { 'violated-policies': verdict.violated },
    QUOTA_EXCEEDED_TYPE,
  );
}
