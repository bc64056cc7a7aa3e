import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/** A counter that says whether one more attempt fits its limit in the current window. */
export interface AttemptLimiter {
  /** Counts an attempt under `key`; refused once `limit` attempts were counted in the window. */
  hit(key: string, limit: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

/** Nest token for the sign-in attempt limiter (swap in a general rate limiter by providing this). */
export const SIGN_IN_LIMITER = Symbol('SIGN_IN_LIMITER');

const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

/**
 * Fixed-window counters in Redis, shared by every API process. Keys carry a SHA-256 of the
 * address or IP, never the value itself: Redis is clear text and outlives erasure requests.
 */
export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly windowMs: number,
  ) {}

  async hit(key: string, limit: number): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const [count, ttl] = (await this.redis.eval(COUNT, 1, `${this.keyPrefix}:attempts:${digest}`, this.windowMs)) as [
      number,
      number,
    ];
    return { allowed: count <= limit, retryAfterMs: count <= limit ? 0 : Math.max(ttl, 0) };
  }
}
