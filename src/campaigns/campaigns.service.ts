import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import { conflict, invalidBody, notFound } from '../common/problem';
import { Sql } from '../database/sql';
import { MAX_SMS_SEGMENTS, SurveySmsComposer } from '../messages/survey-sms.composer';
import { DEFAULT_CALLING_WINDOW } from '../policy/calling-window';
import { CampaignRule, CampaignStatus } from '../policy/campaign-rule';
import { Channel } from '../policy/channel';
import { SurveysService } from '../surveys/surveys.service';
import { campaignViewSchema, canTransition, CreateCampaignInput, UpdateCampaignInput } from './campaign.schema';

export type CampaignView = z.infer<typeof campaignViewSchema>;

const DEFAULT_EXPIRY = { iso: 'P7D', ms: 7 * 24 * 3600 * 1000 };
const RULE_CACHE_MS = 2000;

@Injectable()
export class CampaignsService {
  /**
   * Ingest asks for the campaigns of a workspace on every event; a short cache keeps that off the
   * database. Changes made through this process clear it at once; other processes see them
   * within RULE_CACHE_MS, and the sender re-checks the campaign status before every send.
   */
  private readonly ruleCache = new Map<string, { expiresAt: number; rules: Promise<CampaignRule[]> }>();

  constructor(
    private readonly db: Sql,
    private readonly surveys: SurveysService,
    private readonly smsComposer: SurveySmsComposer,
  ) {
    // A new survey version must reach the next invitation, not one cached RULE_CACHE_MS later.
    surveys.onChange((workspaceId) => this.ruleCache.delete(workspaceId));
  }

