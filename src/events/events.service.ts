import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { CampaignsService } from '../campaigns/campaigns.service';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { Clock } from '../common/clock';
import type { KeysetPosition } from '../common/cursor';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { positionOf, Slice, sliceOf } from '../common/pagination';
import { conflict } from '../common/problem';
import { ContactsService } from '../contacts/contacts.service';
import { Queryable, Sql } from '../database/sql';
import { InvitationsService, NewInvitation } from '../invitations/invitations.service';
import { CampaignRule } from '../policy/campaign-rule';
import { decideDispatch, DispatchDecision } from '../policy/dispatch-policy';
import { formatReason } from '../policy/reasons';
import { matchesTrigger } from '../policy/trigger-filter';
import { QueueService } from '../queue/queue.service';
import { DedupeCheckLoader } from './dedupe-check';
import { EventInput } from './event.schema';
import { CancelledByEvent, EventRow, EventsRepository } from './events.repository';
import { FatigueCheckLoader } from './fatigue-check';
import { ThrottleCheck } from './throttle-check';

export interface EventAccepted {
  eventId: string;
  decisions: DispatchDecision[];
  /** Pending invitations this event cancelled (a campaign's `cancelOn`). */
  cancelled?: CancelledByEvent[];
}

/**
 * An event's answer and its exact JSON. The JSON is what the API sends, the first time and on every
 * replay: kept as text, since a jsonb column would hand back its keys reordered.
 */
export interface IngestResult {
  accepted: EventAccepted;
  json: string;
}

/** An event as the decision log shows it: what came in and what was decided on it. */
export interface EventView {
  id: string;
  type: string;
  externalId: string | null;
  occurredAt: string;
  receivedAt: string;
  contactId: string | null;
  properties: Record<string, unknown>;
  decisions: DispatchDecision[];
  cancelled: CancelledByEvent[];
}

/** One validated event, ready to be written. */
interface PendingEvent {
  workspaceId: string;
  event: EventInput;
  key: string;
  bodyHash: string;
  occurredAt: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
  rules: CampaignRule[];
  /** Campaigns whose pending invitations this event type cancels. */
  cancels: CampaignRule[];
  /** The request that posted it: its sends' jobs carry the id (the batch itself serves many requests). */
  requestId?: string;
}

/** Marks an event whose key was already taken: answered by replaying the first answer. */
const DUPLICATE = Symbol('duplicate');

@Injectable()
export class EventsService {
  /** Concurrent requests share transactions: see GroupCommit. */
  private readonly writer = new GroupCommit<PendingEvent, IngestResult | typeof DUPLICATE>((batch) =>
    this.writeBatch(batch),
  );

