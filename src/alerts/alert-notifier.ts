import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail, PermanentSendError } from '../channels/channel-adapter';
import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { renderAlertEmail } from './alert-email.template';
import { StaffLocale } from './alert-settings.service';

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
    private readonly db: Sql,
    private readonly clock: Clock,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async runOnce(): Promise<number> {
    const claimed = await this.db.query(
      `UPDATE alerts a SET notify_state = 'sending', notify_attempts = a.notify_attempts + 1
       FROM (SELECT id FROM alerts WHERE notify_state = 'pending' AND (notify_after IS NULL OR notify_after <= $2)
             ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE a.id = due.id
       RETURNING a.id, a.workspace_id, a.campaign_id, a.contact_id, a.notify_to, a.team, a.agent, a.touchpoint, a.matches, a.comment, a.notify_attempts`,
      [BATCH, this.clock.now()],
    );
    if (claimed.length === 0) return 0;
    const details = await this.db.query(
      `SELECT a.id, c.external_id, c.name, c.email, c.phone, cp.name AS campaign_name, COALESCE(s.locale, 'en') AS locale
       FROM alerts a JOIN contacts c ON c.id = a.contact_id JOIN campaigns cp ON cp.id = a.campaign_id
       LEFT JOIN alert_settings s ON s.workspace_id = a.workspace_id WHERE a.id = ANY($1::uuid[])`,
      [claimed.map((a) => a.id)],
    );
    const byId = new Map(details.map((d) => [d.id as string, d]));
    await Promise.all(claimed.map((a) => this.notify(a, byId.get(a.id))));
    return claimed.length;
  }

  private async notify(a: Record<string, any>, d: Record<string, any> | undefined): Promise<void> {
    // Erased between claim and read: the row is gone with the contact, nothing to send.
    if (!d) return;
    const rendered = renderAlertEmail({
      locale: d.locale as StaffLocale,
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
        to: (a.notify_to as string[]).join(', '),
        ...rendered,
        headers: { 'X-Palaute-Alert': a.id, 'Auto-Submitted': 'auto-generated' },
        messageId: `<alert-${a.id}@palaute>`,
      });
      await this.db.query(`UPDATE alerts SET notify_state = 'sent', notified_at = $2 WHERE id = $1`, [
        a.id,
        this.clock.now(),
      ]);
    } catch (err) {
      const retry = !(err instanceof PermanentSendError) && a.notify_attempts < MAX_NOTIFY_ATTEMPTS;
      this.log.warn({ alertId: a.id, err: (err as Error).message, retry }, 'alert email failed');
      const after = new Date(this.clock.now().getTime() + FIRST_RETRY_MS * 2 ** (a.notify_attempts - 1));
      await this.db.query(`UPDATE alerts SET notify_state = $2, notify_after = $3 WHERE id = $1`, [
        a.id,
        retry ? 'pending' : 'failed',
        retry ? after : null,
      ]);
    }
  }
}
