import { Link } from 'react-router';

import type { ResponseDetail } from '../../api/responses';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { responseMessages } from './response.messages';

/** The alerts raised on the response, each with where it stands; the inbox is where they are worked. */
export function AlertsCard({ response, tz, search }: { response: ResponseDetail; tz: string; search: string }) {
  const t = useT(responseMessages);
  const { locale } = useLocale();
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts')}</h2>
      {response.alerts.length === 0 ? (
        <p className="muted">{t('noAlerts')}</p>
      ) : (
        <ul className="plain">
          {response.alerts.map((a) => (
            <li key={a.id} className="alert-item">
              <span className={`status-pill ${a.status}`}>{t(a.status)}</span>{' '}
              {t('alertLine', { date: formatDateTime(locale, a.createdAt, tz), reasons: a.reasons.join(', ') })}
              {a.assignee && <span className="muted"> · {t('assignee', { who: a.assignee })}</span>}
              {a.resolutionCode && <span className="muted"> · {t('resolvedWith', { code: a.resolutionCode })}</span>}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={{ pathname: '/alerts', search }}>{t('openInbox')}</Link>
      </p>
    </section>
  );
}

/** What analysts noted on the response (tags) and the themes the text analysis found, with their corrections. */
export function TagsCard({ response }: { response: ResponseDetail }) {
  const t = useT(responseMessages);
  const { themes, removed } = response.themes;
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('tagsAndThemes')}</h2>
      <h3>{t('tags')}</h3>
      {response.tags.length === 0 ? (
        <p className="muted">{t('noTags')}</p>
      ) : (
        <ul className="chips" data-testid="tags">
          {response.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      <h3>{t('themes')}</h3>
      {themes.length === 0 ? (
        <p className="muted">{t('noThemes')}</p>
      ) : (
        <ul className="chips" data-testid="themes">
          {themes.map((th) => (
            <li key={th.key} className={th.source}>
              {th.source === 'added' ? t('addedTheme', { label: th.label }) : th.label}
            </li>
          ))}
        </ul>
      )}
      {removed.length > 0 && (
        <>
          <h4>{t('removedThemes')}</h4>
          <ul className="chips removed">
            {removed.map((th) => (
              <li key={th.key}>
                <del>{th.label}</del>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
