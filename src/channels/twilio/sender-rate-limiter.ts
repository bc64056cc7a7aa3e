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

/** The spacing of a sender's slots in microseconds (Redis TIME's unit): never zero, so a huge rate still orders its sends. */
export function slotIntervalUs(perSecond: number): number {
  return Math.max(1, Math.round(1_000_000 / perSecond));
}

/** The Redis key of a sender's schedule; one per sender, shared by every worker on the same queue prefix. */
export function senderRateKey(keyPrefix: string, sender: string): string {
  return `${keyPrefix}:sms-rate:${sender}`;
}

/**
 * The script's answer `[reserved, waitUs]` in milliseconds. A reserved wait rounds down (a wait
 * under a millisecond is no wait: sleeping for it would cost more than it spaces); a refusal
 * rounds up, so the job never comes back before its slot could be free.
 */
export function slotDecision([reserved, waitUs]: [number, number]): SlotDecision {
  return reserved === 1
    ? { reserved: true, waitMs: Math.floor(waitUs / 1000) }
    : { reserved: false, waitMs: Math.ceil(waitUs / 1000) };
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
    const reply = (await this.redis.eval(
      RESERVE,
      1,
      senderRateKey(this.keyPrefix, sender),
      slotIntervalUs(perSecond),
      this.maxWaitMs * 1000,
    )) as [number, number];
    return slotDecision(reply);
  }
}
