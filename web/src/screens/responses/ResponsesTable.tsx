import { Link, useLocation } from 'react-router';

import type { ResponseListItem } from '../../api/responses';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { commentOf, excerpt, npsBand, scoreOf } from './response-filters';
import { responsesMessages } from './responses.messages';

type ChannelKey = 'email' | 'sms' | 'voice' | 'whatsapp' | 'web';

/** The responses, newest first: each row opens its response page from the date, a real link. */
export function ResponsesTable({ rows, tz }: { rows: ResponseListItem[]; tz: string }) {
  const t = useT(responsesMessages);
  const { locale } = useLocale();
  const { search } = useLocation();
  const channel = (c: string) => (c in responsesMessages.en ? t(c as ChannelKey) : c);
  return (
    <table className="responses">
      <caption className="visually-hidden">{t('caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('date')}</th>
          <th scope="col">{t('customer')}</th>
          <th scope="col">{t('channel')}</th>
          <th scope="col" className="num">
            {t('nps')}
          </th>
          <th scope="col" className="num">
            {t('csat')}
          </th>
          <th scope="col" className="num">
            {t('ces')}
          </th>
          <th scope="col">{t('comment')}</th>
          <th scope="col">{t('team')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const nps = scoreOf(r.answers, 'nps');
          const band = npsBand(nps);
          const comment = commentOf(r.answers, r.unparsedText);
          return (
            <tr key={r.id} data-response-id={r.id}>
              <th scope="row">
                {/* The list's search rides along, so the response page's way back returns to this view. */}
                <Link to={{ pathname: `/responses/${r.id}`, search }}>{formatDateTime(locale, r.createdAt, tz)}</Link>
                {r.late && <span className="flag">{t('late')}</span>}
                {!r.completed && <span className="flag">{t('unfinished')}</span>}
              </th>
              <td>{r.contact.externalId}</td>
              <td>{channel(r.channel)}</td>
              <td className="num">
                {nps === null ? (
                  '–'
                ) : (
                  <>
                    <span className={`band-mark ${band}`} aria-hidden="true" />
                    {nps}
                    {band && <span className="visually-hidden"> ({t(band)})</span>}
                  </>
                )}
              </td>
              <td className="num">{scoreOf(r.answers, 'csat') ?? '–'}</td>
              <td className="num">{scoreOf(r.answers, 'ces') ?? '–'}</td>
              <td className="comment" title={comment.length > 120 ? comment : undefined}>
                {excerpt(comment) || '–'}
              </td>
              <td>{r.team ?? '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
