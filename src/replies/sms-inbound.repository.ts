import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { Answers } from '../surveys/survey-definition';

/**
 * For each message: whether it was stored before (a redelivery), the contact with that number, and
 * the SMS invitation a reply belongs to: among those sent from the number the customer wrote to
 * (any number for a Messaging Service), the most recent still waiting for an answer, unexpired ones
 * first (an expired one still gets "this survey has closed"). One row per message, in order.
 *
 * "Sent" means the provider may have it: `sent`, but also `sending` (Twilio accepted the message
 * and the batched `sent` update has not committed yet, so the sender is not recorded either) and
 * `scheduled` after a first send (a reminder waiting, perhaps for quiet hours to end). A reply
 * proves the customer got the text, so it must find its survey however fast it comes.
 */
const ROUTE_SQL = `
  SELECT u.ord, prior.reply AS prior_reply, (prior.id IS NOT NULL) AS seen_before, ct.id AS contact_id, ct.locale AS contact_locale, inv.*
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS u(w, sid, from_number, to_number, ord)
  LEFT JOIN inbound_sms prior ON prior.workspace_id = u.w AND prior.message_sid = u.sid
  LEFT JOIN LATERAL (
    SELECT c.id, c.locale FROM contacts c WHERE c.workspace_id = u.w AND c.phone = u.from_number ORDER BY c.updated_at DESC LIMIT 1
  ) ct ON true
  LEFT JOIN LATERAL (
    SELECT i.id AS invitation_id, i.workspace_id, i.campaign_id, i.survey_version_id, i.contact_id AS invitation_contact_id, i.expires_at,
           c.locale AS invitation_locale
    FROM contacts c
    JOIN invitations i ON i.contact_id = c.id AND i.channel = 'sms'
      AND (i.status IN ('sent', 'sending') OR (i.status = 'scheduled' AND i.sent_at IS NOT NULL))
    LEFT JOIN sms_conversations sc ON sc.invitation_id = i.id
    WHERE c.workspace_id = u.w AND c.phone = u.from_number
      AND (i.sender = u.to_number OR i.sender LIKE 'MG%' OR (i.sender IS NULL AND i.status = 'sending'))
      AND (sc.invitation_id IS NULL OR sc.awaiting_question_id IS NOT NULL)
    ORDER BY (i.expires_at IS NULL OR i.expires_at > $5) DESC, COALESCE(i.sent_at, i.updated_at) DESC
    LIMIT 1
  ) inv ON true
  ORDER BY u.ord`;

/** Where each locked conversation stands: the question awaited, misses so far, answers given. */
const STATE_SQL = `
  SELECT i.id, sc.awaiting_question_id, COALESCE(sc.misses, 0) AS misses,
         (sc.invitation_id IS NOT NULL AND sc.awaiting_question_id IS NULL) AS finished,
         (SELECT jsonb_object_agg(a.question_id, COALESCE(to_jsonb(a.value_num), to_jsonb(a.value_text)))
            FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = i.id) AS answers
  FROM invitations i LEFT JOIN sms_conversations sc ON sc.invitation_id = i.id
  WHERE i.id = ANY($1::uuid[])`;

/**
 * Conversation state and each message with its outcome and reply, in one statement. The message is
 * stored here, once: a conflict means a concurrent copy won the race.
 */
const RECORD_SQL = `
  WITH conv AS (
    INSERT INTO sms_conversations (invitation_id, awaiting_question_id, misses)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
    ON CONFLICT (invitation_id) DO UPDATE SET awaiting_question_id = EXCLUDED.awaiting_question_id, misses = EXCLUDED.misses, updated_at = now()
  ), stored AS (
    INSERT INTO inbound_sms (workspace_id, message_sid, from_number, to_number, body, outcome, reply, contact_id, invitation_id)
    SELECT * FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::uuid[])
    ORDER BY 1, 2
    ON CONFLICT (workspace_id, message_sid) DO NOTHING RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM stored) AS stored`;

/** Advisory-lock namespace (first key) for SMS conversations; the second key comes from the invitation id. */
const SMS_CONVERSATION_LOCK_CLASS = 0x534d53; // "SMS"

/** 32 bits of the invitation id; two conversations sharing a key are only serialized, never mixed up. */
function conversationLockKey(invitationId: string): number {
  return Number.parseInt(invitationId.slice(0, 8), 16) | 0;
}

