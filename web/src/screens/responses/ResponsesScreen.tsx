import { can, useMe } from '../../app/session';
import { FilterBar } from '../../filters/FilterBar';
import { useFilters } from '../../filters/use-filters';
import { formatCount } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { ExportLinks } from './ExportLinks';
import { ListFilterForm } from './ListFilterForm';
import { responsesMessages } from './responses.messages';
import { ResponsesTable } from './ResponsesTable';
import { useListFilters, useResponses, useStableNow } from './use-responses';

/** Responses: the shared filter bar, the list's own filters, the newest responses a page at a time, and their export. */
export function Screen() {
  const t = useT(responsesMessages);
  const { locale } = useLocale();
  const me = useMe();
  const [filters] = useFilters();
  const [list, updateList] = useListFilters();
  const now = useStableNow(JSON.stringify([filters, list]));
  const responses = useResponses(filters, list, now);
  const rows = responses.data?.pages.flatMap((p) => p.data) ?? [];
  const ownTeam = me.data?.user?.role === 'agent' ? me.data.user.team : null;

  return (
    <>
      <h1>{t('title')}</h1>
      <FilterBar />
      <ListFilterForm list={list} update={updateList} />
      {ownTeam && <p className="muted">{t('ownTeam', { team: ownTeam })}</p>}
      {can(me.data, 'responses:export') && <ExportLinks filters={filters} list={list} now={now} />}
      <section className="card responses-list" aria-labelledby="list-title">
        <h2 id="list-title" className="visually-hidden">
          {t('caption')}
        </h2>
        {responses.error ? (
          <ProblemNotice error={responses.error} onRetry={() => void responses.refetch()} />
        ) : !responses.data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p role="status">{t('none')}</p>
        ) : (
          <>
            <ResponsesTable rows={rows} tz={filters.tz} />
            <p role="status" className="muted" data-testid="responses-shown">
              {t(responses.hasNextPage ? 'shownMore' : 'shownAll', { n: formatCount(locale, rows.length) })}
            </p>
            {responses.hasNextPage && (
              // aria-disabled, not disabled: the button keeps the keyboard focus while the next page loads.
              <button
                type="button"
                className="load-more"
                aria-disabled={responses.isFetchingNextPage}
                onClick={() => {
                  if (!responses.isFetchingNextPage) void responses.fetchNextPage();
                }}
              >
                {responses.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
              </button>
            )}
          </>
        )}
      </section>
    </>
  );
}
