import { applyDecorators, Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { badRequest, missingPermission } from '../common/problem';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ianaTimeZone } from '../common/zod-fields';
import { ApiZod, parseBody } from '../common/zod-validation';
import { CHANNELS } from '../policy/channel';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { CallerTeamScope, TeamScope } from '../workspaces/principal';
import { Dimension, FactsRequestError, isDimension, isSnapshotDimension } from './rollups/score-facts';
import { scoreComparisonSchema, scoreReportSchema } from './score-report.schema';
import { ScoresService } from './scores.service';

const instant = z
  .string()
  .datetime({ offset: true })
  .transform((s) => new Date(s));
const timeZone = ianaTimeZone;

/** Filters every score request accepts; `properties.<key>` and `contact.<key>` filter on snapshot dimensions. */
const filterFields = {
  campaignId: z.string().uuid().optional().describe('One campaign (404 when the workspace has none such)'),
  surveyId: z.string().uuid().optional().describe('One survey (404 when the workspace has none such)'),
  channel: z.enum(CHANNELS).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, 'Expected a language code such as fi')
    .optional(),
  eventType: z.string().min(1).max(200).optional(),
  questionId: z.string().min(1).max(100).optional(),
};

const SNAPSHOT_HINT = 'filter on event properties as properties.<key>, on contact attributes as contact.<key>';

/**
 * Any `properties.<key>` or `contact.<key>` filters; the document names the event properties the
 * journey context uses (alerts read the same three), so a typed client can send them.
 */
const ContextFilters = () =>
  applyDecorators(
    ...['team', 'agent', 'touchpoint'].map((key) =>
      ApiQuery({
        name: `properties.${key}`,
        required: false,
        schema: { type: 'string', maxLength: 200 },
        description: `Only responses whose event had properties.${key} equal to this (any properties.<key> or contact.<key> works the same).`,
      }),
    ),
  );

const groupBy = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
  )
  .refine((ds) => ds.length <= 2, 'Group by at most two dimensions at once')
  .refine(
    (ds) => ds.every(isDimension),
    'Each dimension is campaign, survey, channel, language, eventType, properties.<key> or contact.<key>',
  )
  .transform((ds) => ds as Dimension[]);

const scoresQuery = z
  .object({
    ...filterFields,
    from: instant.optional().describe('ISO 8601, inclusive (response time)'),
    to: instant.optional().describe('ISO 8601, exclusive'),
    groupBy: groupBy
      .optional()
      .describe(
        'Up to two of campaign, survey, channel, language, eventType, properties.<key>, contact.<key>, comma-separated',
      ),
    interval: z.enum(['day', 'week', 'month']).optional().describe('day, week or month: trends, cut in `tz`'),
    tz: timeZone
      .optional()
      .describe('IANA time zone of the periods (default UTC); a week starts on Monday 00:00 there'),
    minAnswers: z.coerce
      .number()
      .int()
      .min(1)
      .max(100000)
      .optional()
      .describe('Below this many answers a figure is flagged tooFewToJudge (default SCORES_MIN_ANSWERS, 30)'),
  })
  .catchall(z.string().max(200))
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from >= q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    for (const key of Object.keys(q)) {
      if (
        !(key in filterFields) &&
        !['from', 'to', 'groupBy', 'interval', 'tz', 'minAnswers'].includes(key) &&
        !isSnapshotDimension(key)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `Unknown parameter (${SNAPSHOT_HINT})`,
        });
      }
    }
  });

const side = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    where: z.record(z.string(), z.string().max(200)).optional(),
  })
  .strict();

const compareBody = z
  .object({
    metric: z.enum(['nps', 'csat', 'ces', 'yes_no']),
    ...filterFields,
    where: z.record(z.string(), z.string().max(200)).optional(),
    a: side,
    b: side,
    minAnswers: z.number().int().min(1).max(100000).optional(),
  })
  .strict();

type Filters = { campaignId?: string; surveyId?: string; channel?: string; language?: string; eventType?: string };

function whereOf(
  f: Filters,
  extra: Record<string, string | undefined> = {},
  path = 'where',
): Partial<Record<Dimension, string>> {
  const where: Partial<Record<Dimension, string>> = {};
  if (f.campaignId) where.campaign = f.campaignId;
  if (f.surveyId) where.survey = f.surveyId;
  if (f.channel) where.channel = f.channel;
  if (f.language) where.language = f.language;
  if (f.eventType) where.eventType = f.eventType;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    if (!isDimension(key)) {
      throw badRequest('Invalid filter.', [
        {
          path: `${path}.${key}`,
          message: 'Filter keys are campaign, survey, channel, language, eventType, properties.<key> or contact.<key>',
        },
      ]);
    }
    where[key] = value;
  }
  return where;
}

