import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Sql } from '../database/sql';
import { RESPONSE_ANSWERS_JSON, ResponseAnswerJson } from './response-answers.sql-builder';
import { ResponseFilter, responseFilterConditions } from './response-filters.sql-builder';

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
  team: string | null;
  answers: ResponseAnswerJson[];
  tags: string[];
}

/** Which responses a list page shows; null or absent leaves a filter out. */
export interface ResponseListFilter {
  workspaceId: string;
  campaignId: string | null;
  from: Date | null;
  to: Date | null;
  /** Channel, journey properties, NPS bands, words, tag: shared with the export, so both mean the same. */
  filter: ResponseFilter;
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
    const params: unknown[] = [q.workspaceId];
    const where = ['r.workspace_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.campaignId) add((p) => `r.campaign_id = ${p}::uuid`, q.campaignId);
    if (q.from) add((p) => `r.created_at >= ${p}::timestamptz`, q.from);
    if (q.to) add((p) => `r.created_at < ${p}::timestamptz`, q.to);
    if (q.onlyTeam) add((p) => `r.dims->>'properties.team' = ${p}::text`, q.onlyTeam.team);
    where.push(...responseFilterConditions(q.filter, (value) => `$${params.push(value)}`));
    if (q.after) {
      params.push(q.after.at, q.after.id);
      where.push(`(r.created_at, r.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit);
    return this.db.query<ResponseListRow>(
      `SELECT r.id, r.invitation_id, r.campaign_id, r.channel, r.completed, r.late, r.unparsed_text, r.created_at, r.completed_at,
              r.created_at::text AS position, c.external_id, r.dims->>'properties.team' AS team,
              ${RESPONSE_ANSWERS_JSON} AS answers,
              ARRAY(SELECT t.tag FROM response_tags t WHERE t.response_id = r.id ORDER BY t.tag) AS tags
       FROM responses r JOIN contacts c ON c.id = r.contact_id
       WHERE ${where.join(' AND ')}
       ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
