import { z } from 'zod';

import { pageSchema } from '../common/pagination';
import { ALERT_STATUSES } from './workflow';

/** An alert as the API answers it (alert-view.ts), and the follow-up metrics, for the OpenAPI document. */
const status = z.enum(ALERT_STATUSES);
const instant = z.string().describe('ISO 8601.');

const match = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('score'),
    questionId: z.string(),
    type: z.enum(['nps', 'csat', 'ces']),
    value: z.number(),
    range: z.object({ min: z.number(), max: z.number() }),
    perQuestion: z.boolean().describe("The range is the question's own rather than its type's."),
    reason: z.string(),
  }),
  z.object({ kind: z.literal('keyword'), keyword: z.string(), questionIds: z.array(z.string()), reason: z.string() }),
]);

const alertFields = {
  id: z.string().uuid(),
  status,
  campaignId: z.string().uuid(),
  responseId: z.string().uuid().describe('The response that raised it.'),
  contact: z
    .object({
      id: z.string().uuid(),
      externalId: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .describe('The person to call back.'),
  assignee: z.string().nullable(),
  notifyTo: z.array(z.string()),
  context: z.object({ team: z.string().nullable(), agent: z.string().nullable(), touchpoint: z.string().nullable() }),
  reasons: z.array(z.string()).describe('Why, in words: `NPS 3 (0–6)`, `comment mentions "lopetan"`.'),
  matches: z.array(match).describe('Why, as data.'),
  comment: z.string().nullable(),
  language: z.string().nullable(),
  linkedAlertId: z.string().uuid().nullable(),
  createdAt: instant,
  updatedAt: instant,
  lastResponseAt: instant,
  acknowledgedAt: instant.nullable(),
  resolvedAt: instant.nullable(),
  resolutionCode: z.string().nullable(),
  reopenCount: z.number().int().min(0),
  notification: z.object({
    state: z.enum(['pending', 'sending', 'sent', 'skipped', 'failed']),
    sentAt: instant.nullable(),
  }),
};

/** One alert in a list. */
export const alertSchema = z.object(alertFields);

/** One alert on its own (GET /v1/alerts/:id and every workflow action): with its responses and history. */
export const alertDetailSchema = z.object({
  ...alertFields,
  responses: z
    .array(
      z.object({
        id: z.string().uuid(),
        channel: z.string(),
        completed: z.boolean(),
        createdAt: instant,
        completedAt: instant.nullable(),
        answers: z.array(
          z.object({
            questionId: z.string(),
            questionType: z.string(),
            value: z.string().nullable().describe('As text: "3", "yes", an option id, or what was written.'),
            comment: z.string().nullable(),
          }),
        ),
      }),
    )
    .describe('Every response on the alert, oldest first.'),
  history: z
    .array(
      z.object({
        at: instant,
        actor: z.string(),
        action: z.enum(['acknowledge', 'resolve', 'reopen', 'assign', 'note']),
        from: status,
        to: status,
        note: z.string().nullable(),
        code: z.string().nullable(),
        assigneeBefore: z.string().nullable(),
        assigneeAfter: z.string().nullable(),
      }),
    )
    .describe('Every action taken, oldest first.'),
});

export const alertPageSchema = pageSchema(alertSchema);

const seconds = z.number().nullable().describe('Whole seconds; null when n is 0.');
const duration = z.object({
  n: z.number().int().min(0).describe('Alerts that reached the step.'),
  pending: z.number().int().min(0).describe('Alerts that have not reached it yet.'),
  medianSeconds: seconds,
  p90Seconds: seconds,
  meanSeconds: seconds,
});
const followUp = {
  alerts: z.number().int().min(0),
  timeToAcknowledge: duration,
  timeToResolve: duration.describe('Only alerts resolved now count as reached.'),
};

export const alertMetricsSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  campaignId: z.string().nullable(),
  byStatus: z.object({
    open: z.number().int().min(0),
    acknowledged: z.number().int().min(0),
    resolved: z.number().int().min(0),
  }),
  overall: z.object(followUp),
  groupBy: z.enum(['team', 'campaign', 'assignee']),
  groups: z
    .array(z.object({ key: z.string().nullable().describe('null: alerts without one.'), ...followUp }))
    .describe('Sorted by key, the null group last.'),
});
