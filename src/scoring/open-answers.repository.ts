import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Queryable, Sql } from '../database/sql';

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

/** NPS of scored responses as counts: each response once, by its NPS answer (the highest when it has several). */
export interface NpsCountsRow {
  n: number;
  promoters: number;
  detractors: number;
}

/** The open answers of one response as text insights read them (text null: none). */
export type ResponseTextRow = Pick<OpenAnswerRow, 'id' | 'language' | 'nps'> & { text: string | null };

const OPEN_ANSWER = `a.value_text IS NOT NULL AND (a.question_type = 'text' OR (a.question_type IN ('nps', 'csat', 'ces') AND a.value_num IS NOT NULL))`;

/**
 * What customers wrote, for text insights: a read model over responses and answers (owned by the
 * responses module, a lower layer), read-only. Rows stay snake_case.
 */
@Injectable()
export class OpenAnswersRepository {
  constructor(private readonly db: Sql) {}

  /** The newest scored responses (not late) with open answers, at most `cap`, newest first. */
  async newest(f: OpenAnswersFilter, cap: number, tx: Queryable = this.db): Promise<OpenAnswerRow[]> {
    return tx.query<OpenAnswerRow>(
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

  /**
   * The newest open answers (as `newest`) and, from the same snapshot, the NPS of every scored
   * response over the same stretch of time, with or without open answers: the population a
   * theme's impact is measured in. One snapshot, so an answer edited or erased in between cannot
   * make a theme's counts exceed the whole.
   */
  async newestWithPopulation(
    f: OpenAnswersFilter,
    cap: number,
  ): Promise<{ rows: OpenAnswerRow[]; population: NpsCountsRow }> {
    return this.db.transaction(async (tx) => {
      await tx.query<never>('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const rows = await this.newest(f, cap, tx);
      const oldest = rows.length === cap ? rows.at(-1) : undefined;
      const population = await this.npsCounts(f, oldest ? { at: oldest.position, id: oldest.id } : null, tx);
      return { rows, population };
    });
  }

  /**
   * NPS over every scored response (not late) in the filter's scope, with or without open answers,
   * from the keyset position `since` on (the oldest analysed response, when the analysis was capped).
   */
  private async npsCounts(f: OpenAnswersFilter, since: KeysetPosition | null, tx: Queryable): Promise<NpsCountsRow> {
    const [row] = await tx.query<NpsCountsRow>(
      `SELECT count(*)::int AS n, (count(*) FILTER (WHERE nps >= 9))::int AS promoters, (count(*) FILTER (WHERE nps <= 6))::int AS detractors
       FROM (SELECT max(a.value_num) AS nps
             FROM responses r JOIN answers a ON a.response_id = r.id AND a.question_type = 'nps' AND a.value_num IS NOT NULL
             WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2) AND NOT r.late
               AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)
               AND ($5::text[] IS NULL OR r.language = ANY($5::text[]))
               AND ($6::timestamptz IS NULL OR (r.created_at, r.id) >= ($6, $7::uuid))
             GROUP BY r.id) s`,
      [f.workspaceId, f.campaignId, f.from, f.to, f.languages, since?.at ?? null, since?.id ?? null],
    );
    return row;
  }

  /** One response's open answers joined as `newest` joins them; undefined when the workspace has no such response. */
  async ofResponse(workspaceId: string, responseId: string): Promise<ResponseTextRow | undefined> {
    const [row] = await this.db.query<ResponseTextRow>(
      `SELECT r.id, r.language, max(a.value_num) FILTER (WHERE a.question_type = 'nps') AS nps,
              string_agg(a.value_text, E'\\n' ORDER BY a.question_id) FILTER (WHERE ${OPEN_ANSWER}) AS text
       FROM responses r LEFT JOIN answers a ON a.response_id = r.id
       WHERE r.workspace_id = $1 AND r.id = $2 GROUP BY r.id`,
      [workspaceId, responseId],
    );
    return row;
  }
}
