import { useEffect } from 'react';

import { FilterBar } from '../../filters/FilterBar';
import { useFilters } from '../../filters/use-filters';
import { useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { ChannelRates } from './ChannelRates';
import { overviewMessages } from './overview.messages';
import { ScoreCard } from './ScoreCard';
import { TrendSection } from './TrendSection';
import { useOverview } from './use-overview';

/** The first screen: the three headline scores with their intervals and change, the trend, the rates by channel. */
export function OverviewScreen() {
  const t = useT(overviewMessages);
  const [filters] = useFilters();
  const { report, channels, comparisons, step } = useOverview(filters);
  const ready = Boolean(report.data && channels.data);
  useEffect(() => {
    // The console benchmark reads this mark: the moment the overview's figures are on screen.
    if (ready && !performance.getEntriesByName('console:overview-ready').length)
      performance.mark('console:overview-ready');
  }, [ready]);
  return (
    <>
      <h1>{t('title')}</h1>
      <FilterBar />
      {report.error ? (
        <ProblemNotice error={report.error} onRetry={() => void report.refetch()} />
      ) : !report.data ? (
        <Loading />
      ) : (
        <div className="grid">
          {(['nps', 'csat', 'ces'] as const).map((m) => (
            <ScoreCard
              key={m}
              metric={m}
              figure={report.data[m]}
              minimum={report.data.minimumAnswers}
              change={comparisons.data?.[m]}
            />
          ))}
          <TrendSection periods={report.data.groups ?? []} step={step} tz={filters.tz} />
          {channels.data && <ChannelRates groups={channels.data.groups ?? []} />}
        </div>
      )}
    </>
  );
}
