import { useSearchParams } from 'react-router';

import { can, useMe } from '../../app/session';
import { FilterBar } from '../../filters/FilterBar';
import { filterMessages } from '../../filters/filters.messages';
import { useFilters } from '../../filters/use-filters';
import { useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { DetractorThemes } from './DetractorThemes';
import { ImpactSection } from './ImpactSection';
import { LanguageSwitch } from './LanguageSwitch';
import { SearchSection } from './SearchSection';
import { textMessages } from './text.messages';
import { languageOf, unsupportedFilters } from './text-query';
import { ThemesSection } from './ThemesSection';
import { useThemes } from './use-text';

/** URL keys of this screen beside the filter bar's: the answers' language and the search words. */
const LANG = 'lang';
const SEARCH = 'search';

/** What customers say: themes per language, what detractors raise, each theme's impact on NPS, and search. */
export function Screen() {
  const t = useT(textMessages);
  const tf = useT(filterMessages);
  const [filters, updateFilters] = useFilters();
  const [params, setParams] = useSearchParams();
  const language = languageOf(params.get(LANG));
  const q = params.get(SEARCH)?.slice(0, 200) ?? '';
  const me = useMe();
  const { themes, byLanguage } = useThemes(filters, language);
  const ignored = unsupportedFilters(filters);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <FilterBar slices={[]} />
      {ignored.length > 0 && (
        <div className="notice warn" role="status">
          <p>{t('unsupported', { filters: ignored.map((k) => tf(k)).join(', ') })}</p>
          <button type="button" onClick={() => updateFilters(Object.fromEntries(ignored.map((k) => [k, undefined])))}>
            {t('clearUnsupported')}
          </button>
        </div>
      )}
      <LanguageSwitch
        byLanguage={byLanguage}
        chosen={language}
        onChoose={(l) => setParam(LANG, l)}
        capped={themes.data?.capped ?? false}
        analysed={themes.data?.analysedResponses}
      />
      {themes.error ? (
        <ProblemNotice error={themes.error} onRetry={() => void themes.refetch()} />
      ) : !themes.data ? (
        <Loading />
      ) : (
        <div className="text-grid">
          <ThemesSection data={themes.data} />
          <DetractorThemes themes={themes.data.detractorThemes} />
          <ImpactSection data={themes.data} />
        </div>
      )}
      <SearchSection
        filters={filters}
        language={language}
        q={q}
        onSearch={(words) => setParam(SEARCH, words || undefined)}
        canAnnotate={can(me.data, 'responses:annotate')}
      />
    </>
  );
}
