import type { TextThemes, Theme } from '../../api/text';
import { formatCount, formatNumber } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { impactDomain, impactKind, impactRows, ticksOf, xOf } from './impact';
import { languageName } from './language-name';
import { ScrollRegion } from './ScrollRegion';
import { textMessages } from './text.messages';

const WIDTH = 240;
const HEIGHT = 24;
const PAD = 16;
const COLOURS = { costs: '#b91c1c', lifts: '#15803d', unclear: '#64748b' } as const;

const x = (value: number, domain: number) => PAD + xOf(value, domain, WIDTH - 2 * PAD);

/** The scale over the chart column: ticks at the ends, the halves and zero. */
function Axis({ domain, locale }: { domain: number; locale: Parameters<typeof formatNumber>[0] }) {
  const decimals = domain < 2 ? 1 : 0;
  return (
    <svg className="impact-axis" width={WIDTH} height={HEIGHT} aria-hidden="true">
      {ticksOf(domain).map((v) => (
        <text key={v} x={x(v, domain)} y={HEIGHT - 6} textAnchor="middle">
          {v > 0 ? '+' : ''}
          {formatNumber(locale, v, decimals)}
        </text>
      ))}
    </svg>
  );
}

/** One theme's impact: a dot at the estimate, whiskers over its 95% interval, a line at zero. */
function ImpactDot({ row, domain }: { row: Theme; domain: number }) {
  const { impact, interval } = row.impact;
  const colour = COLOURS[impactKind(row.impact)];
  const mid = HEIGHT / 2;
  return (
    <svg className="impact-dot" width={WIDTH} height={HEIGHT} aria-hidden="true">
      <line x1={x(0, domain)} x2={x(0, domain)} y1={0} y2={HEIGHT} stroke="#94a3b8" />
      {interval && (
        <g stroke={colour} strokeWidth={2}>
          <line x1={x(interval.low, domain)} x2={x(interval.high, domain)} y1={mid} y2={mid} />
          <line x1={x(interval.low, domain)} x2={x(interval.low, domain)} y1={mid - 5} y2={mid + 5} />
          <line x1={x(interval.high, domain)} x2={x(interval.high, domain)} y1={mid - 5} y2={mid + 5} />
        </g>
      )}
      {impact !== null && <circle cx={x(impact, domain)} cy={mid} r={5} fill={colour} />}
    </svg>
  );
}

/**
 * Each theme's impact on NPS as a diverging dot with whiskers in a table whose cells carry the
 * same figures (the drawing is for the eye; the numbers beside it are what a screen reader reads).
 */
export function ImpactSection({ data }: { data: TextThemes }) {
  const t = useT(textMessages);
  const { locale } = useLocale();
  const rows = impactRows(data.themes);
  const showLanguage = new Set(rows.map((x) => x.language)).size > 1;
  const domain = impactDomain(rows);
  const num = (v: number | null) => formatNumber(locale, v, 1);
  const signed = (v: number | null) => (v !== null && v > 0 ? `+${num(v)}` : num(v));
  return (
    <section className="card wide" aria-labelledby="impact-title">
      <h2 id="impact-title">{t('impactTitle')}</h2>
      <p className="caption">{t('impactHelp')}</p>
      {!rows.length ? (
        <p>{t('noImpact')}</p>
      ) : (
        <>
          {data.nps && (
            <p data-testid="impact-population">
              {t('population', { n: formatCount(locale, data.nps.n), score: num(data.nps.score) })}
            </p>
          )}
          <p className="caption">{t('legend')}</p>
          <ScrollRegion labelledBy="impact-title">
            <table className="impact">
              <thead>
                <tr>
                  <th scope="col">{t('theme')}</th>
                  {showLanguage && <th scope="col">{t('language')}</th>}
                  <th scope="col">{t('mentioning')}</th>
                  <th scope="col">{t('without')}</th>
                  <th scope="col">{t('impact')}</th>
                  <th scope="col">{t('interval')}</th>
                  <th scope="col">{t('p')}</th>
                  <th scope="col" className="impact-chart">
                    <span className="visually-hidden">{t('chart')}</span>
                    <Axis domain={domain} locale={locale} />
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const i = row.impact;
                  const kind = impactKind(i);
                  return (
                    <tr key={`${row.language}-${row.key}`} data-testid="impact-row" data-key={row.key}>
                      <th scope="row" lang={row.language ?? undefined}>
                        {row.label}
                      </th>
                      {showLanguage && <td>{row.language ? languageName(locale, row.language) : t('notAnalysed')}</td>}
                      <td>{t('scoreN', { score: num(i.mentioning.score), n: formatCount(locale, i.mentioning.n) })}</td>
                      <td>{t('scoreN', { score: num(i.without.score), n: formatCount(locale, i.without.n) })}</td>
                      <td data-testid="impact-value" className={`impact-${kind}`}>
                        {signed(i.impact)} <span className="muted">{t(kind)}</span>
                      </td>
                      <td>{i.interval ? t('range', { low: num(i.interval.low), high: num(i.interval.high) }) : '–'}</td>
                      <td>{i.pValue === null ? '–' : formatNumber(locale, i.pValue, 3)}</td>
                      <td className="impact-chart">
                        {i.impact === null ? (
                          <span className="muted" lang="en">
                            {i.reason}
                          </span>
                        ) : (
                          <ImpactDot row={row} domain={domain} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </section>
  );
}
