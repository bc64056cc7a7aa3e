import type { ScoreGroup } from '../../api/scores';
import { formatCount, formatNumber } from '../../i18n/format';
import { useLocale, useT } from '../../i18n/i18n';
import { formatPercent } from '../../i18n/percent';
import { overviewMessages } from './overview.messages';

type ChannelKey = 'email' | 'sms' | 'voice' | 'whatsapp' | 'web';

/** Response rate per channel with its Wilson interval: a table whose bars are drawn in CSS. */
export function ChannelRates({ groups }: { groups: ScoreGroup[] }) {
  const t = useT(overviewMessages);
  const { locale } = useLocale();
  const rows = groups.filter((g) => g.invitationsSent > 0);
  return (
    <section className="card wide" aria-labelledby="rates-title">
      <h2 id="rates-title">{t('responseRate')}</h2>
      {rows.length === 0 ? (
        <p>{t('noSends')}</p>
      ) : (
        <table className="rates">
          <thead>
            <tr>
              <th scope="col">{t('channel')}</th>
              <th scope="col">{t('sent')}</th>
              <th scope="col">{t('responded')}</th>
              <th scope="col">{t('rate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => {
              const channel = g.key.channel ?? '';
              const rate = g.responseRates.ofSent;
              const label = channel in overviewMessages.en ? t(channel as ChannelKey) : channel;
              return (
                <tr key={channel}>
                  <th scope="row">{label}</th>
                  <td>{formatCount(locale, g.invitationsSent)}</td>
                  <td>{formatCount(locale, g.respondedInvitations)}</td>
                  <td>
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${rate.pct ?? 0}%` }} />
                    </span>
                    {formatPercent(locale, rate.pct)}
                    {rate.interval && (
                      <span className="muted">
                        {' '}
                        ({formatNumber(locale, rate.interval.low)}–{formatNumber(locale, rate.interval.high)})
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
