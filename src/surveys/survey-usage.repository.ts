import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/**
 * Whether campaigns and invitations use a survey: the two reads that decide between editing a
 * version in place or making a new one, and whether a survey may be deleted. They read tables of
 * higher layers (campaigns, invitations), so they are kept apart from the surveys repository
 * until those modules offer the answer themselves.
 */
@Injectable()
export class SurveyUsageRepository {
  constructor(private readonly db: Sql) {}

  /** True once any invitation points at the version. */
  async versionUsed(versionId: string, tx: Queryable = this.db): Promise<boolean> {
    const [used] = await tx.query<{ '?column?': number }>(
      `SELECT 1 FROM invitations WHERE survey_version_id = $1 LIMIT 1`,
      [versionId],
    );
    return used !== undefined;
  }

  async campaignIdsUsing(surveyId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM campaigns WHERE survey_id = $1`, [surveyId]);
    return rows.map((r) => r.id);
  }
}
