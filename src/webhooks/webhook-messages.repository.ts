import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { WEBHOOKS_CHANNEL } from './webhooks-channel';

/** A message to store: its id (`webhook-id`), event type and the exact body that is signed. */
export interface NewWebhookMessage {
  id: string;
  type: string;
  body: string;
}

/** What the emit statement returns. */
export interface EmitRow {
  deliveries: number;
}

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

/** webhook_messages, written together with their first deliveries. */
@Injectable()
export class WebhookMessagesRepository {
  constructor(private readonly db: Sql) {}

  /** Stores the subscribed messages and their deliveries in one statement; returns how many deliveries. */
  async insertForSubscribers(
    workspaceId: string,
    messages: readonly NewWebhookMessage[],
    at: Date,
    tx: Queryable = this.db,
  ): Promise<number> {
    const [row] = await tx.query<EmitRow>(
      EMIT_SQL,
      [workspaceId, messages.map((m) => m.id), messages.map((m) => m.type), messages.map((m) => m.body), at],
      'webhooks-emit',
    );
    return row.deliveries;
  }
}
