import { useQuery } from '@tanstack/react-query';

import { type CompareBody, compareScores, getScores, type Metric } from '../../api/scores';
import { type Filters, intervalOf, previousRange, rangeOf, scoresQueryOf, whereOf } from '../../filters/filters';

/** A period that ends "now" is fixed to the minute so that queries share one key while a person reads. */
const minute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);

/** The overview's API calls: the headline with its trend, the rates by channel, and three comparisons. */
export function useOverview(filters: Filters) {
  const now = minute();
  const range = rangeOf(filters, now);
  const step = intervalOf(range);
  const key = [filters, now.getTime()];
  const report = useQuery({
    queryKey: ['overview', 'report', ...key],
    queryFn: () => getScores(scoresQueryOf(filters, now, { interval: step })),
  });
  const channels = useQuery({
    queryKey: ['overview', 'channels', ...key],
    queryFn: () => getScores(scoresQueryOf(filters, now, { groupBy: 'channel' })),
  });
  const prev = previousRange(range);
  const { campaignId, channel, ...snapshot } = whereOf(filters);
  const compare = (metric: Metric) =>
    compareScores({
      metric,
      ...(campaignId ? { campaignId } : {}),
      // The URL's channel goes as it is: one the API does not know comes back as a 400 naming it.
      ...(channel ? { channel: channel as CompareBody['channel'] } : {}),
      ...(Object.keys(snapshot).length ? { where: snapshot } : {}),
      a: { from: range.from.toISOString(), to: range.to.toISOString() },
      b: { from: prev.from.toISOString(), to: prev.to.toISOString() },
    });
  const comparisons = useQuery({
    queryKey: ['overview', 'compare', ...key],
    queryFn: async () => {
      const [nps, csat, ces] = await Promise.all([compare('nps'), compare('csat'), compare('ces')]);
      return { nps, csat, ces };
    },
  });
  return { report, channels, comparisons, step };
}
