import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { CampaignsService } from '../campaigns/campaigns.service';
import { invalidBody } from '../common/problem';
import { ianaTimeZone } from '../common/zod-fields';
import { Queryable } from '../database/sql';
import { SUPPORTED_UI_LOCALES, UiLocale } from '../i18n/locale';
import { SurveysService } from '../surveys/surveys.service';
import { alertRuleProblems, AlertRules, alertRulesSchema } from './alert-rules';
import { AlertSettingsRepository } from './alert-settings.repository';
import { CampaignAlertRulesRepository } from './campaign-alert-rules.repository';
import { PromoterInvite, promoterInviteSchema } from './promoter-invite';
import { DEFAULT_RESOLUTION_CODES } from './workflow';

/** The staff's language: the same four the survey pages speak. */
export type StaffLocale = UiLocale;

/** Workspace-wide follow-up settings: who gets the weekly digest, in which language and zone, and the resolution codes. */
export const alertSettingsSchema = z
  .object({
    resolutionCodes: z
      .array(z.string().regex(/^[a-z0-9_]{1,40}$/, 'A resolution code is 1–40 of a–z, 0–9 and _'))
      .min(1)
      .max(30)
      .optional(),
    /** Owners who opted in to the weekly digest. */
    digestRecipients: z.array(z.email('must be an email address')).max(50).optional(),
    /** Language of alert emails and the digest (the staff's, not the customer's). */
    locale: z.enum(SUPPORTED_UI_LOCALES).optional(),
    /** Zone the digest's week runs in (Monday 00:00 to Sunday 24:00) and is sent in (Monday 08:00). */
    timezone: ianaTimeZone.optional(),
  })
  .strict();

export interface AlertSettings {
  resolutionCodes: string[];
  digestRecipients: string[];
  locale: StaffLocale;
  timezone: string;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  resolutionCodes: [...DEFAULT_RESOLUTION_CODES],
  digestRecipients: [],
  locale: 'en',
  timezone: 'UTC',
};

/** A campaign's alert rules and promoter invitation, as stored; absent rows mean the defaults. */
export interface CampaignFollowUpConfig {
  rules: AlertRules;
  promoterInvite: PromoterInvite | null;
}

/** Owns campaign_alert_rules and alert_settings. */
@Injectable()
export class AlertSettingsService {
  constructor(
    private readonly settings: AlertSettingsRepository,
    private readonly campaignRules: CampaignAlertRulesRepository,
    private readonly campaigns: CampaignsService,
    private readonly surveys: SurveysService,
  ) {}

  async workspaceSettings(workspaceId: string, tx?: Queryable): Promise<AlertSettings> {
    const row = await this.settings.find(workspaceId, tx);
    return row
      ? {
          resolutionCodes: row.resolution_codes,
          digestRecipients: row.digest_recipients,
          locale: row.locale,
          timezone: row.timezone,
        }
      : { ...DEFAULT_ALERT_SETTINGS };
  }

  async updateWorkspaceSettings(
    workspaceId: string,
    patch: z.output<typeof alertSettingsSchema>,
  ): Promise<AlertSettings> {
    const next = { ...(await this.workspaceSettings(workspaceId)), ...patch };
    await this.settings.upsert(workspaceId, {
      resolutionCodes: [...new Set(next.resolutionCodes)],
      digestRecipients: [...new Set(next.digestRecipients.map((a) => a.toLowerCase()))],
      locale: next.locale,
      timezone: next.timezone,
    });
    return this.workspaceSettings(workspaceId);
  }

  /** Rules and promoter invitation for many campaigns at once (the follow-up batch). */
  async forCampaigns(campaignIds: string[], tx?: Queryable): Promise<Map<string, CampaignFollowUpConfig>> {
    const rows = campaignIds.length ? await this.campaignRules.forCampaigns(campaignIds, tx) : [];
    const stored = new Map(rows.map((r) => [r.campaign_id, r]));
    return new Map(
      campaignIds.map((id) => {
        const r = stored.get(id);
        return [
          id,
          {
            rules: alertRulesSchema.parse(r?.rules ?? {}),
            promoterInvite: r?.promoter_invite ? promoterInviteSchema.parse(r.promoter_invite) : null,
          },
        ];
      }),
    );
  }

  async campaignConfig(workspaceId: string, campaignId: string): Promise<CampaignFollowUpConfig> {
    await this.assertCampaign(workspaceId, campaignId);
    return (await this.forCampaigns([campaignId])).get(campaignId)!;
  }

  /** Saves a campaign's alert rules (422 for per-question ranges its survey cannot satisfy). */
  async setRules(workspaceId: string, campaignId: string, rules: AlertRules): Promise<AlertRules> {
    const surveyId = await this.assertCampaign(workspaceId, campaignId);
    const survey = await this.surveys.get(workspaceId, surveyId);
    const problems = alertRuleProblems(
      rules,
      survey.questions.map((q) => ({ id: q.id, type: q.type })),
    );
    if (problems.length) throw invalidBody(problems, 'The alert rules do not fit the campaign survey.');
    await this.campaignRules.saveRules(campaignId, workspaceId, rules);
    return rules;
  }

  async setPromoterInvite(
    workspaceId: string,
    campaignId: string,
    invite: PromoterInvite | null,
  ): Promise<PromoterInvite | null> {
    await this.assertCampaign(workspaceId, campaignId);
    await this.campaignRules.savePromoterInvite(campaignId, workspaceId, alertRulesSchema.parse({}), invite);
    return invite;
  }

  /** The campaign's survey; 404 when the workspace has no such campaign. */
  private async assertCampaign(workspaceId: string, campaignId: string): Promise<string> {
    return (await this.campaigns.get(workspaceId, campaignId)).surveyId;
  }
}
