import { Injectable } from '@nestjs/common';
import { TWILIO_UNSUBSCRIBED } from '../channels/twilio/twilio-sms.adapter';
import { Sql } from '../database/sql';
import { QueueService } from '../queue/queue.service';

/**
 * Twilio's message states in the order they can happen. Callbacks arrive out of order (a late
 * `sent` after `delivered`), so a state only replaces one of lower rank.
 */
const RANK: Record<string, number> = {
  accepted: 0, scheduled: 0, queued: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4, read: 5, canceled: 4,
};
const RANK_SQL = `CASE COALESCE(i.delivery_status, 'accepted') ${Object.entries(RANK).map(([s, r]) => `WHEN '${s}' THEN ${r}`).join(' ')} ELSE 0 END`;

/** Invalid, unreachable or landline numbers: the message can never arrive, so the invitation fails for good. */
const PERMANENT_DELIVERY_CODES = new Set([21211, 21612, 21614, 30004, 30006, 30007]);
/** Carrier hiccups worth another try (the policy issue decides when). */
const TRANSIENT_DELIVERY_CODES = new Set([30001, 30002, 30003, 30005, 30008, 30009, 30010]);

export interface DeliveryUpdate {
  workspaceId: string;
  /** From our own StatusCallback URL; the MessageSid finds the row when it is missing. */
  invitationId?: string;
  messageSid: string;
  status: string;
  errorCode?: number;
  /** The number the message went out from (for a Messaging Service, the one Twilio picked). */
  from?: string;
}

@Injectable()
export class DeliveryStatusService {
  constructor(
    private readonly db: Sql,
    private readonly queue: QueueService,
  ) {}

  /** Applies a status callback; returns false when it was stale (or unknown) and changed nothing. */
  async record(update: DeliveryUpdate): Promise<boolean> {
    const rank = RANK[update.status];
    if (rank === undefined) return false;
    const code = update.errorCode ?? null;
    const permanent = code !== null && (PERMANENT_DELIVERY_CODES.has(code) || code === TWILIO_UNSUBSCRIBED);
    const reason = code === null ? null : `${update.status}: Twilio error ${code}${TRANSIENT_DELIVERY_CODES.has(code) ? ' (transient; may be retried)' : ''}`;
    // A callback can beat our own "sent" write (the worker is still recording it): it completes the send then.
    const [row] = await this.db.query(
      `UPDATE invitations i SET
         delivery_status = $3, delivery_error_code = COALESCE($4, i.delivery_error_code), delivery_updated_at = now(),
         provider_message_id = COALESCE(i.provider_message_id, $2), sender = COALESCE(i.sender, $9),
         status = CASE WHEN $5 THEN 'failed' WHEN i.status = 'sending' THEN 'sent' ELSE i.status END,
         status_reason = COALESCE($6, i.status_reason),
         sent_at = COALESCE(i.sent_at, now()),
         expires_at = COALESCE(i.expires_at, now() + cp.expiry_ms * interval '1 millisecond'),
         updated_at = now()
       FROM campaigns cp
       WHERE cp.id = i.campaign_id AND i.workspace_id = $1
         AND (i.id = $7::uuid OR ($7::uuid IS NULL AND i.provider_message_id = $2))
         AND (i.provider_message_id IS NULL OR i.provider_message_id = $2)
         AND ${RANK_SQL} < $8
       RETURNING i.contact_id`,
      [update.workspaceId, update.messageSid, update.status, code, permanent, reason, update.invitationId ?? null, rank, update.from ?? null],
    );
    if (!row) return false;
    if (code === TWILIO_UNSUBSCRIBED) {
      await this.db.query(`UPDATE contacts SET sms_opted_out_at = COALESCE(sms_opted_out_at, now()), updated_at = now() WHERE id = $1`, [row.contact_id]);
      await this.queue.enqueue({ name: 'contact.sms-opted-out', data: { contactId: row.contact_id } }, `sms-opt-out-${row.contact_id}-${Date.now()}`);
    }
    return true;
  }
}
