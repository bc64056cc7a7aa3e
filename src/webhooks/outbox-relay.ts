import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { Queryable, Sql } from '../database/sql';
import { WebhookPayload } from './event-payloads';
import { ContactFacts, InvitationFacts, payloadFromOutbox } from './outbox-events';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { WebhooksService } from './webhooks.service';

const BATCH = 500;

/**
 * Worker role: turns the triggers' outbox rows into webhook messages. Rows are taken with SKIP
 * LOCKED and deleted in the same transaction that stores the messages, so each becomes a message
 * exactly once even with several workers, and a crash leaves them for the next round.
 */
@Injectable()
export class OutboxRelay {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly db: Sql,
    private readonly outbox: WebhookOutboxRepository,
    private readonly webhooks: WebhooksService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Relays what is waiting; a call during a run makes the run go round once more. */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.drain();
  }

  /** Relays until the outbox is empty; returns how many rows it took. */
  async drain(): Promise<number> {
    if (this.running) await this.running.catch(() => 0);
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
    return this.running;
  }

  private async loop(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const taken = await this.db.transaction((tx) => this.relayBatch(tx));
        total += taken;
        if (taken < BATCH) return total;
      }
    } catch (err) {
      this.log.error(
        { err: (err as Error).message },
        'webhooks: relaying the outbox failed; the rows stay for the next round',
      );
      return total;
    }
  }

  private async relayBatch(tx: Queryable): Promise<number> {
    const rows = await this.outbox.take(BATCH, tx);
    if (rows.length === 0) return 0;
    rows.sort((a, b) => Number(a.id) - Number(b.id));

    const invitationIds = rows.filter((r) => r.eventType.startsWith('invitation.')).map((r) => r.subjectId);
    const contactIds = rows.filter((r) => r.eventType === 'contact.opted_out').map((r) => r.subjectId);
    const invitations = invitationIds.length
      ? await this.outbox.invitationFacts(invitationIds, tx)
      : new Map<string, InvitationFacts>();
    const contacts = contactIds.length
      ? await this.outbox.contactFacts(contactIds, tx)
      : new Map<string, ContactFacts>();
    const byWorkspace = new Map<string, WebhookPayload[]>();
    for (const row of rows) {
      let payload: WebhookPayload | null;
      try {
        payload = payloadFromOutbox(row, invitations.get(row.subjectId), contacts.get(row.subjectId));
      } catch (err) {
        // A bug in a builder must not wedge the outbox: log it and move on.
        this.log.error(
          { err: (err as Error).message, outboxId: row.id, type: row.eventType },
          'webhooks: outbox row does not make a valid payload; dropped',
        );
        continue;
      }
      if (!payload) continue;
      const list = byWorkspace.get(row.workspaceId) ?? [];
      list.push(payload);
      byWorkspace.set(row.workspaceId, list);
    }
    for (const [workspaceId, payloads] of byWorkspace) await this.webhooks.emit(tx, workspaceId, payloads);
    return rows.length;
  }
}
