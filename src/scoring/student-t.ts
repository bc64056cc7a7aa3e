import { normalCdf, normalQuantile } from './normal';
import { logGamma, regularizedBeta } from './special-functions';

/**
 * P(T > |t|) for Student's t with `df` degrees of freedom, via I_x(df/2, ½) with
 * x = df / (df + t²). The tail is the primitive because p-values live there; 1 − x is passed
 * as t² / (df + t²) so small |t| with large df does not cancel. Non-integer df is fine (Welch).
 */
function upperTail(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
}

/** Student's t CDF. df = Infinity is the normal limit. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) throw new RangeError('studentTCdf needs a number, got NaN');
  if (df === Infinity) return normalCdf(t);
  const tail = upperTail(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** Student's t density; the Newton step in the quantile needs it. */
export function studentTPdf(t: number, df: number): number {
  checkDf(df);
  const logDensity =
    logGamma((df + 1) / 2) -
    logGamma(df / 2) -
    0.5 * Math.log(df * Math.PI) -
    ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/**
 * Inverse of the t CDF, for t-intervals at any df ≥ 1 (df = 1 at 97.5% is 12.7, far from the
 * normal 1.96, so no closed-form approximation is good enough across the range). Newton on the
 * upper tail, kept inside a bracket [z, hi] so it can fall back to bisection: for p > ½ the t
 * quantile is never below the normal one.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const target = 1 - p;
  let lo = normalQuantile(p);
  let hi = Math.max(2 * lo, 1);
  while (upperTail(hi, df) > target) hi *= 2;
  // Cornish–Fisher start: the first correction term of t around z.
  let t = Math.min(Math.max(lo + (lo ** 3 + lo) / (4 * df), lo), hi);
  for (let i = 0; i < 200; i++) {
    const excess = upperTail(t, df) - target;
    if (excess > 0) lo = t;
    else hi = t;
    let next = t + excess / studentTPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-14 * Math.abs(next)) return next;
    t = next;
  }
  return t;
}
