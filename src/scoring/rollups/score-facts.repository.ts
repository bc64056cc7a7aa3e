import { Injectable } from '@nestjs/common';

import { Sql } from '../../database/sql';
import { FactRow, FactsRequest } from './score-facts';
import { factsQuery } from './score-facts.sql-builder';

/**
 * A facts query's row: `g0`/`g1` are the request's groups in order (at most two), `n` a bigint
 * (pg returns it as text).
 */
export interface FactsRow {
  g0?: string;
  g1?: string;
  period: string | null;
  question_id: string;
  question_type: string;
  value_key: string;
  value_num: number | null;
  n: string;
}

/**
 * Score reads: the counts a request asks for from the rollups, the deltas not folded yet and, for
 * the ragged edges, the raw answers and invitations (read-only: responses, answers, invitations,
 * survey_versions). Returns FactRow (camelCase).
 */
@Injectable()
export class ScoreFactsRepository {
  constructor(private readonly db: Sql) {}

  /** Every counted value of the request, per group and period, exact whatever its bounds are. */
  async facts(req: FactsRequest): Promise<FactRow[]> {
    const { text, params } = factsQuery(req);
    // Without JIT: the query's many branches put its estimated cost over Postgres's jit_above_cost
    // (a 30-day daily trend at a million responses), and compiling it took 50–150 ms of a query
    // that runs in 10–20 ms (bench:console, docs/benchmarks.md). SET LOCAL keeps it to this query.
    const rows = await this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL jit = off`);
      return tx.query<FactsRow>(text, params);
    });
    return rows.map((r) => toFactRow(r, req.groupBy));
  }

  /** The earliest bucket the workspace has anything counted in (day rollups or pending deltas), or null. */
  async firstBucket(workspaceId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ first: Date | null }>(
      `SELECT LEAST(
           (SELECT bucket FROM score_rollups WHERE workspace_id = $1 AND grain = 2 AND dim1_key = '' AND dim2_key = '' ORDER BY bucket LIMIT 1),
           (SELECT min(bucket) FROM rollup_deltas WHERE workspace_id = $1)) AS first`,
      [workspaceId],
    );
    return row.first;
  }
}

function toFactRow(row: FactsRow, groupBy: FactsRequest['groupBy']): FactRow {
  const groups = [row.g0, row.g1];
  return {
    groups: Object.fromEntries(groupBy.map((d, i) => [d, groups[i] as string])),
    period: row.period,
    questionId: row.question_id,
    questionType: row.question_type,
    valueKey: row.value_key,
    valueNum: row.value_num,
    n: Number(row.n),
  };
}
