import { Injectable } from '@nestjs/common';

import {
  PERMANENT_TWILIO_CODES,
  TRANSIENT_TWILIO_CODES,
  TWILIO_UNSUBSCRIBED,
} from '../channels/twilio/twilio-error-codes';
import { GroupCommit } from '../common/group-commit';
import { ContactsService } from '../contacts/contacts.service';
import { Sql } from '../database/sql';
import { QueueService } from '../queue/queue.service';
import { FallbackService } from './fallback.service';

/**
 * Twilio's message states in the order they can happen. Callbacks arrive out of order (a late
 * `sent` after `delivered`), so a state only replaces one of lower rank.
 */
const RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  read: 5,
  canceled: 4,
};
const RANK_SQL = `CASE COALESCE(i.delivery_status, 'accepted') ${Object.entries(RANK)
  .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
  .join(' ')} ELSE 0 END`;

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

// Locks the rows in id order first, so concurrent batches (and the sender's own batched write,
// which does the same) never wait on each other in a cycle. A callback can beat our own "sent"
// write (the worker is still recording it): it completes the send then.
const APPLY_SQL = `
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
    AND ${RANK_SQL} < t.rank
  RETURNING i.id, i.contact_id, i.status, t.ws, t.inv, t.sid, t.code, t.status AS delivery_status`;

const keyOf = (u: DeliveryUpdate) => `${u.workspaceId}|${u.invitationId ?? ''}|${u.messageSid}`;

@Injectable()
export class DeliveryStatusService {
  /**
   * Each text brings two or three callbacks; those arriving together are applied in one statement.
   * Several for one message in a batch collapse to the furthest state first, since one UPDATE can
   * change a row only once.
   */
  private readonly writer = new GroupCommit<DeliveryUpdate, boolean>((batch) => this.apply(batch));

  constructor(
    private readonly db: Sql,
    private readonly queue: QueueService,
    private readonly contacts: ContactsService,
    private readonly fallback: FallbackService,
  ) {}

  /** Applies a status callback; resolves false when it was stale (or unknown) and changed nothing. */
  record(update: DeliveryUpdate): Promise<boolean> {
    if (RANK[update.status] === undefined) return Promise.resolve(false);
    return this.writer.submit(update);
  }

  private async apply(batch: DeliveryUpdate[]): Promise<boolean[]> {
    const furthest = new Map<string, DeliveryUpdate>();
    for (const u of batch) {
      const seen = furthest.get(keyOf(u));
      if (!seen || RANK[u.status] > RANK[seen.status]) furthest.set(keyOf(u), u);
    }
    const updates = [...furthest.values()];
    const col = <T>(f: (u: DeliveryUpdate) => T) => updates.map(f);
    const code = (u: DeliveryUpdate) => u.errorCode ?? null;
    const permanent = (u: DeliveryUpdate) =>
      u.errorCode !== undefined && (PERMANENT_TWILIO_CODES.has(u.errorCode) || u.errorCode === TWILIO_UNSUBSCRIBED);
    const reason = (u: DeliveryUpdate) =>
      u.errorCode === undefined
        ? null
        : `${u.status}: Twilio error ${u.errorCode}${TRANSIENT_TWILIO_CODES.has(u.errorCode) ? ' (transient; may be retried)' : ''}`;
    const params = [
      col((u) => u.workspaceId),
      col((u) => u.invitationId ?? null),
      col((u) => u.messageSid),
      col((u) => u.status),
      col(code),
      col(permanent),
      col(reason),
      col((u) => RANK[u.status]),
      col((u) => u.from ?? null),
    ];
    let changed: Array<Record<string, any>>;
    try {
      changed = await this.db.query(APPLY_SQL, params, 'delivery-status-apply');
    } catch (err) {
      // Rows are locked in id order, but a statement can still lose a race (a deadlock with another
      // process's batch): apply the callbacks one by one rather than answer Twilio with an error.
      if (updates.length === 1) throw err;
      const single = await Promise.all(updates.map((u) => this.apply([u])));
      return batch.map((u) => furthest.get(keyOf(u)) === u && single[updates.indexOf(u)][0]);
    }
    const unsubscribed = changed.filter((r) => r.code === TWILIO_UNSUBSCRIBED).map((r) => r.contact_id as string);
    if (unsubscribed.length) {
      await this.contacts.optOutOfSms(unsubscribed);
      await this.queue.enqueueSmsOptOutCleanup(unsubscribed);
    }
    // Failed for good after sending (landline, unsubscribed, …): on to the campaign's next channel.
    for (const r of changed.filter((x) => x.status === 'failed')) {
      await this.fallback.afterFailure(r.id, r.code ?? undefined, `${r.delivery_status}: Twilio error ${r.code}`);
    }
    const applied = new Set(changed.map((r) => `${r.ws}|${r.inv ?? ''}|${r.sid}`));
    return batch.map((u) => applied.has(keyOf(u)) && furthest.get(keyOf(u)) === u);
  }
}
