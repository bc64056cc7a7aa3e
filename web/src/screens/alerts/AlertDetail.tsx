import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';

import type { Alert, AlertHistoryEntry } from '../../api/alerts';
import { can, type Me } from '../../app/session';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/status';
import { AlertActions, useCodeLabel } from './AlertActions';
import { alertsMessages } from './alerts.messages';
import { customerName, orderedAnswers } from './inbox';
import { useAlert } from './use-inbox';

/** One alert: who to call back and why, what they answered, what has been done, and what can be done now. */
export function AlertDetail({ id, me, polling, search }: { id: string; me: Me; polling: boolean; search: string }) {
  const t = useT(alertsMessages);
  const alert = useAlert(id, polling);
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = Boolean(alert.data);
  const navigate = useNavigate();

  // Opening an alert moves focus to it, so a keyboard or screen-reader user lands where the content changed.
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [id, loaded]);

  return (
    <section
      className="panel inbox-detail"
      aria-labelledby="alert-detail-title"
      onKeyDown={(e) => {
        // Escape closes the alert, as it would a dialog; focus then returns to its row.
        if (e.key === 'Escape' && !e.defaultPrevented) navigate({ pathname: '/alerts', search });
      }}
    >
      <p>
        <Link to={{ pathname: '/alerts', search }}>{t('back')}</Link>
      </p>
      {alert.error ? (
        <ProblemNotice error={alert.error} onRetry={() => void alert.refetch()} />
      ) : !alert.data ? (
        <Loading />
      ) : (
        <>
          <h2 id="alert-detail-title" ref={heading} tabIndex={-1}>
            {t('detailTitle', { customer: customerName(alert.data) })}
          </h2>
          <Facts alert={alert.data} />
          {can(me, 'alerts:act') ? (
            <AlertActions key={alert.data.id} alert={alert.data} me={me} />
          ) : (
            <p className="muted">{t('readOnly')}</p>
          )}
          <Answers alert={alert.data} />
          <History entries={alert.data.history ?? []} />
        </>
      )}
    </section>
  );
}

function Facts({ alert }: { alert: Alert }) {
  const t = useT(alertsMessages);
  const { locale } = useLocale();
  const codeLabel = useCodeLabel();
  const rows: Array<[string, string | null]> = [
    [t('colState'), t(`state_${alert.status}`)],
    [t('reasons'), alert.reasons.join('; ')],
    [t('colTeam'), alert.context.team ?? t('noTeam')],
    [t('agent'), alert.context.agent],
    [t('touchpoint'), alert.context.touchpoint],
    [t('colAssignee'), alert.assignee ?? t('nobody')],
    [t('customerId'), alert.contact.externalId],
    [t('email'), alert.contact.email],
    [t('phone'), alert.contact.phone],
    [t('raised'), formatDateTime(locale, alert.createdAt)],
    [t('acknowledgedAt'), alert.acknowledgedAt && formatDateTime(locale, alert.acknowledgedAt)],
    [t('resolvedAt'), alert.resolvedAt && formatDateTime(locale, alert.resolvedAt)],
    [t('resolution'), alert.resolutionCode && codeLabel(alert.resolutionCode)],
  ];
  return (
    <>
      <dl className="facts" data-testid="alert-facts">
        {rows
          .filter((r): r is [string, string] => Boolean(r[1]))
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd data-fact={k}>{v}</dd>
            </div>
          ))}
      </dl>
      {alert.reopenCount > 0 && (
        <p className="muted">{alert.reopenCount === 1 ? t('reopenedOnce') : t('reopened', { n: alert.reopenCount })}</p>
      )}
      {alert.comment && <blockquote className="alert-comment">{alert.comment}</blockquote>}
      <p>
        <Link to={`/responses/${alert.responseId}`}>{t('openResponse')}</Link>
      </p>
    </>
  );
}

function Answers({ alert }: { alert: Alert }) {
  const t = useT(alertsMessages);
  const { locale } = useLocale();
  const responses = alert.responses ?? [];
  if (responses.length === 0) return null;
  return (
    <section aria-labelledby="alert-answers-title">
      <h3 id="alert-answers-title">{t('answers')}</h3>
      {responses.map((r) => (
        <table key={r.id} className="answers">
          <caption>
            <Link to={`/responses/${r.id}`}>
              {t('responseOf', { date: formatDateTime(locale, r.completedAt ?? r.createdAt), channel: r.channel })}
            </Link>
            {!r.completed && ` (${t('partial')})`}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('question')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {orderedAnswers(r.answers).map((a) => (
              <tr key={a.questionId}>
                <th scope="row">
                  {a.questionId} <span className="muted">({a.questionType})</span>
                </th>
                <td>
                  {a.value ?? '–'}
                  {a.comment && <span className="answer-comment"> “{a.comment}”</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

function History({ entries }: { entries: AlertHistoryEntry[] }) {
  const t = useT(alertsMessages);
  const { locale } = useLocale();
  const codeLabel = useCodeLabel();
  const nobody = t('nobody');
  const sentence = (e: AlertHistoryEntry) => {
    if (e.action === 'resolve') return t('h_resolve', { actor: e.actor, code: codeLabel(e.code ?? '') });
    if (e.action === 'assign')
      return e.assigneeAfter
        ? t('h_assign', { actor: e.actor, assignee: e.assigneeAfter })
        : t('h_unassign', { actor: e.actor, assignee: e.assigneeBefore ?? nobody });
    return t(`h_${e.action}`, { actor: e.actor });
  };
  return (
    <section aria-labelledby="alert-history-title">
      <h3 id="alert-history-title">{t('history')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <ol className="history" data-testid="alert-history">
          {[...entries].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`}>
              <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time> {sentence(e)}
              {e.note && <blockquote>{e.note}</blockquote>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
