import { Injectable } from '@nestjs/common';
import { z } from 'zod';

import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { conflict, invalidBody, notFound, unknownFilter } from '../common/problem';
import { MAX_SMS_SEGMENTS, SurveySmsComposer } from '../messages/survey-sms.composer';
import { DEFAULT_CALLING_WINDOW } from '../policy/calling-window';
import { CampaignRule, CampaignStatus } from '../policy/campaign-rule';
import { Channel } from '../policy/channel';
import { nextRuns } from '../policy/schedule';
import { SurveysService } from '../surveys/surveys.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { campaignViewSchema, canTransition, CreateCampaignInput, UpdateCampaignInput } from './campaign.schema';
import { CampaignRunsRepository, DueRunRow } from './campaign-runs.repository';
import {
  CampaignAudience,
  CampaignRow,
  CampaignRuleRow,
  CampaignsRepository,
  StoredReminder,
} from './campaigns.repository';

export type CampaignView = z.infer<typeof campaignViewSchema>;

/** A relationship campaign's run that is due: one event per contact in its audience, at `runAt`. */
export interface RelationshipRun {
  campaignId: string;
  workspaceId: string;
  eventType: string;
  audience: CampaignAudience | null;
  schedule: { cron: string; timezone: string };
  runAt: Date;
}

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
    private readonly repo: CampaignsRepository,
    private readonly runs: CampaignRunsRepository,
    private readonly surveys: SurveysService,
    private readonly smsComposer: SurveySmsComposer,
    private readonly workspaces: WorkspacesService,
  ) {
    // A new survey version must reach the next invitation, not one cached RULE_CACHE_MS later.
    surveys.onChange((workspaceId) => this.ruleCache.delete(workspaceId));
  }

  async create(workspaceId: string, input: CreateCampaignInput): Promise<CampaignView> {
    await this.assertSurveyExists(workspaceId, input.surveyId);
    await this.assertSmsFits(workspaceId, input.surveyId, channelsOf(input) ?? ['email']);
    const row = await this.repo.insert(workspaceId, input, {
      channels: channelsOf(input) ?? ['email'],
      expiry: input.expiry ?? DEFAULT_EXPIRY,
      reminders: input.reminders ? storedReminders(input.reminders) : null,
    });
    this.ruleCache.delete(workspaceId);
    return toView(row);
  }

  /** Newest first, a page at a time. */
  async list(workspaceId: string, page: { limit: number; cursor?: KeysetPosition }): Promise<Page<CampaignView>> {
    const rows = await this.repo.pageFor(workspaceId, page.cursor, page.limit);
    return pageOf(rows, page.limit, positionOf, toView);
  }

  /** A query filter naming a campaign this workspace does not have: 404 naming the parameter. */
  async assertFilter(workspaceId: string, id: string, param = 'campaignId'): Promise<void> {
    if (!(await this.repo.find(workspaceId, id))) throw unknownFilter(param, 'Campaign');
  }

  async get(workspaceId: string, id: string): Promise<CampaignView> {
    const row = await this.repo.find(workspaceId, id);
    if (!row) throw notFound('Campaign');
    return toView(row);
  }

  async update(workspaceId: string, id: string, patch: UpdateCampaignInput): Promise<CampaignView> {
    const current = await this.get(workspaceId, id);
    if (current.status === 'archived') throw conflict('An archived campaign cannot be changed.');
    if (patch.surveyId) await this.assertSurveyExists(workspaceId, patch.surveyId);
    await this.assertSmsFits(workspaceId, patch.surveyId ?? current.surveyId, channelsOf(patch) ?? current.channels);
    const row = await this.repo.update(workspaceId, id, patch, {
      channels: channelsOf(patch) ?? null,
      reminders: patch.reminders ? storedReminders(patch.reminders) : null,
    });
    this.ruleCache.delete(workspaceId);
    // Only a concurrent deletion of the workspace could take the row away between the two statements.
    if (!row) throw notFound('Campaign');
    return toView(row);
  }

  async setStatus(workspaceId: string, id: string, status: CampaignStatus): Promise<CampaignView> {
    const current = await this.get(workspaceId, id);
    if (!canTransition(current.status, status)) {
      throw conflict(`A ${current.status} campaign cannot become ${status}.`, [
        { path: 'status', message: `Not allowed from ${current.status}` },
      ]);
    }
    const row = await this.repo.setStatus(workspaceId, id, status, current.status);
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
  currentStatus(campaignId: string): Promise<CampaignStatus | null> {
    return this.repo.statusOf(campaignId);
  }

  private async loadRules(workspaceId: string): Promise<CampaignRule[]> {
    return (await this.repo.activeRules(workspaceId)).map(toRule);
  }

  /** One campaign's rule whatever its status (a draft can be replayed in a dry run); null when not in this workspace. */
  async ruleOf(workspaceId: string, campaignId: string): Promise<CampaignRule | null> {
    const row = await this.repo.ruleOf(workspaceId, campaignId);
    return row ? toRule(row) : null;
  }

  /** A new or re-scheduled relationship campaign starts at its next run, not at once. */
  async planRelationshipRuns(now: Date): Promise<void> {
    for (const c of await this.runs.unplanned()) {
      const [next] = nextRuns(c.schedule.cron, c.schedule.timezone, now, 1);
      await this.runs.planFirstRun(c.id, next);
    }
  }

  /** Active relationship campaigns whose next run is at or before `now`. */
  async dueRelationshipRuns(now: Date): Promise<RelationshipRun[]> {
    return (await this.runs.due(now)).map(toRun);
  }

  /**
   * Claims a due run by moving the campaign's next run forward (from the later of the run and
   * `now`, so a run missed while no worker was up is run once, not caught up); false when another
   * worker claimed it first.
   */
  async claimRelationshipRun(run: RelationshipRun, now: Date): Promise<boolean> {
    const [next] = nextRuns(
      run.schedule.cron,
      run.schedule.timezone,
      new Date(Math.max(now.getTime(), run.runAt.getTime())),
      1,
    );
    return this.runs.claim(run.campaignId, run.runAt, next);
  }

  /** An SMS invitation longer than MAX_SMS_SEGMENTS in any of the survey's languages is refused, naming the language. */
  private async assertSmsFits(workspaceId: string, surveyId: string, channels: Channel[]): Promise<void> {
    if (!channels.includes('sms')) return;
    const [survey, senderName] = await Promise.all([
      this.surveys.get(workspaceId, surveyId),
      this.workspaces.senderName(workspaceId),
    ]);
    const tooLong = this.smsComposer
      .sizes({ defaultLocale: survey.defaultLocale, questions: survey.questions }, senderName)
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
    if (!(await this.repo.surveyExists(workspaceId, surveyId)))
      throw invalidBody(
        [{ path: 'surveyId', message: 'No survey with this id in this workspace' }],
        'The campaign points at a missing survey.',
      );
  }
}

