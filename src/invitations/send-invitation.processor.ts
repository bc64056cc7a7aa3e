import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ChannelAdapter, EMAIL_ADAPTER, OutboundEmail, PermanentSendError } from '../channels/channel-adapter';
import { SurveyEmailComposer } from '../channels/email/survey-email.composer';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { Sql } from '../database/sql';
import { SurveysService } from '../surveys/surveys.service';

export type SendOutcome = 'sent' | 'already-done' | 'cancelled' | 'failed';

interface SentRecord {
  invitationId: string;
  sentAt: Date;
  expiresAt: Date;
  providerMessageId: string;
}

/**
 * Sends one invitation step, exactly once. The attempt is recorded (status `sending`) before the
 * provider is called; a retry that finds `sending` knows the earlier attempt was cut off and resends
 * with the same Message-ID. Anything no longer due (campaign stopped, contact unsubscribed,
 * already answered) is cancelled with its reason instead.
 */
@Injectable()
export class SendInvitationProcessor {
  /**
   * Sends finishing together record "sent" in one statement. Each job still waits for its row
   * to be written before it completes, so a crash can only leave a row in `sending`.
   */
  private readonly sentWriter = new GroupCommit<SentRecord, void>(async (batch) => {
    await this.db.query(
      `UPDATE invitations i SET status = 'sent', sent_at = u.sent_at, expires_at = u.expires_at, provider_message_id = u.provider_message_id, updated_at = now()
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[]) AS u(id, sent_at, expires_at, provider_message_id)
       WHERE i.id = u.id AND i.status = 'sending'`,
      [batch.map((b) => b.invitationId), batch.map((b) => b.sentAt), batch.map((b) => b.expiresAt), batch.map((b) => b.providerMessageId)],
    );
    return batch.map(() => undefined);
  });

  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly composer: SurveyEmailComposer,
    @Inject(EMAIL_ADAPTER) private readonly email: ChannelAdapter<OutboundEmail>,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async process(invitationId: string, step: number): Promise<SendOutcome> {
    // One round trip loads what the send needs and records the attempt. Anything not due (sent,
    // cancelled, deferred) is left alone; delayed jobs may fire a little early (clock skew between
    // hosts), hence the tolerance, but never ahead of a deferral.
    const [inv] = await this.db.query(
      `UPDATE invitations i SET status = 'sending', attempts = i.attempts + 1, updated_at = now()
       FROM contacts c, campaigns cp
       WHERE i.id = $1 AND c.id = i.contact_id AND cp.id = i.campaign_id
         AND i.status IN ('scheduled', 'sending') AND i.send_at <= $2
       RETURNING i.token, i.survey_version_id, c.email, c.name, c.locale, c.email_opted_out_at,
                 cp.status AS campaign_status, cp.email_subject, cp.expiry_ms,
                 EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id) AS answered`,
      [invitationId, new Date(this.clock.now().getTime() + 5000)],
    );
    if (!inv) return 'already-done';
    const reason = cancelReason(inv);
    if (reason) {
      await this.db.query(`UPDATE invitations SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`, [invitationId, reason]);
      return 'cancelled';
    }

    const survey = await this.surveys.getVersion(inv.survey_version_id);
    const message = this.composer.compose({
      invitationId, step, token: inv.token, to: inv.email, contactName: inv.name, contactLocale: inv.locale,
      survey, subject: inv.email_subject,
    });
    try {
      const { providerMessageId } = await this.email.send(message);
      const sentAt = this.clock.now();
      await this.sentWriter.submit({ invitationId, sentAt, expiresAt: new Date(sentAt.getTime() + Number(inv.expiry_ms)), providerMessageId });
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
