import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import { CampaignRow } from './campaigns.repository';

/** An active relationship campaign whose run is due. */
export type DueRunRow = Pick<
  CampaignRow,
  'id' | 'workspace_id' | 'event_type' | 'audience' | 'spread_ms' | 'next_run_at'
> & {
  schedule: NonNullable<CampaignRow['schedule']>;
  next_run_at: Date;
};

/** The schedule of relationship campaigns (campaigns.next_run_at): planning, due runs and claiming a run. */
@Injectable()
export class CampaignRunsRepository {
  constructor(private readonly db: Sql) {}

  /** Active scheduled campaigns that have no next run yet (new, or re-scheduled). */
  unplanned(): Promise<Array<Pick<DueRunRow, 'id' | 'schedule'>>> {
    return this.db.query<Pick<DueRunRow, 'id' | 'schedule'>>(
      `SELECT id, schedule FROM campaigns WHERE schedule IS NOT NULL AND status = 'active' AND next_run_at IS NULL`,
    );
  }

  /** Sets the first run unless another process planned one meanwhile. */
  async planFirstRun(campaignId: string, at: Date): Promise<void> {
    await this.db.query<never>(`UPDATE campaigns SET next_run_at = $2 WHERE id = $1 AND next_run_at IS NULL`, [
      campaignId,
      at,
    ]);
  }

  due(now: Date): Promise<DueRunRow[]> {
    return this.db.query<DueRunRow>(
      `SELECT id, workspace_id, event_type, schedule, audience, spread_ms, next_run_at FROM campaigns
       WHERE schedule IS NOT NULL AND status = 'active' AND next_run_at <= $1`,
      [now],
    );
  }

  /** Moves the next run from `runAt` to `next`; false when another worker claimed the run first. */
  async claim(campaignId: string, runAt: Date, next: Date): Promise<boolean> {
    const rows = await this.db.query<Pick<CampaignRow, 'id'>>(
      `UPDATE campaigns SET next_run_at = $2 WHERE id = $1 AND next_run_at = $3 RETURNING id`,
      [campaignId, next, runAt],
    );
    return rows.length > 0;
  }
}
