import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { Answers, AnswerValue, isScaleType, QuestionType } from '../surveys/survey-definition';

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

export interface StoredResponse {
  id: string;
  completed: boolean;
  completedAt: Date | null;
  createdAt: Date;
  answers: Answers;
}

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

@Injectable()
export class ResponsesService {
  constructor(private readonly db: Sql) {}

  async invitationByToken(token: string): Promise<InvitationForReply | null> {
    const [row] = await this.db.query(
      `SELECT i.id, i.token, i.workspace_id, i.campaign_id, i.survey_version_id, i.contact_id, i.channel, i.status, i.expires_at, c.locale
       FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.token = $1`,
      [token],
    );
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
    const rows = await this.db.query(
      `SELECT r.id, r.completed, r.completed_at, r.created_at, a.question_id, a.value_num, a.value_text
       FROM responses r LEFT JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = $1`,
      [invitationId],
    );
    if (rows.length === 0) return null;
    const answers: Answers = {};
    for (const r of rows) if (r.question_id) answers[r.question_id] = r.value_num ?? r.value_text;
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
      const responseId = await this.ensureResponse(tx, inv);
      if (answers.length) {
        const numeric = answers.map((a) => isScaleType(a.questionType) && typeof a.value === 'number');
        await tx.query(
          `INSERT INTO answers (response_id, question_id, question_type, value_num, value_text)
           SELECT $1, q, t, n, x FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS u(q, t, n, x)
           ON CONFLICT (response_id, question_id) DO UPDATE SET value_num = EXCLUDED.value_num, value_text = EXCLUDED.value_text, answered_at = now()`,
          [
            responseId,
            answers.map((a) => a.questionId),
            answers.map((a) => a.questionType),
            answers.map((a, i) => (numeric[i] ? a.value : null)),
            answers.map((a, i) => (numeric[i] ? null : String(a.value))),
          ],
        );
      }
      if (hiddenQuestionIds.length) {
        await tx.query(`DELETE FROM answers WHERE response_id = $1 AND question_id = ANY($2)`, [
          responseId,
          hiddenQuestionIds,
        ]);
      }
      await tx.query(
        `UPDATE responses SET updated_at = now(), completed = completed OR $2,
           completed_at = CASE WHEN $2 AND completed_at IS NULL THEN now() ELSE completed_at END
         WHERE id = $1`,
        [responseId, complete],
      );
    });
  }

  /**
   * Applies many responses' changes in one statement: creates or updates each response (completion,
   * lateness and unreadable text only ever accumulate) and upserts its answers. One entry per invitation.
   */
  async applyChanges(tx: Queryable, changes: ResponseChange[]): Promise<void> {
    if (changes.length === 0) return;
    const answers = changes.flatMap((c) => c.answers.map((a) => ({ inv: c.invitation.id, a })));
    const numeric = (a: AnswerToSave) => isScaleType(a.questionType) && typeof a.value === 'number';
    const col = <T>(f: (c: ResponseChange) => T) => changes.map(f);
    await tx.query(
      `WITH r AS (
         INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed, completed_at, late, unparsed_text)
         SELECT w, i, cp, v, ct, ch, done, CASE WHEN done THEN now() END, late, raw
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::boolean[], $8::boolean[], $9::text[]) AS u(w, i, cp, v, ct, ch, done, late, raw)
         ON CONFLICT (invitation_id) DO UPDATE SET
           completed = responses.completed OR EXCLUDED.completed,
           completed_at = COALESCE(responses.completed_at, EXCLUDED.completed_at),
           late = responses.late OR EXCLUDED.late,
           unparsed_text = CASE WHEN EXCLUDED.unparsed_text IS NULL THEN responses.unparsed_text
                                ELSE concat_ws(E'\n', responses.unparsed_text, EXCLUDED.unparsed_text) END,
           updated_at = now()
         RETURNING id, invitation_id)
       INSERT INTO answers (response_id, question_id, question_type, value_num, value_text)
       SELECT r.id, q, t, n, x FROM unnest($10::uuid[], $11::text[], $12::text[], $13::int[], $14::text[]) AS a(inv, q, t, n, x)
       JOIN r ON r.invitation_id = a.inv
       ON CONFLICT (response_id, question_id) DO UPDATE SET value_num = EXCLUDED.value_num, value_text = EXCLUDED.value_text, answered_at = now()`,
      [
        col((c) => c.invitation.workspaceId),
        col((c) => c.invitation.id),
        col((c) => c.invitation.campaignId),
        col((c) => c.invitation.surveyVersionId),
        col((c) => c.invitation.contactId),
        col((c) => c.invitation.channel),
        col((c) => c.complete),
        col((c) => c.late),
        col((c) => c.unparsedText ?? null),
        answers.map((x) => x.inv),
        answers.map((x) => x.a.questionId),
        answers.map((x) => x.a.questionType),
        answers.map((x) => (numeric(x.a) ? x.a.value : null)),
        answers.map((x) => (numeric(x.a) ? (x.a.comment ?? null) : String(x.a.value))),
      ],
      'responses-apply-changes',
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
    await tx.query(
      `INSERT INTO answers (response_id, question_id, question_type, recording_url, recording_seconds)
       SELECT r.id, u.q, 'text', u.url, u.secs FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS u(inv, q, url, secs)
       JOIN responses r ON r.invitation_id = u.inv
       ON CONFLICT (response_id, question_id) DO UPDATE SET recording_url = EXCLUDED.recording_url,
         recording_seconds = EXCLUDED.recording_seconds, answered_at = now()`,
      [
        recordings.map((r) => r.invitationId),
        recordings.map((r) => r.questionId),
        recordings.map((r) => r.url),
        recordings.map((r) => r.seconds),
      ],
    );
  }

  /** Twilio's transcription of a recorded answer becomes the answer's text. Returns false when there is no such recorded answer. */
  async attachTranscription(invitationId: string, questionId: string, text: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE answers a SET transcription = $3, value_text = $3 FROM responses r
       WHERE r.invitation_id = $1 AND a.response_id = r.id AND a.question_id = $2 AND a.recording_url IS NOT NULL RETURNING a.question_id`,
      [invitationId, questionId, text],
    );
    return rows.length > 0;
  }

  private async ensureResponse(tx: Queryable, inv: InvitationForReply): Promise<string> {
    const [row] = await tx.query(
      `INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (invitation_id) DO UPDATE SET updated_at = now() RETURNING id`,
      [inv.workspaceId, inv.id, inv.campaignId, inv.surveyVersionId, inv.contactId, inv.channel],
    );
    return row.id;
  }
}