  constructor(
    private readonly db: Sql,
    private readonly events: EventsRepository,
    private readonly clock: Clock,
    private readonly contacts: ContactsService,
    private readonly campaigns: CampaignsService,
    private readonly invitations: InvitationsService,
    private readonly queue: QueueService,
    private readonly fatigue: FatigueCheckLoader,
    private readonly dedupe: DedupeCheckLoader,
    private readonly throttle: ThrottleCheck,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Records the event, upserts its contact and decides per matching campaign, all in one
   * transaction. A repeat (same Idempotency-Key, or same event id) replays the first answer;
   * the same key with a different body is a conflict.
   */
  async ingest(
    workspaceId: string,
    event: EventInput,
    rawBody: unknown,
    idempotencyKey?: string,
    /** The posting request's id: the sends this event schedules carry it into their jobs. */
    requestId?: string,
  ): Promise<IngestResult> {
    const now = this.clock.now();
    const properties = event.properties ?? {};
    const rules = (await this.campaigns.rulesFor(workspaceId, event.type)).filter((rule) =>
      matchesTrigger({ type: event.type, properties, contact: event.contact }, rule),
    );
    const cancels = await this.campaigns.cancelRulesFor(workspaceId, event.type);
    const pending: PendingEvent = {
      workspaceId,
      event,
      key: idempotencyKey ? `key:${idempotencyKey}` : event.id ? `id:${event.id}` : `auto:${randomUUID()}`,
      bodyHash: sha256Hex(canonicalJson(rawBody)),
      occurredAt: event.occurredAt ? new Date(event.occurredAt) : now,
      receivedAt: now,
      properties,
      rules,
      cancels,
      requestId,
    };
    const result = await this.writer.submit(pending);
    return result === DUPLICATE ? this.replay(pending) : result;
  }

  /** One event with the decisions taken on it (and what it cancelled). */
  async view(workspaceId: string, id: string): Promise<EventView | null> {
    const row = await this.events.find(workspaceId, id);
    return row ? toEventView(row) : null;
  }

  /** A contact's events, newest first, each with its decisions: why they were or were not surveyed. */
  async forContact(
    workspaceId: string,
    contactId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<Slice<EventView, [string, string]>> {
    const rows = await this.events.forContact(workspaceId, contactId, after, limit);
    return sliceOf(rows, limit, positionOf, toEventView);
  }

  /**
   * Cancels the pending invitations that events cancel (`cancelOn`, e.g. ticket.reopened with the
   * same properties.ticketId): per event, the ids cancelled, per campaign.
   */
  private async cancelPending(
    items: Array<{ event: PendingEvent; contactId: string }>,
    tx: Queryable,
  ): Promise<Map<PendingEvent, CancelledByEvent[]>> {
    const out = new Map<PendingEvent, CancelledByEvent[]>();
    for (const { event, contactId } of items) {
      for (const rule of event.cancels) {
        for (const c of rule.cancelOn.filter((x) => x.eventType === event.event.type)) {
          const key = c.matchOn?.slice('properties.'.length);
          const value = key === undefined ? undefined : event.properties[key];
          // Told to match a property the event does not carry: cancel nothing rather than everything.
          if (key !== undefined && (value === undefined || value === null || typeof value === 'object')) continue;
          const invitationIds = await this.invitations.cancelPendingFor(
            contactId,
            {
              campaignId: rule.id,
              property: key === undefined ? null : { key, value: String(value) },
              reason: formatReason({ kind: 'cancelled', by: event.event.type }),
            },
            tx,
          );
          if (invitationIds.length) out.set(event, [...(out.get(event) ?? []), { campaignId: rule.id, invitationIds }]);
        }
      }
    }
    return out;
  }

  /**
   * Writes a batch in one transaction: events first (a duplicate key writes nothing else), then
   * contacts, invitations and each event's decisions. Jobs are enqueued after the commit; a crash
   * in between leaves due invitations without jobs, which the worker's recovery sweep re-enqueues
   * (deterministic job ids keep that from doubling a send). If the batch fails as a whole, its
   * events are retried one by one so one bad event cannot fail its neighbours.
   */
  private async writeBatch(batch: PendingEvent[]): Promise<Array<IngestResult | typeof DUPLICATE | Error>> {
    try {
      const results = await this.db.transaction(async (tx) => {
        const sorted = [...batch].sort((a, b) => (a.workspaceId + a.key < b.workspaceId + b.key ? -1 : 1));
        const inserted = await this.events.insertNew(
          sorted.map((p) => ({
            workspaceId: p.workspaceId,
            key: p.key,
            externalId: p.event.id ?? null,
            bodyHash: p.bodyHash,
            type: p.event.type,
            occurredAt: p.occurredAt,
            receivedAt: p.receivedAt,
            properties: p.properties,
          })),
          tx,
        );
        const eventIds = new Map(inserted.map((r) => [`${r.workspace_id}|${r.idempotency_key}`, r.id]));
        const fresh = batch.filter((p) => eventIds.has(`${p.workspaceId}|${p.key}`));
        const contacts = await this.contacts.upsertMany(
          tx,
          fresh.map((p) => ({ workspaceId: p.workspaceId, input: p.event.contact })),
        );

        const toCreate: Array<
          NewInvitation & {
            decision: DispatchDecision & { decision: 'scheduled' };
            rule: CampaignRule;
            event: PendingEvent;
            contactZone: string | null;
          }
        > = [];
        const accepted = new Map<PendingEvent, EventAccepted & { contactId: string; answer: string }>();
        // The upsert above holds each contact's row lock until commit, so events for one contact in
        // other transactions wait, and this read sees the surveys they scheduled.
        const fatigue = await this.fatigue.load(
          fresh.map((p, i) => ({ workspaceId: p.workspaceId, contactId: contacts[i].id, rules: p.rules })),
          tx,
        );
        const dedupe = await this.dedupe.load(
          fresh.map((p, i) => ({ contactId: contacts[i].id, rules: p.rules, properties: p.properties })),
          tx,
        );
        const cancelled = await this.cancelPending(
          fresh.map((p, i) => ({ event: p, contactId: contacts[i].id })),
          tx,
        );
        fresh.forEach((p, i) => {
          const contact = contacts[i];
          const eventId = eventIds.get(`${p.workspaceId}|${p.key}`)!;
          // A duplicate ticket is skipped before it could count against the contact's fatigue cap.
          const decisions = p.rules.map((rule) =>
            fatigue.apply(
              p.workspaceId,
              contact.id,
              rule,
              dedupe.apply(
                contact.id,
                rule,
                p.properties,
                decideDispatch(rule, contact, p.occurredAt, p.receivedAt, p.key),
              ),
            ),
          );
          for (const d of decisions) {
            if (d.decision !== 'scheduled') continue;
            const rule = p.rules.find((r) => r.id === d.campaignId)!;
            toCreate.push({
              workspaceId: p.workspaceId,
              campaignId: rule.id,
              surveyVersionId: rule.surveyVersionId,
              contactId: contact.id,
              eventId,
              eventType: p.event.type,
              properties: p.properties,
              channel: d.channel,
              sendAt: new Date(d.sendAt),
              reason: d.reason,
              decision: d,
              rule,
              event: p,
              contactZone: contact.timezone,
            });
          }
          accepted.set(p, {
            eventId,
            decisions,
            contactId: contact.id,
            answer: '',
            ...(cancelled.get(p)?.length ? { cancelled: cancelled.get(p) } : {}),
          });
        });
        // Campaign caps take slots one invitation at a time (a conditional increment each); the
        // excess is moved to a later window or dropped, and the event's answer says so.
        for (const inv of [...toCreate]) {
          const rule = inv.rule;
          if (!rule.caps) continue;
          const capped = await this.throttle.apply(rule, inv.contactZone, inv.decision, tx);
          if (capped === inv.decision) continue;
          const answer = accepted.get(inv.event)!;
          answer.decisions = answer.decisions.map((d) => (d === inv.decision ? capped : d));
          if (capped.decision === 'skipped') toCreate.splice(toCreate.indexOf(inv), 1);
          else Object.assign(inv, { sendAt: new Date(capped.sendAt), reason: capped.reason, decision: capped });
        }
        const invitationIds = await this.invitations.createScheduled(toCreate, tx);
        toCreate.forEach((inv, i) => (inv.decision.invitationId = invitationIds[i]));
        // The answer is final now (invitation ids included): its bytes are kept for replays.
        for (const a of accepted.values()) a.answer = JSON.stringify(answerOf(a));
        if (accepted.size > 0) await this.events.recordOutcomes([...accepted.values()], tx);
        return {
          accepted,
          sends: toCreate.map((inv, i) => ({
            id: invitationIds[i],
            sendAt: inv.sendAt,
            channel: inv.channel,
            requestId: inv.event.requestId,
          })),
        };
      });
      const now = this.clock.now().getTime();
      await this.queue.enqueueSends(
        results.sends.map((s) => ({
          invitationId: s.id,
          step: 0,
          channel: s.channel,
          delayMs: s.sendAt.getTime() - now,
          requestId: s.requestId,
        })),
      );
      return batch.map((p) => {
        const a = results.accepted.get(p);
        return a ? { accepted: answerOf(a), json: a.answer } : DUPLICATE;
      });
    } catch (err) {
      // (An error from another realm, as under jest, is not `instanceof Error`: keep it as the cause, for its code.)
      if (batch.length === 1) return [err instanceof Error ? err : new Error(String(err), { cause: err })];
      this.log.warn(
        { err: (err as Error).message, size: batch.length },
        'event batch failed; retrying its events one by one',
      );
      return Promise.all(batch.map(async (p) => (await this.writeBatch([p]))[0]));
    }
  }

  private async replay(p: PendingEvent): Promise<IngestResult> {
    const existing = await this.events.firstWith(p.workspaceId, p.key, p.event.id ?? null);
    if (!existing) throw conflict('A concurrent request with this key is still being processed; retry.');
    if (existing.body_hash !== p.bodyHash) {
      throw conflict('This idempotency key or event id was already used with a different body.', [
        { path: p.key.startsWith('key:') ? 'Idempotency-Key' : 'id', message: 'Already used for a different event' },
      ]);
    }
    if (existing.answer !== null)
      return { accepted: JSON.parse(existing.answer) as EventAccepted, json: existing.answer };
    // An event stored before answers were kept as text: rebuilt from its jsonb columns.
    const accepted = answerOf({ eventId: existing.id, decisions: existing.decisions, cancelled: existing.cancelled });
    return { accepted, json: JSON.stringify(accepted) };
  }
}

/** The 202 body: `cancelled` only when the event cancelled something. */
function answerOf(a: { eventId: string; decisions: DispatchDecision[]; cancelled?: CancelledByEvent[] | null }) {
  return { eventId: a.eventId, decisions: a.decisions, ...(a.cancelled?.length ? { cancelled: a.cancelled } : {}) };
}

function toEventView(r: EventRow): EventView {
  return {
    id: r.id,
    type: r.type,
    externalId: r.external_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
    contactId: r.contact_id,
    properties: r.properties,
    decisions: r.decisions,
    cancelled: r.cancelled ?? [],
  };
}
