import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import type { CompletedResponse, PromoterOffer, ThankYouOffers } from '../responses/thank-you-offer';
import { evaluateAlertRules } from './alert-rules';
import { AlertSettingsService } from './alert-settings.service';
import { clickRate, decidePromoterInvite, trackedLinkUrl } from './promoter-invite';

/**
 * Promoter invitations: after a completed response, promoters (9–10, no alert raised, not asked
 * within the cooldown) get a tracked link to a review site or referral form. The link goes
 * through `/r/<token>`, which counts the click and redirects, so the click rate can be reported
 * beside NPS. One link per response (a reload shows the same one).
 */
@Injectable()
export class PromoterLinksService implements ThankYouOffers {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async offer(r: CompletedResponse): Promise<PromoterOffer | null> {
    const config = (await this.settings.forCampaigns(this.db, [r.campaignId])).get(r.campaignId)!;
    const invite = config.promoterInvite;
    if (!invite?.enabled) return null;
    const [row] = await this.db.query(
      `SELECT r.id AS response_id, r.workspace_id, (SELECT max(created_at) FROM promoter_links p WHERE p.contact_id = $2 AND p.campaign_id = $3 AND p.response_id <> r.id) AS last_at,
              (SELECT token FROM promoter_links p WHERE p.response_id = r.id) AS existing
       FROM responses r WHERE r.invitation_id = $1`,
      [r.invitationId, r.contactId, r.campaignId],
    );
    if (!row) return null;
    if (row.existing) return { kind: invite.kind, url: trackedLinkUrl(this.config.publicBaseUrl, row.existing) };
    const now = this.clock.now();
    const alertRaised = evaluateAlertRules({ answers: r.answers, language: r.locale }, config.rules).matched;
    const decision = decidePromoterInvite(invite, {
      answers: r.answers,
      alertRaised,
      lastInvitedAt: row.last_at ? new Date(row.last_at) : null,
      at: now,
    });
    if (!decision.show) return null;
    const token = randomBytes(16).toString('base64url');
    const [stored] = await this.db.query(
      `WITH ins AS (
         INSERT INTO promoter_links (token, workspace_id, campaign_id, response_id, contact_id, kind, target_url, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (response_id) DO NOTHING RETURNING token)
       SELECT token FROM ins UNION ALL SELECT token FROM promoter_links WHERE response_id = $4 LIMIT 1`,
      [token, row.workspace_id, r.campaignId, row.response_id, r.contactId, invite.kind, invite.url, now],
    );
    return { kind: invite.kind, url: trackedLinkUrl(this.config.publicBaseUrl, stored.token) };
  }

  /** Counts a click and returns where to send the visitor; null for an unknown token. */
  async click(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
    const [row] = await this.db.query(
      `UPDATE promoter_links SET clicks = clicks + 1, first_clicked_at = COALESCE(first_clicked_at, $2) WHERE token = $1 RETURNING target_url`,
      [token, this.clock.now()],
    );
    return row?.target_url ?? null;
  }

  /** Links shown and clicked per campaign and kind in a period: the referral (or review) rate beside NPS. */
  async stats(workspaceId: string, q: { campaignId?: string; from?: Date; to?: Date }) {
    const rows = await this.db.query(
      `SELECT campaign_id, kind, count(*)::int AS shown, count(*) FILTER (WHERE clicks > 0)::int AS clicked, COALESCE(sum(clicks), 0)::int AS clicks
       FROM promoter_links WHERE workspace_id = $1 AND ($2::uuid IS NULL OR campaign_id = $2)
         AND ($3::timestamptz IS NULL OR created_at >= $3) AND ($4::timestamptz IS NULL OR created_at < $4)
       GROUP BY campaign_id, kind ORDER BY campaign_id, kind`,
      [workspaceId, q.campaignId ?? null, q.from ?? null, q.to ?? null],
    );
    return {
      from: q.from?.toISOString() ?? null,
      to: q.to?.toISOString() ?? null,
      groups: rows.map((r) => ({
        campaignId: r.campaign_id,
        kind: r.kind,
        shown: r.shown,
        clicked: r.clicked,
        clicks: r.clicks,
        clickRate: clickRate(r.shown, r.clicked),
      })),
    };
  }
}
