import { SCALE_RANGES } from '../surveys/survey-definition';
import { mean, pct, tally } from './distribution';
import type { CsatResult, Distribution } from './metric-types';

/** CSAT from a 1–5 distribution: score is the % of 4–5 answers, plus the mean. */
export function csatFromDistribution(dist: Distribution): CsatResult {
  const { min, max } = SCALE_RANGES.csat;
  const t = tally(dist, min, max);
  const satisfied = t.countBetween(4, 5);
  return { n: t.n, satisfied, score: pct(satisfied, t.n), mean: mean(t) };
}
