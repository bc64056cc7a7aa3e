import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Sql } from '../database/sql';
import { WebhookEventType } from './event-payloads';
import { WEBHOOKS_CHANNEL } from './webhooks-channel';

/** An endpoint as the admin API reads it: every column but the secrets. */
export interface EndpointRow {
  id: string;
  url: string;
  description: string | null;
  event_types: WebhookEventType[];
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What an update changes; an absent field is kept, a null description clears it. */
export interface EndpointPatch {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
}

const ENDPOINT_COLUMNS = `id, url, description, event_types, enabled, disabled_reason, disabled_at, previous_secret_expires_at, created_at, updated_at`;

/** webhook_endpoints; pausing and resuming an endpoint also parks and resumes its deliveries. Rows stay snake_case. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly db: Sql) {}

  async insert(
    workspaceId: string,
    endpoint: { url: string; description: string | null; eventTypes: WebhookEventType[]; secretSealed: string },
    at: Date,
  ): Promise<EndpointRow> {
    const [row] = await this.db.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (workspace_id, url, description, event_types, secret_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.secretSealed, at],
    );
    return row;
  }

  /** Newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  async pageFor(
    workspaceId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Array<EndpointRow & { position: string }>> {
    return this.db.query<EndpointRow & { position: string }>(
      `SELECT ${ENDPOINT_COLUMNS}, created_at::text AS position FROM webhook_endpoints
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [workspaceId, ...keysetArgs(after, limit)],
    );
  }

  async find(workspaceId: string, id: string): Promise<EndpointRow | undefined> {
    const [row] = await this.db.query<EndpointRow>(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  /** False when the workspace has no such endpoint. */
  async update(workspaceId: string, id: string, patch: EndpointPatch, at: Date): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE webhook_endpoints SET url = COALESCE($3, url), description = CASE WHEN $4 THEN $5 ELSE description END,
         event_types = COALESCE($6, event_types), updated_at = $7
       WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [
        workspaceId,
        id,
        patch.url ?? null,
        patch.description !== undefined,
        patch.description ?? null,
        patch.eventTypes ?? null,
        at,
      ],
    );
    return rows.length > 0;
  }

  /** False when the workspace has no such endpoint. */
  async remove(workspaceId: string, id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      `DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }

  /** Installs a new secret; with a grace period the current one keeps signing until it ends. */
  async rotateSecret(
    workspaceId: string,
    id: string,
    secretSealed: string,
    graceMs: number,
    at: Date,
  ): Promise<EndpointRow | undefined> {
    const [row] = await this.db.query<EndpointRow>(
      `UPDATE webhook_endpoints SET previous_secret_sealed = CASE WHEN $4 > 0 THEN secret_sealed END,
         previous_secret_expires_at = CASE WHEN $4 > 0 THEN $5::timestamptz + make_interval(secs => $4::double precision / 1000) END,
         secret_sealed = $3, updated_at = $5
       WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, secretSealed, graceMs, at],
    );
    return row;
  }

  async enable(workspaceId: string, id: string, at: Date): Promise<EndpointRow | undefined> {
    const [row] = await this.db.query<EndpointRow>(
      `UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL, updated_at = $3
       WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, at],
    );
    return row;
  }

  /** The parked deliveries of a re-enabled endpoint go out again on a fresh schedule; wakes the dispatchers if any. */
  async resumeParkedDeliveries(endpointId: string, at: Date): Promise<void> {
    await this.db.query<{ pg_notify: string }>(
      `WITH resumed AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, replay_base = attempts, lease_until = NULL
         WHERE endpoint_id = $1 AND status = 'disabled' RETURNING 1)
       SELECT pg_notify('${WEBHOOKS_CHANNEL}', '') FROM (SELECT 1 FROM resumed LIMIT 1) x`,
      [endpointId, at],
    );
  }

  /** Pauses an endpoint: its pending deliveries are parked until it is enabled again. */
  async disable(id: string, reason: string, at: Date): Promise<void> {
    await this.db.query<never>(
      `WITH e AS (UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = $3 WHERE id = $1 AND enabled RETURNING id)
       UPDATE webhook_deliveries SET status = 'disabled', lease_until = NULL WHERE endpoint_id = $1 AND status = 'pending'`,
      [id, reason, at],
    );
  }
}
