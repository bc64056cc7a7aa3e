/**
 * A quota: at most `quota` requests per `windowSeconds`, as the RateLimit-Policy header states it
 * (draft-ietf-httpapi-ratelimit-headers). `name` is the policy's identifier in the headers and in
 * the Redis key, so it stays short and stable.
 */
export interface RateLimitPolicy {
  name: string;
  quota: number;
  windowSeconds: number;
}

/** One bucket to take a request from: a policy and whose quota it is (a key id, an address). */
export interface RateLimitCheck {
  policy: RateLimitPolicy;
  partition: string;
}

/** Where one bucket stands after a request. */
export interface PolicyStanding {
  policy: RateLimitPolicy;
  /** Requests that would still pass right now. */
  remaining: number;
  /**
   * The `t` of the RateLimit header. Passed: seconds until the bucket is full again (all `quota`
   * requests available). Refused by this bucket: seconds until it takes a request, as Retry-After.
   */
  resetSeconds: number;
}

/** The answer for a request: it passes only if every bucket had room; a refused request takes nothing. */
export interface RateLimitVerdict {
  allowed: boolean;
  standings: PolicyStanding[];
  /** Refused: seconds until the request would pass (at least 1); allowed: 0. */
  retryAfterSeconds: number;
  /** Names of the policies that refused it. */
  violated: string[];
}

/** A rate in requests per minute as a policy (every limit here has a one-minute window). */
export function perMinute(name: string, quota: number): RateLimitPolicy {
  return { name, quota, windowSeconds: 60 };
}

/** A verdict that lets the request through without a word: the limiter is off or could not be asked. */
export const UNLIMITED: RateLimitVerdict = { allowed: true, standings: [], retryAfterSeconds: 0, violated: [] };

/**
 * GCRA parameters of a policy in microseconds: one request "costs" `interval`, and a bucket may run
 * up to `burst` ahead of now, so a full bucket takes `quota` requests at once and then one per interval.
 */
export function gcraParameters(policy: RateLimitPolicy): { intervalUs: number; burstUs: number } {
  const windowUs = policy.windowSeconds * 1_000_000;
  const intervalUs = Math.max(1, Math.floor(windowUs / policy.quota));
  return { intervalUs, burstUs: windowUs - intervalUs };
}

/**
 * Reads the script's answer: `allowed`, then per bucket the microseconds its theoretical arrival
 * time is ahead of now (after this request, when it passed).
 */
export function verdictFrom(checks: RateLimitCheck[], allowed: boolean, aheadUs: number[]): RateLimitVerdict {
  const standings: PolicyStanding[] = [];
  const violated: string[] = [];
  let retryUs = 0;
  checks.forEach(({ policy }, i) => {
    const { intervalUs, burstUs } = gcraParameters(policy);
    const ahead = Math.max(0, aheadUs[i] ?? 0);
    // This bucket refused when taking one more would put it past its burst.
    const refused = !allowed && ahead > burstUs;
    const waitUs = refused ? ahead - burstUs : ahead;
    standings.push({
      policy,
      remaining: Math.max(0, Math.min(policy.quota, Math.floor((burstUs + intervalUs - ahead) / intervalUs))),
      resetSeconds: Math.max(refused ? 1 : 0, Math.ceil(waitUs / 1_000_000)),
    });
    if (refused) {
      violated.push(policy.name);
      retryUs = Math.max(retryUs, waitUs);
    }
  });
  return {
    allowed,
    standings,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(retryUs / 1_000_000)),
    violated,
  };
}
