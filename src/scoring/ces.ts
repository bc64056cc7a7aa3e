import { SCALE_RANGES } from '../surveys/survey-definition';
import { mean, pct, tally } from './distribution';
import type { CesResult, Distribution } from './metric-types';

/** Customer Effort Score from a 1–7 distribution (7 = easiest); the score is the mean. */
export function cesFromDistribution(dist: Distribution): CesResult {
  const { min, max } = SCALE_RANGES.ces;
  const t = tally(dist, min, max);
  const m = mean(t);
  return { n: t.n, mean: m, easyPct: pct(t.countBetween(5, 7), t.n), score: m };
}
