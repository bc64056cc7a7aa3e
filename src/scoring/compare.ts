import { assertCounts, assertPartsOf } from './count-checks';
import { type Interval, npsVariance, sampleVariance, Z95 } from './intervals';
import type { Moments } from './moments';
import { normalCdf } from './normal';
import { studentTCdf, studentTQuantile } from './student-t';

/**
 * Difference between two independent samples (two periods, two segments), always a − b in the
 * metric's own unit: NPS points, percentage points, or scale points for means. Unrounded, so
 * `significant` is decided on the exact figures; round where the response is built.
 */
export interface Comparison {
  /** The test behind `pValue`, for the reader who wants to check our working. */
  test: string;
  difference: number | null;
  /** Two-sided 95% interval of the difference. */
  interval: Interval | null;
  /** Two-sided. */
  pValue: number | null;
  /** p < 0.05. False whenever no p-value could be computed. */
  significant: boolean;
  /** Why a figure is missing or degenerate; null when the test ran normally. */
  reason: string | null;
}

export interface NpsCounts {
  promoters: number;
  detractors: number;
  n: number;
}

export interface ProportionCounts {
  successes: number;
  n: number;
}

const NO_VARIATION = 'no variation within either sample, so there is no noise to measure the difference against';
const ZERO_WIDTH = 'no variation within either sample: the interval has zero width; judge by the p-value';

/**
 * NPS a − b with a two-sample z-test. Each NPS is a mean of +1/0/−1 scores whose variance is
 * (p + d − (p − d)²), so Var(NPS_a − NPS_b) = v_a/n_a + v_b/n_b; unpooled because the two
 * samples need not share passives, and it matches the margin shown beside each score.
 */
export function compareNps(a: NpsCounts, b: NpsCounts): Comparison {
  const test = 'two-sample z-test on NPS (unpooled variance)';
  assertPartsOf(a.n, { promoters: a.promoters, detractors: a.detractors });
  assertPartsOf(b.n, { promoters: b.promoters, detractors: b.detractors });
  const empty = emptySide(test, a.n, b.n, 1);
  if (empty) return empty;
  const difference = ((a.promoters - a.detractors) / a.n - (b.promoters - b.detractors) / b.n) * 100;
  const wa = npsVariance(a.promoters, a.detractors, a.n) / a.n;
  const wb = npsVariance(b.promoters, b.detractors, b.n) / b.n;
  const se = 100 * Math.sqrt(wa + wb);
  return zTest(test, difference, se, se);
}

/**
 * Share a − b (yes/no, CSAT %, CES % easy, response rate) with the two-proportion z-test.
 * The p-value uses the pooled SE, the variance the null hypothesis of equal shares implies,
 * which keeps the test's size honest and is what a 2×2 chi-square test gives; the interval uses
 * the unpooled SE, because it brackets a difference that need not be zero. The two can
 * disagree right at the 5% boundary; `significant` follows the p-value.
 */
export function compareProportions(a: ProportionCounts, b: ProportionCounts): Comparison {
  const test = 'two-proportion z-test (pooled SE for the p-value, unpooled for the interval)';
  assertPartsOf(a.n, { successes: a.successes });
  assertPartsOf(b.n, { successes: b.successes });
  const empty = emptySide(test, a.n, b.n, 1);
  if (empty) return empty;
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const seTest = 100 * Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  const seInterval = 100 * Math.sqrt((pa * (1 - pa)) / a.n + (pb * (1 - pb)) / b.n);
  return zTest(test, (pa - pb) * 100, seInterval, seTest);
}

/**
 * Mean a − b (CSAT mean, CES) with Welch's t-test and Welch–Satterthwaite df: it does not assume
 * equal variances, which two periods or segments rarely have, and loses next to nothing when
 * they are equal. Needs 2 answers a side to estimate a spread.
 */
export function compareMeans(a: Moments, b: Moments): Comparison {
  const test = "Welch's t-test";
  for (const m of [a, b]) {
    assertCounts({ n: m.n, sumOfSquares: m.sumOfSquares });
    if (!Number.isFinite(m.sum)) throw new RangeError(`sum must be a finite number, got ${m.sum}`);
  }
  const empty = emptySide(test, a.n, b.n, 2);
  if (empty) return empty;
  const difference = a.sum / a.n - b.sum / b.n;
  const wa = sampleVariance(a.n, a.sum, a.sumOfSquares) / a.n;
  const wb = sampleVariance(b.n, b.sum, b.sumOfSquares) / b.n;
  const se = Math.sqrt(wa + wb);
  if (se === 0) return degenerate(test, difference);
  const df = (wa + wb) ** 2 / (wa ** 2 / (a.n - 1) + wb ** 2 / (b.n - 1));
  const margin = studentTQuantile(0.975, df) * se;
  const pValue = Math.min(1, 2 * studentTCdf(-Math.abs(difference / se), df));
  const interval = { low: difference - margin, high: difference + margin };
  return { test, difference, interval, pValue, significant: pValue < 0.05, reason: null };
}

function zTest(test: string, difference: number, seInterval: number, seTest: number): Comparison {
  if (seTest === 0) return degenerate(test, difference);
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(difference / seTest)));
  const interval = { low: difference - Z95 * seInterval, high: difference + Z95 * seInterval };
  // All-or-nothing shares on both sides (5 of 5 against 0 of 5): the pooled test still works,
  // but the unpooled interval shrinks to a point, which must not be read as certainty.
  const reason = seInterval === 0 && difference !== 0 ? ZERO_WIDTH : null;
  return { test, difference, interval, pValue, significant: pValue < 0.05, reason };
}

/**
 * Both samples constant (all promoters, every answer a 5): equal values are plainly no
 * difference (p = 1); unequal ones cannot be tested, and a p of 0 would claim a certainty
 * that two answers of 10 and two of 0 do not give.
 */
function degenerate(test: string, difference: number): Comparison {
  if (difference === 0) {
    return { test, difference, interval: { low: 0, high: 0 }, pValue: 1, significant: false, reason: NO_VARIATION };
  }
  return { test, difference, interval: null, pValue: null, significant: false, reason: NO_VARIATION };
}

function emptySide(test: string, na: number, nb: number, minimum: number): Comparison | null {
  const short = [na < minimum ? 'a' : null, nb < minimum ? 'b' : null].filter((s) => s !== null);
  if (short.length === 0) return null;
  const need = minimum === 1 ? 'no answers' : `fewer than ${minimum} answers`;
  return {
    test,
    difference: null,
    interval: null,
    pValue: null,
    significant: false,
    reason: short.length === 2 ? `samples a and b have ${need}` : `sample ${short[0]} has ${need}`,
  };
}