/** Reminders as stored: the ISO duration for people, its milliseconds for the sender. */
function storedReminders(reminders: NonNullable<CreateCampaignInput['reminders']>): StoredReminder[] {
  return reminders.map((r) => ({ after: r.after.iso, afterMs: r.after.ms, channel: r.channel ?? 'same' }));
}

function channelsOf(input: { channels?: Channel[]; channel?: Channel }): Channel[] | undefined {
  return input.channels ?? (input.channel ? [input.channel] : undefined);
}

function toRule(r: CampaignRuleRow): CampaignRule {
  return {
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
  };
}

function toRun(r: DueRunRow): RelationshipRun {
  return {
    campaignId: r.id,
    workspaceId: r.workspace_id,
    eventType: r.event_type,
    audience: r.audience,
    schedule: r.schedule,
    runAt: new Date(r.next_run_at),
  };
}

function toView(row: CampaignRow): CampaignView {
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
      // Stored as given (each choice may name only a voice or a language); the view's schema documents complete choices.
      voices: (row.voice_options?.voices ?? {}) as CampaignView['voice']['voices'],
    },
    sendingWindows: row.sending_windows ?? {},
    holidays: row.holidays ? { ...row.holidays } : null,
    samplePercent: Number(row.sample_percent ?? 100),
    fatigueDays: row.fatigue_days ?? null,
    dedupeBy: row.dedupe_by ?? null,
    cancelOn: row.cancel_on ?? [],
    caps: row.caps ?? null,
    reminders: (row.reminders ?? []).map((r) => ({ after: r.after, channel: r.channel })),
    schedule: row.schedule ?? null,
    audience: row.audience ?? null,
    nextRunAt: row.next_run_at ? new Date(row.next_run_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
