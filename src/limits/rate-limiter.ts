import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { CounterMetric, Metrics } from '../common/metrics';
import { APP_CONFIG, AppConfig } from '../config/config';
import { gcraParameters, RateLimitCheck, RateLimitVerdict, UNLIMITED, verdictFrom } from './rate-limit-policy';

/**
 * GCRA over any number of buckets, atomically, in one round trip. Each key holds its bucket's
 * theoretical arrival time (TAT, µs on Redis's clock, the only clock: every process on every host
 * shares it). A request passes only if every bucket has room; then each bucket's TAT moves on by its
 * interval. A refused request changes nothing, so a client hammering a full bucket does not push
 * its own reset further away. Answers `allowed` and each bucket's TAT minus now.
 * ARGV: interval and burst (µs) per key, in KEYS order.
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tats = {}
local allowed = 1
for i = 1, #KEYS do
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  if tat - now > tonumber(ARGV[2 * i]) then allowed = 0 end
  tats[i] = tat
end
local out = { allowed }
for i = 1, #KEYS do
  local tat = tats[i]
  if allowed == 1 then
    tat = tat + tonumber(ARGV[2 * i - 1])
    redis.call('SET', KEYS[i], tat, 'PX', math.ceil((tat - now) / 1000) + 1000)
  end
  out[i + 1] = tat - now
end
return out
`;

/** How long a request waits for Redis before it is let through unlimited. */
const COMMAND_TIMEOUT_MS = 250;

type GcraRedis = Redis & { gcra(...args: Array<string | number>): Promise<number[]> };

/**
 * Rate limits shared by every process through Redis, for any caller: the API's per-key and per-address
 * limits, the survey page, the Twilio webhooks, and whatever else needs "at most N per minute per X"
 * (sign-in attempts per address and per IP next). A check is one EVALSHA, whatever number of buckets.
 *
 * It fails open: when Redis cannot be reached within 250 ms the request goes through unlimited (and
 * is counted in palaute_rate_limit_errors_total). Refusing all traffic because the limiter's store is
 * down would turn a Redis hiccup into an outage of the API.
 */
@Injectable()
export class RateLimiter implements OnApplicationBootstrap, OnApplicationShutdown {
  private redis?: GcraRedis;
  private readonly decisions: CounterMetric<'policy' | 'decision'>;
  private readonly errors: CounterMetric<never>;
  private lastWarning = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.decisions = metrics.counter(
      'palaute_rate_limit_decisions_total',
      'Requests checked against a rate limit, by policy and decision (allowed, limited).',
      ['policy', 'decision'],
    );
    this.errors = metrics.counter(
      'palaute_rate_limit_errors_total',
      'Checks that could not reach Redis in time and let the request through unlimited.',
      [],
    );
  }

  /** Whether limits apply at all (RATE_LIMIT_ENABLED). */
  get enabled(): boolean {
    return this.config.rateLimits.enabled;
  }

  /** Takes one request from every bucket, or from none when any is full. */
  async consume(checks: RateLimitCheck[]): Promise<RateLimitVerdict> {
    if (!this.enabled || checks.length === 0) return UNLIMITED;
    const redis = this.connection();
    // Not connected (yet, or any more): do not queue behind a reconnect.
    if (redis.status !== 'ready') return this.failOpen(new Error(`redis is ${redis.status}`));
    const keys = checks.map((c) => `${this.config.queuePrefix}:rl:${c.policy.name}:${c.partition}`);
    const args = checks.flatMap((c) => {
      const { intervalUs, burstUs } = gcraParameters(c.policy);
      return [intervalUs, burstUs];
    });
    let answer: number[];
    try {
      answer = await redis.gcra(keys.length, ...keys, ...args);
    } catch (err) {
      return this.failOpen(err as Error);
    }
    const verdict = verdictFrom(checks, answer[0] === 1, answer.slice(1));
    for (const { policy } of checks) {
      const limited = verdict.violated.includes(policy.name);
      this.decisions.inc({ policy: policy.name, decision: limited ? 'limited' : 'allowed' });
    }
    return verdict;
  }

  /** The API answers requests from the start, so it connects at boot (waiting at most 2 s for Redis). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled || this.config.role === 'worker') return;
    const redis = this.connection();
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }

  /** Opened at boot by the API, on first use elsewhere: a worker that never checks a limit holds no connection for it. */
  private connection(): GcraRedis {
    if (!this.redis) {
      const redis = new IORedis(this.config.redisUrl, {
        commandTimeout: COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        // Checks made in the same tick (concurrent requests) go out in one write: a syscall per
        // request was the limiter's main cost under load.
        enableAutoPipelining: true,
      });
      redis.on('error', (err: Error) => this.warn(err));
      // EVALSHA with the script's digest, falling back to EVAL once per connection.
      redis.defineCommand('gcra', { lua: GCRA });
      this.redis = redis as GcraRedis;
    }
    return this.redis;
  }

  private failOpen(err: Error): RateLimitVerdict {
    this.errors.inc({});
    this.warn(err);
    return UNLIMITED;
  }

  /** At most one warning every 10 s: an outage must not flood the log with one line per request. */
  private warn(err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.log.warn({ err: err.message }, 'rate limiter cannot reach Redis; requests pass unlimited meanwhile');
  }
}
