import { regularizedGammaQ } from './special-functions';

/**
 * Standard normal CDF Φ(z). Each tail goes through erfc(t) = Q(½, t²), so Φ(−8) ≈ 6e-16 keeps
 * its digits instead of being lost as 1 − 0.9999999999999994.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf needs a number, got NaN');
  const tail = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** Standard normal density, the derivative the quantile's refinement step needs. */
export function normalPdf(z: number): number {
  return Math.exp(-(z * z) / 2) / Math.sqrt(2 * Math.PI);
}

// Acklam's rational approximations (relative error < 1.15e-9), polished by one Halley step below.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Inverse of Φ: the z with Φ(z) = p; ±Infinity at p = 0 or 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work in the lower half, where Φ(z) − p has no cancellation; 1 − p is exact for p ≥ ½.
  if (p > 0.5) return -normalQuantile(1 - p);
  let z: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    z = poly(C, q) / (poly(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    z = (poly(A, r) * q) / (poly(B, r) * r + 1);
  }
  const u = (normalCdf(z) - p) / normalPdf(z);
  return z - u / (1 + (z * u) / 2);
}

/** Horner evaluation, highest-order coefficient first. */
function poly(coefficients: number[], x: number): number {
  return coefficients.reduce((acc, c) => acc * x + c, 0);
}
