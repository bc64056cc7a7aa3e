import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';

/** The response behind a thank-you page (read-only from responses), with the contact's promoter-link history. */
export interface OfferContextRow {
  response_id: string;
  workspace_id: string;
  /** The contact's latest link in this campaign for another response. */
  last_at: Date | null;
  /** The token already issued for this response. */
  existing: string | null;
}

/** A link to store for a response. */
export interface NewPromoterLink {
  token: string;
  workspaceId: string;
  campaignId: string;
  responseId: string;
  contactId: string;
  kind: 'review' | 'referral';
  targetUrl: string;
  createdAt: Date;
}

/** Links shown and clicked for one campaign and kind. */
export interface PromoterLinkStatsRow {
  campaign_id: string;
  kind: 'review' | 'referral';
  shown: number;
  clicked: number;
  clicks: number;
}

/** promoter_links, one tracked link per response at most. Rows stay snake_case. */
@Injectable()
export class PromoterLinksRepository {
  constructor(private readonly db: Sql) {}

  /** Absent when the invitation has no response yet. */
  async offerContext(
    invitationId: string,
    contactId: string,
    campaignId: string,
  ): Promise<OfferContextRow | undefined> {
    const [row] = await this.db.query<OfferContextRow>(
      `SELECT r.id AS response_id, r.workspace_id, (SELECT max(created_at) FROM promoter_links p WHERE p.contact_id = $2 AND p.campaign_id = $3 AND p.response_id <> r.id) AS last_at,
              (SELECT token FROM promoter_links p WHERE p.response_id = r.id) AS existing
       FROM responses r WHERE r.invitation_id = $1`,
      [invitationId, contactId, campaignId],
    );
    return row;
  }

  /** Stores the link unless the response already has one; returns the token that stands (the new one or the earlier). */
  async insertOrExisting(link: NewPromoterLink): Promise<string> {
    const [stored] = await this.db.query<{ token: string }>(
      `WITH ins AS (
         INSERT INTO promoter_links (token, workspace_id, campaign_id, response_id, contact_id, kind, target_url, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (response_id) DO NOTHING RETURNING token)
       SELECT token FROM ins UNION ALL SELECT token FROM promoter_links WHERE response_id = $4 LIMIT 1`,
      [
        link.token,
        link.workspaceId,
        link.campaignId,
        link.responseId,
        link.contactId,
        link.kind,
        link.targetUrl,
        link.createdAt,
      ],
    );
    return stored.token;
  }

  /** Counts a click; returns where the link goes, or undefined for an unknown token. */
  async click(token: string, at: Date): Promise<string | undefined> {
    const [row] = await this.db.query<{ target_url: string }>(
      `UPDATE promoter_links SET clicks = clicks + 1, first_clicked_at = COALESCE(first_clicked_at, $2) WHERE token = $1 RETURNING target_url`,
      [token, at],
    );
    return row?.target_url;
  }

  /** Links created in the period (either end open), per campaign and kind. */
  async stats(
    workspaceId: string,
    q: { campaignId: string | null; from: Date | null; to: Date | null },
  ): Promise<PromoterLinkStatsRow[]> {
    return this.db.query<PromoterLinkStatsRow>(
      `SELECT campaign_id, kind, count(*)::int AS shown, count(*) FILTER (WHERE clicks > 0)::int AS clicked, COALESCE(sum(clicks), 0)::int AS clicks
       FROM promoter_links WHERE workspace_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2)
         AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)
       GROUP BY campaign_id, kind ORDER BY campaign_id, kind`,
      [workspaceId, q.campaignId, q.from, q.to],
    );
  }
}
