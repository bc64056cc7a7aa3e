import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { LocalizedText } from '../i18n/locale';
import { HolidayCalendar } from '../policy/holidays';
import { SendingRange, SendingWindow } from '../policy/sending-window';
import { ChannelFacts } from './next-channel';

/** One of the channels a campaign lists (the column is text; only these are written). */
export type ChannelName = NonNullable<ChannelFacts['campaign_channels']>[number];

/** A campaign's reminder as stored on the campaign. */
export interface ReminderRow {
  after: string;
  afterMs: number;
  channel: 'same' | 'next';
}

/**
 * A claimed invitation with what its send needs: the contact as it is now and the campaign's
 * settings (contacts and campaigns read only), the attempt before this one, and whether it was answered.
 */
export interface ClaimedRow extends ChannelFacts {
  id: string;
  channel: ChannelName;
  token: string;
  workspace_id: string;
  step: number;
  /** Counting this one: the attempt a handover mark must still belong to. */
  attempts: number;
  survey_version_id: string;
  prev_status: string;
  /** Set when an earlier attempt at this step handed its email to the SMTP server (final dot sent or about to be). */
  handed_over_at: Date | null;
  prev_updated_at: Date;
  reminders: ReminderRow[] | null;
  /** Reminders already sent: the next one due is `reminders[reminders_sent]` (fallbacks take steps, not reminders). */
  reminders_sent: number;
  contact_id: string;
  name: string | null;
  locale: string | null;
  timezone: string | null;
  campaign_status: string;
  email_subject: LocalizedText | null;
  /** bigint, as text. */
  expiry_ms: string;
  campaign_timezone: string;
  calling_window: SendingRange | null;
  voice_options: { machineDetection?: boolean } | null;
  sending_windows: Record<string, SendingWindow> | null;
  holidays: HolidayCalendar | null;
  answered: boolean;
}

/** A send that went out, to record. */
export interface SentRecord {
  invitationId: string;
  sentAt: Date;
  expiresAt: Date;
  providerMessageId: string;
  sender: string | null;
}

/** An attempt about to hand its email over: the mark holds only while the row is still this attempt's. */
export interface HandoverClaim {
  invitationId: string;
  attempt: number;
}

/** An email whose handover was never answered, recorded as sent without confirmation. */
export interface UncertainRecord {
  invitationId: string;
  sentAt: Date;
  expiresAt: Date;
  providerMessageId: string;
  reason: string;
}

/** The same invitation moves to the next channel as a new step, due now. */
export interface ChannelMove {
  invitationId: string;
  /** Moves only from this status, at the step before `step`. */
  fromStatus: 'sending' | 'failed';
  step: number;
  channel: string;
  reason: string;
  code: number | null;
}

/** The send path of an invitation: claiming it, then recording how the attempt went. */
@Injectable()
export class InvitationSendsRepository {
  constructor(private readonly db: Sql) {}

  /**
   * Claims the invitations among `ids` that are due by `dueBy` (scheduled, or a send cut off in
   * `sending`): records the attempt and returns each with what its send needs. Rows are locked in
   * id order, like every batch here.
   */
  claimForSend(ids: string[], dueBy: Date): Promise<ClaimedRow[]> {
    return this.db.query<ClaimedRow>(
      `WITH prev AS (SELECT id, status, updated_at FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE)
       UPDATE invitations i SET status = 'sending', attempts = i.attempts + 1, updated_at = now()
       FROM prev, contacts c, campaigns cp
       WHERE i.id = prev.id AND c.id = i.contact_id AND cp.id = i.campaign_id
         AND i.status IN ('scheduled', 'sending') AND i.send_at <= $2
       RETURNING i.id, i.token, i.workspace_id, i.channel, i.step, i.reminders_sent, i.attempts, i.survey_version_id, prev.status AS prev_status, prev.updated_at AS prev_updated_at, i.handed_over_at,
                 cp.channels AS campaign_channels, cp.reminders,
                 c.id AS contact_id, c.email, c.phone, c.name, c.locale, c.timezone, c.email_opted_out_at, c.sms_opted_out_at, c.voice_opted_out_at,
                 cp.status AS campaign_status, cp.email_subject, cp.expiry_ms, cp.timezone AS campaign_timezone, cp.calling_window, cp.voice_options, cp.sending_windows, cp.holidays,
                 EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id) AS answered`,
      [ids, dueBy],
      'invitations-claim',
    );
  }

