import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { formatReason } from '../policy/reasons';
import { QueueService } from '../queue/queue.service';
import { nextChannel } from './next-channel';

/**
 * A sent invitation that failed for good later (a carrier's permanent delivery failure, a failed
 * call) moves on to the next channel the contact can receive, as a new step: one cadence per
 * invitation, never two channels at once.
 */
@Injectable()
export class FallbackService {
  constructor(
    private readonly db: Sql,
    private readonly queue: QueueService,
  ) {}

  async afterFailure(invitationId: string, code: number | undefined, cause: string): Promise<string | null> {
    const [inv] = await this.db.query(
      `SELECT i.id, i.channel, i.step, i.status, cp.channels AS campaign_channels, c.email, c.phone, c.email_opted_out_at, c.sms_opted_out_at, c.voice_opted_out_at,
              EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id) AS answered
       FROM invitations i JOIN campaigns cp ON cp.id = i.campaign_id JOIN contacts c ON c.id = i.contact_id WHERE i.id = $1`,
      [invitationId],
    );
    if (!inv || inv.status !== 'failed' || inv.answered) return null;
    const next = nextChannel(inv, false);
    if (!next) return null;
    const step = Number(inv.step) + 1;
    if (!(await fallBackTo(this.db, { invitationId, fromStatus: 'failed', step, channel: next, code, cause })))
      return null;
    await this.queue.enqueueSends([{ invitationId, step, channel: next, delayMs: 0 }]);
    return next;
  }
}

/**
 * One cadence per invitation: the same row moves to `channel` as step `step`, due now, with the
 * reason, only if it is still at the step before in `fromStatus`. Shared by the send path (a
 * refusal while sending) and later failures. Returns whether it moved.
 */
export async function fallBackTo(
  q: Queryable,
  f: {
    invitationId: string;
    fromStatus: 'sending' | 'failed';
    step: number;
    channel: string;
    code?: number;
    cause: string;
  },
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE invitations SET channel = $2, step = $3, status = 'scheduled', send_at = now(), attempts = 0, status_reason = $4,
       delivery_error_code = COALESCE($5, delivery_error_code), provider_message_id = NULL, sender = NULL, delivery_status = NULL, updated_at = now()
     WHERE id = $1 AND status = $6 AND step = $3 - 1 RETURNING id`,
    [
      f.invitationId,
      f.channel,
      f.step,
      formatReason({ kind: 'fell-back', to: f.channel as never, code: f.code, cause: f.cause }).slice(0, 500),
      f.code ?? null,
      f.fromStatus,
    ],
  );
  return rows.length > 0;
}
