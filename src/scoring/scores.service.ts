import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { cesFromDistribution } from './ces';
import { csatFromDistribution } from './csat';
import { Distribution } from './metric-types';
import { npsFromDistribution } from './nps';
import { responseRate } from './response-rate';

export interface ScoreFilter {
  workspaceId: string;
  campaignId?: string;
  from?: Date;
  to?: Date;
}

/**
 * Headline scores for a slice of responses. The database only counts answers per value; the
 * maths lives in pure functions over those distributions, which is also the shape the rollups of
 * the scoring issue will feed.
 */
@Injectable()
export class ScoresService {
  constructor(private readonly db: Sql) {}

  async scores(filter: ScoreFilter) {
    const params = [filter.workspaceId, filter.campaignId ?? null, filter.from ?? null, filter.to ?? null];
    const [counts, [volume]] = await Promise.all([
      this.db.query(
        `SELECT a.question_type, a.value_num, count(*)::int AS n
         FROM answers a JOIN responses r ON r.id = a.response_id
         WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2)
           AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)
           AND a.question_type IN ('nps', 'csat', 'ces') AND a.value_num IS NOT NULL AND NOT r.late
         GROUP BY a.question_type, a.value_num`,
        params,
      ),
      this.db.query(
        `SELECT
           (SELECT count(*)::int FROM invitations i WHERE i.workspace_id = $1 AND ($2::uuid IS NULL OR i.campaign_id = $2)
              AND i.sent_at IS NOT NULL AND ($3::timestamptz IS NULL OR i.sent_at >= $3) AND ($4::timestamptz IS NULL OR i.sent_at < $4)) AS sent,
           (SELECT count(*)::int FROM responses r JOIN invitations i ON i.id = r.invitation_id
              WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2) AND NOT r.late
              AND i.sent_at IS NOT NULL AND ($3::timestamptz IS NULL OR i.sent_at >= $3) AND ($4::timestamptz IS NULL OR i.sent_at < $4)) AS responded,
           (SELECT count(*)::int FROM responses r WHERE r.workspace_id = $1 AND ($2::uuid IS NULL OR r.campaign_id = $2) AND NOT r.late
              AND ($3::timestamptz IS NULL OR r.created_at >= $3) AND ($4::timestamptz IS NULL OR r.created_at < $4)) AS responses`,
        params,
      ),
    ]);
    const dist: Record<'nps' | 'csat' | 'ces', Distribution> = { nps: {}, csat: {}, ces: {} };
    for (const row of counts) dist[row.question_type as 'nps' | 'csat' | 'ces'][row.value_num] = row.n;
    return {
      campaignId: filter.campaignId ?? null,
      from: filter.from?.toISOString() ?? null,
      to: filter.to?.toISOString() ?? null,
      nps: { ...npsFromDistribution(dist.nps), distribution: dense(dist.nps, 0, 10) },
      csat: { ...csatFromDistribution(dist.csat), distribution: dense(dist.csat, 1, 5) },
      ces: { ...cesFromDistribution(dist.ces), distribution: dense(dist.ces, 1, 7) },
      responses: volume.responses,
      invitationsSent: volume.sent,
      // Of the invitations sent in the period, the share that got any answer.
      responseRate: responseRate(volume.responded, volume.sent),
    };
  }
}

/** Every scale point present, zeros included, so a chart needs no gap filling. */
function dense(dist: Distribution, min: number, max: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let v = min; v <= max; v++) out[v] = dist[v] ?? 0;
  return out;
}
