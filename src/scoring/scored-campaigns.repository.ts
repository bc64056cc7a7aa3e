import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

/** A campaign as scoring reads it: what its survey and trigger event are. */
export interface ScoredCampaignRow {
  id: string;
  survey_id: string;
  event_type: string;
}

/**
 * Read-only lookups on campaigns (owned by the campaigns module, a lower layer): scoring needs to
 * know a campaign exists and which survey and event it scores, never the campaign admin code.
 * Rows stay snake_case.
 */
@Injectable()
export class ScoredCampaignsRepository {
  constructor(private readonly db: Sql) {}

  /** Whether the campaign is the workspace's. */
  async exists(workspaceId: string, campaignId: string): Promise<boolean> {
    const rows = await this.db.query<{ found: boolean }>(
      `SELECT true AS found FROM campaigns WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, campaignId],
    );
    return rows.length > 0;
  }

  /** Every campaign of the workspace with its survey and trigger event. */
  async surveysAndEvents(workspaceId: string): Promise<ScoredCampaignRow[]> {
    return this.db.query<ScoredCampaignRow>(`SELECT id, survey_id, event_type FROM campaigns WHERE workspace_id = $1`, [
      workspaceId,
    ]);
  }
}
