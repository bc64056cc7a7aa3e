import type { DetractorTheme } from '../../api/text';
import { formatCount, formatNumber } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { formatPercent } from '../../i18n/percent';
import { languageName } from './language-name';
import { ScrollRegion } from './ScrollRegion';
import { textMessages } from './text.messages';

/** z above which a lean is unlikely to be chance (two-sided 5%). */
const CLEAR_Z = 1.96;

/** The themes detractors raise more than promoters, with the API's evidence (log-odds and z). */
export function DetractorThemes({ themes }: { themes: DetractorTheme[] }) {
  const t = useT(textMessages);
  const { locale } = useLocale();
  const showLanguage = new Set(themes.map((x) => x.language)).size > 1;
  const share = (x: number, n: number) =>
    t('ofResponses', {
      x: formatCount(locale, x),
      n: formatCount(locale, n),
      pct: formatPercent(locale, n > 0 ? (x / n) * 100 : null, 0),
    });
  return (
    <section className="card" aria-labelledby="detractor-title">
      <h2 id="detractor-title">{t('detractorThemes')}</h2>
      <p className="caption">{t('detractorHelp')}</p>
      {themes.length === 0 ? (
        <p>{t('noDetractorThemes')}</p>
      ) : (
        <ScrollRegion labelledBy="detractor-title">
          <table className="detractor-themes">
            <thead>
              <tr>
                <th scope="col">{t('theme')}</th>
                {showLanguage && <th scope="col">{t('language')}</th>}
                <th scope="col">{t('detractors')}</th>
                <th scope="col">{t('promoters')}</th>
                <th scope="col">{t('logOdds')}</th>
                <th scope="col">{t('z')}</th>
                <th scope="col">{t('evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {themes.map((theme) => (
                <tr key={`${theme.language}-${theme.key}`} data-testid="detractor-theme" data-key={theme.key}>
                  <th scope="row" lang={theme.language ?? undefined}>
                    {theme.label}
                  </th>
                  {showLanguage && <td>{theme.language ? languageName(locale, theme.language) : t('notAnalysed')}</td>}
                  <td>{share(theme.detractors, theme.detractorResponses)}</td>
                  <td>{share(theme.promoters, theme.promoterResponses)}</td>
                  <td>{formatNumber(locale, theme.logOdds, 2)}</td>
                  <td data-testid="detractor-z">{formatNumber(locale, theme.z, 2)}</td>
                  <td className={theme.z >= CLEAR_Z ? 'lean-strong' : 'muted'}>
                    {theme.z >= CLEAR_Z ? t('strong') : t('weak')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
