import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import { AnswerColumns } from './answer-columns';

/** One answer of a response (or none: the response row alone, from the LEFT JOIN). */
export interface ResponseAnswerRow {
  id: string;
  completed: boolean;
  completed_at: Date | null;
  created_at: Date;
  question_id: string | null;
  value_num: number | null;
  value_text: string | null;
}

/** What a response row is created with: the invitation it answers and where that came from. */
export interface ResponseKey {
  invitationId: string;
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  contactId: string;
  channel: string;
}

/** One invitation's response change for `applyChanges`, its answers as stored. */
export interface ResponseChangeColumns extends ResponseKey {
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  answers: AnswerColumns[];
}

/** A phone recording to save as an open answer of the invitation's response. */
export interface RecordingColumns {
  invitationId: string;
  questionId: string;
  url: string;
  seconds: number;
}

/** Responses and their answers (responses, answers): one response per invitation. Rows stay snake_case. */
@Injectable()
export class ResponsesRepository {
  constructor(private readonly db: Sql) {}

  /** The invitation's response, one row per answer (one row with null answer columns when it has none). */
  async withAnswers(invitationId: string): Promise<ResponseAnswerRow[]> {
    return this.db.query<ResponseAnswerRow>(
      `SELECT r.id, r.completed, r.completed_at, r.created_at, a.question_id, a.value_num, a.value_text
       FROM responses r LEFT JOIN answers a ON a.response_id = r.id WHERE r.invitation_id = $1`,
      [invitationId],
    );
  }

  /** The invitation's response id, created when it has none (touching updated_at when it has). */
  async ensure(key: ResponseKey, tx: Queryable = this.db): Promise<string> {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (invitation_id) DO UPDATE SET updated_at = now() RETURNING id`,
      [key.workspaceId, key.invitationId, key.campaignId, key.surveyVersionId, key.contactId, key.channel],
    );
    return row.id;
  }

  /** Inserts or replaces the response's answers to these questions. */
  async upsertAnswers(responseId: string, answers: AnswerColumns[], tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `INSERT INTO answers (response_id, question_id, question_type, value_num, value_text)
           SELECT $1, q, t, n, x FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS u(q, t, n, x)
           ON CONFLICT (response_id, question_id) DO UPDATE SET value_num = EXCLUDED.value_num, value_text = EXCLUDED.value_text, answered_at = now()`,
      [
        responseId,
        answers.map((a) => a.questionId),
        answers.map((a) => a.questionType),
        answers.map((a) => a.valueNum),
        answers.map((a) => a.valueText),
      ],
    );
  }

  /** Drops the response's answers to these questions. */
  async deleteAnswers(responseId: string, questionIds: string[], tx: Queryable = this.db): Promise<void> {
    await tx.query(`DELETE FROM answers WHERE response_id = $1 AND question_id = ANY($2)`, [responseId, questionIds]);
  }

  /** Touches the response and, when `complete`, marks it completed (completion only ever accumulates). */
  async markProgress(responseId: string, complete: boolean, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `UPDATE responses SET updated_at = now(), completed = completed OR $2,
           completed_at = CASE WHEN $2 AND completed_at IS NULL THEN now() ELSE completed_at END
         WHERE id = $1`,
      [responseId, complete],
    );
  }

  /**
   * Creates or updates each invitation's response (completion, lateness and unreadable text only
   * ever accumulate) and upserts its answers, all in one statement.
   */
  async applyChanges(changes: ResponseChangeColumns[], tx: Queryable = this.db): Promise<void> {
    const answers = changes.flatMap((c) => c.answers.map((a) => ({ inv: c.invitationId, a })));
    const col = <T>(f: (c: ResponseChangeColumns) => T) => changes.map(f);
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
        col((c) => c.workspaceId),
        col((c) => c.invitationId),
        col((c) => c.campaignId),
        col((c) => c.surveyVersionId),
        col((c) => c.contactId),
        col((c) => c.channel),
        col((c) => c.completed),
        col((c) => c.late),
        col((c) => c.unparsedText),
        answers.map((x) => x.inv),
        answers.map((x) => x.a.questionId),
        answers.map((x) => x.a.questionType),
        answers.map((x) => x.a.valueNum),
        answers.map((x) => x.a.valueText),
      ],
      'responses-apply-changes',
    );
  }

  /** Saves phone recordings as open answers; the invitations' responses must exist. */
  async attachRecordings(recordings: RecordingColumns[], tx: Queryable = this.db): Promise<void> {
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

  /** Sets a recorded answer's transcription as its text; false when the invitation has no such recorded answer. */
  async attachTranscription(invitationId: string, questionId: string, text: string): Promise<boolean> {
    const rows = await this.db.query<{ question_id: string }>(
      `UPDATE answers a SET transcription = $3, value_text = $3 FROM responses r
       WHERE r.invitation_id = $1 AND a.response_id = r.id AND a.question_id = $2 AND a.recording_url IS NOT NULL RETURNING a.question_id`,
      [invitationId, questionId, text],
    );
    return rows.length > 0;
  }
}
