import { useQuery } from '@tanstack/react-query';

import { getScores } from '../../api/scores';
import { type Filters, scoresQueryOf } from '../../filters/filters';
import { type Dimension, groupByOf } from './breakdown-view';

/** A period that ends "now" is fixed to the minute, so a person reading shares one query key. */
const minute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);

/** GET /v1/scores for the filters, grouped by the dimension: every measure at once (the measure is chosen on screen). */
export function useBreakdown(filters: Filters, by: Dimension) {
  const now = minute();
  return useQuery({
    queryKey: ['breakdowns', by, filters, now.getTime()],
    queryFn: () => getScores(scoresQueryOf(filters, now, { groupBy: groupByOf(by) })),
  });
}
