import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import { ChannelName, ReminderRow } from './invitation-sends.repository';
import { ChannelFacts } from './next-channel';

/** An invitations row. */
export interface InvitationRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  survey_version_id: string;
  contact_id: string;
  event_id: string | null;
  event_type: string;
  properties: Record<string, unknown>;
  channel: string;
  step: number;
  /** Reminders sent so far (steps also count fallbacks). */
  reminders_sent: number;
  status: string;
  status_reason: string | null;
  token: string;
  send_at: Date;
  sent_at: Date | null;
  expires_at: Date | null;
  attempts: number;
  provider_message_id: string | null;
  created_at: Date;
  updated_at: Date;
  sender: string | null;
  delivery_status: string | null;
  delivery_error_code: number | null;
  delivery_updated_at: Date | null;
  call_outcome: string | null;
  handed_over_at: Date | null;
  language: string | null;
  dims: Record<string, unknown> | null;
}

/** A new scheduled invitation with its id and survey token. */
export interface InvitationInsert {
  id: string;
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  contactId: string;
  eventId: string;
  eventType: string;
  properties: Record<string, unknown>;
  channel: string;
  token: string;
  sendAt: Date;
  reason: string | null;
}

/** A page of the admin list of invitations. */
export interface InvitationListQuery {
  workspaceId: string;
  status?: string;
  delivery?: string;
  after?: KeysetPosition;
  /** Rows per page (the statement reads one more, to know whether another page follows). */
  limit: number;
}

/** Which of a contact's scheduled invitations of a campaign to cancel: all, or those whose event had this property value. */
export interface PendingMatch {
  campaignId: string;
  property: { key: string; value: string } | null;
  reason: string;
}

/** A due invitation the queue should have picked up by now. */
export type OverdueRow = Pick<InvitationRow, 'id' | 'step' | 'channel' | 'send_at'>;

/**
 * Where an invitation stands, with its campaign's channels and reminders and its contact's
 * addresses (campaigns and contacts read only), and whether it was answered.
 */
export interface StandingRow extends ChannelFacts {
  id: string;
  channel: ChannelName;
  status: string;
  step: number;
  expires_at: Date | null;
  reminders: ReminderRow[] | null;
  /** Reminders already sent (a fallback moves the step on but sends no reminder). */
  reminders_sent: number;
  answered: boolean;
}

/** The invitations table outside the send itself: scheduling, cancelling, recovery, reminders, the admin view. */
@Injectable()
export class InvitationsRepository {
  constructor(private readonly db: Sql) {}

  async insertScheduled(invitations: InvitationInsert[], tx: Queryable = this.db): Promise<void> {
    const col = <T>(f: (inv: InvitationInsert) => T) => invitations.map(f);
    await tx.query<never>(
      `INSERT INTO invitations (id, workspace_id, campaign_id, survey_version_id, contact_id, event_id, event_type, properties, channel, token, send_at, status_reason)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::timestamptz[], $12::text[])`,
      [
        col((i) => i.id),
        col((i) => i.workspaceId),
        col((i) => i.campaignId),
        col((i) => i.surveyVersionId),
        col((i) => i.contactId),
        col((i) => i.eventId),
        col((i) => i.eventType),
        col((i) => JSON.stringify(i.properties)),
        col((i) => i.channel),
        col((i) => i.token),
        col((i) => i.sendAt),
        col((i) => i.reason),
      ],
    );
  }

  async find(workspaceId: string, id: string): Promise<InvitationRow | undefined> {
    const [row] = await this.db.query<InvitationRow>(`SELECT * FROM invitations WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** A contact's invitations, newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  forContact(
    workspaceId: string,
    contactId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Array<InvitationRow & { position: string }>> {
    return this.db.query<InvitationRow & { position: string }>(
      `SELECT *, created_at::text AS position FROM invitations WHERE workspace_id = $1 AND contact_id = $2
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [workspaceId, contactId, ...keysetArgs(after, limit)],
    );
  }

