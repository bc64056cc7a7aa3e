import { Injectable } from '@nestjs/common';

import { Sql } from '../../database/sql';
import { RESPONSE_ANSWERS_JSON, ResponseAnswerJson } from '../../responses/response-answers.sql-builder';

/** The `response` event's data. The contact is named by the CRM's external id only: no names, emails or numbers. */
export interface LiveResponse {
  responseId: string;
  campaignId: string;
  invitationId: string;
  contact: { externalId: string };
  channel: string;
  completed: boolean;
  /** Arrived after the invitation expired: shown, never scored. */
  late: boolean;
  createdAt: string;
  completedAt: string | null;
  answers: Array<{
    questionId: string;
    value: number | string | null;
    comment: string | null;
    recording: { url: string; seconds: number } | null;
  }>;
}

/** A response with its contact's external id and its answers as the API shows them. */
export interface LiveResponseRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  invitation_id: string;
  channel: string;
  completed: boolean;
  late: boolean;
  created_at: Date;
  completed_at: Date | null;
  external_id: string;
  team: string | null;
  answers: ResponseAnswerJson[];
}

/**
 * Responses for the live feed: a read model over responses, answers and contacts (lower layers),
 * read-only. Maps rows to LiveResponse (camelCase).
 */
@Injectable()
export class LiveResponsesRepository {
  constructor(private readonly db: Sql) {}

  /**
   * Loads many responses in one statement (a tick's worth for every stream being watched), in the
   * shape the responses list uses. Rows of other workspaces cannot match: callers route each row by
   * its own campaign and workspace ids.
   */
  async byIds(responseIds: string[]): Promise<Array<LiveResponse & { workspaceId: string; team: string | null }>> {
    if (responseIds.length === 0) return [];
    const rows = await this.db.query<LiveResponseRow>(
      `SELECT r.id, r.workspace_id, r.campaign_id, r.invitation_id, r.channel, r.completed, r.late, r.created_at, r.completed_at, c.external_id,
            r.dims->>'properties.team' AS team, ${RESPONSE_ANSWERS_JSON} AS answers
     FROM responses r JOIN contacts c ON c.id = r.contact_id
     WHERE r.id = ANY($1::uuid[])
     ORDER BY r.created_at, r.id`,
      [responseIds],
      'live-responses-by-id',
    );
    return rows.map((r) => ({
      responseId: r.id,
      workspaceId: r.workspace_id,
      // The event's team property, for routing to team-scoped streams; not part of the campaign stream's event.
      team: r.team,
      campaignId: r.campaign_id,
      invitationId: r.invitation_id,
      contact: { externalId: r.external_id },
      channel: r.channel,
      completed: r.completed,
      late: r.late,
      createdAt: new Date(r.created_at).toISOString(),
      completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
      answers: r.answers,
    }));
  }
}
