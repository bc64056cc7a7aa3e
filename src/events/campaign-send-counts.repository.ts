import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** A cap window's slot counter: per campaign, `hour` or `day` window, from its start. */
export type SlotKind = 'hour' | 'day';

/** Per day, how many invitations a cap deferred or dropped. */
export type OverflowKind = 'deferred' | 'dropped';

/** campaign_send_counts: the slots a campaign's caps handed out per window, and the overflow per day. */
@Injectable()
export class CampaignSendCountsRepository {
  constructor(private readonly db: Sql) {}

  /** Takes a slot unless the window already has `cap`; whether it was taken. */
  async takeSlot(
    campaignId: string,
    kind: SlotKind,
    windowStart: Date,
    cap: number,
    tx: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await tx.query<{ n: number }>(
      `INSERT INTO campaign_send_counts (campaign_id, kind, window_start, n) VALUES ($1, $2, $3, 1)
       ON CONFLICT (campaign_id, kind, window_start) DO UPDATE SET n = campaign_send_counts.n + 1 WHERE campaign_send_counts.n < $4
       RETURNING n`,
      [campaignId, kind, windowStart, cap],
    );
    return rows.length > 0;
  }

  /** Gives back an hour slot taken for a send the day cap then refused. */
  async releaseHourSlot(campaignId: string, hourStart: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `UPDATE campaign_send_counts SET n = n - 1 WHERE campaign_id = $1 AND kind = 'hour' AND window_start = $2`,
      [campaignId, hourStart],
    );
  }

  async countOverflow(campaignId: string, kind: OverflowKind, dayStart: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `INSERT INTO campaign_send_counts (campaign_id, kind, window_start, n) VALUES ($1, $2, $3, 1)
       ON CONFLICT (campaign_id, kind, window_start) DO UPDATE SET n = campaign_send_counts.n + 1`,
      [campaignId, kind, dayStart],
    );
  }
}
