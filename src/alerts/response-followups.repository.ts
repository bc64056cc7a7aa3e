import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { QuestionType } from '../surveys/survey-definition';

/** A due row of the follow-up queue. */
export interface FollowUpClaimRow {
  response_id: string;
  /** `response.completed` already went out for it (a partial response completed later is due again). */
  completed_sent: boolean;
}

/** A due response with what alerts and webhooks need from its invitation, contact, survey version and event. */
export interface FollowUpResponseRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  invitation_id: string;
  channel: 'email' | 'sms' | 'voice';
  completed: boolean;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  late: boolean;
  language: string | null;
  event_type: string | null;
  /** Set by the responses snapshot trigger. */
  survey_id: string;
  survey_version: number;
  properties: Record<string, unknown>;
  contact_external_id: string;
  contact_locale: string | null;
  event_external_id: string | null;
}

/** One stored answer of a due response. */
export interface FollowUpAnswerRow {
  response_id: string;
  question_id: string;
  question_type: QuestionType;
  value_num: number | null;
  value_text: string | null;
}

/** Due responses, locked so a second worker skips them rather than waits. */
const CLAIM_DUE = `
  SELECT f.response_id, f.completed_sent FROM response_followups f
  WHERE f.done_at IS NULL AND f.due_at <= $1
  ORDER BY f.due_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

const LOAD_RESPONSES = `
  SELECT r.id, r.workspace_id, r.campaign_id, r.contact_id, r.invitation_id, r.channel, r.completed, r.completed_at, r.created_at,
         r.updated_at, r.late, r.language, r.event_type, r.survey_id, v.version AS survey_version,
         i.properties, c.external_id AS contact_external_id, c.locale AS contact_locale, e.external_id AS event_external_id
  FROM responses r
  JOIN invitations i ON i.id = r.invitation_id
  JOIN contacts c ON c.id = r.contact_id
  JOIN survey_versions v ON v.id = r.survey_version_id
  LEFT JOIN events e ON e.id = i.event_id
  WHERE r.id = ANY($1::uuid[])`;

const LOAD_ANSWERS = `
  SELECT response_id, question_id, question_type, value_num, value_text FROM answers
  WHERE response_id = ANY($1::uuid[]) ORDER BY response_id, answered_at, question_id`;

const MARK_DONE = `
  UPDATE response_followups f SET done_at = $2, completed_sent = f.completed_sent OR u.completed
  FROM unnest($1::uuid[], $3::boolean[]) AS u(id, completed) WHERE f.response_id = u.id`;

/**
 * response_followups, the queue the responses triggers fill, and the read-only view of the due
 * responses (responses, answers, invitations, contacts, survey_versions, events) the batch
 * evaluates. Every method runs in the batch's transaction. Rows stay snake_case.
 */
@Injectable()
export class ResponseFollowUpsRepository {
  constructor(private readonly db: Sql) {}

  /** Locks up to `limit` due rows until the transaction ends; rows another worker holds are skipped. */
  async claimDue(now: Date, limit: number, tx: Queryable = this.db): Promise<FollowUpClaimRow[]> {
    return tx.query<FollowUpClaimRow>(CLAIM_DUE, [now, limit], 'followup-claim');
  }

  /** The responses that still exist (an erased one is absent). */
  async responses(ids: string[], tx: Queryable = this.db): Promise<FollowUpResponseRow[]> {
    return tx.query<FollowUpResponseRow>(LOAD_RESPONSES, [ids], 'followup-responses');
  }

  /** Per response in answer order. */
  async answers(ids: string[], tx: Queryable = this.db): Promise<FollowUpAnswerRow[]> {
    return tx.query<FollowUpAnswerRow>(LOAD_ANSWERS, [ids], 'followup-answers');
  }

  /** Takes the loaded responses off the queue; `completed` records that `response.completed` was sent. */
  async markDone(
    done: ReadonlyArray<{ responseId: string; completed: boolean }>,
    at: Date,
    tx: Queryable = this.db,
  ): Promise<void> {
    await tx.query<never>(
      MARK_DONE,
      [done.map((d) => d.responseId), at, done.map((d) => d.completed)],
      'followup-done',
    );
  }

  /** Takes claimed rows whose response vanished (erased) off the queue; rare, so not a prepared statement. */
  async markGone(responseIds: string[], at: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(MARK_DONE, [responseIds, at, responseIds.map(() => false)]);
  }
}
