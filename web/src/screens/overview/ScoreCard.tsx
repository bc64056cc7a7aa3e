import type { Comparison, Figure, Metric } from '../../api/scores';
import { formatCount, formatNumber } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { changeKind } from './change';
import { overviewMessages } from './overview.messages';

const DECIMALS: Record<Metric, number> = { nps: 1, csat: 1, ces: 2 };

/** One headline measure: the score, n, its interval, the small-n flag and the change in words. */
export function ScoreCard(props: { metric: Metric; figure: Figure; minimum: number; change?: Comparison }) {
  const { metric, figure, minimum, change } = props;
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  const d = DECIMALS[metric];
  const num = (x: number | null | undefined) => formatNumber(locale, x, d);
  const kind = changeKind(change);
  const signed = (x: number) => `${x > 0 ? '+' : ''}${num(x)}`;
  const changeText =
    kind === 'rose' || kind === 'fell'
      ? t(kind, {
          diff: num(Math.abs(change!.difference!)),
          low: num(change!.interval?.low),
          high: num(change!.interval?.high),
          p: formatNumber(locale, change!.pValue, 3),
        })
      : kind === 'noise'
        ? t('noise', { diff: signed(change!.difference!), p: formatNumber(locale, change!.pValue, 2) })
        : kind === 'tooFew'
          ? t('tooFewChange')
          : t('none');
  return (
    <section className={`card score ${figure.tooFewToJudge ? 'flagged' : ''}`} aria-labelledby={`${metric}-title`}>
      <h2 id={`${metric}-title`}>
        {t(metric)} <span className="help">{t(`${metric}Help`)}</span>
      </h2>
      <p className="big" data-testid={`${metric}-score`}>
        {figure.score === null ? '–' : num(figure.score)}
      </p>
      <p className="meta">
        <span data-testid={`${metric}-n`}>{t('n', { n: formatCount(locale, figure.n) })}</span>
        {figure.interval && (
          <span data-testid={`${metric}-interval`}>
            {' · '}
            {t('interval', { low: num(figure.interval.low), high: num(figure.interval.high) })}
          </span>
        )}
      </p>
      {figure.n === 0 ? (
        <p className="flag">{t('noAnswers')}</p>
      ) : (
        figure.tooFewToJudge && <p className="flag">{t('tooFew', { min: minimum })}</p>
      )}
      <p className={`change ${kind}`} data-testid={`${metric}-change`}>
        {kind === 'rose' ? '▲ ' : kind === 'fell' ? '▼ ' : ''}
        {changeText}
      </p>
    </section>
  );
}
