import { z } from 'zod';
import { parseIsoDuration } from '../common/iso-duration';
import { FilterSyntaxError, parseFilterExpression, validateFilterClauses } from './trigger-filter';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

const duration = z.string().transform((text, ctx) => {
  const parsed = parseIsoDuration(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return { iso: parsed.iso, ms: parsed.ms };
});

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
  trigger: z.object({ eventType: z.string(), filter: z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown().optional() })) }),
  channels: z.array(z.enum(CHANNELS)),
  delay: z.string(),
  expiry: z.string(),
  emailSubject: localizedSubject.nullable(),
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
