import { Inject, Injectable } from '@nestjs/common';

import { unknownFilter } from '../common/problem';
import { APP_CONFIG, AppConfig } from '../config/config';
import { SCALE_RANGES } from '../surveys/survey-definition';
import { SurveysService } from '../surveys/surveys.service';
import { compareMeans, compareNps, compareProportions, Comparison, NpsCounts, ProportionCounts } from './compare';
import { Moments, momentsFromDistribution } from './moments';
import { Dimension, FactRow, FactsRequest, Interval } from './rollups/score-facts';
import { ScoreFactsRepository } from './rollups/score-facts.repository';
import { ScoreRollupsRepository } from './rollups/score-rollups.repository';
import { round } from './round';
import { buildScoreGroups, emptyScoreGroup, ScoreGroup } from './score-report';
import { ScoreSettingsRepository } from './score-settings.repository';
import { ScoredCampaignsRepository } from './scored-campaigns.repository';

export interface ScoreFilter {
  workspaceId: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
}

/** What to score: filters on any dimension, a period, and optionally groups and periods to break it into. */
export interface ScoreRequest {
  workspaceId: string;
  where: Partial<Record<Dimension, string>>;
  questionId?: string;
  from?: Date;
  to?: Date;
  groupBy: Dimension[];
  interval?: Interval;
  timeZone: string;
  minimumAnswers?: number;
}

export type CompareMetric = 'nps' | 'csat' | 'ces' | 'yes_no';

export interface CompareSide {
  from?: Date;
  to?: Date;
  where: Partial<Record<Dimension, string>>;
}

/**
 * Scores from the rollups: every figure comes from counts per answer value (summed in advance per
 * 15-minute bucket and dimension), so a query over ten million responses reads about as many rows
 * as one over ten thousand. The statistics are pure functions over those counts.
 */
@Injectable()
export class ScoresService {
  constructor(
    private readonly facts: ScoreFactsRepository,
    private readonly rollups: ScoreRollupsRepository,
    private readonly settings: ScoreSettingsRepository,
    private readonly campaigns: ScoredCampaignsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly surveys: SurveysService,
  ) {}

  /**
   * A campaign or survey filter the workspace does not have is a 404 naming it, as on every list:
   * scores of nothing would read as "no answers yet".
   */
  async assertFilters(workspaceId: string, ids: { campaignId?: string; surveyId?: string }): Promise<void> {
    const [campaignFound] = await Promise.all([
      ids.campaignId ? this.campaigns.exists(workspaceId, ids.campaignId) : true,
      ids.surveyId ? this.surveys.assertFilter(workspaceId, ids.surveyId) : undefined,
    ]);
    if (!campaignFound) throw unknownFilter('campaignId', 'Campaign');
  }

  /** Headline scores of a campaign (or the workspace) in a period, with margins of error and response rates. */
  async scores(filter: ScoreFilter) {
    const [all] = await this.groups({
      workspaceId: filter.workspaceId,
      where: filter.campaignId ? { campaign: filter.campaignId } : {},
      from: filter.from,
      to: filter.to,
      groupBy: [],
      timeZone: 'UTC',
    });
    const { key: _key, period: _period, ...scores } = all ?? emptyScoreGroup(this.config.scoresMinimumAnswers);
    return {
      campaignId: filter.campaignId ?? null,
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
      minimumAnswers: this.config.scoresMinimumAnswers,
      ...scores,
    };
  }

  /** Scores over the whole request, and broken down by its groups and periods when it asks for them. */
  async report(req: ScoreRequest) {
    const minimum = req.minimumAnswers ?? this.config.scoresMinimumAnswers;
    // The headline and the breakdown are independent queries: in parallel, on two pooled connections.
    const [[overall], breakdown] = await Promise.all([
      this.groups({ ...req, groupBy: [], interval: undefined }),
      req.groupBy.length || req.interval ? this.groups(req) : Promise.resolve(undefined),
    ]);
    const { key: _key, period: _period, ...headline } = overall ?? emptyScoreGroup(minimum);
    return {
      campaignId: req.where.campaign ?? null,
      where: req.where,
      questionId: req.questionId ?? null,
      from: req.from?.toISOString() ?? null,
      to: req.to?.toISOString() ?? null,
      groupBy: req.groupBy,
      interval: req.interval ?? null,
      timeZone: req.timeZone,
      minimumAnswers: minimum,
      ...headline,
      ...(breakdown ? { groups: breakdown } : {}),
    };
  }

