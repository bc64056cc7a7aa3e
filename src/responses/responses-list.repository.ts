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
  team: string | null;
  answers: ResponseAnswerJson[];
  tags: string[];
}

/** NPS bands: detractors 0–6, passives 7–8, promoters 9–10. */
export type NpsBand = 'detractor' | 'passive' | 'promoter';
const BAND_SCORES: Record<NpsBand, number[]> = {
  detractor: [0, 1, 2, 3, 4, 5, 6],
  passive: [7, 8],
  promoter: [9, 10],
};

/** Which responses a list page shows; null or absent leaves a filter out. */
export interface ResponseListFilter {
  workspaceId: string;
  campaignId: string | null;
  from: Date | null;
  to: Date | null;
  channel?: string;
  /** The event's `team` property, exactly as written (as agents' views narrow). */
  team?: string;
  /** Responses with an NPS answer in any of these bands. */
  bands?: NpsBand[];
  /** Words found in an open answer, a comment or an unreadable reply (case-insensitive substring). */
  text?: string;
  tag?: string;
  /** Continue below this (created_at, id) keyset position. */
  after: KeysetPosition | null;
  /** Rows to fetch (one more than a page shows). */
  limit: number;
  /** Only responses whose event had this `team` property (an agent's view); null team: none at all. */
  onlyTeam?: { team: string | null };
}

/** Open answers: free text, and the words given with a score (not yes/no or choice ids). */
const OPEN_TEXT = `a.value_text IS NOT NULL AND (a.question_type = 'text' OR a.value_num IS NOT NULL)`;

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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
    if (q.channel) add((p) => `r.channel = ${p}::text`, q.channel);
    if (q.team !== undefined) add((p) => `r.dims->>'properties.team' = ${p}::text`, q.team);
    if (q.onlyTeam) add((p) => `r.dims->>'properties.team' = ${p}::text`, q.onlyTeam.team);
    if (q.bands?.length)
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND a.question_type = 'nps' AND a.value_num = ANY(${p}::int[]))`,
        q.bands.flatMap((b) => BAND_SCORES[b]),
      );
    if (q.text)
      add(
        (p) =>
          `(r.unparsed_text ILIKE ${p} OR EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id AND ${OPEN_TEXT} AND a.value_text ILIKE ${p}))`,
        `%${likeLiteral(q.text)}%`,
      );
    if (q.tag)
      add((p) => `EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.tag = ${p}::text)`, q.tag);
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
