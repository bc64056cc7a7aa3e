import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import { QuestionType } from '../surveys/survey-definition';
import { ExportQuery } from './export-query';
import { ExportRow } from './response-export.mapper';
import { exportPageQuery, ExportPosition } from './responses-export.sql-builder';

/** What an export needs to know before it starts. */
export interface ExportPlanRow {
  /** The database's clock: the export leaves out later responses. */
  started_at: Date;
  /** The same instant to the microsecond, as Postgres prints it. */
  until: string;
  /** Null when the workspace has no such campaign (or none was asked for). */
  campaign_found: boolean | null;
  /** Every question of the surveys exported, in survey, version and question order. */
  questions: Array<{ id: string; type: QuestionType }>;
}

/** One exported response, with its position for the next page's keyset. */
export type ExportPageRow = ExportRow & ExportPosition;

/**
 * The response export: a read model over responses and answers with what they came from
 * (campaigns, surveys, survey_versions, invitations, contacts: lower layers, read-only). Rows stay
 * snake_case.
 */
@Injectable()
export class ResponsesExportRepository {
  constructor(private readonly db: Sql) {}

  /** The start instant, whether the campaign is the workspace's, and the exported surveys' questions: one cheap query. */
  async plan(workspaceId: string, campaignId: string | null): Promise<ExportPlanRow> {
    const [row] = await this.db.query<ExportPlanRow>(
      `SELECT now() AS started_at, now()::text AS until,
              (SELECT true FROM campaigns WHERE id = $2 AND workspace_id = $1) AS campaign_found,
              (SELECT COALESCE(json_agg(json_build_object('id', e.q->>'id', 'type', e.q->>'type') ORDER BY s.created_at, s.id, v.version, e.n), '[]')
                 FROM surveys s JOIN survey_versions v ON v.survey_id = s.id
                 CROSS JOIN LATERAL jsonb_array_elements(v.definition->'questions') WITH ORDINALITY AS e(q, n)
                WHERE s.workspace_id = $1 AND ($2::uuid IS NULL OR s.id = (SELECT survey_id FROM campaigns WHERE id = $2 AND workspace_id = $1))) AS questions`,
      [workspaceId, campaignId],
    );
    return row;
  }

  /** One page of the export in (created_at, id) order, after `after`, up to `until`. */
  page(query: ExportQuery, until: string, limit: number, after?: ExportPosition): Promise<ExportPageRow[]> {
    const { text, values } = exportPageQuery(query, until, limit, after);
    return this.db.transaction(async (tx) => {
      // Parallel workers take longer to start than a page of an index range takes to read (30 ms
      // without them, 50–80 ms with, measured on a million rows): keep pages serial.
      await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
      return tx.query<ExportPageRow>(text, values);
    });
  }
}
