import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { invalidBody, notFound } from '../common/problem';
import { ianaTimeZone } from '../common/zod-fields';
import { Queryable, Sql } from '../database/sql';
import { SUPPORTED_UI_LOCALES, UiLocale } from '../i18n/locale';
import { SurveysService } from '../surveys/surveys.service';
import { alertRuleProblems, AlertRules, alertRulesSchema } from './alert-rules';
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
    private readonly db: Sql,
    private readonly surveys: SurveysService,
  ) {}

  async workspaceSettings(workspaceId: string, db: Queryable = this.db): Promise<AlertSettings> {
    const [row] = await db.query(
      `SELECT resolution_codes, digest_recipients, locale, timezone FROM alert_settings WHERE workspace_id = $1`,
      [workspaceId],
    );
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
    await this.db.query(
      `INSERT INTO alert_settings (workspace_id, resolution_codes, digest_recipients, locale, timezone, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (workspace_id) DO UPDATE SET resolution_codes = $2, digest_recipients = $3, locale = $4, timezone = $5, updated_at = now()`,
      [
        workspaceId,
        [...new Set(next.resolutionCodes)],
        [...new Set(next.digestRecipients.map((a) => a.toLowerCase()))],
        next.locale,
        next.timezone,
      ],
    );
    return this.workspaceSettings(workspaceId);
  }

  /** Rules and promoter invitation for many campaigns at once (the follow-up batch). */
  async forCampaigns(db: Queryable, campaignIds: string[]): Promise<Map<string, CampaignFollowUpConfig>> {
    const rows = campaignIds.length
      ? await db.query(
          `SELECT campaign_id, rules, promoter_invite FROM campaign_alert_rules WHERE campaign_id = ANY($1::uuid[])`,
          [campaignIds],
        )
      : [];
    const stored = new Map(rows.map((r) => [r.campaign_id as string, r]));
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
    return (await this.forCampaigns(this.db, [campaignId])).get(campaignId)!;
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
    await this.db.query(
      `INSERT INTO campaign_alert_rules (campaign_id, workspace_id, rules) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()`,
      [campaignId, workspaceId, JSON.stringify(rules)],
    );
    return rules;
  }

  async setPromoterInvite(
    workspaceId: string,
    campaignId: string,
    invite: PromoterInvite | null,
  ): Promise<PromoterInvite | null> {
    await this.assertCampaign(workspaceId, campaignId);
    await this.db.query(
      `INSERT INTO campaign_alert_rules (campaign_id, workspace_id, rules, promoter_invite) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id) DO UPDATE SET promoter_invite = EXCLUDED.promoter_invite, updated_at = now()`,
      [campaignId, workspaceId, JSON.stringify(alertRulesSchema.parse({})), invite ? JSON.stringify(invite) : null],
    );
    return invite;
  }

  private async assertCampaign(workspaceId: string, campaignId: string): Promise<string> {
    const [row] = await this.db.query(`SELECT survey_id FROM campaigns WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      campaignId,
    ]);
    if (!row) throw notFound('Campaign');
    return row.survey_id;
  }
}
