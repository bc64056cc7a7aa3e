import { Inject, Injectable } from '@nestjs/common';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Logger } from 'pino';

import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { ContactsService } from '../contacts/contacts.service';
import { Queryable, Sql } from '../database/sql';
import { localeChain, uiLocale } from '../i18n/locale';
import { QueueService } from '../queue/queue.service';
import { ResponseChange, ResponsesService } from '../responses/responses.service';
import { readerLocale } from '../surveys/localize';
import { Answers } from '../surveys/survey-definition';
import { SurveysService } from '../surveys/surveys.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ConversationStep, conversationStep } from './sms-conversation';
import { ConversationStateRow, RouteRow, SmsInboundRepository } from './sms-inbound.repository';
import { detectSmsKeyword } from './sms-keywords';

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
    id: string;
    workspaceId: string;
    campaignId: string;
    surveyVersionId: string;
    contactId: string;
    expiresAt: Date | null;
    awaitingQuestionId?: string;
    misses: number;
    answers: Answers;
    /** Set when an earlier message in the same batch ended this conversation. */
    finished?: boolean;
  } | null;
}

/** A copy of a message being handled in this batch was committed by another process first. */
class RedeliveryRaceError extends Error {}

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
    private readonly inbound: SmsInboundRepository,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    private readonly surveys: SurveysService,
    private readonly responses: ResponsesService,
    private readonly queue: QueueService,
    private readonly workspaces: WorkspacesService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** The text to answer with (the same text again for a redelivered MessageSid). */
  receive(sms: InboundSms): Promise<string> {
    return this.batcher.submit(sms);
  }

  private async handleBatch(batch: InboundSms[], retried = false): Promise<Array<string | Error>> {
    try {
      const { replies, optOuts } = await this.db.transaction((tx) => this.process(tx, batch));
      await this.queue.enqueueSmsOptOutCleanup(optOuts);
      return replies;
    } catch (err) {
      // A deadlock with another process's batch, or one bad row: retry the messages one by one.
      // A copy that another process committed first is now visible: once more answers it as a redelivery.
      if (batch.length === 1 && err instanceof RedeliveryRaceError && !retried) return this.handleBatch(batch, true);
      if (batch.length === 1) return [err as Error];
      this.log.warn(
        { err: (err as Error).message, size: batch.length },
        'inbound SMS batch failed; retrying one by one',
      );
      return Promise.all(batch.map(async (m) => (await this.handleBatch([m]))[0]));
    }
  }

  private async process(tx: Queryable, batch: InboundSms[]) {
    // 1. Find where each message belongs, and whether Twilio delivered it before (answered again, changes nothing).
    const rows = await this.inbound.route(batch, this.clock.now(), tx);
    const key = (w: string, s: string) => `${w}|${s}`;
    const replies = new Map<string, string>();
    const fresh: InboundSms[] = [];
    const freshRows: RouteRow[] = [];
    batch.forEach((m, i) => {
      const k = key(m.workspaceId, m.messageSid);
      if (rows[i].seen_before) replies.set(k, rows[i].prior_reply ?? '');
      else if (!fresh.some((f) => key(f.workspaceId, f.messageSid) === k)) {
        fresh.push(m);
        freshRows.push(rows[i]);
      }
    });

    // 2. Lock the conversations (in key order, so batches of other processes never deadlock with this
    //    one) and only then read their state: a fresh read, after any concurrent reply has committed.
    const routes = await this.withState(tx, freshRows);

    // 3. Understand each message; later messages of the same conversation in this batch see the earlier ones' effect.
    const now = this.clock.now();
    const changes = new Map<string, ResponseChange>();
    const conversations = new Map<string, { awaiting: string | null; misses: number }>();
    const optChanges = new Map<string, { workspaceId: string; phone: string; optOut: boolean }>();
    const stored: Array<{
      message: InboundSms;
      outcome: string;
      reply: string;
      contactId: string | null;
      invitationId: string | null;
    }> = [];
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
        conversation:
          inv && survey
            ? {
                definition: survey,
                expired: inv.expiresAt !== null && inv.expiresAt <= now,
                awaitingQuestionId: inv.awaitingQuestionId,
                misses: inv.misses,
                answers: inv.answers,
              }
            : null,
        ui: reader?.ui ?? uiLocale(chain),
        chain,
        companyName: await this.workspaces.senderName(m.workspaceId),
      });
      if (step.optOut !== undefined)
        optChanges.set(`${m.workspaceId}|${m.from}`, {
          workspaceId: m.workspaceId,
          phone: m.from,
          optOut: step.optOut,
        });
      const touchesConversation = step.awaitingQuestionId !== undefined && inv;
      if (touchesConversation) {
        inv.awaitingQuestionId = step.awaitingQuestionId ?? undefined;
        inv.misses = step.misses ?? inv.misses;
        conversations.set(inv.id, { awaiting: step.awaitingQuestionId ?? null, misses: inv.misses });
        // Later messages in this batch for the same invitation must see this one's effect.
        if (step.awaitingQuestionId === null) inv.finished = true;
        const change = changes.get(inv.id) ?? {
          invitation: { ...inv, channel: 'sms' },
          answers: [],
          complete: false,
          late: false,
        };
        if (step.answer) {
          inv.answers[step.answer.question.id] = step.answer.value;
          change.answers = [
            ...change.answers.filter((a) => a.questionId !== step.answer!.question.id),
            {
              questionId: step.answer.question.id,
              questionType: step.answer.question.type,
              value: step.answer.value,
              comment: step.answer.comment,
            },
          ];
        }
        change.complete ||= step.complete ?? false;
        change.late ||= step.late ?? false;
        if (step.unparsedText)
          change.unparsedText = [change.unparsedText, step.unparsedText].filter(Boolean).join('\n');
        if (step.answer || step.late || step.unparsedText || step.complete) changes.set(inv.id, change);
      }
      stored.push({
        message: m,
        outcome: step.outcome,
        reply: step.reply,
        contactId: inv?.contactId ?? route.contactId,
        invitationId: touchesConversation ? inv!.id : null,
      });
      replies.set(key(m.workspaceId, m.messageSid), step.reply);
    }

    // 4. Record it all: responses and answers, conversation state, the messages' outcomes, and opt-outs.
    await this.responses.applyChanges(tx, [...changes.values()]);
    const recorded = await this.inbound.record(
      [...conversations].map(([invitationId, c]) => ({
        invitationId,
        awaitingQuestionId: c.awaiting,
        misses: c.misses,
      })),
      stored.map((x) => ({
        ...x.message,
        outcome: x.outcome,
        reply: x.reply,
        contactId: x.contactId,
        invitationId: x.invitationId,
      })),
      tx,
    );
    // Another process stored a copy first: roll all of this back; the one-by-one retry answers it as a redelivery.
    if (recorded !== stored.length) throw new RedeliveryRaceError('a redelivered message was handled concurrently');
    const optOuts = await this.contacts.applySmsKeywords([...optChanges.values()], tx);
    return { replies: batch.map((m) => replies.get(key(m.workspaceId, m.messageSid)) ?? ''), optOuts };
  }

  /** The routed invitations' conversation state, read after locking them; one entry per message. */
  private async withState(tx: Queryable, rows: RouteRow[]): Promise<Routed[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.invitation_id ? [r.invitation_id] : [])))].sort();
    const state = new Map<string, ConversationStateRow>();
    if (ids.length) {
      await this.inbound.lockConversations(ids, tx);
      const found = await this.inbound.conversationState(ids, tx);
      for (const f of found) state.set(f.id, f);
    }
    // Two messages for one invitation in a batch share one state object, so the second sees the first's effect.
    const shared = new Map<string, NonNullable<Routed['invitation']>>();
    return rows.map((r) => {
      const st = r.invitation_id ? state.get(r.invitation_id) : undefined;
      let invitation: Routed['invitation'] = null;
      // Finished by a reply another process committed while we waited for the lock: no longer open.
      if (r.invitation_id && st && !st.finished) {
        invitation = shared.get(r.invitation_id) ?? {
          id: r.invitation_id,
          workspaceId: r.workspace_id,
          campaignId: r.campaign_id,
          surveyVersionId: r.survey_version_id,
          contactId: r.invitation_contact_id,
          expiresAt: r.expires_at ? new Date(r.expires_at) : null,
          awaitingQuestionId: st.awaiting_question_id ?? undefined,
          misses: st.misses,
          answers: st.answers ?? {},
        };
        shared.set(r.invitation_id, invitation);
      }
      return {
        contactId: r.contact_id,
        contactLocale: r.invitation_id ? r.invitation_locale : r.contact_locale,
        invitation,
      };
    });
  }

  private localeForNumber(phone: string): string {
    const country = parsePhoneNumberFromString(phone)?.country;
    return (country && COUNTRY_LOCALE[country]) ?? 'en';
  }
}
