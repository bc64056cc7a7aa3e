import { api, ok } from './client';
import type { paths } from './schema';
import type { GetBody, PostBody } from './types';

/** GET /v1/scores and POST /v1/scores/compare as the generated document describes them. */
export type ScoreReport = GetBody<'/v1/scores'>;
export type ScoreGroup = NonNullable<ScoreReport['groups']>[number];
/** What every headline measure has: n, the score, its 95% interval and the small-n flag. */
export type Figure = Pick<ScoreReport['nps'], 'n' | 'score' | 'interval' | 'tooFewToJudge'>;
export type Interval = NonNullable<ScoreReport['nps']['interval']>;
export type Comparison = PostBody<'/v1/scores/compare'>;
export type Metric = 'nps' | 'csat' | 'ces';

type ScoresQuery = NonNullable<paths['/v1/scores']['get']['parameters']['query']>;
export type CompareBody = NonNullable<
  paths['/v1/scores/compare']['post']['requestBody']
>['content']['application/json'];

/**
 * The document lists the snapshot filters people use (properties.team, .agent, .touchpoint); the
 * API takes any `properties.<key>` or `contact.<key>`, which a fixed type cannot name, so the
 * query is widened here once.
 */
export function getScores(query: Record<string, string>): Promise<ScoreReport> {
  return ok(api.GET('/v1/scores', { params: { query: query as ScoresQuery } }));
}

export function compareScores(body: CompareBody): Promise<Comparison> {
  return ok(api.POST('/v1/scores/compare', { body }));
}
