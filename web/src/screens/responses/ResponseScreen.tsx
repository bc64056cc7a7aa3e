import { Link, useLocation, useParams } from 'react-router';

import { useFilters } from '../../filters/use-filters';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { responseMessages } from './response.messages';
import { ResponseAnswers } from './ResponseAnswers';
import { ContactCard, DeliveryCard, JourneyCard } from './ResponseContext';
import { AlertsCard, TagsCard } from './ResponseNotes';
import { responsesMessages } from './responses.messages';
import { useResponse } from './use-responses';

/** One response: every answer with its question, who gave it, what happened before, how it was delivered, its alerts and notes. */
export function Screen() {
  const t = useT(responseMessages);
  const channels = useT(responsesMessages);
  const { locale } = useLocale();
  const { responseId = '' } = useParams();
  const { search } = useLocation();
  const [filters] = useFilters();
  const response = useResponse(responseId);
  const back = (
    <p className="back">
      <Link to={{ pathname: '/responses', search }}>← {t('back')}</Link>
    </p>
  );
  if (response.error)
    return (
      <>
        {back}
        <h1>{channels('title')}</h1>
        <ProblemNotice error={response.error} onRetry={() => void response.refetch()} />
      </>
    );
  if (!response.data)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  const r = response.data;
  const channel = r.channel in responsesMessages.en ? channels(r.channel as 'email') : r.channel;
  return (
    <>
      {back}
      <h1>{t('title', { who: r.contact.name ?? r.contact.externalId })}</h1>
      <p className="muted">
        {t('summary', { date: formatDateTime(locale, r.createdAt, filters.tz), channel, campaign: r.campaign.name })}
      </p>
      {r.late && <p className="flag">{t('late')}</p>}
      {!r.completed && <p className="flag">{t('unfinished')}</p>}
      <div className="grid response-grid">
        <ResponseAnswers response={r} />
        <ContactCard response={r} />
        <JourneyCard response={r} tz={filters.tz} />
        <DeliveryCard response={r} tz={filters.tz} asOf={response.dataUpdatedAt} />
        <AlertsCard response={r} tz={filters.tz} search={search} />
        <TagsCard response={r} />
      </div>
    </>
  );
}
