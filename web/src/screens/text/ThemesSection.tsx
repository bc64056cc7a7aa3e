import type { TextThemes } from '../../api/text';
import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { formatPercent } from '../../i18n/percent';
import { languageName } from './language-name';
import { textMessages } from './text.messages';
import { byLanguage } from './text-query';

/** The themes of the answers, one table per language (a theme exists within one language). */
export function ThemesSection({ data }: { data: TextThemes }) {
  const t = useT(textMessages);
  const { locale } = useLocale();
  const groups = byLanguage(data.themes);
  return (
    <section className="card" aria-labelledby="themes-title">
      <h2 id="themes-title">{t('themes')}</h2>
      <p className="caption">{t('themesHelp')}</p>
      {groups.length === 0 && <p>{t('noThemes')}</p>}
      {groups.map(({ language, items }) => {
        const name = language ? languageName(locale, language) : t('notAnalysed');
        const answers = data.byLanguage[language ?? 'other'] ?? 0;
        return (
          <table key={language ?? 'other'} className="themes" data-testid={`themes-${language ?? 'other'}`}>
            <caption>{name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('theme')}</th>
                <th scope="col">{t('responses')}</th>
                <th scope="col">{t('share')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((theme) => {
                const pct = answers > 0 ? (theme.documents / answers) * 100 : null;
                return (
                  <tr key={theme.key} data-testid="theme" data-key={theme.key} data-language={language ?? ''}>
                    <th scope="row" lang={language ?? undefined}>
                      {theme.label}
                    </th>
                    <td data-testid="theme-count">{formatCount(locale, theme.documents)}</td>
                    <td>
                      <span className="bar" aria-hidden="true">
                        <span style={{ width: `${pct ?? 0}%` }} />
                      </span>
                      {formatPercent(locale, pct, 0)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </section>
  );
}
