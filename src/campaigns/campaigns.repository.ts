import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { keysetArgs } from '../common/pagination';
import { Sql } from '../database/sql';
import { CallingWindow } from '../policy/calling-window';
import { CampaignStatus } from '../policy/campaign-rule';
import { Channel } from '../policy/channel';
import { HolidayCalendar } from '../policy/holidays';
import { CronSchedule } from '../policy/schedule';
import { SendingWindow } from '../policy/sending-window';
import { ThrottleCaps } from '../policy/throttle';
import { FilterClause } from '../policy/trigger-filter';
import { CreateCampaignInput, UpdateCampaignInput, VoiceOptions } from './campaign.schema';

/** A reminder as stored: the ISO duration for people, its milliseconds for the sender. */
export interface StoredReminder {
  after: string;
  afterMs: number;
  channel: 'same' | 'next';
}

/** Who a relationship campaign's runs go to. */
export type CampaignAudience = {
  attributes?: Record<string, string | number | boolean>;
  externalIds?: string[];
};

/** A campaigns row (bigint and numeric columns come back as text). */
export interface CampaignRow {
  id: string;
  workspace_id: string;
  survey_id: string;
  name: string;
  status: CampaignStatus;
  event_type: string;
  filter: FilterClause[];
  channels: Channel[];
  delay: string;
  delay_ms: string;
  expiry: string;
  expiry_ms: string;
  email_subject: Record<string, string> | null;
  timezone: string;
  calling_window: CallingWindow | null;
  voice_options: VoiceOptions | null;
  sending_windows: Partial<Record<Channel, SendingWindow>> | null;
  holidays: HolidayCalendar | null;
  sample_percent: string | null;
  fatigue_days: number | null;
  dedupe_by: string | null;
  cancel_on: Array<{ eventType: string; matchOn?: string }> | null;
  caps: ThrottleCaps | null;
  reminders: StoredReminder[] | null;
  schedule: CronSchedule | null;
  audience: CampaignAudience | null;
  spread_ms: string | null;
  next_run_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A listed campaign with its keyset position (created_at to the microsecond). */
export interface ListedCampaignRow extends CampaignRow {
  position: string;
}

/** The columns matching and dispatch read, with the id of the survey's current version. */
export type CampaignRuleRow = Pick<
  CampaignRow,
  | 'id'
  | 'name'
  | 'status'
  | 'event_type'
  | 'filter'
  | 'channels'
  | 'delay_ms'
  | 'expiry_ms'
  | 'timezone'
  | 'calling_window'
  | 'sending_windows'
  | 'holidays'
  | 'sample_percent'
  | 'fatigue_days'
  | 'dedupe_by'
  | 'cancel_on'
  | 'caps'
  | 'spread_ms'
> & { survey_version_id: string };

/** What a create stores beyond the input as given: the defaults and stored forms the service settled. */
export interface CampaignInsert {
  channels: Channel[];
  expiry: { iso: string; ms: number };
  reminders: StoredReminder[] | null;
}

/** What an update stores beyond the patch as given; null keeps the column. */
export interface CampaignPatch {
  channels: Channel[] | null;
  reminders: StoredReminder[] | null;
}

const json = (value: unknown) => (value ? JSON.stringify(value) : null);

/** The campaigns table: campaigns as the API edits them, and the rules ingest matches events against. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly db: Sql) {}

  async insert(workspaceId: string, input: CreateCampaignInput, stored: CampaignInsert): Promise<CampaignRow> {
    const [row] = await this.db.query<CampaignRow>(
      `INSERT INTO campaigns (workspace_id, survey_id, name, event_type, filter, channels, delay, delay_ms, expiry, expiry_ms, email_subject,
         timezone, calling_window, voice_options, sending_windows, holidays, sample_percent, fatigue_days, dedupe_by, cancel_on, caps, reminders, schedule, audience, spread_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, COALESCE($12, 'UTC'), $13, $14, COALESCE($15::jsonb, '{}'::jsonb), $16::jsonb, COALESCE($17, 100), $18, $19,
               COALESCE($20::jsonb, '[]'::jsonb), $21::jsonb, COALESCE($22::jsonb, '[]'::jsonb), $23::jsonb, $24::jsonb, $25) RETURNING *`,
      [
        workspaceId,
        input.surveyId,
        input.name,
        input.trigger.eventType,
        JSON.stringify(input.trigger.filter ?? []),
        stored.channels,
        input.delay?.iso ?? 'PT0S',
        input.delay?.ms ?? 0,
        stored.expiry.iso,
        stored.expiry.ms,
        json(input.emailSubject),
        input.timezone ?? null,
        json(input.callingWindow),
        json(input.voice),
        json(input.sendingWindows),
        json(input.holidays),
        input.samplePercent ?? null,
        input.fatigueDays ?? null,
        input.dedupeBy ?? null,
        json(input.cancelOn),
        json(input.caps),
        json(stored.reminders),
        json(input.schedule),
        json(input.audience),
        input.spreadOver?.ms ?? null,
      ],
    );
    return row;
  }

  /** Newest first, below `after`: `limit` rows and one more, which says whether another page follows. */
  pageFor(workspaceId: string, after: KeysetPosition | undefined, limit: number): Promise<ListedCampaignRow[]> {
    return this.db.query<ListedCampaignRow>(
      `SELECT *, created_at::text AS position FROM campaigns
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [workspaceId, ...keysetArgs(after, limit)],
    );
  }

  async find(workspaceId: string, id: string): Promise<CampaignRow | undefined> {
    const [row] = await this.db.query<CampaignRow>(`SELECT * FROM campaigns WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** Changing the schedule clears the next run, so the campaign is planned afresh. */
  async update(
    workspaceId: string,
    id: string,
    patch: UpdateCampaignInput,
    stored: CampaignPatch,
  ): Promise<CampaignRow | undefined> {
    const [row] = await this.db.query<CampaignRow>(
      `UPDATE campaigns SET
         name = COALESCE($3, name), survey_id = COALESCE($4, survey_id),
         event_type = COALESCE($5, event_type), filter = COALESCE($6, filter),
         channels = COALESCE($7, channels), delay = COALESCE($8, delay), delay_ms = COALESCE($9, delay_ms),
         expiry = COALESCE($10, expiry), expiry_ms = COALESCE($11, expiry_ms),
         email_subject = COALESCE($12, email_subject), timezone = COALESCE($13, timezone),
         calling_window = COALESCE($14, calling_window), voice_options = COALESCE($15, voice_options),
         sending_windows = COALESCE($16, sending_windows), holidays = CASE WHEN $17::boolean THEN $18::jsonb ELSE holidays END,
         sample_percent = COALESCE($19, sample_percent), fatigue_days = CASE WHEN $20::boolean THEN $21::int ELSE fatigue_days END,
         dedupe_by = CASE WHEN $22::boolean THEN $23::text ELSE dedupe_by END, cancel_on = COALESCE($24::jsonb, cancel_on),
         caps = CASE WHEN $25::boolean THEN $26::jsonb ELSE caps END, reminders = COALESCE($27::jsonb, reminders),
         schedule = CASE WHEN $28::boolean THEN $29::jsonb ELSE schedule END, audience = COALESCE($30::jsonb, audience), spread_ms = COALESCE($31, spread_ms),
         next_run_at = CASE WHEN $28::boolean THEN NULL ELSE next_run_at END, updated_at = now()
       WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [
        workspaceId,
        id,
        patch.name ?? null,
        patch.surveyId ?? null,
        patch.trigger?.eventType ?? null,
        patch.trigger ? JSON.stringify(patch.trigger.filter ?? []) : null,
        stored.channels,
        patch.delay?.iso ?? null,
        patch.delay?.ms ?? null,
        patch.expiry?.iso ?? null,
        patch.expiry?.ms ?? null,
        json(patch.emailSubject),
        patch.timezone ?? null,
        json(patch.callingWindow),
        json(patch.voice),
        json(patch.sendingWindows),
        patch.holidays !== undefined,
        json(patch.holidays),
        patch.samplePercent ?? null,
        patch.fatigueDays !== undefined,
        patch.fatigueDays ?? null,
        patch.dedupeBy !== undefined,
        patch.dedupeBy ?? null,
        json(patch.cancelOn),
        patch.caps !== undefined,
        json(patch.caps),
        json(stored.reminders),
        patch.schedule !== undefined,
        json(patch.schedule),
        json(patch.audience),
        patch.spreadOver?.ms ?? null,
      ],
    );
    return row;
  }

  /** Moves the status only if it is still `from`; undefined when it changed meanwhile. */
  async setStatus(
    workspaceId: string,
    id: string,
    to: CampaignStatus,
    from: CampaignStatus,
  ): Promise<CampaignRow | undefined> {
    const [row] = await this.db.query<CampaignRow>(
      `UPDATE campaigns SET status = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND status = $4 RETURNING *`,
      [workspaceId, id, to, from],
    );
    return row;
  }

  async statusOf(campaignId: string): Promise<CampaignStatus | null> {
    const [row] = await this.db.query<Pick<CampaignRow, 'status'>>(`SELECT status FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    return row?.status ?? null;
  }

  /** The rules of a workspace's active and paused campaigns. */
  activeRules(workspaceId: string): Promise<CampaignRuleRow[]> {
    return this.rules(`c.workspace_id = $1 AND c.status IN ('active', 'paused')`, [workspaceId]);
  }

  /** One campaign's rule whatever its status. */
  async ruleOf(workspaceId: string, campaignId: string): Promise<CampaignRuleRow | undefined> {
    const [row] = await this.rules(`c.workspace_id = $1 AND c.id = $2`, [workspaceId, campaignId]);
    return row;
  }

  /** Read-only on surveys (a lower layer): whether the workspace has this survey. */
  async surveyExists(workspaceId: string, surveyId: string): Promise<boolean> {
    const rows = await this.db.query<{ found: number }>(
      `SELECT 1 AS found FROM surveys WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, surveyId],
    );
    return rows.length > 0;
  }

  // Joins the survey's current version (surveys is a lower layer; read only).
  private rules(where: string, params: unknown[]): Promise<CampaignRuleRow[]> {
    return this.db.query<CampaignRuleRow>(
      `SELECT c.id, c.name, c.status, c.event_type, c.filter, c.channels, c.delay_ms, c.expiry_ms, c.timezone, c.calling_window, c.sending_windows, c.holidays, c.sample_percent, c.fatigue_days, c.dedupe_by, c.cancel_on, c.caps, c.spread_ms, v.id AS survey_version_id
       FROM campaigns c
       JOIN surveys s ON s.id = c.survey_id
       JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version
       WHERE ${where}`,
      params,
    );
  }
}
