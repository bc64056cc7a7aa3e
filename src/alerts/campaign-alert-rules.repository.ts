import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { AlertRules } from './alert-rules';
import type { PromoterInvite } from './promoter-invite';

/** A campaign's stored rules and promoter invitation, as JSON the service validates. */
export interface CampaignAlertRulesRow {
  campaign_id: string;
  rules: unknown;
  promoter_invite: unknown;
}

/** campaign_alert_rules, one row per campaign that changed the defaults. Rows stay snake_case. */
@Injectable()
export class CampaignAlertRulesRepository {
  constructor(private readonly db: Sql) {}

  async forCampaigns(campaignIds: string[], tx: Queryable = this.db): Promise<CampaignAlertRulesRow[]> {
    return tx.query<CampaignAlertRulesRow>(
      `SELECT campaign_id, rules, promoter_invite FROM campaign_alert_rules WHERE campaign_id = ANY($1::uuid[])`,
      [campaignIds],
    );
  }

  /** Saves the rules, keeping a stored promoter invitation. */
  async saveRules(campaignId: string, workspaceId: string, rules: AlertRules): Promise<void> {
    await this.db.query<never>(
      `INSERT INTO campaign_alert_rules (campaign_id, workspace_id, rules) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()`,
      [campaignId, workspaceId, JSON.stringify(rules)],
    );
  }

  /** Saves the promoter invitation (null: none), keeping stored rules; a new row gets `defaultRules`. */
  async savePromoterInvite(
    campaignId: string,
    workspaceId: string,
    defaultRules: AlertRules,
    invite: PromoterInvite | null,
  ): Promise<void> {
    await this.db.query<never>(
      `INSERT INTO campaign_alert_rules (campaign_id, workspace_id, rules, promoter_invite) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id) DO UPDATE SET promoter_invite = EXCLUDED.promoter_invite, updated_at = now()`,
      [campaignId, workspaceId, JSON.stringify(defaultRules), invite ? JSON.stringify(invite) : null],
    );
  }
}
