import { z } from 'zod';

import { isoDuration } from '../common/zod-fields';
import { ianaTimeZone } from '../common/zod-fields';
import { callingWindowSchema } from '../policy/calling-window';
import { CAMPAIGN_STATUSES, CampaignStatus } from '../policy/campaign-rule';
import { CHANNELS } from '../policy/channel';
import { holidayCalendarSchema } from '../policy/holidays';
import { samplePercentSchema } from '../policy/sampling';
import { cronScheduleSchema } from '../policy/schedule';
import { sendingWindowSchema } from '../policy/sending-window';
import { throttleCapsSchema } from '../policy/throttle';
import { FilterSyntaxError, parseFilterExpression, validateFilterClauses } from '../policy/trigger-filter';

const duration = isoDuration;

/** A filter as structured clauses, or as a readable expression: `properties.team in ["billing","support"]`. */
const filter = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    try {
      return parseFilterExpression(value);
    } catch (err) {
      if (!(err instanceof FilterSyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
      return z.NEVER;
    }
  }
  const errors = validateFilterClauses(value);
  for (const e of errors) ctx.addIssue({ code: 'custom', path: e.path ? e.path.split('.') : [], message: e.message });
  return errors.length ? z.NEVER : (value as ReturnType<typeof parseFilterExpression>);
});

const triggerSchema = z
  .object({
    eventType: z.string().trim().min(1).max(200),
    filter: filter.optional(),
  })
  .strict();

const localizedSubject = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/), z.string().trim().min(1).max(200));

const voiceChoice = z
  .object({
    voice: z.string().trim().min(1).max(100).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}-[A-Z]{2}$/, 'Expected a Twilio language code such as fi-FI')
      .optional(),
  })
  .strict();

