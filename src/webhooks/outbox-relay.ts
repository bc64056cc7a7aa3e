import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { Queryable, Sql } from '../database/sql';
import { WebhookPayload } from './event-payloads';
import { ContactFacts, InvitationFacts, OutboxRow, payloadFromOutbox } from './outbox-events';
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
    const rows = (
      await tx.query(
        `DELETE FROM webhook_outbox WHERE id IN (SELECT id FROM webhook_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, workspace_id, event_type, subject_id, occurred_at, details`,
        [BATCH],
      )
    ).map((r): OutboxRow => ({
      id: String(r.id),
      workspaceId: r.workspace_id,
      eventType: r.event_type,
      subjectId: r.subject_id,
      occurredAt: r.occurred_at,
      details: r.details,
    }));
    if (rows.length === 0) return 0;
    rows.sort((a, b) => Number(a.id) - Number(b.id));

    const invitations = await this.invitationFacts(
      tx,
      rows.filter((r) => r.eventType.startsWith('invitation.')).map((r) => r.subjectId),
    );
    const contacts = await this.contactFacts(
      tx,
      rows.filter((r) => r.eventType === 'contact.opted_out').map((r) => r.subjectId),
    );
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

  private async invitationFacts(tx: Queryable, ids: string[]): Promise<Map<string, InvitationFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.query(
      `SELECT i.id, i.campaign_id, sv.survey_id, i.contact_id, c.external_id AS contact_external_id, i.event_id, e.external_id AS event_external_id
       FROM invitations i JOIN survey_versions sv ON sv.id = i.survey_version_id JOIN contacts c ON c.id = i.contact_id
       LEFT JOIN events e ON e.id = i.event_id
       WHERE i.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          campaignId: r.campaign_id,
          surveyId: r.survey_id,
          contactId: r.contact_id,
          contactExternalId: r.contact_external_id,
          eventId: r.event_id,
          eventExternalId: r.event_external_id,
        },
      ]),
    );
  }

  private async contactFacts(tx: Queryable, ids: string[]): Promise<Map<string, ContactFacts>> {
    if (ids.length === 0) return new Map();
    const rows = await tx.query(`SELECT id, external_id FROM contacts WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, { contactExternalId: r.external_id }]));
  }
}
