import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import { DeliveryStatus } from './webhook-deliveries.repository';
import { WEBHOOKS_CHANNEL } from './webhooks-channel';

/** One delivery with its message's event type, as the delivery log lists it. */
export interface DeliveryRow {
  /** bigint: pg returns it as text. */
  id: string;
  message_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A delivery with the exact body that was signed. */
export interface DeliveryWithPayloadRow extends DeliveryRow {
  payload: string;
}

/** One attempt of a delivery. */
export interface AttemptRow {
  attempt: number;
  attempted_at: Date;
  /** HTTP status, or null when no response came. */
  status: number | null;
  latency_ms: number;
  error: string | null;
}

/** Which deliveries a replay sends again: one message, or the endpoint's failures since a time. */
export type ReplayTarget = { messageId: string } | { since: Date };

/** The admin side of webhook_deliveries and webhook_attempts: the log, and replays. Rows stay snake_case. */
@Injectable()
export class WebhookDeliveryLogRepository {
  constructor(private readonly db: Sql) {}

  /** Newest first; `before` is the id of the last delivery of the previous page. */
  async page(
    endpointId: string,
    q: { status: string | null; before: string | null; limit: number },
  ): Promise<DeliveryRow[]> {
    return this.db.query<DeliveryRow>(
      `SELECT d.id, d.message_id, m.event_type, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
       WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.id < $3)
       ORDER BY d.id DESC LIMIT $4`,
      [endpointId, q.status, q.before, q.limit],
    );
  }

  async find(endpointId: string, messageId: string): Promise<DeliveryWithPayloadRow | undefined> {
    const [row] = await this.db.query<DeliveryWithPayloadRow>(
      `SELECT d.id, d.message_id, m.event_type, m.payload, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id WHERE d.endpoint_id = $1 AND d.message_id = $2`,
      [endpointId, messageId],
    );
    return row;
  }

  async attempts(deliveryId: string): Promise<AttemptRow[]> {
    return this.db.query<AttemptRow>(
      `SELECT attempt, attempted_at, status, latency_ms, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt, id`,
      [deliveryId],
    );
  }

  async statusOf(endpointId: string, messageId: string): Promise<DeliveryStatus | null> {
    const [row] = await this.db.query<{ status: DeliveryStatus }>(
      `SELECT status FROM webhook_deliveries WHERE endpoint_id = $1 AND message_id = $2`,
      [endpointId, messageId],
    );
    return row?.status ?? null;
  }

  /** Puts the target deliveries back to pending on a fresh schedule (none that is pending); returns how many. */
  async replay(endpointId: string, target: ReplayTarget, at: Date): Promise<number> {
    const [row] = await this.db.query<{ replayed: number }>(
      `WITH replayed AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4, replay_base = attempts, lease_until = NULL
         WHERE endpoint_id = $1 AND status <> 'pending'
           AND (CASE WHEN $2::text IS NOT NULL THEN message_id = $2 ELSE status = 'failed' AND created_at >= $3 END)
         RETURNING 1)
       SELECT count(*)::int AS replayed FROM replayed`,
      [endpointId, 'messageId' in target ? target.messageId : null, 'since' in target ? target.since : null, at],
    );
    return row.replayed;
  }

  /** Tells the dispatchers there is work now rather than at their next poll. */
  async wakeDispatchers(): Promise<void> {
    await this.db.query<{ pg_notify: string }>(`SELECT pg_notify('${WEBHOOKS_CHANNEL}', '')`);
  }
}
