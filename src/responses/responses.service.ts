import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { Answers, AnswerValue, QuestionType } from '../surveys/survey-definition';
import { answerColumns } from './answer-columns';
import { ReplyInvitationsRepository } from './reply-invitations.repository';
import { ResponsesRepository } from './responses.repository';

/** The invitation a reply belongs to, with what the reply side needs to know. */
export interface InvitationForReply {
  id: string;
  token: string;
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  contactId: string;
  channel: string;
  status: string;
  expiresAt: Date | null;
  contactLocale: string | null;
}

/** A response as the reply side sees it: its state and its answers by question. */
export interface StoredResponse {
  id: string;
  completed: boolean;
  completedAt: Date | null;
  createdAt: Date;
  answers: Answers;
}

/** An answer as a reply gives it. */
export interface AnswerToSave {
  questionId: string;
  questionType: QuestionType;
  value: AnswerValue;
  /** Words around a score ("9, quick and friendly"): kept beside the number. */
  comment?: string;
}

/** One invitation's response change from a conversational channel (SMS), written with others in one statement. */
export interface ResponseChange {
  invitation: Pick<
    InvitationForReply,
    'id' | 'workspaceId' | 'campaignId' | 'surveyVersionId' | 'contactId' | 'channel'
  >;
  answers: AnswerToSave[];
  complete: boolean;
  late: boolean;
  unparsedText?: string;
}

/**
 * Writes responses as replies arrive (survey page, SMS, phone) and reads them back for the reply
 * side. Which columns an answer fills is answerColumns' rule; the SQL is in ResponsesRepository.
 */
@Injectable()
export class ResponsesService {
  constructor(
    private readonly db: Sql,
    private readonly responses: ResponsesRepository,
    private readonly invitations: ReplyInvitationsRepository,
  ) {}

  async invitationByToken(token: string): Promise<InvitationForReply | null> {
    const row = await this.invitations.byToken(token);
    if (!row) return null;
    return {
      id: row.id,
      token: row.token,
      workspaceId: row.workspace_id,
      campaignId: row.campaign_id,
      surveyVersionId: row.survey_version_id,
      contactId: row.contact_id,
      channel: row.channel,
      status: row.status,
      expiresAt: row.expires_at ? new Date(row.expires_at) : null,
      contactLocale: row.locale,
    };
  }

  async responseFor(invitationId: string): Promise<StoredResponse | null> {
    const rows = await this.responses.withAnswers(invitationId);
    if (rows.length === 0) return null;
    const answers: Answers = {};
    // A phone recording not transcribed yet has neither value, and reads as null.
    for (const r of rows) if (r.question_id) answers[r.question_id] = (r.value_num ?? r.value_text) as AnswerValue;
    return {
      id: rows[0].id,
      completed: rows[0].completed,
      completedAt: rows[0].completed_at,
      createdAt: rows[0].created_at,
      answers,
    };
  }

  /**
   * Saves answers the moment they are given (a partial response counts for what it has), drops
   * answers to questions that are no longer shown, and marks completion. One transaction.
   */
  async saveAnswers(
    inv: InvitationForReply,
    answers: AnswerToSave[],
    hiddenQuestionIds: string[],
    complete: boolean,
  ): Promise<void> {
    if (answers.length === 0 && !complete && hiddenQuestionIds.length === 0) return;
    await this.db.transaction(async (tx) => {
      const responseId = await this.responses.ensure(
        {
          invitationId: inv.id,
          workspaceId: inv.workspaceId,
          campaignId: inv.campaignId,
          surveyVersionId: inv.surveyVersionId,
          contactId: inv.contactId,
          channel: inv.channel,
        },
        tx,
      );
      if (answers.length) {
        // The form has no comment field: a score answered on it replaces any words kept beside the old one.
        await this.responses.upsertAnswers(
          responseId,
          answers.map((a) => answerColumns({ ...a, comment: undefined })),
          tx,
        );
      }
      if (hiddenQuestionIds.length) await this.responses.deleteAnswers(responseId, hiddenQuestionIds, tx);
      await this.responses.markProgress(responseId, complete, tx);
    });
  }

  /**
   * Applies many responses' changes in one statement: creates or updates each response (completion,
   * lateness and unreadable text only ever accumulate) and upserts its answers. One entry per invitation.
   */
  async applyChanges(tx: Queryable, changes: ResponseChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.responses.applyChanges(
      changes.map((c) => ({
        invitationId: c.invitation.id,
        workspaceId: c.invitation.workspaceId,
        campaignId: c.invitation.campaignId,
        surveyVersionId: c.invitation.surveyVersionId,
        contactId: c.invitation.contactId,
        channel: c.invitation.channel,
        completed: c.complete,
        late: c.late,
        unparsedText: c.unparsedText ?? null,
        answers: c.answers.map(answerColumns),
      })),
      tx,
    );
  }

  /**
   * Open answers recorded on the phone: the recording's URL and length, saved as the answer (its
   * text arrives later, if Twilio transcribes it). The responses must exist (`applyChanges` first).
   */
  async attachRecordings(
    tx: Queryable,
    recordings: Array<{ invitationId: string; questionId: string; url: string; seconds: number }>,
  ): Promise<void> {
    if (recordings.length === 0) return;
    await this.responses.attachRecordings(recordings, tx);
  }

  /** Twilio's transcription of a recorded answer becomes the answer's text. Returns false when there is no such recorded answer. */
  attachTranscription(invitationId: string, questionId: string, text: string): Promise<boolean> {
    return this.responses.attachTranscription(invitationId, questionId, text);
  }
}
