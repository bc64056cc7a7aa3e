import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import type { AlertListQuery, ListedAlert } from '../../api/alerts';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { alertsMessages } from './alerts.messages';
import { customerName, excerpt, formatAge, nextRow, scoreOf } from './inbox';
import { useAlertList } from './use-inbox';

/**
 * The queue as a table: each row's customer is a link that opens the alert, and the arrow keys
 * move between those links (Tab still walks them), so the list works without a mouse.
 */
export function AlertList(props: { query: AlertListQuery; polling: boolean; selectedId?: string; search: string }) {
  const { query, polling, selectedId, search } = props;
  const t = useT(alertsMessages);
  const { locale } = useLocale();
  const list = useAlertList(query, polling);
  const body = useRef<HTMLTableSectionElement>(null);
  const now = useNow(60_000);

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const links = [...(body.current?.querySelectorAll<HTMLAnchorElement>('a[data-alert-link]') ?? [])];
    const index = links.indexOf(e.target as HTMLAnchorElement);
    if (index < 0) return;
    const next = nextRow(e.key, index, links.length);
    if (next === null) return;
    e.preventDefault();
    links[next]?.focus();
  };

  if (list.error) return <ProblemNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loading />;
  const alerts: ListedAlert[] = list.data.pages.flatMap((p) => p.data);

  return (
    <section className="panel inbox-list" aria-labelledby="inbox-list-title">
      <h2 id="inbox-list-title" tabIndex={-1}>
        {t('listTitle')}
      </h2>
      {alerts.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <>
          <p className="muted" id="inbox-list-hint">
            {t('listHint')}
          </p>
          <table className="inbox-table" aria-describedby="inbox-list-hint">
            <thead>
              <tr>
                <th scope="col">{t('colCustomer')}</th>
                <th scope="col">{t('colScore')}</th>
                <th scope="col" className="comment-cell">
                  {t('colComment')}
                </th>
                <th scope="col">{t('colTeam')}</th>
                <th scope="col">{t('colAssignee')}</th>
                <th scope="col">{t('colAge')}</th>
                <th scope="col">{t('colState')}</th>
              </tr>
            </thead>
            <tbody ref={body} onKeyDown={onKeyDown}>
              {alerts.map((a) => {
                const score = scoreOf(a);
                const selected = a.id === selectedId;
                return (
                  <tr key={a.id} className={selected ? 'selected' : undefined} data-alert-row={a.id}>
                    <th scope="row">
                      <Link
                        to={{ pathname: `/alerts/${a.id}`, search }}
                        data-alert-link={a.id}
                        aria-current={selected ? 'true' : undefined}
                      >
                        {customerName(a)}
                      </Link>
                    </th>
                    <td>{score ? `${score.type.toUpperCase()} ${score.value}` : '–'}</td>
                    <td className="comment-cell" title={a.comment ?? undefined}>
                      {excerpt(a.comment) || '–'}
                    </td>
                    <td>{a.context.team ?? t('noTeam')}</td>
                    <td>{a.assignee ?? t('nobody')}</td>
                    <td>
                      <time dateTime={a.createdAt} title={formatDateTime(locale, a.createdAt)}>
                        {formatAge(locale, a.createdAt, now)}
                      </time>
                    </td>
                    <td>
                      <span className={`state ${a.status}`}>{t(`state_${a.status}`)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {t('more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** The current time, renewed every `everyMs`, so ages grow while the inbox stays open. */
function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
