import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

/** Tags analysts put on responses (response_tags). Rows stay snake_case. */
@Injectable()
export class ResponseTagsRepository {
  constructor(private readonly db: Sql) {}

  /**
   * Makes the response's tags exactly `tags` in one statement, naming who added the new ones; null
   * when the workspace has no such response. Answers what changed, for the audit log.
   */
  async replace(
    workspaceId: string,
    responseId: string,
    tags: string[],
    by: string,
  ): Promise<{ added: string[]; removed: string[] } | null> {
    const [row] = await this.db.query<{ found: boolean; added: string[]; removed: string[] }>(
      `WITH target AS (SELECT id FROM responses WHERE workspace_id = $1 AND id = $2),
       removed AS (
         DELETE FROM response_tags t USING target WHERE t.response_id = target.id AND t.tag <> ALL($3::text[]) RETURNING t.tag),
       added AS (
         INSERT INTO response_tags (response_id, tag, workspace_id, tagged_by)
         SELECT target.id, w.tag, $1, $4 FROM target, unnest($3::text[]) AS w(tag)
         ON CONFLICT (response_id, tag) DO NOTHING RETURNING tag)
       SELECT EXISTS (SELECT 1 FROM target) AS found,
              ARRAY(SELECT tag FROM added ORDER BY tag) AS added, ARRAY(SELECT tag FROM removed ORDER BY tag) AS removed`,
      [workspaceId, responseId, tags, by],
    );
    return row.found ? { added: row.added, removed: row.removed } : null;
  }

  /** The workspace's tags, most used first, for a filter's choices. */
  async counts(workspaceId: string, limit: number): Promise<Array<{ tag: string; responses: number }>> {
    return this.db.query<{ tag: string; responses: number }>(
      `SELECT tag, count(*)::int AS responses FROM response_tags WHERE workspace_id = $1
       GROUP BY tag ORDER BY count(*) DESC, tag LIMIT $2`,
      [workspaceId, limit],
    );
  }
}
