import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import { CALL_STATUS_RANK } from '../policy/call-outcome';
import { MESSAGE_STATUS_RANK } from './message-status';

/** One message status callback as the batched update takes it, with what it means already worked out. */
export interface DeliveryChange {
  workspaceId: string;
  invitationId: string | null;
  messageSid: string;
  status: string;
  errorCode: number | null;
  /** The invitation fails for good (a permanent error, or the number unsubscribed). */
  permanent: boolean;
  reason: string | null;
  rank: number;
  from: string | null;
}

/** An invitation a delivery callback changed, with the callback that changed it. */
export interface DeliveryAppliedRow {
  id: string;
  contact_id: string;
  status: string;
  ws: string;
  inv: string | null;
  sid: string;
  code: number | null;
  delivery_status: string;
}

/** A call progress callback, with what it means already worked out. */
export interface CallStatusChange {
  workspaceId: string;
  token: string;
  callSid: string;
  status: string;
  errorCode: number | null;
  outcome: string | null;
  permanent: boolean;
  reason: string | null;
  rank: number;
  from: string | null;
}

const MESSAGE_RANK_SQL = `CASE COALESCE(i.delivery_status, 'accepted') ${Object.entries(MESSAGE_STATUS_RANK)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(' ')} ELSE 0 END`;

// Locks the rows in id order first, so concurrent batches (and the sender's own batched write,
// which does the same) never wait on each other in a cycle. A callback can beat our own "sent"
// write (the worker is still recording it): it completes the send then.
const DELIVERY_SQL = `
  WITH u AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::boolean[], $7::text[], $8::int[], $9::text[])
      AS u(ws, inv, sid, status, code, permanent, reason, rank, from_number)
  ), target AS (
    SELECT i.id, u.* FROM invitations i JOIN u ON i.workspace_id = u.ws AND (i.id = u.inv OR (u.inv IS NULL AND i.provider_message_id = u.sid))
    ORDER BY i.id FOR UPDATE OF i
  )
  UPDATE invitations i SET
    delivery_status = t.status, delivery_error_code = COALESCE(t.code, i.delivery_error_code), delivery_updated_at = now(),
    provider_message_id = COALESCE(i.provider_message_id, t.sid), sender = COALESCE(i.sender, t.from_number),
    status = CASE WHEN t.permanent THEN 'failed' WHEN i.status = 'sending' THEN 'sent' ELSE i.status END,
    status_reason = COALESCE(t.reason, i.status_reason),
    sent_at = COALESCE(i.sent_at, now()),
    expires_at = COALESCE(i.expires_at, now() + cp.expiry_ms * interval '1 millisecond'),
    updated_at = now()
  FROM target t, campaigns cp
  WHERE i.id = t.id AND cp.id = i.campaign_id
    AND (i.provider_message_id IS NULL OR i.provider_message_id = t.sid)
    AND ${MESSAGE_RANK_SQL} < t.rank
  RETURNING i.id, i.contact_id, i.status, t.ws, t.inv, t.sid, t.code, t.status AS delivery_status`;

const CALL_RANK_SQL = `CASE COALESCE(i.delivery_status, 'queued') ${Object.entries(CALL_STATUS_RANK)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(' ')} ELSE 0 END`;

// Only forward: a replayed or late callback changes nothing. A callback can beat the worker's own
// "sent" write (the call was placed, the worker has not recorded it yet, or it died): it completes
// the send then, so a retry does not ring the person twice. A machine verdict from the TwiML
// request is kept over the final status.
const CALL_SQL = `
  UPDATE invitations i SET
    delivery_status = $4, delivery_error_code = COALESCE($5, i.delivery_error_code), delivery_updated_at = now(),
    provider_message_id = COALESCE(i.provider_message_id, $3), sender = COALESCE(i.sender, $10),
    call_outcome = CASE WHEN i.call_outcome = 'machine' THEN i.call_outcome ELSE COALESCE($6, i.call_outcome) END,
    status = CASE WHEN $7 THEN 'failed' WHEN i.status = 'sending' THEN 'sent' ELSE i.status END,
    status_reason = CASE WHEN i.call_outcome = 'machine' THEN i.status_reason ELSE COALESCE($8, i.status_reason) END,
    sent_at = COALESCE(i.sent_at, now()),
    expires_at = COALESCE(i.expires_at, now() + cp.expiry_ms * interval '1 millisecond'),
    updated_at = now()
  FROM campaigns cp
  WHERE i.workspace_id = $1 AND i.token = $2 AND i.channel = 'voice' AND cp.id = i.campaign_id
    AND i.status IN ('sending', 'sent', 'failed')
    AND (i.provider_message_id IS NULL OR i.provider_message_id = $3)
    AND ${CALL_RANK_SQL} < $9
  RETURNING i.id`;

/**
 * Provider callbacks on invitations: message delivery states and call progress, each applied only
 * forward. A first sent time sets the expiry from the campaign's (campaigns read only).
 */
@Injectable()
export class InvitationDeliveryRepository {
  constructor(private readonly db: Sql) {}

  /** Applies message status callbacks in one statement (at most one per message); returns the rows changed. */
  recordDelivery(changes: DeliveryChange[]): Promise<DeliveryAppliedRow[]> {
    const col = <T>(f: (c: DeliveryChange) => T) => changes.map(f);
    return this.db.query<DeliveryAppliedRow>(
      DELIVERY_SQL,
      [
        col((c) => c.workspaceId),
        col((c) => c.invitationId),
        col((c) => c.messageSid),
        col((c) => c.status),
        col((c) => c.errorCode),
        col((c) => c.permanent),
        col((c) => c.reason),
        col((c) => c.rank),
        col((c) => c.from),
      ],
      'delivery-status-apply',
    );
  }

  /** Applies a call progress callback; the id of the invitation it changed, or null. */
  async recordCallStatus(c: CallStatusChange): Promise<string | null> {
    const rows = await this.db.query<{ id: string }>(CALL_SQL, [
      c.workspaceId,
      c.token,
      c.callSid,
      c.status,
      c.errorCode,
      c.outcome,
      c.permanent,
      c.reason,
      c.rank,
      c.from,
    ]);
    return rows[0]?.id ?? null;
  }

  async markMachine(invitationId: string, reason: string): Promise<void> {
    await this.db.query<never>(
      `UPDATE invitations SET call_outcome = 'machine', status_reason = $2, updated_at = now() WHERE id = $1`,
      [invitationId, reason],
    );
  }
}
