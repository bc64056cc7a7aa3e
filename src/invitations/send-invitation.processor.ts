import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail, PermanentSendError } from '../channels/channel-adapter';
import { SurveyEmailComposer } from '../channels/email/survey-email.composer';
import { Clock } from '../common/clock';
import { LOGGER } from '../common/logger';
import { Sql } from '../database/sql';
import { SurveysService } from '../surveys/surveys.service';

export type SendOutcome = 'sent' | 'already-done' | 'not-due' | 'cancelled' | 'failed';

/**
 * Sends one invitation step, exactly once. The attempt is recorded (status `sending`) before the
 * provider is called; a retry that finds `sending` knows the earlier attempt was cut off and resends
 * with the same Message-ID. Anything no longer due (campaign stopped, contact unsubscribed,
 * already answered, expired) is cancelled with its reason instead.
 */
@Injectable()
export class SendInvitationProcessor {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly composer: SurveyEmailComposer,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async process(invitationId: string, step: number): Promise<SendOutcome> {
    const [inv] = await this.db.query(
      `SELECT i.id, i.status, i.token, i.send_at, i.survey_version_id, i.channel,
              c.email, c.name, c.locale, c.email_opted_out_at,
              cp.status AS campaign_status, cp.email_subject, cp.expiry_ms,
              EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id) AS answered
       FROM invitations i JOIN contacts c ON c.id = i.contact_id JOIN campaigns cp ON cp.id = i.campaign_id
       WHERE i.id = $1`,
      [invitationId],
    );
    if (!inv || !['scheduled', 'sending'].includes(inv.status)) return 'already-done';
    // Delayed jobs can fire a little early (clock skew between hosts); never ahead of a deferral.
    if (new Date(inv.send_at).getTime() > this.clock.now().getTime() + 5000) return 'not-due';
    const reason = cancelReason(inv);
    if (reason) {
      await this.db.query(`UPDATE invitations SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE id = $1 AND status IN ('scheduled', 'sending')`, [invitationId, reason]);
      return 'cancelled';
    }
    const [claimed] = await this.db.query(
      `UPDATE invitations SET status = 'sending', attempts = attempts + 1, updated_at = now()
       WHERE id = $1 AND status IN ('scheduled', 'sending') RETURNING attempts`,
      [invitationId],
    );
    if (!claimed) return 'already-done';

    const survey = await this.surveys.getVersion(inv.survey_version_id);
    const message = this.composer.compose({
      invitationId, step, token: inv.token, to: inv.email, contactName: inv.name, contactLocale: inv.locale,
      survey, subject: inv.email_subject,
    });
    try {
      const { providerMessageId } = await this.email.send(message);
      const sentAt = this.clock.now();
      await this.db.query(
        `UPDATE invitations SET status = 'sent', sent_at = $2, expires_at = $3, provider_message_id = $4, updated_at = now()
         WHERE id = $1 AND status = 'sending'`,
        [invitationId, sentAt, new Date(sentAt.getTime() + Number(inv.expiry_ms)), providerMessageId],
      );
      return 'sent';
    } catch (err) {
      if (!(err instanceof PermanentSendError)) throw err;
      this.log.warn({ invitationId, err: err.message }, 'invitation send failed permanently');
      await this.db.query(`UPDATE invitations SET status = 'failed', status_reason = $2, updated_at = now() WHERE id = $1`, [invitationId, err.message.slice(0, 500)]);
      return 'failed';
    }
  }
}

function cancelReason(inv: Record<string, any>): string | null {
  if (inv.campaign_status !== 'active') return `campaign ${inv.campaign_status}`;
  if (!inv.email) return 'no email address';
  if (inv.email_opted_out_at) return 'contact unsubscribed from email';
  if (inv.answered) return 'already answered';
  return null;
}
