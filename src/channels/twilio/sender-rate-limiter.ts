import type { Redis } from 'ioredis';

// GCRA ("virtual scheduling"): one key per sender holds the theoretical arrival time of the next
// message. A caller reserves the next free slot when it is at most maxWait away; otherwise nothing
// is reserved and the caller is told how long to stay away. Redis's clock is the only clock, so
// every worker on every host shares one schedule.
const RESERVE = `
local interval = tonumber(ARGV[1])
local max_wait = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now
if wait > max_wait then return {0, wait} end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil((tat + interval - now) / 1000) + 1000)
return {1, wait}
`;

export interface SlotDecision {
  /** A slot was reserved: send after `waitMs`. Not reserved: come back after `waitMs`. */
  reserved: boolean;
  waitMs: number;
}

/** Spaces messages from one sender evenly at `perSecond`, across all workers. */
export class SenderRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Reserve slots up to this far ahead; a job further back is delayed in the queue instead of holding a worker. */
    private readonly maxWaitMs = 1000,
  ) {}

  async reserve(sender: string, perSecond: number): Promise<SlotDecision> {
    const intervalUs = Math.max(1, Math.round(1_000_000 / perSecond));
    const [reserved, waitUs] = (await this.redis.eval(
      RESERVE,
      1,
      `${this.keyPrefix}:sms-rate:${sender}`,
      intervalUs,
      this.maxWaitMs * 1000,
    )) as [number, number];
    // A wait under a millisecond is no wait: sleeping for it would cost more than it spaces.
    return { reserved: reserved === 1, waitMs: reserved === 1 ? Math.floor(waitUs / 1000) : Math.ceil(waitUs / 1000) };
  }
}
