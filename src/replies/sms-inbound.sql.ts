import { optOutSourceCte } from '../contacts/opt-out-source';

/**
 * The statements behind the inbound SMS webhook (see SmsInboundService). Kept apart so the
 * service reads as the steps of a conversation turn.
 */

/**
 * For each message: whether it was stored before (a redelivery), the contact with that number, and
 * the SMS invitation a reply belongs to: among those sent from the number the customer wrote to
 * (any number for a Messaging Service), the most recent still waiting for an answer, unexpired ones
 * first (an expired one still gets "this survey has closed"). One row per message, in order.
 */
export const ROUTE_SQL = `
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
    JOIN invitations i ON i.contact_id = c.id AND i.channel = 'sms' AND i.status = 'sent'
    LEFT JOIN sms_conversations sc ON sc.invitation_id = i.id
    WHERE c.workspace_id = u.w AND c.phone = u.from_number
      AND (i.sender = u.to_number OR i.sender LIKE 'MG%')
      AND (sc.invitation_id IS NULL OR sc.awaiting_question_id IS NOT NULL)
    ORDER BY (i.expires_at IS NULL OR i.expires_at > $5) DESC, i.sent_at DESC
    LIMIT 1
  ) inv ON true
  ORDER BY u.ord`;

/** Where each locked conversation stands: the question awaited, misses so far, answers given. */
export const STATE_SQL = `
  SELECT i.id, sc.awaiting_question_id, COALESCE(sc.misses, 0) AS misses,
         (sc.invitation_id IS NOT NULL AND sc.awaiting_question_id IS NULL) AS finished,
         (SELECT jsonb_object_agg(a.question_id, COALESCE(to_jsonb(a.value_num), to_jsonb(a.value_text)))
            FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = i.id) AS answers
  FROM invitations i LEFT JOIN sms_conversations sc ON sc.invitation_id = i.id
  WHERE i.id = ANY($1::uuid[])`;

/**
 * Conversation state, SMS opt-outs and opt-ins, and each message with its outcome and reply, in one
 * statement. The message is stored here, once: a conflict means a concurrent copy won the race.
 */
export const RECORD_SQL = `
  WITH ${optOutSourceCte('sms_keyword')}, conv AS (
    INSERT INTO sms_conversations (invitation_id, awaiting_question_id, misses)
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
    ON CONFLICT (invitation_id) DO UPDATE SET awaiting_question_id = EXCLUDED.awaiting_question_id, misses = EXCLUDED.misses, updated_at = now()
  ), opt AS (
    UPDATE contacts c SET sms_opted_out_at = CASE WHEN o.out THEN COALESCE(c.sms_opted_out_at, now()) ELSE NULL END, updated_at = now()
    FROM unnest($4::uuid[], $5::text[], $6::boolean[]) AS o(w, phone, out)
    WHERE c.workspace_id = o.w AND c.phone = o.phone AND EXISTS (SELECT FROM opt_out_source) RETURNING c.id, o.out
  ), stored AS (
    INSERT INTO inbound_sms (workspace_id, message_sid, from_number, to_number, body, outcome, reply, contact_id, invitation_id)
    SELECT * FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::uuid[])
    ORDER BY 1, 2
    ON CONFLICT (workspace_id, message_sid) DO NOTHING RETURNING 1
  )
  SELECT (SELECT count(*)::int FROM stored) AS stored, COALESCE((SELECT array_agg(id) FROM opt WHERE out), '{}') AS opted_out`;

/** Advisory-lock namespace (first key) for SMS conversations; the second key comes from the invitation id. */
export const SMS_CONVERSATION_LOCK_CLASS = 0x534d53; // "SMS"

/** 32 bits of the invitation id; two conversations sharing a key are only serialized, never mixed up. */
export function conversationLockKey(invitationId: string): number {
  return Number.parseInt(invitationId.slice(0, 8), 16) | 0;
}
