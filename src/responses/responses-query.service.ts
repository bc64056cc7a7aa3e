import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

export interface ResponseListItem {
  id: string;
  invitationId: string;
  campaignId: string;
  contact: { externalId: string };
  channel: string;
  completed: boolean;
  late: boolean;
  unparsedText: string | null;
  createdAt: string;
  completedAt: string | null;
  answers: Array<{
    questionId: string;
    value: number | string | null;
    comment: string | null;
    recording: { url: string; seconds: number } | null;
  }>;
  /** Exact (microsecond) sort key for the next page's cursor; not part of the API body. */
  position?: string;
}

/**
 * A response's answers as the API shows them (value; the words given with a score; a phone
 * recording), as one JSON array: a select-list expression over `r`, a responses row.
 */
export const RESPONSE_ANSWERS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('questionId', a.question_id, 'value', COALESCE(to_jsonb(a.value_num), to_jsonb(a.value_text)),
                                    'comment', CASE WHEN a.value_num IS NOT NULL THEN a.value_text END,
                                    'recording', CASE WHEN a.recording_url IS NOT NULL THEN json_build_object('url', a.recording_url, 'seconds', a.recording_seconds) END)
                  ORDER BY a.answered_at, a.question_id)
  FROM answers a WHERE a.response_id = r.id), '[]')`;

@Injectable()
export class ResponsesQueryService {
  constructor(private readonly db: Sql) {}

  /** Newest first; `after` continues below a (createdAt, id) keyset position. */
  async list(q: {
    workspaceId: string;
    campaignId?: string;
    from?: Date;
    to?: Date;
    after?: { position: string; id: string };
    limit: number;
  }): Promise<ResponseListItem[]> {
    const rows = await this.db.query(
      `SELECT r.id, r.invitation_id, r.campaign_id, r.channel, r.completed, r.late, r.unparsed_text, r.created_at, r.completed_at, r.created_at::text AS position, c.external_id,
              ${RESPONSE_ANSWERS_JSON} AS answers
       FROM responses r JOIN contacts c ON c.id = r.contact_id
       WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2)
         AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)
         AND ($5::timestamptz IS NULL OR (r.created_at, r.id) < ($5, $6::uuid))
       ORDER BY r.created_at DESC, r.id DESC LIMIT $7`,
      [
        q.workspaceId,
        q.campaignId ?? null,
        q.from ?? null,
        q.to ?? null,
        q.after?.position ?? null,
        q.after?.id ?? null,
        q.limit,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      invitationId: r.invitation_id,
      campaignId: r.campaign_id,
      contact: { externalId: r.external_id },
      channel: r.channel,
      completed: r.completed,
      late: r.late,
      unparsedText: r.unparsed_text,
      createdAt: new Date(r.created_at).toISOString(),
      completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
      answers: r.answers,
      position: r.position,
    }));
  }
}
