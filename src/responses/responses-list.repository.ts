import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Sql } from '../database/sql';
import { RESPONSE_ANSWERS_JSON, ResponseAnswerJson } from './response-answers.sql-builder';

/** One response of a list page, with its contact's external id and its answers as the API shows them. */
export interface ResponseListRow {
  id: string;
  invitation_id: string;
  campaign_id: string;
  channel: string;
  completed: boolean;
  late: boolean;
  unparsed_text: string | null;
  created_at: Date;
  completed_at: Date | null;
  /** created_at to the microsecond, as Postgres prints it: the keyset cursor. */
  position: string;
  external_id: string;
  answers: ResponseAnswerJson[];
}

/** Which responses a list page shows; null leaves a filter out. */
export interface ResponseListFilter {
  workspaceId: string;
  campaignId: string | null;
  from: Date | null;
  to: Date | null;
  /** Continue below this (created_at, id) keyset position. */
  after: KeysetPosition | null;
  /** Rows to fetch (one more than a page shows). */
  limit: number;
  /** Only responses whose event had this `team` property (an agent's view); null team: none at all. */
  onlyTeam?: { team: string | null };
}

/** The responses list (GET /v1/responses): responses with their answers and contacts (read-only). Rows stay snake_case. */
@Injectable()
export class ResponsesListRepository {
  constructor(private readonly db: Sql) {}

  /** One page, newest first. */
  async page(q: ResponseListFilter): Promise<ResponseListRow[]> {
    return this.db.query<ResponseListRow>(
      `SELECT r.id, r.invitation_id, r.campaign_id, r.channel, r.completed, r.late, r.unparsed_text, r.created_at, r.completed_at, r.created_at::text AS position, c.external_id,
              ${RESPONSE_ANSWERS_JSON} AS answers
       FROM responses r JOIN contacts c ON c.id = r.contact_id
       WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2)
         AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)
         AND ($5::timestamptz IS NULL OR (r.created_at, r.id) < ($5, $6::uuid))
         AND (NOT $8::boolean OR r.dims->>'properties.team' = $9::text)
       ORDER BY r.created_at DESC, r.id DESC LIMIT $7`,
      [
        q.workspaceId,
        q.campaignId,
        q.from,
        q.to,
        q.after?.at ?? null,
        q.after?.id ?? null,
        q.limit,
        q.onlyTeam !== undefined,
        q.onlyTeam?.team ?? null,
      ],
    );
  }
}