/** Phone survey options; every field has a working default. */
export const voiceOptionsSchema = z
  .object({
    /** Answering-machine detection (on by default): a machine gets no survey. */
    machineDetection: z.boolean().optional(),
    /** Leave a short "we will not take your time now" message on a machine instead of hanging up silently. */
    machineMessage: z.boolean().optional(),
    /** Twilio voice and language per survey language (en, fi, sv, nb), over the built-in defaults. */
    voices: z
      .object({ en: voiceChoice, fi: voiceChoice, sv: voiceChoice, nb: voiceChoice })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type VoiceOptions = z.output<typeof voiceOptionsSchema>;

const timezone = ianaTimeZone;

const propertyPath = z
  .string()
  .regex(/^properties\.[^\s]{1,100}$/, 'Expected an event property such as properties.ticketId');

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  surveyId: z.string().uuid(),
  trigger: triggerSchema,
  channels: z.array(z.enum(CHANNELS)).min(1).max(3).optional(),
  /** Shorthand for channels: [channel]. */
  channel: z.enum(CHANNELS).optional(),
  delay: duration.optional(),
  expiry: duration.optional(),
  emailSubject: localizedSubject.optional(),
  /** The zone for contacts who have none of their own (local hours of the calling window). */
  timezone: timezone.optional(),
  /** When calls may be placed, in the contact's local time; default Monday–Saturday 09:00–20:00. */
  callingWindow: callingWindowSchema.optional(),
  voice: voiceOptionsSchema.optional(),
  /** Quiet hours per channel, in the recipient's zone: e.g. sms Mon–Fri 09:00–20:00 and Sat 10:00–16:00. Voice defaults to callingWindow. */
  sendingWindows: z
    .object({ email: sendingWindowSchema, sms: sendingWindowSchema, voice: sendingWindowSchema })
    .partial()
    .strict()
    .optional(),
  /** Skip this country's public holidays (in the recipient's local date) on every channel. */
  holidays: holidayCalendarSchema.nullable().optional(),
  /** Survey this share of eligible events (default 100); the same event always gets the same answer. */
  samplePercent: samplePercentSchema.optional(),
  /** At most one survey from this campaign per this many days per contact (the workspace's own cap applies too). */
  fatigueDays: z.number().int().min(1).max(3650).nullable().optional(),
  /** One survey per value of this event property per contact, e.g. properties.ticketId: a second event for the same ticket is skipped. */
  dedupeBy: propertyPath.nullable().optional(),
  /** Events that cancel this campaign's pending invitations for the contact, e.g. ticket.reopened with the same properties.ticketId. */
  cancelOn: z
    .array(z.object({ eventType: z.string().trim().min(1).max(200), matchOn: propertyPath.optional() }).strict())
    .max(10)
    .optional(),
  /** Most invitations per local hour and per day (campaign zone); the excess is deferred or dropped, and counted. */
  caps: throttleCapsSchema.nullable().optional(),
  /** Up to three reminders to people who have not answered, each `after` the previous send, on the same or the next channel. */
  reminders: z
    .array(z.object({ after: duration, channel: z.enum(['same', 'next']).optional() }).strict())
    .max(3)
    .optional(),
  /**
   * Relationship campaigns: run on this cron schedule in a zone over an audience, each run emitting
   * one event of the trigger's type per contact (so every rule above applies, spreadOver included).
   */
  schedule: cronScheduleSchema.nullable().optional(),
  audience: z
    .object({
      /** Contact attributes that must all match, e.g. {"tier": "gold"}; empty: every contact. */
      attributes: z.record(z.string().min(1).max(100), z.union([z.string(), z.number(), z.boolean()])).optional(),
      /** Only these contacts (e.g. an imported list's externalIds). */
      externalIds: z.array(z.string().min(1).max(200)).max(100_000).optional(),
    })
    .strict()
    .optional(),
  /** Spread each send over this long after it falls due (gradual distribution), at a stable point per event. */
  spreadOver: duration.optional(),
};

export const createCampaignSchema = z.object(campaignFields).strict();
export const updateCampaignSchema = z.object(campaignFields).partial().strict();
export const campaignStatusSchema = z.object({ status: z.enum(CAMPAIGN_STATUSES) }).strict();

export type CreateCampaignInput = z.output<typeof createCampaignSchema>;
export type UpdateCampaignInput = z.output<typeof updateCampaignSchema>;

export const campaignViewSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  surveyId: z.string().uuid(),
  status: z.enum(CAMPAIGN_STATUSES),
  trigger: z.object({
    eventType: z.string(),
    filter: z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown().optional() })),
  }),
  channels: z.array(z.enum(CHANNELS)),
  delay: z.string(),
  expiry: z.string(),
  emailSubject: localizedSubject.nullable(),
  timezone: z.string(),
  callingWindow: z.object({ days: z.array(z.string()), start: z.string(), end: z.string() }),
  voice: z.object({
    machineDetection: z.boolean(),
    machineMessage: z.boolean(),
    voices: z.record(z.string(), z.object({ voice: z.string(), language: z.string() })),
  }),
  sendingWindows: z.record(
    z.string(),
    z.object({ ranges: z.array(z.object({ days: z.array(z.string()), start: z.string(), end: z.string() })) }),
  ),
  holidays: z.object({ country: z.string() }).passthrough().nullable(),
  samplePercent: z.number(),
  fatigueDays: z.number().nullable(),
  dedupeBy: z.string().nullable(),
  cancelOn: z.array(z.object({ eventType: z.string(), matchOn: z.string().optional() })),
  caps: z
    .object({ perHour: z.number().optional(), perDay: z.number().optional(), overflow: z.enum(['defer', 'drop']) })
    .nullable(),
  reminders: z.array(z.object({ after: z.string(), channel: z.enum(['same', 'next']) })),
  schedule: z.object({ cron: z.string(), timezone: z.string() }).nullable(),
  audience: z.object({}).passthrough().nullable(),
  nextRunAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Allowed moves; archived is final. */
const TRANSITIONS: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ['active', 'archived'],
  active: ['paused', 'archived'],
  paused: ['active', 'archived'],
  archived: [],
};

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}