  /**
   * Two periods or two segments side by side, with the difference, its 95% interval and a
   * p-value: a z-test for NPS and for percentages (CSAT, yes/no), Welch's t-test for CES means.
   */
  async compare(req: {
    workspaceId: string;
    metric: CompareMetric;
    questionId?: string;
    where: Partial<Record<Dimension, string>>;
    a: CompareSide;
    b: CompareSide;
    minimumAnswers?: number;
  }) {
    const minimum = req.minimumAnswers ?? this.config.scoresMinimumAnswers;
    const side = async (s: CompareSide) => {
      const [g] = await this.groups({
        workspaceId: req.workspaceId,
        where: { ...req.where, ...s.where },
        questionId: req.questionId,
        from: s.from,
        to: s.to,
        groupBy: [],
        timeZone: 'UTC',
        minimumAnswers: minimum,
      });
      return g ?? emptyScoreGroup(minimum);
    };
    const [a, b] = await Promise.all([side(req.a), side(req.b)]);
    const figures = (g: ScoreGroup) => metricOf(g, req.metric, req.questionId);
    const fa = figures(a);
    const fb = figures(b);
    const comparison = compareFigures(fa, fb);
    const round2 = (x: number | null) => (x === null ? null : round(x, req.metric === 'ces' ? 2 : 1));
    const tooFew = fa.n < minimum || fb.n < minimum;
    return {
      metric: req.metric,
      questionId: req.questionId ?? null,
      a: { ...describeSide(req.a), n: fa.n, score: fa.score, tooFewToJudge: fa.n < minimum },
      b: { ...describeSide(req.b), n: fb.n, score: fb.score, tooFewToJudge: fb.n < minimum },
      difference: round2(comparison.difference),
      interval: comparison.interval
        ? { low: round2(comparison.interval.low), high: round2(comparison.interval.high) }
        : null,
      pValue: comparison.pValue === null ? null : Number(comparison.pValue.toPrecision(3)),
      significant: comparison.significant,
      test: comparison.test,
      reason: comparison.reason,
      minimumAnswers: minimum,
      tooFewToJudge: tooFew,
      verdict: verdict(req.metric, comparison, tooFew),
    };
  }

  private async groups(req: ScoreRequest): Promise<ScoreGroup[]> {
    const [{ from, to }, dayZone] = await Promise.all([this.bounds(req), this.dayZone(req.workspaceId)]);
    if (from >= to) return [];
    // A campaign has one survey and one trigger: survey and event type are read through the campaign.
    const { survey, eventType, ...where } = req.where;
    const viaCampaign = req.groupBy.filter((d) => d === 'survey' || d === 'eventType');
    let campaigns: Map<string, { survey: string; eventType: string }> | undefined;
    let allowed: string[] | undefined;
    if (survey || eventType || viaCampaign.length) {
      campaigns = await this.campaignsOf(req.workspaceId);
      if (survey || eventType) {
        allowed = [...campaigns]
          .filter(([, c]) => (!survey || c.survey === survey) && (!eventType || c.eventType === eventType))
          .map(([id]) => id);
        if (allowed.length === 0) return [];
      }
    }
    const groupBy = [
      ...new Set(req.groupBy.map((d) => (d === 'survey' || d === 'eventType' ? 'campaign' : d))),
    ] as Dimension[];
    const request: FactsRequest = {
      workspaceId: req.workspaceId,
      where,
      campaigns: allowed,
      questionId: req.questionId,
      from,
      to,
      groupBy,
      interval: req.interval,
      timeZone: req.timeZone,
      dayZone,
    };
    const rows = await this.facts.facts(request);
    const regrouped = campaigns && viaCampaign.length ? regroupByCampaign(rows, req.groupBy, campaigns) : rows;
    return buildScoreGroups(regrouped, req.minimumAnswers ?? this.config.scoresMinimumAnswers);
  }

  /**
   * The zone the workspace's day rollups are cut in. Read on every query, not cached: after a
   * change (which rebuilds the rollups in the same transaction) no process may plan with the old one.
   */
  async dayZone(workspaceId: string): Promise<string> {
    return (await this.settings.dayZone(workspaceId)) ?? 'UTC';
  }

  /** Sets the reporting zone and recomputes the workspace's rollups in it, in one transaction. */
  async setDayZone(workspaceId: string, zone: string): Promise<{ dayZone: string; rollupRows: number }> {
    const { rows } = await this.rollups.rebuild(workspaceId, (tx) => this.settings.saveDayZone(workspaceId, zone, tx));
    return { dayZone: zone, rollupRows: rows };
  }

  private async campaignsOf(workspaceId: string): Promise<Map<string, { survey: string; eventType: string }>> {
    const rows = await this.campaigns.surveysAndEvents(workspaceId);
    return new Map(rows.map((r) => [r.id, { survey: r.survey_id, eventType: r.event_type }]));
  }