  /**
   * Records sends that went out, in one statement. Rows are locked in id order (as the
   * delivery-status batch does), so the two never deadlock. Twilio's status callback can get here
   * first (it completes a send too): then only what it lacks is filled in.
   */
  async markSent(batch: SentRecord[]): Promise<void> {
    await this.db.query<never>(
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[]) AS u(id, sent_at, expires_at, provider_message_id, sender)
       ), target AS (
         SELECT u.* FROM invitations i JOIN u ON u.id = i.id ORDER BY i.id FOR UPDATE OF i
       )
       UPDATE invitations i SET status = 'sent', sent_at = COALESCE(i.sent_at, t.sent_at), expires_at = COALESCE(i.expires_at, t.expires_at),
         provider_message_id = t.provider_message_id, sender = COALESCE(i.sender, t.sender),
         delivery_status = COALESCE(i.delivery_status, CASE WHEN t.sender IS NULL THEN NULL ELSE 'queued' END), updated_at = now()
       FROM target t
       WHERE i.id = t.id AND (i.status = 'sending' OR (i.status = 'sent' AND i.provider_message_id = t.provider_message_id))`,
      [
        batch.map((b) => b.invitationId),
        batch.map((b) => b.sentAt),
        batch.map((b) => b.expiresAt),
        batch.map((b) => b.providerMessageId),
        batch.map((b) => b.sender),
      ],
      'invitations-mark-sent',
    );
  }

  /**
   * Marks emails as handed to the SMTP server, in one statement, before their final dots go out;
   * returns the ids marked. A row another attempt has claimed since (or that is no longer being
   * sent) is not marked, and its send stops short of the dot. Rows are locked in id order, as
   * markSent does.
   */
  async markHandedOver(batch: HandoverClaim[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `WITH u AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS u(id, attempt)),
       target AS (SELECT i.id FROM invitations i JOIN u ON u.id = i.id WHERE i.status = 'sending' AND i.attempts = u.attempt ORDER BY i.id FOR UPDATE OF i)
       UPDATE invitations i SET handed_over_at = now() FROM target t WHERE i.id = t.id RETURNING i.id`,
      [batch.map((b) => b.invitationId), batch.map((b) => b.attempt)],
      'invitations-mark-handed-over',
    );
    return rows.map((r) => r.id);
  }

  /** The server did not take the message after all (it refused it, or the dot never went): a retry is not uncertain. */
  async withdrawHandover(invitationId: string, attempt: number): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET handed_over_at = NULL WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
      [invitationId, attempt],
    );
  }

  /**
   * At most once: the email may be with the server, so it counts as sent and is not sent again;
   * `delivery_status = 'uncertain'` lists it for review. Reminders follow as after any send.
   */
  async markUncertain(r: UncertainRecord): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET status = 'sent', sent_at = COALESCE(sent_at, $2), expires_at = COALESCE(expires_at, $3),
         provider_message_id = $4, delivery_status = 'uncertain', status_reason = $5, updated_at = now()
       WHERE id = $1 AND status = 'sending'`,
      [r.invitationId, r.sentAt, r.expiresAt, r.providerMessageId, r.reason],
    );
  }

  /** At least once: the email goes out again (same Message-ID); `delivery_status = 'resent'` lists the possible duplicate. */
  async markResending(invitationId: string, reason: string): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET delivery_status = 'resent', status_reason = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [invitationId, reason],
    );
  }

  /**
   * Not an attempt after all: the row goes back to scheduled (the attempt uncounted), at
   * `deferredUntil` with its reason when the send moves, else as it was.
   */
  async handBack(invitationId: string, deferredUntil: Date | null, reason: string | null): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET status = 'scheduled', attempts = attempts - 1, send_at = COALESCE($2, send_at),
             status_reason = CASE WHEN $2::timestamptz IS NULL THEN status_reason ELSE $3 END, updated_at = now()
           WHERE id = $1 AND status = 'sending'`,
      [invitationId, deferredUntil, reason],
    );
  }

  /** A claimed send that is no longer due. */
  async cancelSending(invitationId: string, reason: string): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [invitationId, reason],
    );
  }

  async markFailed(invitationId: string, reason: string, code: number | null, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `UPDATE invitations SET status = 'failed', status_reason = $2, delivery_error_code = $3, updated_at = now() WHERE id = $1`,
      [invitationId, reason, code],
    );
  }

  /** Moves the invitation to its next channel; false when it was no longer where the move expected. */
  async moveToChannel(m: ChannelMove, tx: Queryable = this.db): Promise<boolean> {
    const rows = await tx.query<{ id: string }>(
      `UPDATE invitations SET channel = $2, step = $3, status = 'scheduled', send_at = now(), attempts = 0, status_reason = $4,
       delivery_error_code = COALESCE($5, delivery_error_code), provider_message_id = NULL, sender = NULL, delivery_status = NULL,
       handed_over_at = NULL, updated_at = now()
     WHERE id = $1 AND status = $6 AND step = $3 - 1 RETURNING id`,
      [m.invitationId, m.channel, m.step, m.reason, m.code, m.fromStatus],
    );
    return rows.length > 0;
  }

  /** Read only on contacts (a lower layer): the last-moment opt-out check before a text goes out. */
  async smsOptedOutAt(contactId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ sms_opted_out_at: Date | null }>(
      `SELECT sms_opted_out_at FROM contacts WHERE id = $1`,
      [contactId],
    );
    return row?.sms_opted_out_at ?? null;
  }
}
