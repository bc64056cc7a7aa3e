import { z } from 'zod';

import { keysetPageParams } from '../common/pagination';
import { responseFilterParams } from './response-filter-params';
import { MAX_TAG_LENGTH, MAX_TAGS } from './response-tags';

const datetime = z.string().datetime({ offset: true });
const localized = z.record(z.string(), z.string()).describe('Text per locale, as the survey defines it');

/** GET /v1/responses. */
export const responseListQuery = z
  .object({
    campaignId: z
      .string()
      .uuid()
      .optional()
      .describe("Only this campaign's responses (404 when the workspace has none such)"),
    from: datetime.optional().describe('Responses created at or after (ISO 8601 with offset)'),
    to: datetime.optional().describe('Responses created before'),
    ...responseFilterParams,
    ...keysetPageParams,
  })
  .strict();

const answer = {
  questionId: z.string(),
  value: z.union([z.number(), z.string()]).nullable().describe('Null for a phone recording not (yet) transcribed.'),
  comment: z.string().nullable().describe('Words sent with a score ("9, quick and friendly").'),
  recording: z
    .object({ url: z.string(), seconds: z.number() })
    .nullable()
    .describe('An open answer given on the phone; `value` holds its transcription when Twilio provides one.'),
};

/** One response as the list shows it. */
export const responseListItem = z.object({
  id: z.string().uuid(),
  invitationId: z.string().uuid(),
  campaignId: z.string().uuid(),
  contact: z.object({ externalId: z.string() }),
  channel: z.string(),
  team: z.string().nullable().describe("The event's `team` property"),
  completed: z.boolean(),
  late: z.boolean().describe('Arrived after the invitation expired: kept, never scored.'),
  unparsedText: z.string().nullable().describe('Replies we could not read (SMS), kept as written.'),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  answers: z.array(
    z.object({ ...answer, type: z.string().describe('The question type: nps, csat, ces, text, yes_no, …') }),
  ),
  tags: z.array(z.string()),
});

const alertSummary = z.object({
  id: z.string().uuid(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  assignee: z.string().nullable(),
  team: z.string().nullable(),
  reasons: z.array(z.string()),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionCode: z.string().nullable(),
});

/** The themes of one response (also the answer of PUT /v1/responses/{id}/themes). */
export const responseThemesSchema = z.object({
  language: z.string().nullable().describe('The language its open answers are analysed in (en, fi, sv, nb)'),
  themes: z.array(
    z.object({
      key: z.string().describe('As GET /v1/text/themes names it'),
      label: z.string(),
      source: z.enum(['detected', 'added']),
    }),
  ),
  removed: z
    .array(z.object({ key: z.string(), label: z.string() }))
    .describe('Found by the analysis, taken off by an analyst'),
});

/** GET /v1/responses/{id}. */
export const responsePageSchema = z.object({
  id: z.string().uuid(),
  channel: z.string(),
  language: z.string().nullable(),
  completed: z.boolean(),
  late: z.boolean(),
  unparsedText: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  team: z.string().nullable(),
  campaign: z.object({ id: z.string().uuid(), name: z.string(), channels: z.array(z.string()) }),
  survey: z.object({
    id: z.string().uuid(),
    versionId: z.string().uuid(),
    version: z.number(),
    defaultLocale: z.string(),
  }),
  contact: z.object({
    id: z.string().uuid(),
    externalId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale: z.string().nullable(),
  }),
  journey: z
    .object({
      eventId: z.string().uuid().nullable(),
      type: z.string(),
      properties: z.record(z.string(), z.unknown()),
      occurredAt: z.string().nullable(),
      receivedAt: z.string().nullable(),
    })
    .describe('The event that triggered the survey'),
  delivery: z
    .object({
      invitationId: z.string().uuid(),
      status: z.string(),
      reason: z.string().nullable(),
      channel: z.string(),
      step: z.number().describe('Moves on with each fallback to the next channel and each reminder'),
      attempts: z.number(),
      remindersSent: z.number(),
      scheduledFor: z.string().nullable(),
      sentAt: z.string().nullable(),
      handedOverAt: z.string().nullable(),
      expiresAt: z.string().nullable(),
      deliveryStatus: z.string().nullable(),
      deliveryErrorCode: z.number().nullable(),
      deliveryUpdatedAt: z.string().nullable(),
      callOutcome: z.string().nullable(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .describe('Where the invitation stands (its latest state: each step replaces the last)'),
  answers: z.array(
    z.object({
      ...answer,
      type: z.string(),
      answeredAt: z.string(),
      question: z.object({ text: localized, choiceLabel: localized.nullable() }).nullable(),
    }),
  ),
  alerts: z.array(alertSummary),
  tags: z.array(z.string()),
  themes: responseThemesSchema,
});

/** PUT /v1/responses/{id}/tags. */
export const tagsBody = z
  .object({
    tags: z
      .array(z.string().trim().min(1, 'A tag cannot be empty').max(MAX_TAG_LENGTH))
      .max(MAX_TAGS, `At most ${MAX_TAGS} tags`),
  })
  .strict();

export const tagsAnswer = z.object({
  responseId: z.string().uuid(),
  tags: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
});

/** GET /v1/responses/tags. */
export const tagCountsQuery = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(100)
      .describe('How many tags, most used first (default 100)'),
  })
  .strict();

export const tagCountsAnswer = z.object({ tags: z.array(z.object({ tag: z.string(), responses: z.number() })) });
