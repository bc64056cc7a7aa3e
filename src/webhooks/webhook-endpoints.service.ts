import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { conflict, invalidBody, notFound } from '../common/problem';
import { sealSecret } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { checkEndpointUrl, EndpointUrlOptions, Resolver, systemResolver } from './endpoint-url';
import { WebhookEventType } from './event-payloads';
import { generateWebhookSecret } from './standard-webhooks';
import { WEBHOOKS_CHANNEL } from './webhooks.service';

/** An endpoint as the admin API shows it: never a secret. */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  /** While set and in the future, the previous secret still signs alongside the new one. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointInput {
  url: string;
  description?: string | null;
  eventTypes: WebhookEventType[];
}

/** One delivery of one message to the endpoint. */
export interface DeliveryView {
  messageId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'disabled';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export interface AttemptView {
  attempt: number;
  attemptedAt: string;
  /** HTTP status, or null when no response came (timeout, refused, forbidden address). */
  status: number | null;
  latencyMs: number;
  error: string | null;
}

/** How long a rotated-out secret keeps signing by default. */
export const DEFAULT_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function toView(r: Record<string, any>): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    previousSecretExpiresAt: iso(r.previous_secret_expires_at),
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

function toDelivery(r: Record<string, any>): DeliveryView {
  return {
    messageId: r.message_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: iso(r.last_attempt_at),
    deliveredAt: iso(r.delivered_at),
    createdAt: iso(r.created_at)!,
  };
}

const ENDPOINT_COLUMNS = `id, url, description, event_types, enabled, disabled_reason, disabled_at, previous_secret_expires_at, created_at, updated_at`;

/** Admin side of webhooks: endpoints, their secrets, the delivery log and replays. */
@Injectable()
export class WebhookEndpointsService {
  /** Swappable so tests can resolve names without DNS. */
  resolver: Resolver = systemResolver;

  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(workspaceId: string, input: EndpointInput): Promise<WebhookEndpointView & { secret: string }> {
    const url = await this.checkUrl(input.url);
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const [row] = await this.db.query(
      `INSERT INTO webhook_endpoints (workspace_id, url, description, event_types, secret_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, url, input.description ?? null, input.eventTypes, this.seal(secret), now],
    );
    return { ...toView(row), secret };
  }

  async list(workspaceId: string): Promise<WebhookEndpointView[]> {
    const rows = await this.db.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
    return rows.map(toView);
  }

  async get(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    const [row] = await this.db.query(
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    if (!row) throw notFound('Webhook endpoint');
    return toView(row);
  }

  /** Changes url, description or event types; `enabled: false` pauses it (pending deliveries wait), true resumes it. */
  async update(
    workspaceId: string,
    id: string,
    input: Partial<EndpointInput> & { enabled?: boolean },
  ): Promise<WebhookEndpointView> {
    const url = input.url === undefined ? null : await this.checkUrl(input.url);
    const now = this.clock.now();
    const [row] = await this.db.query(
      `UPDATE webhook_endpoints SET url = COALESCE($3, url), description = CASE WHEN $4 THEN $5 ELSE description END,
         event_types = COALESCE($6, event_types), updated_at = $7
       WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id, url, input.description !== undefined, input.description ?? null, input.eventTypes ?? null, now],
    );
    if (!row) throw notFound('Webhook endpoint');
    if (input.enabled === true) return this.enable(workspaceId, id);
    if (input.enabled === false) await this.disable(id, 'Disabled through the API.');
    return this.get(workspaceId, id);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    const rows = await this.db.query(`DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
      workspaceId,
      id,
    ]);
    if (rows.length === 0) throw notFound('Webhook endpoint');
  }

  /** A new secret, shown once; the old one keeps signing (both signatures sent) for the grace period. */
  async rotateSecret(
    workspaceId: string,
    id: string,
    graceMs = DEFAULT_ROTATION_GRACE_MS,
  ): Promise<WebhookEndpointView & { secret: string }> {
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const [row] = await this.db.query(
      `UPDATE webhook_endpoints SET previous_secret_sealed = CASE WHEN $4 > 0 THEN secret_sealed END,
         previous_secret_expires_at = CASE WHEN $4 > 0 THEN $5::timestamptz + make_interval(secs => $4::double precision / 1000) END,
         secret_sealed = $3, updated_at = $5
       WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, this.seal(secret), graceMs, now],
    );
    if (!row) throw notFound('Webhook endpoint');
    return { ...toView(row), secret };
  }

  /** Re-enables an endpoint (after a 410, or a pause); its parked deliveries go out again on a fresh schedule. */
  async enable(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    const now = this.clock.now();
    const [row] = await this.db.query(
      `UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL, updated_at = $3
       WHERE workspace_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [workspaceId, id, now],
    );
    if (!row) throw notFound('Webhook endpoint');
    await this.db.query(
      `WITH resumed AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, replay_base = attempts, lease_until = NULL
         WHERE endpoint_id = $1 AND status = 'disabled' RETURNING 1)
       SELECT pg_notify('${WEBHOOKS_CHANNEL}', '') FROM (SELECT 1 FROM resumed LIMIT 1) x`,
      [id, now],
    );
    return toView(row);
  }

  async deliveries(
    workspaceId: string,
    endpointId: string,
    query: { status?: string; limit: number; before?: string },
  ): Promise<{ data: DeliveryView[]; next: string | null }> {
    await this.get(workspaceId, endpointId);
    const rows = await this.db.query(
      `SELECT d.id, d.message_id, m.event_type, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
       WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND ($3::bigint IS NULL OR d.id < $3)
       ORDER BY d.id DESC LIMIT $4`,
      [endpointId, query.status ?? null, query.before ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    return { data: page.map(toDelivery), next: rows.length > query.limit ? String(page[page.length - 1].id) : null };
  }

  /** One message's delivery to this endpoint with every attempt: status, latency, error. */
  async attempts(
    workspaceId: string,
    endpointId: string,
    messageId: string,
  ): Promise<DeliveryView & { payload: unknown; attemptLog: AttemptView[] }> {
    await this.get(workspaceId, endpointId);
    const [row] = await this.db.query(
      `SELECT d.id, d.message_id, m.event_type, m.payload, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at
       FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id WHERE d.endpoint_id = $1 AND d.message_id = $2`,
      [endpointId, messageId],
    );
    if (!row) throw notFound('Webhook message');
    const attempts = await this.db.query(
      `SELECT attempt, attempted_at, status, latency_ms, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt, id`,
      [row.id],
    );
    return {
      ...toDelivery(row),
      payload: JSON.parse(row.payload),
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        attemptedAt: iso(a.attempted_at)!,
        status: a.status,
        latencyMs: a.latency_ms,
        error: a.error,
      })),
    };
  }

  /**
   * Sends again, on a fresh retry schedule, with the same `webhook-id` and body: one message, or
   * every failed delivery of the endpoint created since a time.
   */
  async replay(
    workspaceId: string,
    endpointId: string,
    target: { messageId: string } | { since: Date },
  ): Promise<{ replayed: number }> {
    const endpoint = await this.get(workspaceId, endpointId);
    if (!endpoint.enabled)
      throw conflict('The endpoint is disabled; enable it first (POST …/enable), which also resends what it missed.');
    const now = this.clock.now();
    if ('messageId' in target) {
      const [row] = await this.db.query(
        `SELECT status FROM webhook_deliveries WHERE endpoint_id = $1 AND message_id = $2`,
        [endpointId, target.messageId],
      );
      if (!row) throw notFound('Webhook message');
      if (row.status === 'pending')
        throw conflict('The message is still being delivered.', [
          { path: 'messageId', message: 'delivery is pending' },
        ]);
    }
    const [result] = await this.db.query(
      `WITH replayed AS (
         UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $4, replay_base = attempts, lease_until = NULL
         WHERE endpoint_id = $1 AND status <> 'pending'
           AND (CASE WHEN $2::text IS NOT NULL THEN message_id = $2 ELSE status = 'failed' AND created_at >= $3 END)
         RETURNING 1)
       SELECT count(*)::int AS replayed FROM replayed`,
      [endpointId, 'messageId' in target ? target.messageId : null, 'since' in target ? target.since : null, now],
    );
    if (result.replayed > 0) await this.db.query(`SELECT pg_notify('${WEBHOOKS_CHANNEL}', '')`);
    return { replayed: result.replayed };
  }

  private async disable(id: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.db.query(
      `WITH e AS (UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = $3 WHERE id = $1 AND enabled RETURNING id)
       UPDATE webhook_deliveries SET status = 'disabled', lease_until = NULL WHERE endpoint_id = $1 AND status = 'pending'`,
      [id, reason, now],
    );
  }

  private async checkUrl(raw: string): Promise<string> {
    const options: EndpointUrlOptions = {
      resolve: this.resolver,
      allowPrivate: this.config.webhooks.allowPrivateNetworks,
      allowHttp: this.config.webhooks.allowHttp,
    };
    const check = await checkEndpointUrl(raw, options);
    if (!check.ok) {
      const hint =
        check.problem === 'forbidden_address'
          ? ' (an operator can allow private networks with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true)'
          : check.problem === 'scheme_not_allowed' && !options.allowHttp
            ? ' (an operator can allow http with WEBHOOK_ALLOW_HTTP=true)'
            : '';
      throw invalidBody([{ path: 'url', message: check.message + hint }]);
    }
    return check.url;
  }

  private seal(secret: string): string {
    if (!this.config.secretsKey)
      throw conflict(
        'Webhook secrets are stored encrypted: set SECRETS_KEY (32 bytes, hex or base64) before registering endpoints.',
      );
    return sealSecret(secret, this.config.secretsKey);
  }
}
