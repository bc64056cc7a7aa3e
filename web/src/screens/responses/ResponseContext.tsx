import type { ResponseDetail } from '../../api/responses';
import { formatDateTime } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { responseMessages } from './response.messages';
import { deliveryTimeline, propertyText, type TimelineEntry } from './response-detail';
import { responsesMessages } from './responses.messages';

type Key = keyof (typeof responseMessages)['en'];

/** A definition list of label/value pairs, skipping the values the response does not have. */
function Facts({ items }: { items: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="facts">
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function ContactCard({ response }: { response: ResponseDetail }) {
  const t = useT(responseMessages);
  const c = response.contact;
  return (
    <section className="card" aria-labelledby="contact-title">
      <h2 id="contact-title">{t('contact')}</h2>
      <Facts
        items={[
          [t('name'), c.name],
          [t('externalId'), c.externalId],
          [t('email'), c.email && <a href={`mailto:${c.email}`}>{c.email}</a>],
          [t('phone'), c.phone && <a href={`tel:${c.phone}`}>{c.phone}</a>],
          [t('locale'), c.locale],
        ]}
      />
    </section>
  );
}

export function JourneyCard({ response, tz }: { response: ResponseDetail; tz: string }) {
  const t = useT(responseMessages);
  const { locale } = useLocale();
  const j = response.journey;
  const properties = Object.entries(j.properties);
  return (
    <section className="card" aria-labelledby="journey-title">
      <h2 id="journey-title">{t('journey')}</h2>
      <Facts
        items={[
          [t('eventType'), <code key="type">{j.type}</code>],
          [t('occurredAt'), j.occurredAt && formatDateTime(locale, j.occurredAt, tz)],
          [t('receivedAt'), j.receivedAt && formatDateTime(locale, j.receivedAt, tz)],
        ]}
      />
      {properties.length === 0 ? (
        <p className="muted">{t('noProperties')}</p>
      ) : (
        <table className="properties">
          <caption>{t('properties')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('property')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {properties.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{propertyText(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const STATUS_KEYS: Record<string, Key> = {
  scheduled: 'scheduledStatus',
  sending: 'sending',
  sent: 'sentStatus',
  failed: 'failed',
  cancelled: 'cancelled',
  expired: 'expiredStatus',
};

/** The invitation's state and its way to the customer; `asOf` (when the page was read) tells expired from expiring. */
export function DeliveryCard({ response, tz, asOf }: { response: ResponseDetail; tz: string; asOf: number }) {
  const t = useT(responseMessages);
  const channels = useT(responsesMessages);
  const { locale } = useLocale();
  const d = response.delivery;
  const channel = (c: string) => (c in responsesMessages.en ? channels(c as 'email') : c);
  const steps = deliveryTimeline(d, response.createdAt, asOf);
  const label = (e: TimelineEntry) =>
    e.step === 'status' ? t('providerStatus', { status: e.status ?? '' }) : t(e.step);
  return (
    <section className="card" aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t('delivery')}</h2>
      <Facts
        items={[
          [t('status'), STATUS_KEYS[d.status] ? t(STATUS_KEYS[d.status]!) : d.status],
          [t('reason'), d.reason],
          [t('channel'), channel(d.channel)],
          [t('attempts'), String(d.attempts)],
          [t('reminders'), String(d.remindersSent)],
          [t('callOutcome'), d.callOutcome],
          [t('errorCode'), d.deliveryErrorCode === null ? null : String(d.deliveryErrorCode)],
        ]}
      />
      <h3>{t('history')}</h3>
      <ol className="timeline">
        {steps.map((e) => (
          <li key={`${e.step}-${e.at}`}>
            <time dateTime={e.at}>{formatDateTime(locale, e.at, tz)}</time> {label(e)}
          </li>
        ))}
      </ol>
    </section>
  );
}
