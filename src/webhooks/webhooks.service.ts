import { Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { Queryable } from '../database/sql';
import { serializePayload, WebhookPayload } from './event-payloads';
import { messageIdFor } from './standard-webhooks';

/** The Postgres channel that wakes the dispatchers when deliveries are emitted (delivered on commit). */
export const WEBHOOKS_CHANNEL = 'palaute_webhooks';

/**
 * Stores the messages that have at least one enabled, subscribed endpoint, with one pending
 * delivery per such endpoint, and notifies the dispatchers once the transaction commits. Messages
 * nobody subscribed to are not stored at all.
 */
const EMIT_SQL = `
  WITH input AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, event_type, payload)
  ), targets AS (
    SELECT i.id AS message_id, e.id AS endpoint_id
    FROM input i JOIN webhook_endpoints e ON e.workspace_id = $1 AND e.enabled AND i.event_type = ANY (e.event_types)
  ), messages AS (
    INSERT INTO webhook_messages (id, workspace_id, event_type, payload, created_at)
    SELECT i.id, $1, i.event_type, i.payload, $5 FROM input i WHERE i.id IN (SELECT message_id FROM targets)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), deliveries AS (
    INSERT INTO webhook_deliveries (message_id, endpoint_id, next_attempt_at, created_at)
    SELECT t.message_id, t.endpoint_id, $5, $5 FROM targets t JOIN messages m ON m.id = t.message_id
    RETURNING 1
  )
  SELECT n.c AS deliveries
  FROM (SELECT count(*)::int AS c FROM deliveries) n
  LEFT JOIN LATERAL (SELECT pg_notify('${WEBHOOKS_CHANNEL}', '') WHERE n.c > 0) wake ON true`;

/** The public face of the webhooks module for other modules. */
@Injectable()
export class WebhooksService {
  constructor(private readonly clock: Clock) {}

  /**
   * Queues webhook messages inside the caller's transaction, so they exist if and only if the
   * caller's change commits. Build each payload with the builders in event-payloads.ts (they
   * validate it). One statement; when the workspace has no enabled endpoint subscribed to a type,
   * nothing is written.
   *
   * The message id (`webhook-id`) is derived from the workspace and the exact body, so emitting the
   * same payload twice (a retried transaction) is stored once and receivers see one id.
   *
   * @returns how many deliveries were queued (0 when nobody listens).
   */
  async emit(tx: Queryable, workspaceId: string, payloads: readonly WebhookPayload[]): Promise<number> {
    if (payloads.length === 0) return 0;
    const byId = new Map<string, { type: string; body: string }>();
    for (const payload of payloads) {
      const body = serializePayload(payload);
      byId.set(messageIdFor(`${workspaceId}:${body}`), { type: payload.type, body });
    }
    const ids = [...byId.keys()];
    const [row] = await tx.query<{ deliveries: number }>(
      EMIT_SQL,
      [workspaceId, ids, ids.map((id) => byId.get(id)!.type), ids.map((id) => byId.get(id)!.body), this.clock.now()],
      'webhooks-emit',
    );
    return row.deliveries;
  }
}
