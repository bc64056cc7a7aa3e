import { tally } from './distribution';
import type { Distribution } from './metric-types';

/**
 * Sufficient statistics of a numeric answer: everything a mean and its t-interval need, and
 * all of it additive, so rollups can be summed across days or segments before the maths runs.
 */
export interface Moments {
  n: number;
  /** Σ value × count. */
  sum: number;
  /** Σ value² × count. */
  sumOfSquares: number;
}

/** Moments of a distribution over the integer scale [min, max], with `tally`'s filtering of stray entries. */
export function momentsFromDistribution(dist: Distribution, min: number, max: number): Moments {
  const t = tally(dist, min, max);
  let sumOfSquares = 0;
  for (let v = min; v <= max; v++) sumOfSquares += v * v * t.countBetween(v, v);
  return { n: t.n, sum: t.sum, sumOfSquares };
}
