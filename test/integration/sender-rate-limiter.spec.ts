import { performance } from 'node:perf_hooks';

import IORedis, { Redis } from 'ioredis';

import { senderRateKey, SenderRateLimiter } from '../../src/channels/twilio/sender-rate-limiter';
import { REDIS_URL, uniqueQueuePrefix } from '../support/databases';

/**
 * The GCRA script on a real Redis, through two connections as two workers would use it. Slot
 * times are checked against the time each call was made, so a slow machine widens the bounds
 * instead of failing them.
 */
describe('SenderRateLimiter on Redis', () => {
  let a: Redis;
  let b: Redis;
  let prefix: string;

  beforeAll(() => {
    a = new IORedis(REDIS_URL);
    b = new IORedis(REDIS_URL);
  });
  beforeEach(() => {
    prefix = uniqueQueuePrefix();
  });
  afterEach(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length) await a.del(...keys);
  });
  afterAll(async () => {
    await a.quit();
    await b.quit();
  });

  it('hands out slots exactly 1/rate apart and refuses one more than maxWait ahead', async () => {
    const limiter = new SenderRateLimiter(a, prefix, 1000);
    const calls: Array<{ before: number; after: number; reserved: boolean; waitMs: number }> = [];
    for (let i = 0; i < 7; i++) {
      const before = performance.now();
      const slot = await limiter.reserve('+15005550006', 5);
      calls.push({ before, after: performance.now(), ...slot });
    }
    // Slot i is 200·i ms after slot 0; the wait is that minus how long ago call 0 ran (± rounding).
    const first = calls[0];
    expect(first).toMatchObject({ reserved: true, waitMs: 0 });
    calls.slice(0, 6).forEach((c, i) => {
      expect(c.reserved).toBe(true);
      expect(c.waitMs).toBeGreaterThanOrEqual(Math.floor(200 * i - (c.after - first.before)) - 1);
      expect(c.waitMs).toBeLessThanOrEqual(Math.ceil(200 * i - (c.before - first.after)) + 1);
    });
    // Slot 6 would be 1200 ms after slot 0: more than a second away, so nothing is reserved.
    const refused = calls[6];
    expect(refused.reserved).toBe(false);
    expect(refused.waitMs).toBeGreaterThan(1000);
    expect(refused.waitMs).toBeLessThanOrEqual(Math.ceil(1200 - (refused.before - first.after)) + 1);
  });

  it('shares one schedule between connections: 20 concurrent requests get exactly the 3 free slots', async () => {
    const one = new SenderRateLimiter(a, prefix, 1000);
    const two = new SenderRateLimiter(b, prefix, 1000);
    const started = performance.now();
    const slots = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).reserve('+15005550006', 2)),
    );
    const elapsed = performance.now() - started;
    // At 2/s slots are 500 ms apart: 0, 500 and 1000 ms fit within a second, whoever asks (a
    // fourth only if the calls themselves took over 500 ms, as they can on a stalled machine).
    const reserved = slots.filter((s) => s.reserved).map((s) => s.waitMs);
    expect(reserved.length).toBeGreaterThanOrEqual(3);
    expect(reserved.length).toBeLessThanOrEqual(3 + Math.floor(elapsed / 500));
    reserved
      .sort((x, y) => x - y)
      .forEach((wait, i) => {
        expect(wait).toBeLessThanOrEqual(500 * i);
        expect(wait).toBeGreaterThanOrEqual(500 * i - elapsed - 1);
      });
    for (const s of slots.filter((x) => !x.reserved)) expect(s.waitMs).toBeGreaterThan(1000);
  });

  it('keeps each sender on its own schedule', async () => {
    const limiter = new SenderRateLimiter(a, prefix, 1000);
    for (let i = 0; i < 3; i++) await limiter.reserve('+15005550006', 2);
    expect((await limiter.reserve('+15005550006', 2)).reserved).toBe(false);
    expect(await limiter.reserve('+15005550007', 2)).toEqual({ reserved: true, waitMs: 0 });
    expect(await limiter.reserve('calls:AC01', 2)).toEqual({ reserved: true, waitMs: 0 });
  });

  it('lets the schedule expire a second after its last slot, so an idle sender leaves nothing behind', async () => {
    const limiter = new SenderRateLimiter(a, prefix, 1000);
    await limiter.reserve('+15005550006', 2);
    await limiter.reserve('+15005550006', 2);
    // The next free slot is ≤ 1000 ms away; the key lives until a second after it.
    const ttl = await a.pttl(senderRateKey(prefix, '+15005550006'));
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(2001);
  });
});
