import { Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { Queryable } from '../database/sql';
import { serializePayload, WebhookPayload } from './event-payloads';
import { messageIdFor } from './standard-webhooks';
import { NewWebhookMessage, WebhookMessagesRepository } from './webhook-messages.repository';

/** The public face of the webhooks module for other modules. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly clock: Clock,
    private readonly messages: WebhookMessagesRepository,
  ) {}

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
    const byId = new Map<string, NewWebhookMessage>();
    for (const payload of payloads) {
      const body = serializePayload(payload);
      const id = messageIdFor(`${workspaceId}:${body}`);
      byId.set(id, { id, type: payload.type, body });
    }
    return this.messages.insertForSubscribers(workspaceId, [...byId.values()], this.clock.now(), tx);
  }
}
