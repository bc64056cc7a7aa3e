import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import type { Metric } from '../../api/scores';
import { ForestPlot, type ForestRow } from '../../charts/ForestPlot';
import { FilterBar } from '../../filters/FilterBar';
import { useFilters } from '../../filters/use-filters';
import { formatNumber, intlLocale } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import {
  type Dimension,
  DIMENSIONS,
  METRICS,
  responsesSearchOf,
  rowsOf,
  searchWithView,
  type View,
  viewFromSearch,
} from './breakdown-view';
import { breakdownMessages } from './breakdowns.messages';
import { BreakdownTable } from './BreakdownTable';
import { useBreakdown } from './use-breakdown';

const DECIMALS: Record<Metric, number> = { nps: 1, csat: 1, ces: 2 };
const LIMITS: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };
const CHANNEL_NAMES = ['email', 'sms', 'voice', 'whatsapp', 'web'] as const;

/**
 * Breakdowns: one measure by team, agent, touchpoint, location or channel, as a leaderboard that
 * shares ranks wherever intervals overlap (rank.ts), a forest plot beside it, and each slice a
 * link to its responses.
 */
export function Screen() {
  const t = useT(breakdownMessages);
  const { locale } = useLocale();
  const [filters] = useFilters();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const view = useMemo(() => viewFromSearch(search), [search]);
  const setView = (next: Partial<View>) => setSearch(searchWithView(search, next));
  const report = useBreakdown(filters, view.by);
  const compare = useMemo(() => new Intl.Collator(intlLocale(locale), { numeric: true }).compare, [locale]);
  const rows = useMemo(
    () => (report.data ? rowsOf(report.data.groups ?? [], view, compare) : null),
    [report.data, view, compare],
  );
  const d = DECIMALS[view.metric];
  const num = (x: number | null | undefined) => formatNumber(locale, x, d);
  const tick = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: d });
  const nameOf = (key: string) =>
    key === ''
      ? t('notSet')
      : view.by === 'channel' && (CHANNEL_NAMES as readonly string[]).includes(key)
        ? t(key as (typeof CHANNEL_NAMES)[number])
        : key;
  // A slice the answers did not name cannot be asked for as a filter, so it opens nothing.
  const linkOf = (key: string) => (key === '' ? null : `/responses?${responsesSearchOf(filters, view.by, key)}`);
  const dimension = t(view.by);
  const metric = t(view.metric);
  const caption = t('caption', { metric, dimension });

  return (
    <>
      <h1>{t('title')}</h1>
      <FilterBar />
      <form className="view-bar" aria-label={t('view')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('by')}</span>
          <select value={view.by} onChange={(e) => setView({ by: e.target.value as Dimension })}>
            {DIMENSIONS.map((dim) => (
              <option key={dim} value={dim}>
                {t(dim)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('metric')}</span>
          <select value={view.metric} onChange={(e) => setView({ metric: e.target.value as Metric })}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(m)} · {t(`${m}Help`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <p className="rule">{t('rule')}</p>
      {report.error ? (
        <ProblemNotice error={report.error} onRetry={() => void report.refetch()} />
      ) : !report.data || !rows ? (
        <Loading />
      ) : rows.ranked.length + rows.unranked.length === 0 ? (
        <p className="notice" data-testid="no-data">
          {t('noData', { dimension })}
        </p>
      ) : (
        <div className="breakdown-grid">
          <section className="card" aria-labelledby="board-title">
            <h2 id="board-title">
              {metric} · {dimension}
            </h2>
            <p className="caption">
              {t(`${view.metric}Help`)}. {t('opens')}
            </p>
            <p className="caption" role="status" data-testid="summary">
              {t('summary', { ranked: rows.ranked.length, apart: rows.unranked.length })}
            </p>
            <BreakdownTable
              rows={rows}
              view={view}
              onSort={setView}
              caption={caption}
              dimension={dimension}
              minimum={report.data.minimumAnswers}
              nameOf={nameOf}
              linkOf={linkOf}
              num={num}
            />
          </section>
          <figure className="card forest-card">
            <ForestPlot
              rows={[...rows.ranked, ...rows.unranked].map((r): ForestRow => ({
                id: r.key,
                label: nameOf(r.key),
                value: r.score,
                low: r.interval?.low ?? null,
                high: r.interval?.high ?? null,
                muted: !r.rank,
              }))}
              apartFrom={rows.ranked.length}
              limits={LIMITS[view.metric]}
              reference={
                report.data[view.metric].score === null
                  ? null
                  : { value: report.data[view.metric].score!, label: t('all') }
              }
              format={(x) => tick.format(x)}
              onOpen={(r) => {
                const to = linkOf(r.id);
                if (to) void navigate(to);
              }}
            />
            <figcaption className="caption">{t('chart', { overall: num(report.data[view.metric].score) })}</figcaption>
          </figure>
        </div>
      )}
    </>
  );
}