  /**
   * Open ends of a request, from the data: the first counted day (two index lookups), and a day
   * past now. Whole UTC days, so they read as day rollups.
   */
  private async bounds(req: ScoreRequest): Promise<{ from: Date; to: Date }> {
    const now = Date.now();
    let from = req.from?.getTime();
    if (from === undefined) {
      const first = await this.facts.firstBucket(req.workspaceId);
      from = Math.floor((first ? Math.min(first.getTime(), now) : now) / DAY_MS) * DAY_MS;
    }
    const to = req.to?.getTime() ?? (Math.floor(now / DAY_MS) + 2) * DAY_MS;
    return { from: new Date(from), to: new Date(to) };
  }
}

const DAY_MS = 24 * 3600 * 1000;

/** Rows grouped by campaign, re-keyed by the campaign's survey or event type as asked, and summed. */
function regroupByCampaign(
  rows: FactRow[],
  groupBy: Dimension[],
  campaigns: Map<string, { survey: string; eventType: string }>,
): FactRow[] {
  const merged = new Map<string, FactRow>();
  for (const row of rows) {
    const campaign = campaigns.get(row.groups.campaign);
    const groups = Object.fromEntries(
      groupBy.map((d) => [
        d,
        d === 'survey' ? (campaign?.survey ?? '') : d === 'eventType' ? (campaign?.eventType ?? '') : row.groups[d],
      ]),
    );
    const key = JSON.stringify([groups, row.period, row.questionId, row.questionType, row.valueKey]);
    const seen = merged.get(key);
    if (seen) seen.n += row.n;
    else merged.set(key, { ...row, groups });
  }
  return [...merged.values()];
}

/** One side's figures for the test its metric needs. */
type Figures = { n: number; score: number | null } & (
  | { kind: 'nps'; counts: NpsCounts }
  | { kind: 'proportion'; counts: ProportionCounts }
  | { kind: 'mean'; moments: Moments }
);

function metricOf(g: ScoreGroup, metric: CompareMetric, questionId?: string): Figures {
  const q = questionId ? g.questions.find((x) => x.questionId === questionId) : undefined;
  switch (metric) {
    case 'nps': {
      const m = (q ?? g.nps) as ScoreGroup['nps'];
      return {
        n: m.n,
        score: m.score,
        kind: 'nps',
        counts: { promoters: m.promoters, detractors: m.detractors, n: m.n },
      };
    }
    case 'csat': {
      const m = (q ?? g.csat) as ScoreGroup['csat'];
      return { n: m.n, score: m.score, kind: 'proportion', counts: { successes: m.satisfied, n: m.n } };
    }
    case 'ces': {
      const m = (q ?? g.ces) as ScoreGroup['ces'];
      const dist = Object.fromEntries(Object.entries(m.distribution).map(([k, v]) => [Number(k), v]));
      return {
        n: m.n,
        score: m.mean,
        kind: 'mean',
        moments: momentsFromDistribution(dist, SCALE_RANGES.ces.min, SCALE_RANGES.ces.max),
      };
    }
    case 'yes_no': {
      const m = (q ?? g.questions.find((x) => x.type === 'yes_no')) as
        { yes?: number; n?: number; score?: number | null } | undefined;
      return {
        n: m?.n ?? 0,
        score: m?.score ?? null,
        kind: 'proportion',
        counts: { successes: m?.yes ?? 0, n: m?.n ?? 0 },
      };
    }
  }
}

function compareFigures(a: Figures, b: Figures): Comparison {
  if (a.kind === 'nps' && b.kind === 'nps') return compareNps(a.counts, b.counts);
  if (a.kind === 'mean' && b.kind === 'mean') return compareMeans(a.moments, b.moments);
  if (a.kind === 'proportion' && b.kind === 'proportion') return compareProportions(a.counts, b.counts);
  throw new Error('both sides of a comparison have the same metric');
}

function describeSide(s: CompareSide) {
  return { from: s.from?.toISOString() ?? null, to: s.to?.toISOString() ?? null, where: s.where };
}

const UNITS: Record<CompareMetric, string> = {
  nps: 'NPS points',
  csat: 'percentage points',
  ces: 'points on the 1–7 scale',
  yes_no: 'percentage points',
};

/** The comparison in one plain sentence, for people who do not read p-values. */
export function verdict(metric: CompareMetric, c: Comparison, tooFew: boolean): string {
  if (c.difference === null || c.pValue === null) return `No test could be run: ${c.reason ?? 'not enough answers'}.`;
  const digits = metric === 'ces' ? 2 : 1;
  const diff = `${c.difference > 0 ? '+' : ''}${c.difference.toFixed(digits)} ${UNITS[metric]}`;
  const p = c.pValue < 0.001 ? 'p < 0.001' : `p = ${c.pValue.toFixed(3)}`;
  const caution = tooFew ? ' At least one side has too few answers to judge; treat it as a hint.' : '';
  return c.significant
    ? `The difference of ${diff} is statistically significant at 95% (${p}).${caution}`
    : `The difference of ${diff} is not statistically significant at 95% (${p}): it could be noise.${caution}`;
}