  async create(workspaceId: string, input: CreateCampaignInput): Promise<CampaignView> {
    await this.assertSurveyExists(workspaceId, input.surveyId);
    await this.assertSmsFits(workspaceId, input.surveyId, channelsOf(input) ?? ['email']);
    const [row] = await this.db.query(
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
        channelsOf(input) ?? ['email'],
        input.delay?.iso ?? 'PT0S',
        input.delay?.ms ?? 0,
        (input.expiry ?? DEFAULT_EXPIRY).iso,
        (input.expiry ?? DEFAULT_EXPIRY).ms,
        input.emailSubject ? JSON.stringify(input.emailSubject) : null,
        input.timezone ?? null,
        input.callingWindow ? JSON.stringify(input.callingWindow) : null,
        input.voice ? JSON.stringify(input.voice) : null,
        input.sendingWindows ? JSON.stringify(input.sendingWindows) : null,
        input.holidays ? JSON.stringify(input.holidays) : null,
        input.samplePercent ?? null,
        input.fatigueDays ?? null,
        input.dedupeBy ?? null,
        input.cancelOn ? JSON.stringify(input.cancelOn) : null,
        input.caps ? JSON.stringify(input.caps) : null,
        input.reminders ? JSON.stringify(storedReminders(input.reminders)) : null,
        input.schedule ? JSON.stringify(input.schedule) : null,
        input.audience ? JSON.stringify(input.audience) : null,
        input.spreadOver?.ms ?? null,
      ],
    );
    this.ruleCache.delete(workspaceId);
    return toView(row);
  }

  async list(workspaceId: string): Promise<CampaignView[]> {
    const rows = await this.db.query(`SELECT * FROM campaigns WHERE workspace_id = $1 ORDER BY created_at DESC`, [
      workspaceId,
    ]);
    return rows.map(toView);
  }

  async get(workspaceId: string, id: string): Promise<CampaignView> {
    const [row] = await this.db.query(`SELECT * FROM campaigns WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    if (!row) throw notFound('Campaign');
    return toView(row);
  }

  async update(workspaceId: string, id: string, patch: UpdateCampaignInput): Promise<CampaignView> {
    const current = await this.get(workspaceId, id);
    if (current.status === 'archived') throw conflict('An archived campaign cannot be changed.');
    if (patch.surveyId) await this.assertSurveyExists(workspaceId, patch.surveyId);
    await this.assertSmsFits(workspaceId, patch.surveyId ?? current.surveyId, channelsOf(patch) ?? current.channels);
    const [row] = await this.db.query(
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
        channelsOf(patch) ?? null,
        patch.delay?.iso ?? null,
        patch.delay?.ms ?? null,
        patch.expiry?.iso ?? null,
        patch.expiry?.ms ?? null,
        patch.emailSubject ? JSON.stringify(patch.emailSubject) : null,
        patch.timezone ?? null,
        patch.callingWindow ? JSON.stringify(patch.callingWindow) : null,
        patch.voice ? JSON.stringify(patch.voice) : null,
        patch.sendingWindows ? JSON.stringify(patch.sendingWindows) : null,
        patch.holidays !== undefined,
        patch.holidays ? JSON.stringify(patch.holidays) : null,
        patch.samplePercent ?? null,
        patch.fatigueDays !== undefined,
        patch.fatigueDays ?? null,
        patch.dedupeBy !== undefined,
        patch.dedupeBy ?? null,
        patch.cancelOn ? JSON.stringify(patch.cancelOn) : null,
        patch.caps !== undefined,
        patch.caps ? JSON.stringify(patch.caps) : null,
        patch.reminders ? JSON.stringify(storedReminders(patch.reminders)) : null,
        patch.schedule !== undefined,
        patch.schedule ? JSON.stringify(patch.schedule) : null,
        patch.audience ? JSON.stringify(patch.audience) : null,
        patch.spreadOver?.ms ?? null,
      ],
    );
    this.ruleCache.delete(workspaceId);
    return toView(row);
  }

  async setStatus(workspaceId: string, id: string, status: CampaignStatus): Promise<CampaignView> {
    const current = await this.get(workspaceId, id);
    if (!canTransition(current.status, status)) {
      throw conflict(`A ${current.status} campaign cannot become ${status}.`, [
        { path: 'status', message: `Not allowed from ${current.status}` },
      ]);
    }
    const [row] = await this.db.query(
      `UPDATE campaigns SET status = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND status = $4 RETURNING *`,
      [workspaceId, id, status, current.status],
    );
    if (!row) throw conflict('The campaign changed status meanwhile; read it again.');
    this.ruleCache.delete(workspaceId);
    return toView(row);
  }

  /** Active and paused campaigns listening for this event type (paused ones answer "skipped"). */
  async rulesFor(workspaceId: string, eventType: string): Promise<CampaignRule[]> {
    return (await this.cachedRules(workspaceId)).filter((r) => r.eventType === eventType);
  }

  /** Active and paused campaigns whose pending invitations an event of this type cancels. */
  async cancelRulesFor(workspaceId: string, eventType: string): Promise<CampaignRule[]> {
    return (await this.cachedRules(workspaceId)).filter((r) => r.cancelOn.some((c) => c.eventType === eventType));
  }

  private cachedRules(workspaceId: string): Promise<CampaignRule[]> {
    const now = Date.now();
    let entry = this.ruleCache.get(workspaceId);
    if (!entry || entry.expiresAt < now) {
      entry = { expiresAt: now + RULE_CACHE_MS, rules: this.loadRules(workspaceId) };
      entry.rules.catch(() => this.ruleCache.delete(workspaceId));
      this.ruleCache.set(workspaceId, entry);
    }
    return entry.rules;
  }

  /** Status right now, bypassing the cache: the sender's last check before a message goes out. */
  async currentStatus(campaignId: string): Promise<CampaignStatus | null> {
    const [row] = await this.db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    return row?.status ?? null;
  }

  private async loadRules(workspaceId: string): Promise<CampaignRule[]> {
    return this.queryRules(`c.workspace_id = $1 AND c.status IN ('active', 'paused')`, [workspaceId]);
  }

  /** One campaign's rule whatever its status (a draft can be replayed in a dry run); null when not in this workspace. */
  async ruleOf(workspaceId: string, campaignId: string): Promise<CampaignRule | null> {
    const [rule] = await this.queryRules(`c.workspace_id = $1 AND c.id = $2`, [workspaceId, campaignId]);
    return rule ?? null;
  }

  private async queryRules(where: string, params: unknown[]): Promise<CampaignRule[]> {
    const rows = await this.db.query(
      `SELECT c.id, c.name, c.status, c.event_type, c.filter, c.channels, c.delay_ms, c.expiry_ms, c.timezone, c.calling_window, c.sending_windows, c.holidays, c.sample_percent, c.fatigue_days, c.dedupe_by, c.cancel_on, c.caps, c.spread_ms, v.id AS survey_version_id
       FROM campaigns c
       JOIN surveys s ON s.id = c.survey_id
       JOIN survey_versions v ON v.survey_id = s.id AND v.version = s.current_version
       WHERE ${where}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      eventType: r.event_type,
      filter: r.filter,
      channels: r.channels,
      delayMs: Number(r.delay_ms),
      expiryMs: Number(r.expiry_ms),
      surveyVersionId: r.survey_version_id,
      timezone: r.timezone,
      callingWindow: r.calling_window ?? DEFAULT_CALLING_WINDOW,
      sendingWindows: r.sending_windows ?? {},
      holidays: r.holidays ?? null,
      samplePercent: Number(r.sample_percent ?? 100),
      fatigueDays: r.fatigue_days ?? null,
      dedupeBy: r.dedupe_by ?? null,
      cancelOn: r.cancel_on ?? [],
      caps: r.caps ?? null,
      spreadMs: Number(r.spread_ms ?? 0),
    }));
  }

  /** An SMS invitation longer than MAX_SMS_SEGMENTS in any of the survey's languages is refused, naming the language. */
  private async assertSmsFits(workspaceId: string, surveyId: string, channels: Channel[]): Promise<void> {
    if (!channels.includes('sms')) return;
    const survey = await this.surveys.get(workspaceId, surveyId);
    const tooLong = this.smsComposer
      .sizes({ defaultLocale: survey.defaultLocale, questions: survey.questions })
      .filter((s) => s.segments > MAX_SMS_SEGMENTS);
    if (tooLong.length === 0) return;
    throw invalidBody(
      tooLong.map((s) => ({
        path: 'channels',
        message: `The SMS invitation in ${s.locale} is ${s.segments} segments (${s.encoding}, ${s.characters} characters); at most ${MAX_SMS_SEGMENTS} are allowed. Shorten the first question.`,
      })),
      'The survey is too long to send by SMS.',
    );
  }

  /** A campaign pointing at a survey that does not exist (or is another workspace's) is a 422. */
  private async assertSurveyExists(workspaceId: string, surveyId: string): Promise<void> {
    const [row] = await this.db.query(`SELECT 1 FROM surveys WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      surveyId,
    ]);
    if (!row)
      throw invalidBody(
        [{ path: 'surveyId', message: 'No survey with this id in this workspace' }],
        'The campaign points at a missing survey.',
      );
  }
}

/** Reminders as stored: the ISO duration for people, its milliseconds for the sender. */
function storedReminders(reminders: NonNullable<CreateCampaignInput['reminders']>) {
  return reminders.map((r) => ({ after: r.after.iso, afterMs: r.after.ms, channel: r.channel ?? 'same' }));
}

function channelsOf(input: { channels?: Channel[]; channel?: Channel }): Channel[] | undefined {
  return input.channels ?? (input.channel ? [input.channel] : undefined);
}

function toView(row: Record<string, any>): CampaignView {
  return {
    id: row.id,
    name: row.name,
    surveyId: row.survey_id,
    status: row.status,
    trigger: { eventType: row.event_type, filter: row.filter },
    channels: row.channels,
    delay: row.delay,
    expiry: row.expiry,
    emailSubject: row.email_subject,
    timezone: row.timezone,
    callingWindow: row.calling_window ?? DEFAULT_CALLING_WINDOW,
    voice: {
      machineDetection: row.voice_options?.machineDetection ?? true,
      machineMessage: row.voice_options?.machineMessage ?? false,
      voices: row.voice_options?.voices ?? {},
    },
    sendingWindows: row.sending_windows ?? {},
    holidays: row.holidays ?? null,
    samplePercent: Number(row.sample_percent ?? 100),
    fatigueDays: row.fatigue_days ?? null,
    dedupeBy: row.dedupe_by ?? null,
    cancelOn: row.cancel_on ?? [],
    caps: row.caps ?? null,
    reminders: (row.reminders ?? []).map((r: { after: string; channel: 'same' | 'next' }) => ({
      after: r.after,
      channel: r.channel,
    })),
    schedule: row.schedule ?? null,
    audience: row.audience ?? null,
    nextRunAt: row.next_run_at ? new Date(row.next_run_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
