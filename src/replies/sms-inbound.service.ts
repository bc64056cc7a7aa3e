import { Inject, Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Logger } from 'pino';
import { detectSmsKeyword } from '../channels/twilio/sms-keywords';
import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Queryable, Sql } from '../database/sql';
import { localeChain, uiLocale } from '../i18n/locale';
import { QueueService } from '../queue/queue.service';
import { ResponseChange, ResponsesService } from '../responses/responses.service';
import { readerLocale } from '../surveys/localize';
import { SurveysService } from '../surveys/surveys.service';
import { Answers } from '../surveys/survey-definition';
import { ConversationStep, conversationStep } from './sms-conversation';

/** An inbound SMS as Twilio posts it, after the signature check. */
export interface InboundSms {
  workspaceId: string;
  messageSid: string;
  from: string;
  to: string;
  body: string;
}

interface Routed {
  contactId: string | null;
  contactLocale: string | null;
  invitation: {
    id: string; workspaceId: string; campaignId: string; surveyVersionId: string; contactId: string;
    expiresAt: Date | null; awaitingQuestionId?: string; misses: number; answers: Answers;
    /** Set when an earlier message in the same batch ended this conversation. */
    finished?: boolean;
  } | null;
}

// Countries whose language we ship, for replying in the right language to a number we do not know.
const COUNTRY_LOCALE: Record<string, string> = { FI: 'fi', AX: 'sv', SE: 'sv', NO: 'nb' };

/**
 * Two-way SMS: each inbound message is stored once (by MessageSid), routed to the sender's open SMS
 * survey, understood, answered, and its effect (answer, opt-out, re-ask) recorded. Messages arriving
 * together are handled in one transaction with a handful of statements, so a burst of replies costs
 * a few round trips rather than several per message; the reply goes back in the webhook's TwiML.
 */
@Injectable()
export class SmsInboundService {
  private readonly batcher = new GroupCommit<InboundSms, string>((batch) => this.handleBatch(batch), 200, 2);

  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly responses: ResponsesService,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** The text to answer with (the same text again for a redelivered MessageSid). */
  receive(sms: InboundSms): Promise<string> {
    return this.batcher.submit(sms);
  }

  private async handleBatch(batch: InboundSms[]): Promise<Array<string | Error>> {
    try {
      const { replies, optOuts } = await this.db.transaction((tx) => this.process(tx, batch));
      if (optOuts.length) {
        const at = Date.now();
        await Promise.all(optOuts.map((contactId) => this.queue.enqueue({ name: 'contact.sms-opted-out', data: { contactId } }, `sms-opt-out-${contactId}-${at}`)));
      }
      return replies;
    } catch (err) {
      // A deadlock with another process's batch, or one bad row: retry the messages one by one.
      if (batch.length === 1) return [err as Error];
      this.log.warn({ err: (err as Error).message, size: batch.length }, 'inbound SMS batch failed; retrying one by one');
      return Promise.all(batch.map(async (m) => (await this.handleBatch([m]))[0]));
    }
  }

