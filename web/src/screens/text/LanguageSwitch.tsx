import type { TextLanguage } from '../../api/text-languages';
import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { languageName } from './language-name';
import { textMessages } from './text.messages';
import { languagesWithAnswers } from './text-query';

/**
 * Which language's answers the screen reads: all, or one the API has answers in (its counts per
 * language). A theme lives within one language, so choosing one ranks that language's themes.
 */
export function LanguageSwitch(props: {
  byLanguage: Record<string, number> | undefined;
  chosen: TextLanguage | undefined;
  onChoose: (language: TextLanguage | undefined) => void;
  capped: boolean;
  analysed: number | undefined;
}) {
  const { byLanguage, chosen, onChoose, capped, analysed } = props;
  const t = useT(textMessages);
  const { locale } = useLocale();
  const counts = byLanguage ?? {};
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const other = counts.other ?? 0;
  const option = (language: TextLanguage | undefined, name: string, n: number) => (
    <button key={language ?? 'all'} type="button" aria-pressed={chosen === language} onClick={() => onChoose(language)}>
      {t('withCount', { name, n: formatCount(locale, n) })}
    </button>
  );
  return (
    <div className="language-switch">
      <span id="answers-language">{t('answersLanguage')}</span>
      <div className="segmented" role="group" aria-labelledby="answers-language">
        {option(undefined, t('allLanguages'), total)}
        {languagesWithAnswers(counts, chosen).map((l) => option(l, languageName(locale, l), counts[l] ?? 0))}
      </div>
      {analysed !== undefined && (
        <p className="muted">
          {t('analysed', { n: formatCount(locale, analysed) })}
          {capped && ` ${t('capped', { n: formatCount(locale, analysed) })}`}
          {!chosen && other > 0 && ` ${t('otherLanguages', { n: formatCount(locale, other) })}`}
        </p>
      )}
    </div>
  );
}
