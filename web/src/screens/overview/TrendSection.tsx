import { useMemo, useState } from 'react';

import type { Metric, ScoreGroup } from '../../api/scores';
import { TrendChart, type TrendPoint } from '../../charts/TrendChart';
import { formatCount, formatDate, formatNumber, intlLocale } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { overviewMessages } from './overview.messages';

const RANGES: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };
const METRICS: Metric[] = ['nps', 'csat', 'ces'];

/** The chosen measure over the period: a chart for the eye and the same figures as a table for everyone else. */
export function TrendSection(props: { periods: ScoreGroup[]; step: 'day' | 'week' | 'month'; tz: string }) {
  const { periods, step, tz } = props;
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  const [metric, setMetric] = useState<Metric>('nps');
  const d = metric === 'ces' ? 2 : 1;
  const points = useMemo<TrendPoint[]>(
    () =>
      periods
        .filter((p) => p.period)
        .map((p) => ({
          t: Date.parse(p.period!) / 1000,
          value: p[metric].score,
          low: p[metric].interval?.low ?? null,
          high: p[metric].interval?.high ?? null,
        })),
    [periods, metric],
  );
  return (
    <section className="card wide" aria-labelledby="trend-title">
      <div className="section-head">
        <h2 id="trend-title">{t('trend')}</h2>
        <div role="radiogroup" aria-label={t('metric')} className="segmented">
          {METRICS.map((m) => (
            <button key={m} type="button" role="radio" aria-checked={m === metric} onClick={() => setMetric(m)}>
              {t(m)}
            </button>
          ))}
        </div>
      </div>
      <p className="caption">{t('trendOf', { metric: t(metric), step: t(step) })}</p>
      <TrendChart points={points} yRange={RANGES[metric]} label={t(metric)} locale={intlLocale(locale)} />
      <details className="as-table">
        <summary>{t('asTable')}</summary>
        <table>
          <caption className="visually-hidden">{t('trendOf', { metric: t(metric), step: t(step) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('period')}</th>
              <th scope="col">{t('score')}</th>
              <th scope="col">{t('low')}</th>
              <th scope="col">{t('high')}</th>
              <th scope="col">{t('answers')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period}>
                <th scope="row">{formatDate(locale, p.period, tz)}</th>
                <td>{formatNumber(locale, p[metric].score, d)}</td>
                <td>{formatNumber(locale, p[metric].interval?.low, d)}</td>
                <td>{formatNumber(locale, p[metric].interval?.high, d)}</td>
                <td>{formatCount(locale, p[metric].n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
