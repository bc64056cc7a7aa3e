/**
 * A reproducible random source for chaos tests: the seed comes from `CHAOS_SEED` or the clock,
 * and tests put it in their failure messages, so a failing run can be repeated exactly with
 * `CHAOS_SEED=<seed> npx jest test/chaos/…`.
 */
export function seededRandom(seed = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31)): {
  seed: number;
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max]. */
  between: (min: number, max: number) => number;
} {
  // mulberry32: small, fast and good enough to pick kill points.
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, between: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}
