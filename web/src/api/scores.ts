import { api, ok } from './client';

/**
 * The parts of GET /v1/scores and POST /v1/scores/compare the screens read. The document calls
 * these bodies open objects until their schemas are written out (docs/api.md), so the shape is
 * named here once, from src/scoring/score-report.ts.
 */
export interface Interval {
  low: number;
  high: number;
}

export interface Figure {
  n: number;
  score: number | null;
  interval: Interval | null;
  tooFewToJudge: boolean;
}

export interface NpsFigure extends Figure {
  promoters: number;
  passives: number;
  detractors: number;
  marginOfError: number | null;
}

export interface ScoreGroup {
  key: Record<string, string>;
  period: string | null;
  nps: NpsFigure;
  csat: Figure & { mean: number | null };
  ces: Figure & { mean: number | null };
  responses: number;
  invitationsSent: number;
  invitationsDelivered: number;
  respondedInvitations: number;
  responseRates: { ofSent: { pct: number | null; interval: Interval | null } };
}

export interface ScoreReport extends Omit<ScoreGroup, 'key' | 'period'> {
  minimumAnswers: number;
  groups?: ScoreGroup[];
}

export type Metric = 'nps' | 'csat' | 'ces';

export interface Comparison {
  metric: Metric;
  a: { n: number; score: number | null; tooFewToJudge: boolean };
  b: { n: number; score: number | null; tooFewToJudge: boolean };
  difference: number | null;
  interval: Interval | null;
  pValue: number | null;
  significant: boolean | null;
  tooFewToJudge: boolean;
}

export async function getScores(query: Record<string, string>): Promise<ScoreReport> {
  return (await ok(api.GET('/v1/scores', { params: { query } } as never))) as unknown as ScoreReport;
}

export async function compareScores(body: Record<string, unknown>): Promise<Comparison> {
  return (await ok(api.POST('/v1/scores/compare', { body } as never))) as unknown as Comparison;
}