/** The query's own problems (too many snapshot dimensions) as a 400 naming the parameter. */
async function asBadRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof FactsRequestError)
      throw badRequest('Invalid query parameters.', [{ path: err.path, message: err.message }]);
    throw err;
  }
}

/** The snapshot dimension an agent's team is read from: the event's `team` property. */
const TEAM_DIMENSION = 'properties.team';

/**
 * An agent's scores are their own team's: the filter gains `properties.team=<their team>`, and a
 * filter naming another team is refused rather than silently answered for theirs.
 */
function narrowToTeam(
  where: Partial<Record<Dimension, string>>,
  scope: TeamScope | null,
  ...sides: Array<Partial<Record<Dimension, string>>>
): Partial<Record<Dimension, string>> {
  if (!scope) return where;
  if (!scope.team)
    throw missingPermission('scores:read', 'This agent belongs to no team, so there are no team scores to show.');
  for (const w of [where, ...sides])
    if (w[TEAM_DIMENSION] !== undefined && w[TEAM_DIMENSION] !== scope.team)
      throw missingPermission('scores:read', `An agent sees the scores of their own team (${scope.team}) only.`);
  return { ...where, [TEAM_DIMENSION]: scope.team };
}

@ApiTags('scores')
@Controller('v1/scores')
export class ScoresController {
  constructor(private readonly scores: ScoresService) {}

  @Get()
  @ApiOperation({ operationId: 'getScores', summary: 'Get scores' })
  @RequirePermission('scores:read', { teamScoped: true })
  @QueryParams(scoresQuery, { alsoAllows: isSnapshotDimension, hint: SNAPSHOT_HINT })
  @ContextFilters()
  @ApiZod({
    response: scoreReportSchema,
    description:
      'NPS, CSAT, CES, yes/no and choices with n, distribution, 95% margins and intervals; response rates; optional breakdowns and trends.',
  })
  async get(
    @WorkspaceId() ws: string,
    @ValidQuery() query: z.output<typeof scoresQuery>,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    const {
      campaignId,
      surveyId,
      channel,
      language,
      eventType,
      questionId,
      from,
      to,
      groupBy: groups,
      interval,
      tz,
      minAnswers,
      ...snapshot
    } = query;
    const where = narrowToTeam(
      whereOf({ campaignId, surveyId, channel, language, eventType }, snapshot as Record<string, string>, 'query'),
      scope,
    );
    await this.scores.assertFilters(ws, { campaignId, surveyId });
    return asBadRequest(() =>
      this.scores.report({
        workspaceId: ws,
        where,
        questionId,
        from,
        to,
        groupBy: groups ?? [],
        interval,
        timeZone: tz ?? 'UTC',
        minimumAnswers: minAnswers,
      }),
    );
  }

  @Post('compare')
  @ApiOperation({ operationId: 'compareScores', summary: 'Compare two periods or segments' })
  @RequirePermission('scores:read', { teamScoped: true, audit: false })
  @HttpCode(200)
  @ApiZod({
    body: compareBody,
    response: scoreComparisonSchema,
    description:
      'Two periods or two segments: the difference, its 95% interval, a p-value and whether it is significant.',
  })
  async compare(@WorkspaceId() ws: string, @Body() body: unknown, @CallerTeamScope() scope: TeamScope | null) {
    const b = parseBody(compareBody, body);
    const base = narrowToTeam(whereOf(b, b.where), scope, b.a.where ?? {}, b.b.where ?? {});
    const sideOf = (s: z.output<typeof side>, name: 'a' | 'b') => {
      if (s.from && s.to && s.from >= s.to)
        throw badRequest('Invalid comparison.', [{ path: `${name}.to`, message: 'to must be after from' }]);
      return { from: s.from, to: s.to, where: whereOf({}, s.where, `${name}.where`) };
    };
    const [a, bSide] = [sideOf(b.a, 'a'), sideOf(b.b, 'b')];
    await this.scores.assertFilters(ws, { campaignId: b.campaignId, surveyId: b.surveyId });
    return asBadRequest(() =>
      this.scores.compare({
        workspaceId: ws,
        metric: b.metric,
        questionId: b.questionId,
        where: base,
        a,
        b: bSide,
        minimumAnswers: b.minAnswers,
      }),
    );
  }
}