  /**
   * A page of a workspace's invitations, newest first, optionally by status and delivery status;
   * `after` is the last row of the previous page (created_at as Postgres prints it, and id).
   */
  list(q: InvitationListQuery): Promise<Array<InvitationRow & { position: string }>> {
    return this.db.query<InvitationRow & { position: string }>(
      `SELECT *, created_at::text AS position FROM invitations
       WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR delivery_status = $3)
         AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [q.workspaceId, q.status ?? null, q.delivery ?? null, ...keysetArgs(q.after, q.limit)],
    );
  }

  async statusOf(workspaceId: string, id: string): Promise<string | undefined> {
    const [row] = await this.db.query<Pick<InvitationRow, 'status'>>(
      `SELECT status FROM invitations WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row?.status;
  }

  /** Cancels the invitation if it is still scheduled; false when it is not (or not there). */
  async cancelScheduled(workspaceId: string, id: string, reason: string): Promise<boolean> {
    const rows = await this.db.query<Pick<InvitationRow, 'id'>>(
      `UPDATE invitations SET status = 'cancelled', status_reason = $3, updated_at = now()
       WHERE workspace_id = $1 AND id = $2 AND status = 'scheduled' RETURNING id`,
      [workspaceId, id, reason],
    );
    return rows.length > 0;
  }

  /** Cancels a contact's scheduled invitations of one campaign that match; returns their ids. */
  async cancelPendingFor(contactId: string, match: PendingMatch, tx: Queryable = this.db): Promise<string[]> {
    const rows = await tx.query<Pick<InvitationRow, 'id'>>(
      `UPDATE invitations SET status = 'cancelled', status_reason = $4, updated_at = now()
             WHERE campaign_id = $1 AND contact_id = $2 AND status = 'scheduled' AND ($3::text IS NULL OR properties ->> $5 = $3)
             RETURNING id`,
      [match.campaignId, contactId, match.property?.value ?? null, match.reason, match.property?.key ?? ''],
    );
    return rows.map((r) => r.id);
  }

  /** Cancels a contact's scheduled texts; returns how many. */
  async cancelScheduledSms(contactId: string): Promise<number> {
    const rows = await this.db.query<Pick<InvitationRow, 'id'>>(
      `UPDATE invitations SET status = 'cancelled', status_reason = 'opted out of sms', updated_at = now()
       WHERE contact_id = $1 AND channel = 'sms' AND status = 'scheduled' RETURNING id`,
      [contactId],
    );
    return rows.length;
  }

  /**
   * Due for a minute without being picked up, or stuck in `sending` longer than `stalledSecs`
   * (at most 5000, oldest first).
   */
  dueWithoutJob(stalledSecs: number): Promise<OverdueRow[]> {
    return this.db.query<OverdueRow>(
      `SELECT id, step, channel, send_at FROM invitations
         WHERE (status = 'scheduled' AND send_at < now() - interval '60 seconds')
            OR (status = 'sending' AND updated_at < now() - make_interval(secs => $1))
         ORDER BY send_at LIMIT 5000`,
      [stalledSecs],
    );
  }

  /**
   * Every scheduled invitation, a page at a time in (send_at, id) order, after `after`: the
   * delayed sends Redis held, for when it lost them. The partial index on scheduled rows serves it.
   */
  scheduledPage(after: { sendAt: Date; id: string } | null, limit: number): Promise<OverdueRow[]> {
    return this.db.query<OverdueRow>(
      `SELECT id, step, channel, send_at FROM invitations
         WHERE status = 'scheduled' AND ($1::timestamptz IS NULL OR (send_at, id) > ($1, $2::uuid))
         ORDER BY send_at, id LIMIT $3`,
      [after?.sendAt ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Sent invitations whose campaign has a reminder after their step, not answered and not
   * expired, with when that reminder falls due (the last send plus its `after`), a page at a time
   * by id: the reminders Redis held, for when it lost them. Campaigns and responses read only.
   * `sent_at` keeps the first send; a reminder's send starts at the `send_at` it moved to, hence
   * the later of the two.
   */
  pendingRemindersPage(
    afterId: string | null,
    limit: number,
  ): Promise<Array<{ id: string; step: number; remind_at: Date }>> {
    return this.db.query<{ id: string; step: number; remind_at: Date }>(
      `SELECT i.id, i.step, GREATEST(i.sent_at, i.send_at) + make_interval(secs => (cp.reminders -> i.step ->> 'afterMs')::double precision / 1000) AS remind_at
         FROM invitations i JOIN campaigns cp ON cp.id = i.campaign_id
         WHERE i.status = 'sent' AND i.sent_at IS NOT NULL AND jsonb_array_length(cp.reminders) > i.step
           AND (i.expires_at IS NULL OR i.expires_at > now())
           AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
           AND ($1::uuid IS NULL OR i.id > $1)
         ORDER BY i.id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** The send ran out of retries: failed, unless it got further meanwhile. */
  async markGaveUp(invitationId: string, reason: string): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET status = 'failed', status_reason = $2, updated_at = now() WHERE id = $1 AND status IN ('scheduled', 'sending')`,
      [invitationId, reason],
    );
  }

  /** Where an invitation stands before a reminder or a fallback (responses read only, for `answered`). */
  async standing(invitationId: string): Promise<StandingRow | undefined> {
    const [row] = await this.db.query<StandingRow>(
      `SELECT i.id, i.channel, i.status, i.step, i.reminders_sent, i.expires_at, cp.channels AS campaign_channels, cp.reminders,
              c.email, c.phone, c.email_opted_out_at, c.sms_opted_out_at, c.voice_opted_out_at,
              EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id) AS answered
       FROM invitations i JOIN campaigns cp ON cp.id = i.campaign_id JOIN contacts c ON c.id = i.contact_id WHERE i.id = $1`,
      [invitationId],
    );
    return row;
  }

  /**
   * The sent invitation goes out again as `step` on `channel`, due now, counting one more reminder,
   * only if it is still sent at the step before, unexpired and unanswered; false when not.
   */
  async moveToReminder(invitationId: string, step: number, channel: string, reason: string): Promise<boolean> {
    const rows = await this.db.query<Pick<InvitationRow, 'id'>>(
      `UPDATE invitations i SET status = 'scheduled', step = $2, channel = $3, send_at = now(), status_reason = $4, handed_over_at = NULL,
         delivery_status = CASE WHEN i.delivery_status IN ('uncertain', 'resent') THEN NULL ELSE i.delivery_status END,
         reminders_sent = i.reminders_sent + 1, updated_at = now()
       WHERE i.id = $1 AND i.status = 'sent' AND i.step = $2 - 1 AND (i.expires_at IS NULL OR i.expires_at > now())
         AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
       RETURNING i.id`,
      [invitationId, step, channel, reason],
    );
    return rows.length > 0;
  }
}
