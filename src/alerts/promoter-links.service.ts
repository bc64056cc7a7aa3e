import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CampaignsService } from '../campaigns/campaigns.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config/config';
import type { CompletedResponse, PromoterOffer, ThankYouOffers } from '../responses/thank-you-offer';
import { evaluateAlertRules } from './alert-rules';
import { AlertSettingsService } from './alert-settings.service';
import { clickRate, decidePromoterInvite, trackedLinkUrl } from './promoter-invite';
import { PromoterLinksRepository } from './promoter-links.repository';

/**
 * Promoter invitations: after a completed response, promoters (9–10, no alert raised, not asked
 * within the cooldown) get a tracked link to a review site or referral form. The link goes
 * through `/r/<token>`, which counts the click and redirects, so the click rate can be reported
 * beside NPS. One link per response (a reload shows the same one).
 */
@Injectable()
export class PromoterLinksService implements ThankYouOffers {
  constructor(
    private readonly links: PromoterLinksRepository,
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
  ) {}

  async offer(r: CompletedResponse): Promise<PromoterOffer | null> {
    const config = (await this.settings.forCampaigns([r.campaignId])).get(r.campaignId)!;
    const invite = config.promoterInvite;
    if (!invite?.enabled) return null;
    const row = await this.links.offerContext(r.invitationId, r.contactId, r.campaignId);
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
    const stored = await this.links.insertOrExisting({
      token,
      workspaceId: row.workspace_id,
      campaignId: r.campaignId,
      responseId: row.response_id,
      contactId: r.contactId,
      kind: invite.kind,
      targetUrl: invite.url,
      createdAt: now,
    });
    return { kind: invite.kind, url: trackedLinkUrl(this.config.publicBaseUrl, stored) };
  }

  /** Counts a click and returns where to send the visitor; null for an unknown token. */
  async click(token: string): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
    return (await this.links.click(token, this.clock.now())) ?? null;
  }

  /** Links shown and clicked per campaign and kind in a period: the referral (or review) rate beside NPS. */
  async stats(workspaceId: string, q: { campaignId?: string; from?: Date; to?: Date }) {
    if (q.campaignId) await this.campaigns.assertFilter(workspaceId, q.campaignId);
    const rows = await this.links.stats(workspaceId, {
      campaignId: q.campaignId ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
    });
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
