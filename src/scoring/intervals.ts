import { assertCounts, assertPartsOf } from './count-checks';
import { studentTQuantile } from './student-t';

/** z for a two-sided 95% interval, as the scoring issue states it (exact: 1.959964…). */
export const Z95 = 1.96;

/** A closed interval, in the unit of the figure it brackets. */
export interface Interval {
  low: number;
  high: number;
}

/** A mean with its two-sided 95% t-interval; `margin` is the half-width. */
export interface MeanInterval extends Interval {
  mean: number;
  margin: number;
}

/**
 * Variance of one answer's NPS contribution (+1 promoter, 0 passive, −1 detractor), in
 * proportion² units: E[X²] − E[X]² = (p + d) − (p − d)². Shared with the NPS comparison.
 */
export function npsVariance(promoters: number, detractors: number, n: number): number {
  const p = promoters / n;
  const d = detractors / n;
  // Clamped: for a pure sample the two terms cancel to a rounding-noise negative.
  return Math.max(0, p + d - (p - d) ** 2);
}

/**
 * 95% margin of error of an NPS in NPS points: 1.96 × 100 × √((p + d − (p − d)²) / n).
 * NPS is a mean of +1/0/−1 per answer, so the normal approximation of a mean applies; the
 * margin is 0 for a sample of only promoters (or only detractors), which is why small samples
 * are flagged separately (`tooFewToJudge`). Null when there are no answers.
 */
export function npsMargin(promoters: number, detractors: number, n: number): number | null {
  assertPartsOf(n, { promoters, detractors });
  if (n === 0) return null;
  return Z95 * 100 * Math.sqrt(npsVariance(promoters, detractors, n) / n);
}

/**
 * Wilson score interval for a share, in percent (0…100). Chosen over the textbook Wald interval
 * p ± z√(p(1−p)/n) because Wald collapses to zero width at 0% or 100% (5 of 5 satisfied would read
 * as "100% ± 0") and undercovers for small n or extreme shares; Wilson stays inside 0…100 and
 * keeps close to its nominal coverage (Brown, Cai & DasGupta 2001). Null when n is 0.
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  assertPartsOf(n, { successes });
  if (!(z > 0) || !Number.isFinite(z)) throw new RangeError(`z must be a positive number, got ${z}`);
  if (n === 0) return null;
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  // At 0 or n successes the bound is exactly 0 or 100 in exact arithmetic; clamp the rounding noise.
  return {
    low: successes === 0 ? 0 : Math.max(0, (centre - half) * 100),
    high: successes === n ? 100 : Math.min(100, (centre + half) * 100),
  };
}

/**
 * Sample variance from sufficient statistics. Written as (n·Σx² − (Σx)²) / (n(n − 1)) so that
 * integer answers give exact integer arithmetic up to 2⁵³ (a constant sample gives exactly 0),
 * rather than the cancelling Σx²/n − mean².
 */
export function sampleVariance(n: number, sum: number, sumOfSquares: number): number {
  return Math.max(0, (n * sumOfSquares - sum * sum) / (n * (n - 1)));
}

/**
 * Mean with a 95% Student t-interval, from the additive sufficient statistics a rollup keeps
 * (n, Σx, Σx²). t rather than z because the variance is estimated from the same sample, which
 * matters at the small n a single campaign often has. Null below 2 answers: one answer says
 * nothing about spread.
 */
export function meanInterval(n: number, sum: number, sumOfSquares: number): MeanInterval | null {
  assertCounts({ n, sumOfSquares });
  if (!Number.isFinite(sum)) throw new RangeError(`sum must be a finite number, got ${sum}`);
  if (n < 2) return null;
  const mean = sum / n;
  const margin = studentTQuantile(0.975, n - 1) * Math.sqrt(sampleVariance(n, sum, sumOfSquares) / n);
  return { mean, low: mean - margin, high: mean + margin, margin };
}
