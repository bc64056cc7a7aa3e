import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Queryable, Sql } from '../database/sql';
import type { DispatchDecision } from '../policy/dispatch-policy';

/** Events per page of a dry run. */
export const REPLAY_PAGE = 5_000;

/** Pending invitations an event cancelled, per campaign. */
export interface CancelledByEvent {
  campaignId: string;
  invitationIds: string[];
}

/** An events row. */
export interface EventRow {
  id: string;
  workspace_id: string;
  idempotency_key: string;
  external_id: string | null;
  body_hash: string;
  type: string;
  occurred_at: Date;
  received_at: Date;
  contact_id: string | null;
  properties: Record<string, unknown>;
  decisions: DispatchDecision[];
  cancelled: CancelledByEvent[] | null;
  /** The 202 body as first sent, byte for byte (null on events from before it was kept). */
  answer: string | null;
}

/** A contact's event with its keyset position (received_at to the microsecond). */
export interface ListedEventRow extends EventRow {
  position: string;
}

/** A contact's event with its keyset position (received_at to the microsecond). */
export interface ListedEventRow extends EventRow {
  position: string;
}

/** A new event, before its contact and decisions are known. */
export interface EventInsert {
  workspaceId: string;
  key: string;
  externalId: string | null;
  bodyHash: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
}

/** What an event's idempotency key or id was first used for. */
export type FirstAnswerRow = Pick<EventRow, 'id' | 'body_hash' | 'decisions' | 'cancelled' | 'answer'>;

/** What was decided on an event: written once its contact and decisions are known. */
export interface EventOutcome {
  eventId: string;
  contactId: string;
  decisions: DispatchDecision[];
  cancelled?: CancelledByEvent[];
  /** The answer's exact JSON, replayed to repeats. */
  answer: string;
}

/** A recorded event with its contact as the contact is now (contacts is a lower layer; read only). */
export interface ReplayRow {
  id: string;
  idempotency_key: string;
  type: string;
  properties: Record<string, unknown>;
  occurred_at: Date;
  contact_id: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  locale: string | null;
  attributes: Record<string, unknown>;
  email_opted_out_at: Date | null;
  sms_opted_out_at: Date | null;
  voice_opted_out_at: Date | null;
}

/** The events table: what came in, and what was decided on it. */
@Injectable()
export class EventsRepository {
  constructor(private readonly db: Sql) {}

  /** Inserts the events whose key is new; returns those it inserted (a repeated key writes nothing). */
  insertNew(
    events: EventInsert[],
    tx: Queryable = this.db,
  ): Promise<Array<Pick<EventRow, 'id' | 'workspace_id' | 'idempotency_key'>>> {
    return tx.query<Pick<EventRow, 'id' | 'workspace_id' | 'idempotency_key'>>(
      `INSERT INTO events (workspace_id, idempotency_key, external_id, body_hash, type, occurred_at, received_at, properties)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::jsonb[])
           ON CONFLICT DO NOTHING RETURNING id, workspace_id, idempotency_key`,
      [
        events.map((e) => e.workspaceId),
        events.map((e) => e.key),
        events.map((e) => e.externalId),
        events.map((e) => e.bodyHash),
        events.map((e) => e.type),
        events.map((e) => e.occurredAt),
        events.map((e) => e.receivedAt),
        events.map((e) => JSON.stringify(e.properties)),
      ],
    );
  }

  async recordOutcomes(outcomes: EventOutcome[], tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `UPDATE events e SET contact_id = u.contact_id, decisions = u.decisions, cancelled = u.cancelled, answer = u.answer
             FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::jsonb[], $5::text[]) AS u(id, contact_id, decisions, cancelled, answer) WHERE e.id = u.id`,
      [
        outcomes.map((o) => o.eventId),
        outcomes.map((o) => o.contactId),
        outcomes.map((o) => JSON.stringify(o.decisions)),
        outcomes.map((o) => (o.cancelled ? JSON.stringify(o.cancelled) : null)),
        outcomes.map((o) => o.answer),
      ],
    );
  }

  /** The event that first took this key (`key:…`, `id:…`) or, failing that, this external id. */
  async firstWith(workspaceId: string, key: string, externalId: string | null): Promise<FirstAnswerRow | undefined> {
    const [row] = await this.db.query<FirstAnswerRow>(
      `SELECT id, body_hash, decisions, cancelled, answer FROM events
       WHERE workspace_id = $1 AND (idempotency_key = $2 OR ($3::text IS NOT NULL AND external_id = $3))
       ORDER BY (idempotency_key = $2) DESC LIMIT 1`,
      [workspaceId, key, externalId],
    );
    return row;
  }

  async find(workspaceId: string, id: string): Promise<EventRow | undefined> {
    const [row] = await this.db.query<EventRow>(`SELECT * FROM events WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** A contact's events, newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  forContact(
    workspaceId: string,
    contactId: string,
    after: KeysetPosition | undefined,
    limit: number,
  ): Promise<ListedEventRow[]> {
    return this.db.query<ListedEventRow>(
      `SELECT *, received_at::text AS position FROM events WHERE workspace_id = $1 AND contact_id = $2
         AND ($3::timestamptz IS NULL OR (received_at, id) < ($3, $4::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $5`,
      [workspaceId, contactId, ...keysetArgs(after, limit)],
    );
  }

  /**
   * The next REPLAY_PAGE events of a type in [from, to) after `after`, in the order they occurred,
   * each with its contact (a read-only join on contacts, a lower layer).
   */
  replayPage(
    workspaceId: string,
    type: string,
    period: { from: Date; to: Date },
    after: { at: Date; id: string } | null,
  ): Promise<ReplayRow[]> {
    return this.db.query<ReplayRow>(
      `SELECT e.id, e.idempotency_key, e.type, e.properties, e.occurred_at, e.contact_id,
                c.email, c.phone, c.timezone, c.locale, c.attributes, c.email_opted_out_at, c.sms_opted_out_at, c.voice_opted_out_at
         FROM events e JOIN contacts c ON c.id = e.contact_id
         WHERE e.workspace_id = $1 AND e.type = $2 AND e.occurred_at >= $3 AND e.occurred_at < $4
           AND ($5::timestamptz IS NULL OR (e.occurred_at, e.id) > ($5, $6::uuid))
         ORDER BY e.occurred_at, e.id LIMIT ${REPLAY_PAGE}`,
      [workspaceId, type, period.from, period.to, after?.at ?? null, after?.id ?? null],
    );
  }
}
