import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail, PermanentSendError } from '../channels/channel-adapter';
import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { renderAlertEmail } from './alert-email.template';
import { AlertNotificationsRepository, NotifyClaimRow, NotifyDetailsRow } from './alert-notifications.repository';

const BATCH = 50;
/** A send that failed before the server took it is tried this many times in all, 1, 2, 4 and 8 minutes apart. */
const MAX_NOTIFY_ATTEMPTS = 5;
const FIRST_RETRY_MS = 60_000;

/** The link in the email: the operator's own dashboard when configured, else the admin API's alert. */
export function alertLink(config: Pick<AppConfig, 'publicBaseUrl' | 'alertLinkTemplate'>, alertId: string): string {
  return config.alertLinkTemplate
    ? config.alertLinkTemplate.replace('{alertId}', alertId)
    : `${config.publicBaseUrl}/v1/alerts/${alertId}`;
}

/**
 * Emails an alert's owner once. An alert is claimed (`pending` → `sending`) before the send and
 * marked `sent` after, so a crash between the two leaves it `sending` and it is never sent twice:
 * the issue asks for at most one email per alert. An erased contact's alerts are deleted with
 * them, so nothing is sent about a person who asked to be forgotten.
 */
@Injectable()
export class AlertNotifier {
  constructor(
    private readonly alerts: AlertNotificationsRepository,
    private readonly clock: Clock,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async runOnce(): Promise<number> {
    const claimed = await this.alerts.claimDue(BATCH, this.clock.now());
    if (claimed.length === 0) return 0;
    const details = await this.alerts.details(claimed.map((a) => a.id));
    const byId = new Map(details.map((d) => [d.id, d]));
    await Promise.all(claimed.map((a) => this.notify(a, byId.get(a.id))));
    return claimed.length;
  }

  private async notify(a: NotifyClaimRow, d: NotifyDetailsRow | undefined): Promise<void> {
    // Erased between claim and read: the row is gone with the contact, nothing to send.
    if (!d) return;
    const rendered = renderAlertEmail({
      locale: d.locale,
      campaignName: d.campaign_name,
      contact: { externalId: d.external_id, name: d.name, email: d.email, phone: d.phone },
      context: { team: a.team, agent: a.agent, touchpoint: a.touchpoint },
      matches: a.matches,
      comment: a.comment,
      link: alertLink(this.config, a.id),
    });
    try {
      await this.email.send({
        channel: 'email',
        invitationId: null,
        to: a.notify_to.join(', '),
        ...rendered,
        headers: { 'X-Palaute-Alert': a.id, 'Auto-Submitted': 'auto-generated' },
        messageId: `<alert-${a.id}@palaute>`,
      });
      await this.alerts.markSent(a.id, this.clock.now());
    } catch (err) {
      const retry = !(err instanceof PermanentSendError) && a.notify_attempts < MAX_NOTIFY_ATTEMPTS;
      this.log.warn({ alertId: a.id, err: (err as Error).message, retry }, 'alert email failed');
      const after = new Date(this.clock.now().getTime() + FIRST_RETRY_MS * 2 ** (a.notify_attempts - 1));
      await this.alerts.markFailed(a.id, retry ? 'pending' : 'failed', retry ? after : null);
    }
  }
}