  private async process(tx: Queryable, batch: InboundSms[]) {
    // 1. Store every message, once. A redelivery conflicts and is answered with the stored reply.
    const inserted = await tx.query(
      `INSERT INTO inbound_sms (workspace_id, message_sid, from_number, to_number, body, outcome)
       SELECT w, s, f, t, b, 'received' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(w, s, f, t, b)
       ORDER BY w, s
       ON CONFLICT (workspace_id, message_sid) DO NOTHING RETURNING id, workspace_id, message_sid`,
      [batch.map((m) => m.workspaceId), batch.map((m) => m.messageSid), batch.map((m) => m.from), batch.map((m) => m.to), batch.map((m) => m.body)],
    );
    const key = (w: string, s: string) => `${w}|${s}`;
    const inboundIds = new Map<string, string>(inserted.map((r) => [key(r.workspace_id, r.message_sid), r.id]));
    const replies = new Map<string, string>();
    const fresh: InboundSms[] = [];
    const seen = new Set<string>();
    for (const m of batch) {
      const k = key(m.workspaceId, m.messageSid);
      if (inboundIds.has(k) && !seen.has(k)) fresh.push(m);
      seen.add(k);
    }
    const repeats = batch.filter((m) => !fresh.includes(m));
    if (repeats.length) {
      const stored = await tx.query(
        `SELECT s.workspace_id, s.message_sid, s.reply FROM inbound_sms s JOIN unnest($1::uuid[], $2::text[]) AS u(w, sid) ON s.workspace_id = u.w AND s.message_sid = u.sid`,
        [repeats.map((m) => m.workspaceId), repeats.map((m) => m.messageSid)],
      );
      for (const r of stored) replies.set(key(r.workspace_id, r.message_sid), r.reply ?? '');
    }

    // 2. Route the new ones and lock their invitations, so two processes never interleave one conversation.
    const routes = await this.route(tx, fresh);

    // 3. Understand each message; later messages of the same conversation in this batch see the earlier ones' effect.
    const now = this.clock.now();
    const changes = new Map<string, ResponseChange>();
    const conversations = new Map<string, { awaiting: string | null; misses: number }>();
    const optChanges = new Map<string, { workspaceId: string; phone: string; optOut: boolean }>();
    const inboundUpdates: Array<{ id: string; outcome: string; reply: string; contactId: string | null; invitationId: string | null }> = [];
    for (let i = 0; i < fresh.length; i++) {
      const m = fresh[i];
      const route = routes[i];
      const inv = route.invitation && !route.invitation.finished ? route.invitation : null;
      const survey = inv ? (await this.surveys.getVersion(inv.surveyVersionId)).definition : null;
      const reader = survey ? readerLocale(route.contactLocale, survey) : null;
      const chain = reader?.chain ?? localeChain(route.contactLocale, this.localeForNumber(m.from));
      const step: ConversationStep = conversationStep({
        body: m.body,
        keyword: detectSmsKeyword(m.body),
        conversation: inv && survey ? { definition: survey, expired: inv.expiresAt !== null && inv.expiresAt <= now, awaitingQuestionId: inv.awaitingQuestionId, misses: inv.misses, answers: inv.answers } : null,
        ui: reader?.ui ?? uiLocale(chain),
        chain,
        companyName: this.config.companyName,
      });
      if (step.optOut !== undefined) optChanges.set(`${m.workspaceId}|${m.from}`, { workspaceId: m.workspaceId, phone: m.from, optOut: step.optOut });
      const touchesConversation = step.awaitingQuestionId !== undefined && inv;
      if (touchesConversation) {
        inv.awaitingQuestionId = step.awaitingQuestionId ?? undefined;
        inv.misses = step.misses ?? inv.misses;
        conversations.set(inv.id, { awaiting: step.awaitingQuestionId ?? null, misses: inv.misses });
        // Later messages in this batch for the same invitation must see this one's effect.
        if (step.awaitingQuestionId === null) inv.finished = true;
        const change = changes.get(inv.id) ?? { invitation: { ...inv, channel: 'sms' }, answers: [], complete: false, late: false };
        if (step.answer) {
          inv.answers[step.answer.question.id] = step.answer.value;
          change.answers = [...change.answers.filter((a) => a.questionId !== step.answer!.question.id),
            { questionId: step.answer.question.id, questionType: step.answer.question.type, value: step.answer.value, comment: step.answer.comment }];
        }
        change.complete ||= step.complete ?? false;
        change.late ||= step.late ?? false;
        if (step.unparsedText) change.unparsedText = [change.unparsedText, step.unparsedText].filter(Boolean).join('\n');
        if (step.answer || step.late || step.unparsedText || step.complete) changes.set(inv.id, change);
      }
      const inboundId = inboundIds.get(key(m.workspaceId, m.messageSid))!;
      inboundUpdates.push({ id: inboundId, outcome: step.outcome, reply: step.reply, contactId: inv?.contactId ?? route.contactId, invitationId: touchesConversation ? inv!.id : null });
      replies.set(key(m.workspaceId, m.messageSid), step.reply);
    }

    // 4. Record it all: responses and answers, conversation state, opt-outs, and the messages' outcomes.
    await this.responses.applyChanges(tx, [...changes.values()]);
    if (conversations.size) {
      const rows = [...conversations];
      await tx.query(
        `INSERT INTO sms_conversations (invitation_id, awaiting_question_id, misses) SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
         ON CONFLICT (invitation_id) DO UPDATE SET awaiting_question_id = EXCLUDED.awaiting_question_id, misses = EXCLUDED.misses, updated_at = now()`,
        [rows.map(([id]) => id), rows.map(([, c]) => c.awaiting), rows.map(([, c]) => c.misses)],
      );
    }
    const optOuts: string[] = [];
    if (optChanges.size) {
      const rows = [...optChanges.values()];
      const changed = await tx.query(
        `UPDATE contacts c SET sms_opted_out_at = CASE WHEN u.out THEN COALESCE(c.sms_opted_out_at, now()) ELSE NULL END, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS u(w, phone, out)
         WHERE c.workspace_id = u.w AND c.phone = u.phone RETURNING c.id, u.out`,
        [rows.map((r) => r.workspaceId), rows.map((r) => r.phone), rows.map((r) => r.optOut)],
      );
      for (const r of changed) if (r.out) optOuts.push(r.id);
    }
    if (inboundUpdates.length) {
      await tx.query(
        `UPDATE inbound_sms s SET outcome = u.outcome, reply = u.reply, contact_id = u.contact_id, invitation_id = u.invitation_id
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::uuid[], $5::uuid[]) AS u(id, outcome, reply, contact_id, invitation_id) WHERE s.id = u.id`,
        [inboundUpdates.map((u) => u.id), inboundUpdates.map((u) => u.outcome), inboundUpdates.map((u) => u.reply), inboundUpdates.map((u) => u.contactId), inboundUpdates.map((u) => u.invitationId)],
      );
    }
    return { replies: batch.map((m) => replies.get(key(m.workspaceId, m.messageSid)) ?? ''), optOuts };
  }

