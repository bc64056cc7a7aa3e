import { Injectable } from '@nestjs/common';

import { Sql } from '../../database/sql';

/**
 * digest_runs: one row per workspace and week, the guard that makes the digest go out once
 * whatever number of workers check.
 */
@Injectable()
export class DigestRunsRepository {
  constructor(private readonly db: Sql) {}

  /**
   * Takes the (workspace, week) row; true for the one caller whose insert went in, or who took
   * over a claim older than `staleMinutes` that never finished sending.
   */
  async claim(workspaceId: string, weekStart: string, at: Date, staleMinutes: number): Promise<boolean> {
    const rows = await this.db.query<{ '?column?': number }>(
      `INSERT INTO digest_runs (workspace_id, week_start, started_at) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, week_start) DO UPDATE SET started_at = EXCLUDED.started_at
         WHERE digest_runs.sent_at IS NULL AND digest_runs.started_at < EXCLUDED.started_at - make_interval(mins => $4)
       RETURNING 1`,
      [workspaceId, weekStart, at, staleMinutes],
    );
    return rows.length > 0;
  }

  async markSent(workspaceId: string, weekStart: string, at: Date, recipients: number): Promise<void> {
    await this.db.query<never>(
      `UPDATE digest_runs SET sent_at = $3, recipients = $4 WHERE workspace_id = $1 AND week_start = $2`,
      [workspaceId, weekStart, at, recipients],
    );
  }

  /** Gives up an unsent claim so the next check tries again. */
  async release(workspaceId: string, weekStart: string): Promise<void> {
    await this.db.query<never>(
      `DELETE FROM digest_runs WHERE workspace_id = $1 AND week_start = $2 AND sent_at IS NULL`,
      [workspaceId, weekStart],
    );
  }
}
