import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { conflict } from '../common/problem';
import { CampaignsService } from '../campaigns/campaigns.service';
import { DispatchDecision, decideDispatch } from '../campaigns/dispatch-policy';
import { matchesTrigger } from '../campaigns/trigger-filter';
import { ContactsService } from '../contacts/contacts.service';
import { Sql } from '../database/sql';
import { InvitationsService, NewInvitation } from '../invitations/invitations.service';
import { QueueService } from '../queue/queue.service';
import { EventInput } from './event.schema';

export interface EventAccepted {
  eventId: string;
  decisions: DispatchDecision[];
}

@Injectable()
export class EventsService {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly campaigns: CampaignsService,
    private readonly invitations: InvitationsService,
    private readonly queue: QueueService,
  ) {}

  /**
   * Records the event, upserts its contact and decides per matching campaign, all in one
   * transaction. A repeat (same Idempotency-Key, or same event id) replays the first answer;
   * the same key with a different body is a conflict.
   */
  async ingest(workspaceId: string, event: EventInput, rawBody: unknown, idempotencyKey?: string): Promise<EventAccepted> {
    const bodyHash = sha256Hex(canonicalJson(rawBody));
    const key = idempotencyKey ? `key:${idempotencyKey}` : event.id ? `id:${event.id}` : `auto:${randomUUID()}`;
    const now = this.clock.now();
    const occurredAt = event.occurredAt ? new Date(event.occurredAt) : now;
    const properties = event.properties ?? {};
    const rules = (await this.campaigns.rulesFor(workspaceId, event.type)).filter((rule) =>
      matchesTrigger({ type: event.type, properties, contact: event.contact }, rule),
    );

    const accepted = await this.db.transaction(async (tx) => {
      const [inserted] = await tx.query(
        `INSERT INTO events (workspace_id, idempotency_key, external_id, body_hash, type, occurred_at, received_at, properties)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
        [workspaceId, key, event.id ?? null, bodyHash, event.type, occurredAt, now, JSON.stringify(properties)],
      );
      if (!inserted) return null;
      const contact = await this.contacts.upsert(tx, workspaceId, event.contact);
      const decisions = rules.map((rule) => decideDispatch(rule, contact, occurredAt, now));
      const toCreate: NewInvitation[] = [];
      for (const d of decisions) {
        if (d.decision !== 'scheduled') continue;
        const rule = rules.find((r) => r.id === d.campaignId)!;
        toCreate.push({
          workspaceId, campaignId: rule.id, surveyVersionId: rule.surveyVersionId, contactId: contact.id,
          eventId: inserted.id, eventType: event.type, properties, channel: d.channel, sendAt: new Date(d.sendAt),
        });
      }
      const ids = await this.invitations.createScheduled(tx, toCreate);
      toCreate.forEach((inv, i) => {
        const d = decisions.find((x) => x.campaignId === inv.campaignId)!;
        if (d.decision === 'scheduled') d.invitationId = ids[i];
      });
      await tx.query(`UPDATE events SET contact_id = $2, decisions = $3 WHERE id = $1`, [inserted.id, contact.id, JSON.stringify(decisions)]);
      return { eventId: inserted.id as string, decisions, sends: toCreate.map((inv, i) => ({ id: ids[i], sendAt: inv.sendAt })) };
    });

    if (!accepted) return this.replay(workspaceId, key, event.id, bodyHash);
    // After commit: a crash right here leaves scheduled rows without jobs, which the worker's
    // recovery sweep re-enqueues; the deterministic job id keeps that from doubling a send.
    await this.queue.enqueueSends(
      accepted.sends.map((s) => ({ invitationId: s.id, step: 0, delayMs: s.sendAt.getTime() - now.getTime() })),
    );
    return { eventId: accepted.eventId, decisions: accepted.decisions };
  }

  private async replay(workspaceId: string, key: string, externalId: string | undefined, bodyHash: string): Promise<EventAccepted> {
    const [existing] = await this.db.query(
      `SELECT id, body_hash, decisions FROM events
       WHERE workspace_id = $1 AND (idempotency_key = $2 OR ($3::text IS NOT NULL AND external_id = $3))
       ORDER BY (idempotency_key = $2) DESC LIMIT 1`,
      [workspaceId, key, externalId ?? null],
    );
    if (!existing) throw conflict('A concurrent request with this key is still being processed; retry.');
    if (existing.body_hash !== bodyHash) {
      throw conflict('This idempotency key or event id was already used with a different body.', [
        { path: key.startsWith('key:') ? 'Idempotency-Key' : 'id', message: 'Already used for a different event' },
      ]);
    }
    return { eventId: existing.id, decisions: existing.decisions };
  }
}
