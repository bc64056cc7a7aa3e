import { z } from 'zod';

/**
 * What GET /v1/scores and POST /v1/scores/compare answer, for the OpenAPI document (the console's
 * typed client is generated from it). Built by score-report.ts, score-metrics.ts and
 * ScoresService; test/integration/openapi-document.spec.ts checks real answers against it.
 */
const count = z.number().int().min(0);
const share = z.number().nullable().describe('A percentage, 1 decimal; null when nothing was counted.');
const interval = z.object({ low: z.number(), high: z.number() });
const bounds = interval.nullable().describe('The 95% interval; null when it cannot be computed (no answers).');
const distribution = z
  .record(z.string(), count)
  .describe('Answer value → how many gave it, every point of the scale present (zeros included).');
const sample = {
  n: count.describe('Answers counted.'),
  tooFewToJudge: z.boolean().describe('n is below minimumAnswers: show the figure, do not judge by it.'),
};

const nps = {
  ...sample,
  promoters: count,
  passives: count,
  detractors: count,
  score: z.number().nullable().describe('%promoters − %detractors, −100…100, 1 decimal.'),
  promoterPct: share,
  passivePct: share,
  detractorPct: share,
  marginOfError: z.number().nullable().describe('Half-width of the 95% interval, in NPS points.'),
  interval: bounds,
};
const csat = {
  ...sample,
  satisfied: count.describe('Answers of 4 or 5.'),
  score: share.describe('% satisfied (4–5).'),
  mean: z.number().nullable().describe('Mean of 1–5, 2 decimals.'),
  interval: bounds.describe('Wilson 95% interval of the score.'),
  meanInterval: bounds.describe('t 95% interval of the mean.'),
};
const ces = {
  ...sample,
  mean: z.number().nullable().describe('Mean of 1–7, 2 decimals.'),
  easyPct: share.describe('% of 5–7.'),
  score: z.number().nullable().describe('The mean again, so every metric has a `score`.'),
  interval: bounds.describe('t 95% interval of the mean.'),
  easyInterval: bounds.describe('Wilson 95% interval of easyPct.'),
};
const yesNo = {
  ...sample,
  yes: count,
  no: count,
  score: share.describe('% yes.'),
  interval: bounds,
};
const choice = {
  ...sample,
  options: z
    .record(z.string(), z.object({ count, pct: share, interval: bounds }))
    .describe('Option id → its count and share, most chosen first.'),
};

const question = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ questionId: z.string(), type: z.literal(type), ...shape });

/** The figures of one slice (the whole request, a group or a period). */
const figures = {
  nps: z.object({ ...nps, distribution }),
  csat: z.object({ ...csat, distribution }),
  ces: z.object({ ...ces, distribution }),
  questions: z
    .array(
      z.discriminatedUnion('type', [
        question('nps', { ...nps, distribution }),
        question('csat', { ...csat, distribution }),
        question('ces', { ...ces, distribution }),
        question('yes_no', yesNo),
        question('single_choice', choice),
      ]),
    )
    .describe('Every scored question, by id.'),
  responses: count,
  invitationsSent: count,
  invitationsDelivered: count,
  respondedInvitations: count.describe('Of the invitations sent in the period, how many got any answer.'),
  responseRate: share.describe('respondedInvitations of invitationsSent.'),
  responseRates: z.object({
    ofSent: z.object({ pct: share, interval: bounds }),
    ofDelivered: z.object({ pct: share, interval: bounds }),
  }),
};

const where = z
  .record(z.string(), z.string())
  .describe('The filters applied, by dimension (campaign, survey, channel, language, eventType, properties.<key>, …).');
const instant = z.string().nullable().describe('ISO 8601; null when open.');

export const scoreReportSchema = z.object({
  campaignId: z.string().nullable(),
  where,
  questionId: z.string().nullable(),
  from: instant,
  to: instant,
  groupBy: z.array(z.string()),
  interval: z.enum(['day', 'week', 'month']).nullable(),
  timeZone: z.string(),
  minimumAnswers: count,
  ...figures,
  groups: z
    .array(
      z.object({
        key: z.record(z.string(), z.string()).describe('The group: dimension → value, as asked in groupBy.'),
        period: z.string().nullable().describe('Start of the period (with `interval`), else null.'),
        ...figures,
      }),
    )
    .optional()
    .describe('Only with groupBy or interval: one entry per group and period.'),
});

const side = z.object({
  from: instant,
  to: instant,
  where,
  n: count,
  score: z.number().nullable(),
  tooFewToJudge: z.boolean(),
});

export const scoreComparisonSchema = z.object({
  metric: z.enum(['nps', 'csat', 'ces', 'yes_no']),
  questionId: z.string().nullable(),
  a: side,
  b: side,
  difference: z.number().nullable().describe('a − b in the metric’s unit; null when no test could run.'),
  interval: interval.nullable().describe('The 95% interval of the difference.'),
  pValue: z.number().nullable(),
  significant: z.boolean().describe('p < 0.05.'),
  test: z.string().describe('The test behind pValue.'),
  reason: z.string().nullable().describe('Why a figure is missing or degenerate; null when the test ran normally.'),
  minimumAnswers: count,
  tooFewToJudge: z.boolean(),
  verdict: z.string().describe('The comparison in one plain sentence.'),
});