  /**
   * For each message: a contact with that number, and the open SMS invitation a reply belongs to —
   * among those sent from the number the customer wrote to, the most recent still waiting for an
   * answer, preferring unexpired ones (an expired one still gets "this survey has closed").
   */
  private async route(tx: Queryable, messages: InboundSms[]): Promise<Routed[]> {
    if (messages.length === 0) return [];
    const rows = await tx.query(
      `SELECT u.ord, ct.id AS contact_id, ct.locale AS contact_locale, inv.*
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS u(w, from_number, to_number, ord)
       LEFT JOIN LATERAL (
         SELECT c.id, c.locale FROM contacts c WHERE c.workspace_id = u.w AND c.phone = u.from_number ORDER BY c.updated_at DESC LIMIT 1
       ) ct ON true
       LEFT JOIN LATERAL (
         SELECT i.id AS invitation_id, i.workspace_id, i.campaign_id, i.survey_version_id, i.contact_id AS invitation_contact_id, i.expires_at,
                sc.awaiting_question_id, COALESCE(sc.misses, 0) AS misses, c.locale AS invitation_locale
         FROM contacts c
         JOIN invitations i ON i.contact_id = c.id AND i.channel = 'sms' AND i.status = 'sent'
         LEFT JOIN sms_conversations sc ON sc.invitation_id = i.id
         WHERE c.workspace_id = u.w AND c.phone = u.from_number
           AND (i.sender = u.to_number OR i.sender LIKE 'MG%')
           AND (sc.invitation_id IS NULL OR sc.awaiting_question_id IS NOT NULL)
         ORDER BY (i.expires_at IS NULL OR i.expires_at > $4) DESC, i.sent_at DESC
         LIMIT 1
         FOR UPDATE OF i
       ) inv ON true
       ORDER BY u.ord`,
      [messages.map((m) => m.workspaceId), messages.map((m) => m.from), messages.map((m) => m.to), this.clock.now()],
    );
    const invitationIds = rows.filter((r) => r.invitation_id).map((r) => r.invitation_id);
    const answers = new Map<string, Answers>();
    if (invitationIds.length) {
      const stored = await tx.query(
        `SELECT r.invitation_id, a.question_id, a.value_num, a.value_text FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = ANY($1::uuid[])`,
        [invitationIds],
      );
      for (const a of stored) {
        const map = answers.get(a.invitation_id) ?? {};
        map[a.question_id] = a.value_num ?? a.value_text;
        answers.set(a.invitation_id, map);
      }
    }
    // Two messages for one invitation in a batch share one state object, so the second sees the first's effect.
    const shared = new Map<string, NonNullable<Routed['invitation']>>();
    return rows.map((r) => {
      let invitation: Routed['invitation'] = null;
      if (r.invitation_id) {
        invitation = shared.get(r.invitation_id) ?? {
          id: r.invitation_id, workspaceId: r.workspace_id, campaignId: r.campaign_id, surveyVersionId: r.survey_version_id,
          contactId: r.invitation_contact_id, expiresAt: r.expires_at ? new Date(r.expires_at) : null,
          awaitingQuestionId: r.awaiting_question_id ?? undefined, misses: r.misses, answers: answers.get(r.invitation_id) ?? {},
        };
        shared.set(r.invitation_id, invitation);
      }
      return { contactId: r.contact_id, contactLocale: r.invitation_id ? r.invitation_locale : r.contact_locale, invitation };
    });
  }

  private localeForNumber(phone: string): string {
    const country = parsePhoneNumberFromString(phone)?.country;
    return (country && COUNTRY_LOCALE[country]) ?? 'en';
  }
}
