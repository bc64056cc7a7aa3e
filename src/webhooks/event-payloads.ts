import { z } from 'zod';

import { QUESTION_TYPES } from '../surveys/survey-definition';

/**
 * Bodies of outbound webhooks, one schema per event type, documented in docs/webhook-payloads.md. Bodies carry
 * ids and the fields a CRM files against its own records, never the contact's name, email or
 * phone: the CRM already has them, and a webhook body is stored for replays and logged by
 * receivers long after an erasure request.
 *
 * Objects are strict so a builder cannot leak a field nobody reviewed. Adding an optional field
 * or an enum value keeps PAYLOAD_VERSION; renaming, removing or changing a field's meaning needs
 * a new version (and docs/webhook-payloads.md updated in the same change).
 */
export const PAYLOAD_VERSION = '2026-11-01';

export const WEBHOOK_EVENT_TYPES = [
  'invitation.sent',
  'invitation.failed',
  'response.completed',
  'alert.created',
  'alert.updated',
  'contact.opted_out',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const uuid = z.string().uuid();
/** UTC, with a `Z`: every timestamp leaves Palaute in UTC. */
const utc = z.string().datetime({ offset: false });
const channel = z.enum(['email', 'sms', 'voice']);

const contactRef = {
  contactId: uuid,
  /** The CRM's own id for the contact, as sent in `POST /v1/events`. */
  contactExternalId: z.string().min(1),
};

const invitationBase = {
  workspaceId: uuid,
  invitationId: uuid,
  campaignId: uuid,
  surveyId: uuid,
  ...contactRef,
  /** The event that triggered the invitation; null when the event was deleted or it came another way. */
  eventId: uuid.nullable(),
  /** The CRM's id for that event (`id` in `POST /v1/events`), when it sent one. */
  eventExternalId: z.string().nullable(),
  channel,
  /** 0 for the first invitation, 1… for reminders. */
  step: z.number().int().nonnegative(),
};

export const invitationSentDataSchema = z.object({ ...invitationBase, sentAt: utc }).strict();

export const invitationFailedDataSchema = z
  .object({
    ...invitationBase,
    failedAt: utc,
    /** Human-readable cause ("opted out of sms", "mailbox unavailable"). */
    reason: z.string(),
    /** Provider error code (Twilio or SMTP) when there is one. */
    errorCode: z.number().int().nullable(),
  })
  .strict();

const npsCategory = z.enum(['detractor', 'passive', 'promoter']);

export const responseCompletedDataSchema = z
  .object({
    workspaceId: uuid,
    responseId: uuid,
    invitationId: uuid,
    campaignId: uuid,
    surveyId: uuid,
    surveyVersion: z.number().int().positive(),
    ...contactRef,
    eventExternalId: z.string().nullable(),
    channel,
    completedAt: utc,
    /** Answered after the invitation expired; still counted, flagged for the CRM. */
    late: z.boolean(),
    answers: z.array(
      z
        .object({
          questionId: z.string(),
          questionType: z.enum(QUESTION_TYPES),
          /** A score, a choice id (`yes`/`no` for yes_no), or free text. */
          value: z.union([z.number(), z.string()]),
        })
        .strict(),
    ),
    /** The first answer of each scale type, ready to map onto CRM fields; null when not asked. */
    scores: z
      .object({
        nps: z
          .object({ value: z.number().int().min(0).max(10), category: npsCategory })
          .strict()
          .nullable(),
        csat: z
          .object({ value: z.number().int().min(1).max(5) })
          .strict()
          .nullable(),
        ces: z
          .object({ value: z.number().int().min(1).max(7) })
          .strict()
          .nullable(),
      })
      .strict(),
  })
  .strict();

const alertStatus = z.enum(['open', 'acknowledged', 'resolved']);

const alertBase = {
  workspaceId: uuid,
  alertId: uuid,
  campaignId: uuid,
  responseId: uuid,
  ...contactRef,
  /** Owner the rule routed the alert to (person or address); null when unassigned. */
  assignee: z.string().nullable(),
  /** Event properties the rule used for routing and reporting. */
  context: z
    .object({ team: z.string().nullable(), agent: z.string().nullable(), touchpoint: z.string().nullable() })
    .strict(),
};

export const alertCreatedDataSchema = z
  .object({
    ...alertBase,
    status: z.literal('open'),
    trigger: z
      .object({
        /** What matched: a score rule or a comment keyword. */
        metric: z.enum(['nps', 'csat', 'ces', 'keyword']),
        score: z.number().int().nullable(),
        keywords: z.array(z.string()),
      })
      .strict(),
    /** The customer's free-text comment, when there is one. */
    comment: z.string().nullable(),
    /** An earlier open alert on the same contact this one was linked to, instead of duplicating it. */
    linkedAlertId: uuid.nullable(),
    createdAt: utc,
  })
  .strict();

export const alertUpdatedDataSchema = z
  .object({
    ...alertBase,
    status: alertStatus,
    previousStatus: alertStatus,
    resolutionCode: z.string().nullable(),
    acknowledgedAt: utc.nullable(),
    resolvedAt: utc.nullable(),
    updatedAt: utc,
  })
  .strict();

export const contactOptedOutDataSchema = z
  .object({
    workspaceId: uuid,
    ...contactRef,
    /** Channels opted out of by this one action (a CSV import or API call can set several). */
    channels: z.array(channel).min(1),
    source: z.enum(['sms_keyword', 'email_link', 'voice_keypad', 'api', 'import']),
    optedOutAt: utc,
  })
  .strict();

const DATA_SCHEMAS = {
  'invitation.sent': invitationSentDataSchema,
  'invitation.failed': invitationFailedDataSchema,
  'response.completed': responseCompletedDataSchema,
  'alert.created': alertCreatedDataSchema,
  'alert.updated': alertUpdatedDataSchema,
  'contact.opted_out': contactOptedOutDataSchema,
} as const satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventData = { [T in WebhookEventType]: z.output<(typeof DATA_SCHEMAS)[T]> };

function envelopeSchema<T extends WebhookEventType>(type: T) {
  return z
    .object({
      type: z.literal(type),
      version: z.literal(PAYLOAD_VERSION),
      /** When the event happened (not when this attempt was sent: that is `webhook-timestamp`). */
      timestamp: utc,
      data: DATA_SCHEMAS[type],
    })
    .strict();
}

/** Full body schema per event type, for receivers' tests and the OpenAPI/JSON Schema export. */
export const WEBHOOK_PAYLOAD_SCHEMAS = {
  'invitation.sent': envelopeSchema('invitation.sent'),
  'invitation.failed': envelopeSchema('invitation.failed'),
  'response.completed': envelopeSchema('response.completed'),
  'alert.created': envelopeSchema('alert.created'),
  'alert.updated': envelopeSchema('alert.updated'),
  'contact.opted_out': envelopeSchema('contact.opted_out'),
} as const;

export interface WebhookPayload<T extends WebhookEventType = WebhookEventType> {
  type: T;
  version: typeof PAYLOAD_VERSION;
  timestamp: string;
  data: WebhookEventData[T];
}

/**
 * A validated body. Throws (ZodError) on a bad field, so a bug fails at enqueue time in our logs
 * rather than in every customer's receiver.
 */
export function buildPayload<T extends WebhookEventType>(
  type: T,
  occurredAt: Date,
  data: WebhookEventData[T],
): WebhookPayload<T> {
  const payload = { type, version: PAYLOAD_VERSION, timestamp: occurredAt.toISOString(), data };
  return WEBHOOK_PAYLOAD_SCHEMAS[type].parse(payload) as WebhookPayload<T>;
}

/** The exact bytes to store, sign and send; replays resend them unchanged. */
export function serializePayload(payload: WebhookPayload): string {
  return JSON.stringify(payload);
}

export function npsCategoryOf(score: number): z.output<typeof npsCategory> {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

type Answer = WebhookEventData['response.completed']['answers'][number];

/** The `scores` block from the answers: first numeric answer of each scale type. */
export function scoresFromAnswers(answers: readonly Answer[]): WebhookEventData['response.completed']['scores'] {
  const first = (type: 'nps' | 'csat' | 'ces'): number | null => {
    const found = answers.find((a) => a.questionType === type && typeof a.value === 'number');
    return found ? (found.value as number) : null;
  };
  const nps = first('nps');
  const csat = first('csat');
  const ces = first('ces');
  return {
    nps: nps === null ? null : { value: nps, category: npsCategoryOf(nps) },
    csat: csat === null ? null : { value: csat },
    ces: ces === null ? null : { value: ces },
  };
}

export const invitationSentPayload = (at: Date, data: WebhookEventData['invitation.sent']) =>
  buildPayload('invitation.sent', at, data);
export const invitationFailedPayload = (at: Date, data: WebhookEventData['invitation.failed']) =>
  buildPayload('invitation.failed', at, data);
export const alertCreatedPayload = (at: Date, data: WebhookEventData['alert.created']) =>
  buildPayload('alert.created', at, data);
export const alertUpdatedPayload = (at: Date, data: WebhookEventData['alert.updated']) =>
  buildPayload('alert.updated', at, data);
export const contactOptedOutPayload = (at: Date, data: WebhookEventData['contact.opted_out']) =>
  buildPayload('contact.opted_out', at, data);

/** `scores` is derived from `answers`, so callers cannot send two versions of the truth. */
export const responseCompletedPayload = (at: Date, data: Omit<WebhookEventData['response.completed'], 'scores'>) =>
  buildPayload('response.completed', at, { ...data, scores: scoresFromAnswers(data.answers) });
