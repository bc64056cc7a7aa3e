import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';

import type { SearchHit } from '../../api/text';
import type { TextLanguage } from '../../api/text-languages';
import type { Filters } from '../../filters/filters';
import { formatCount, formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/status';
import { AnnotateEditor } from './AnnotateEditor';
import { Highlighted } from './Highlighted';
import { languageName } from './language-name';
import { textMessages } from './text.messages';
import { useSearch } from './use-text';

const band = (nps: number) => (nps <= 6 ? 'detractor' : nps <= 8 ? 'passive' : 'promoter');

/** Full-text search of the answers, the words found marked, each result opening its response. */
export function SearchSection(props: {
  filters: Filters;
  language: TextLanguage | undefined;
  q: string;
  onSearch: (q: string) => void;
  canAnnotate: boolean;
}) {
  const { filters, language, q, onSearch, canAnnotate } = props;
  const t = useT(textMessages);
  const { locale } = useLocale();
  const [draft, setDraft] = useState(q);
  // The words in the URL win when they change from outside (back, a link): the box shows them.
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    setDraft(q);
  }
  const id = useId();
  const search = useSearch(filters, language, q);
  const hits = search.data?.pages.flatMap((p) => p.data) ?? [];
  const searched = search.data?.pages.reduce((sum, p) => sum + p.searched, 0) ?? 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft.trim());
  };
  const status = !q
    ? ''
    : search.isPending
      ? t('searching')
      : search.isSuccess
        ? hits.length === 0
          ? t('noHits', { q })
          : t('found', { n: formatCount(locale, hits.length), searched: formatCount(locale, searched) })
        : '';

  return (
    <section className="card wide" aria-labelledby="search-title">
      <h2 id="search-title">{t('search')}</h2>
      <form role="search" className="text-search" aria-labelledby="search-title" onSubmit={submit}>
        <label htmlFor={`${id}-q`}>{t('searchLabel')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={draft}
          maxLength={200}
          aria-describedby={`${id}-help`}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          {t('searchButton')}
        </button>
        <p id={`${id}-help`} className="caption">
          {t('searchHelp')}
        </p>
      </form>
      <p role="status" className="muted" data-testid="search-status">
        {status}
      </p>
      {search.error && <ProblemNotice error={search.error} onRetry={() => void search.refetch()} />}
      {hits.length > 0 && (
        <ol className="hits">
          {hits.map((hit) => (
            <SearchResult key={hit.responseId} hit={hit} q={q} tz={filters.tz} canAnnotate={canAnnotate} />
          ))}
        </ol>
      )}
      {search.hasNextPage && (
        <button type="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
          {t('more')}
        </button>
      )}
    </section>
  );
}

function SearchResult(props: { hit: SearchHit; q: string; tz: string; canAnnotate: boolean }) {
  const { hit, q, tz, canAnnotate } = props;
  const t = useT(textMessages);
  const { locale } = useLocale();
  const [editing, setEditing] = useState(false);
  const editorId = useId();
  const date = formatDateTime(locale, hit.createdAt, tz);
  return (
    <li className="hit" data-testid="hit" data-response-id={hit.responseId}>
      <p className="hit-meta">
        <time dateTime={hit.createdAt}>{date}</time>
        {' · '}
        {hit.nps === null ? (
          t('noScore')
        ) : (
          <span className={`band ${band(hit.nps)}`}>{t('npsBadge', { score: hit.nps, band: t(band(hit.nps)) })}</span>
        )}
        {hit.language && (
          <>
            {' · '}
            {languageName(locale, hit.language)}
          </>
        )}
      </p>
      <p className="hit-text" lang={hit.language ?? undefined}>
        <Highlighted text={hit.text} query={q} />
      </p>
      <p className="hit-actions">
        <Link to={`/responses/${hit.responseId}`}>
          {t('open')} <span className="visually-hidden">{t('openFrom', { date })}</span>
        </Link>
        {canAnnotate && (
          <button
            type="button"
            className="link"
            aria-expanded={editing}
            aria-controls={editing ? editorId : undefined}
            onClick={() => setEditing((v) => !v)}
          >
            {t('annotate')}
          </button>
        )}
      </p>
      {canAnnotate && editing && (
        <div id={editorId}>
          <AnnotateEditor responseId={hit.responseId} />
        </div>
      )}
    </li>
  );
}
