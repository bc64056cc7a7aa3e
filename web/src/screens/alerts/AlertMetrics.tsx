import type { AlertMetrics as Metrics, FollowUpStats } from '../../api/alerts';
import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { alertsMessages } from './alerts.messages';
import { formatDuration } from './inbox';

/** Time to acknowledge and to resolve per team (GET /v1/alerts/metrics), with how many are not there yet. */
export function AlertMetrics({ metrics }: { metrics: { data?: Metrics; error: unknown; refetch: () => unknown } }) {
  const t = useT(alertsMessages);
  const { locale } = useLocale();
  const { data, error } = metrics;
  const row = (label: string, g: Omit<FollowUpStats, 'key'>, key: string, total = false) => (
    <tr key={key} className={total ? 'total' : undefined}>
      <th scope="row">{label}</th>
      <td>{formatCount(locale, g.alerts)}</td>
      <td>{formatDuration(locale, g.timeToAcknowledge.medianSeconds)}</td>
      <td>{formatDuration(locale, g.timeToAcknowledge.p90Seconds)}</td>
      <td>{formatCount(locale, g.timeToAcknowledge.pending)}</td>
      <td>{formatDuration(locale, g.timeToResolve.medianSeconds)}</td>
      <td>{formatDuration(locale, g.timeToResolve.p90Seconds)}</td>
      <td>{formatCount(locale, g.timeToResolve.pending)}</td>
    </tr>
  );
  return (
    <section className="panel inbox-metrics" aria-labelledby="inbox-metrics-title">
      <h2 id="inbox-metrics-title">{t('metricsTitle')}</h2>
      {error ? (
        <ProblemNotice error={error} onRetry={() => void metrics.refetch()} />
      ) : !data ? (
        <Loading />
      ) : data.overall.alerts === 0 ? (
        <p>{t('noMetrics')}</p>
      ) : (
        <table data-testid="alert-metrics">
          <caption className="caption">{t('metricsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colTeam')}</th>
              <th scope="col">{t('colAlerts')}</th>
              <th scope="col">{t('ackMedian')}</th>
              <th scope="col">{t('ackP90')}</th>
              <th scope="col">{t('ackPending')}</th>
              <th scope="col">{t('resMedian')}</th>
              <th scope="col">{t('resP90')}</th>
              <th scope="col">{t('resPending')}</th>
            </tr>
          </thead>
          <tbody>
            {data.groups.map((g) => row(g.key ?? t('noTeam'), g, g.key ?? '\u0000'))}
            {data.groups.length > 1 && row(t('allTeams'), data.overall, '\u0001', true)}
          </tbody>
        </table>
      )}
    </section>
  );
}
