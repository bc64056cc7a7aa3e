import { SCALE_RANGES } from '../surveys/survey-definition';
import { pct, tally } from './distribution';
import type { Distribution, NpsResult } from './metric-types';
import { round } from './round';

/**
 * Net Promoter Score from a 0–10 distribution: promoters 9–10, passives 7–8,
 * detractors 0–6; score = %promoters − %detractors (1 decimal), null when n is 0.
 */
export function npsFromDistribution(dist: Distribution): NpsResult {
  const { min, max } = SCALE_RANGES.nps;
  const t = tally(dist, min, max);
  const promoters = t.countBetween(9, 10);
  const passives = t.countBetween(7, 8);
  const detractors = t.countBetween(0, 6);
  return {
    n: t.n,
    promoters,
    passives,
    detractors,
    // From raw counts, not the rounded percentages, so rounding happens once.
    score: t.n === 0 ? null : round(((promoters - detractors) / t.n) * 100, 1),
    promoterPct: pct(promoters, t.n),
    passivePct: pct(passives, t.n),
    detractorPct: pct(detractors, t.n),
  };
}
