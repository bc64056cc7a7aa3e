import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** A workspace's score settings (score_settings), as stored. */
export interface ScoreSettingsRow {
  day_zone: string;
}

/** Per-workspace score settings: the reporting zone day rollups are cut in. Rows stay snake_case. */
@Injectable()
export class ScoreSettingsRepository {
  constructor(private readonly db: Sql) {}

  /** The workspace's reporting zone, or null when it never set one. */
  async dayZone(workspaceId: string): Promise<string | null> {
    const [row] = await this.db.query<ScoreSettingsRow>(
      `SELECT day_zone FROM score_settings WHERE workspace_id = $1`,
      [workspaceId],
      'score-day-zone',
    );
    return row?.day_zone ?? null;
  }

  /** Sets the reporting zone; inside the caller's transaction, which rebuilds the rollups in it. */
  async saveDayZone(workspaceId: string, zone: string, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `INSERT INTO score_settings (workspace_id, day_zone) VALUES ($1, $2) ON CONFLICT (workspace_id) DO UPDATE SET day_zone = EXCLUDED.day_zone, updated_at = now()`,
      [workspaceId, zone],
    );
  }
}
