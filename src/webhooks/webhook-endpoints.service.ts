import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { conflict, invalidBody, notFound } from '../common/problem';
import { sealSecret } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/config';
import { checkEndpointUrl, EndpointUrlOptions, Resolver, systemResolver } from './endpoint-url';
import { WebhookEventType } from './event-payloads';
import { generateWebhookSecret } from './standard-webhooks';
import { DeliveryStatus } from './webhook-deliveries.repository';
import { DeliveryRow, ReplayTarget, WebhookDeliveryLogRepository } from './webhook-delivery-log.repository';
import { EndpointRow, WebhookEndpointsRepository } from './webhook-endpoints.repository';

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
  status: DeliveryStatus;
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

function toView(r: EndpointRow): WebhookEndpointView {
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

function toDelivery(r: DeliveryRow): DeliveryView {
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

/** Admin side of webhooks: endpoints, their secrets, the delivery log and replays. */
@Injectable()
export class WebhookEndpointsService {
  /** Swappable so tests can resolve names without DNS. */
  resolver: Resolver = systemResolver;

  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveryLog: WebhookDeliveryLogRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(workspaceId: string, input: EndpointInput): Promise<WebhookEndpointView & { secret: string }> {
    const url = await this.checkUrl(input.url);
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const row = await this.endpoints.insert(
      workspaceId,
      { url, description: input.description ?? null, eventTypes: input.eventTypes, secretSealed: this.seal(secret) },
      now,
    );
    return { ...toView(row), secret };
  }

  /** Newest first, a page at a time. */
  async list(
    workspaceId: string,
    page: { limit: number; cursor?: KeysetPosition },
  ): Promise<Page<WebhookEndpointView>> {
    return pageOf(await this.endpoints.pageFor(workspaceId, page.cursor, page.limit), page.limit, positionOf, toView);
  }

  async get(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    const row = await this.endpoints.find(workspaceId, id);
    if (!row) throw notFound('Webhook endpoint');
    return toView(row);
  }

  /** Changes url, description or event types; `enabled: false` pauses it (pending deliveries wait), true resumes it. */
  async update(
    workspaceId: string,
    id: string,
    input: Partial<EndpointInput> & { enabled?: boolean },
  ): Promise<WebhookEndpointView> {
    const url = input.url === undefined ? undefined : await this.checkUrl(input.url);
    const now = this.clock.now();
    const found = await this.endpoints.update(
      workspaceId,
      id,
      { url, description: input.description, eventTypes: input.eventTypes },
      now,
    );
    if (!found) throw notFound('Webhook endpoint');
    if (input.enabled === true) return this.enable(workspaceId, id);
    if (input.enabled === false) await this.disable(id, 'Disabled through the API.');
    return this.get(workspaceId, id);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.endpoints.remove(workspaceId, id))) throw notFound('Webhook endpoint');
  }

  /** A new secret, shown once; the old one keeps signing (both signatures sent) for the grace period. */
  async rotateSecret(
    workspaceId: string,
    id: string,
    graceMs = DEFAULT_ROTATION_GRACE_MS,
  ): Promise<WebhookEndpointView & { secret: string }> {
    const secret = generateWebhookSecret();
    const now = this.clock.now();
    const row = await this.endpoints.rotateSecret(workspaceId, id, this.seal(secret), graceMs, now);
    if (!row) throw notFound('Webhook endpoint');
    return { ...toView(row), secret };
  }

  /** Re-enables an endpoint (after a 410, or a pause); its parked deliveries go out again on a fresh schedule. */
  async enable(workspaceId: string, id: string): Promise<WebhookEndpointView> {
    const now = this.clock.now();
    const row = await this.endpoints.enable(workspaceId, id, now);
    if (!row) throw notFound('Webhook endpoint');
    await this.endpoints.resumeParkedDeliveries(id, now);
    return toView(row);
  }

  /** Newest first, a page at a time; the cursor holds the last delivery's id (ids only grow). */
  async deliveries(
    workspaceId: string,
    endpointId: string,
    query: { status?: string; limit: number; cursor?: string },
  ): Promise<Page<DeliveryView>> {
    await this.get(workspaceId, endpointId);
    const rows = await this.deliveryLog.page(endpointId, {
      status: query.status ?? null,
      before: query.cursor ?? null,
      limit: query.limit + 1,
    });
    return pageOf(rows, query.limit, (r) => [String(r.id)], toDelivery);
  }

  /** One message's delivery to this endpoint with every attempt: status, latency, error. */
  async attempts(
    workspaceId: string,
    endpointId: string,
    messageId: string,
  ): Promise<DeliveryView & { payload: unknown; attemptLog: AttemptView[] }> {
    await this.get(workspaceId, endpointId);
    const row = await this.deliveryLog.find(endpointId, messageId);
    if (!row) throw notFound('Webhook message');
    const attempts = await this.deliveryLog.attempts(row.id);
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
  async replay(workspaceId: string, endpointId: string, target: ReplayTarget): Promise<{ replayed: number }> {
    const endpoint = await this.get(workspaceId, endpointId);
    if (!endpoint.enabled)
      throw conflict('The endpoint is disabled; enable it first (POST …/enable), which also resends what it missed.');
    const now = this.clock.now();
    if ('messageId' in target) {
      const status = await this.deliveryLog.statusOf(endpointId, target.messageId);
      if (!status) throw notFound('Webhook message');
      if (status === 'pending')
        throw conflict('The message is still being delivered.', [
          { path: 'messageId', message: 'delivery is pending' },
        ]);
    }
    const replayed = await this.deliveryLog.replay(endpointId, target, now);
    if (replayed > 0) await this.deliveryLog.wakeDispatchers();
    return { replayed };
  }

  private async disable(id: string, reason: string): Promise<void> {
    await this.endpoints.disable(id, reason, this.clock.now());
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
