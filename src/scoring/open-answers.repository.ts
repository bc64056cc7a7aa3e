import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Sql } from '../database/sql';

/** One response's open answers joined into one text, with its NPS score when it gave one. */
export interface OpenAnswerRow {
  id: string;
  created_at: Date;
  language: string | null;
  nps: number | null;
  text: string;
  /** created_at to the microsecond: the search's keyset position. */
  position: string;
}

/** Which responses' open answers to read; null leaves a filter out. */
export interface OpenAnswersFilter {
  workspaceId: string;
  campaignId: string | null;
  from: Date | null;
  to: Date | null;
  /** Response languages as stored (a language may be stored under more than one code). */
  languages: string[] | null;
  /** Continue below this (created_at, id) position (a search's next page). */
  after?: KeysetPosition;
}

/**
 * What customers wrote, for text insights: a read model over responses and answers (owned by the
 * responses module, a lower layer), read-only. Rows stay snake_case.
 */
@Injectable()
export class OpenAnswersRepository {
  constructor(private readonly db: Sql) {}

  /** The newest scored responses (not late) with open answers, at most `cap`, newest first. */
  async newest(f: OpenAnswersFilter, cap: number): Promise<OpenAnswerRow[]> {
    return this.db.query<OpenAnswerRow>(
      `SELECT r.id, r.created_at, r.created_at::text AS position, r.language,
              max(a.value_num) FILTER (WHERE a.question_type = 'nps') AS nps,
              string_agg(a.value_text, E'\\n' ORDER BY a.question_id)
                FILTER (WHERE a.value_text IS NOT NULL AND (a.question_type = 'text' OR (a.question_type IN ('nps', 'csat', 'ces') AND a.value_num IS NOT NULL))) AS text
       FROM responses r JOIN answers a ON a.response_id = r.id
       WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2) AND NOT r.late
         AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)
         AND ($5::text[] IS NULL OR r.language = ANY($5::text[]))
         AND ($7::timestamptz IS NULL OR (r.created_at, r.id) < ($7, $8::uuid))
       GROUP BY r.id
       HAVING bool_or(a.value_text IS NOT NULL AND (a.question_type = 'text' OR (a.question_type IN ('nps', 'csat', 'ces') AND a.value_num IS NOT NULL)))
       ORDER BY r.created_at DESC, r.id DESC LIMIT $6`,
      [f.workspaceId, f.campaignId, f.from, f.to, f.languages, cap, f.after?.at ?? null, f.after?.id ?? null],
    );
  }
}