/** What routing needs of an inbound message: who wrote, to which of our numbers, under which SID. */
export interface InboundSmsEnvelope {
  workspaceId: string;
  messageSid: string;
  from: string;
  to: string;
}

interface RouteBase {
  /** WITH ORDINALITY is bigint: pg returns it as a string. */
  ord: string;
  prior_reply: string | null;
  seen_before: boolean;
  contact_id: string | null;
  contact_locale: string | null;
}

/** A message routed to the SMS invitation it answers (read from invitations and contacts). */
export interface RoutedToInvitationRow extends RouteBase {
  invitation_id: string;
  workspace_id: string;
  campaign_id: string;
  survey_version_id: string;
  invitation_contact_id: string;
  expires_at: Date | null;
  invitation_locale: string | null;
}

/** A message with no open SMS invitation: its invitation columns are all null. */
export type UnroutedRow = RouteBase & {
  [K in Exclude<keyof RoutedToInvitationRow, keyof RouteBase>]: null;
};

/** One message's route. */
export type RouteRow = RoutedToInvitationRow | UnroutedRow;

/** A conversation's state, read after locking it (answers from responses, read-only). */
export interface ConversationStateRow {
  id: string;
  awaiting_question_id: string | null;
  misses: number;
  finished: boolean;
  answers: Answers | null;
}

/** A conversation's new state; a null question means it is over. */
export interface ConversationUpdate {
  invitationId: string;
  awaitingQuestionId: string | null;
  misses: number;
}

/** An inbound message with what it did and what we answered. */
export interface InboundSmsRecord extends InboundSmsEnvelope {
  body: string;
  outcome: string;
  reply: string;
  contactId: string | null;
  invitationId: string | null;
}

/**
 * The statements behind the inbound SMS webhook (see SmsInboundService): sms_conversations and
 * inbound_sms, plus read-only joins of contacts, invitations, responses and answers for routing
 * and state. Every method runs in the caller's transaction.
 */
@Injectable()
export class SmsInboundRepository {
  constructor(private readonly db: Sql) {}

  /** One row per message, in the order given. */
  route(messages: InboundSmsEnvelope[], now: Date, tx: Queryable = this.db): Promise<RouteRow[]> {
    return tx.query<RouteRow>(ROUTE_SQL, [
      messages.map((m) => m.workspaceId),
      messages.map((m) => m.messageSid),
      messages.map((m) => m.from),
      messages.map((m) => m.to),
      now,
    ]);
  }

  /**
   * Holds the conversations until the transaction ends. Advisory locks, not row locks: they
   * serialize one conversation's replies without writing a row lock (and its WAL) per reply, and
   * never meet the delivery callbacks' row locks. Taken in key order, so batches of other processes
   * never deadlock with this one.
   */
  async lockConversations(invitationIds: string[], tx: Queryable): Promise<void> {
    const keys = [...new Set(invitationIds.map(conversationLockKey))].sort((a, b) => a - b);
    await tx.query(`SELECT pg_advisory_xact_lock(${SMS_CONVERSATION_LOCK_CLASS}, k) FROM unnest($1::int[]) AS k`, [
      keys,
    ]);
  }

  conversationState(invitationIds: string[], tx: Queryable = this.db): Promise<ConversationStateRow[]> {
    return tx.query<ConversationStateRow>(STATE_SQL, [invitationIds]);
  }

  /** Writes the conversations' state and stores the messages; returns how many messages were new. */
  async record(
    conversations: ConversationUpdate[],
    messages: InboundSmsRecord[],
    tx: Queryable = this.db,
  ): Promise<number> {
    const [recorded] = await tx.query<{ stored: number }>(RECORD_SQL, [
      conversations.map((c) => c.invitationId),
      conversations.map((c) => c.awaitingQuestionId),
      conversations.map((c) => c.misses),
      messages.map((m) => m.workspaceId),
      messages.map((m) => m.messageSid),
      messages.map((m) => m.from),
      messages.map((m) => m.to),
      messages.map((m) => m.body),
      messages.map((m) => m.outcome),
      messages.map((m) => m.reply),
      messages.map((m) => m.contactId),
      messages.map((m) => m.invitationId),
    ]);
    return recorded.stored;
  }
}
