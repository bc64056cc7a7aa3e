import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../../database/sql';
import {
  expandLevels,
  rawFacts,
  rebuildStatements,
  ROLLUP_CONFLICT,
  ROLLUP_KEY_COLUMNS,
} from './rollup-rows.sql-builder';

const RAW_FACTS = rawFacts('$1');
/** A temporary table of facts shaped like rollup_deltas (utility statements take no parameters, so it is created, then filled). */
const SOURCE_COLUMNS = `workspace_id uuid, campaign_id uuid, survey_id uuid, question_id text, question_type text, channel text, language text,
  event_type text, bucket timestamptz, value_key text, value_num int, dims jsonb, delta int`;
/** The raw facts summed per 15-minute bucket and key (dimensions included): many answers share them. */
const RAW_SUMMED = `SELECT workspace_id, campaign_id, survey_id, question_id, question_type, channel, language, event_type, bucket, value_key, value_num, dims, sum(delta)::int AS delta
  FROM ${RAW_FACTS} GROUP BY workspace_id, campaign_id, survey_id, question_id, question_type, channel, language, event_type, bucket, value_key, value_num, dims`;

/** One advisory lock class for everything that moves deltas into rollups: a fold, a rebuild. */
const ROLLUP_LOCK = 0x524f4c4c; // "ROLL"
/** Deltas folded per statement: big enough to amortize, small enough to keep a fold under a second. */
const FOLD_BATCH = 20_000;

/** One rollup key whose count differs from the raw answers' count. */
export interface RollupDifference {
  key: Record<string, unknown>;
  expected: number;
  actual: number;
}

/** What `verify` found: how many rollup rows it compared, how many differ, and the first of them. */
export interface VerifyReport {
  workspaceId: string | null;
  /** Rollup rows compared (every level: base, dimensions, pairs). */
  rowsCompared: number;
  differences: number;
  /** The first differences, for the operator to look at. */
  sample: RollupDifference[];
}

/** A verify statement's row: one differing key with both counts, and the totals repeated on every row. */
export interface RollupDifferenceRow {
  workspace_id: string;
  question_id: string;
  bucket: Date;
  value_key: string;
  dim1_key: string;
  dim1_value: string;
  dim2_key: string;
  dim2_value: string;
  expected: number;
  actual: number;
  differences: number;
  compared: number;
}

const KEYS = ROLLUP_KEY_COLUMNS.join(', ');
// value_num follows from value_key and is NULL for yes/no and choices: joining on it would never match those.
const JOIN_KEYS = ROLLUP_KEY_COLUMNS.filter((c) => c !== 'value_num').join(', ');

/**
 * The rollups (score_rollups) and the deltas the database triggers write for them (rollup_deltas):
 * moves the deltas into the rollups (fold), checks the rollups against the raw answers (verify) and
 * recomputes them (rebuild). Reads are exact at any moment without folding: they add the deltas not
 * folded yet (ScoreFactsRepository). Folding only keeps reads cheap. Rows stay snake_case.
 */
@Injectable()
export class ScoreRollupsRepository {
  constructor(private readonly db: Sql) {}

  /** Folds pending deltas; returns how many. Another process folding at the same time: returns 0 at once. */
  async fold(maxRounds = 50): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const folded = await this.db.transaction(async (tx) => {
        const [{ locked }] = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
          ROLLUP_LOCK,
        ]);
        if (!locked) return 0;
        const [row] = await tx.query<{ deltas: number }>(
          `WITH d AS (DELETE FROM rollup_deltas WHERE id IN (SELECT id FROM rollup_deltas ORDER BY id LIMIT $1) RETURNING *),
           folded AS (
             INSERT INTO score_rollups (${KEYS}, n)
             SELECT * FROM (${expandLevels('d')}) levels
             ON CONFLICT ${ROLLUP_CONFLICT} DO UPDATE SET n = score_rollups.n + EXCLUDED.n
             RETURNING 1)
           SELECT (SELECT count(*) FROM d)::int AS deltas`,
          [FOLD_BATCH],
        );
        return row.deltas;
      });
      total += folded;
      if (folded < FOLD_BATCH) break;
    }
    return total;
  }

  /**
   * Seconds since the oldest delta not folded yet was written (0: none waits). The oldest by id,
   * through the primary key: cheap however far behind the fold is.
   */
  async foldLagSeconds(): Promise<number> {
    const [row] = await this.db.query<{ lag: number }>(
      `SELECT GREATEST(0, extract(epoch FROM clock_timestamp() - created_at))::float8 AS lag
       FROM rollup_deltas ORDER BY id LIMIT 1`,
    );
    return row?.lag ?? 0;
  }

  /**
   * Compares the rollups (plus unfolded deltas) with a count from the raw answers, in one
   * snapshot, so answers arriving meanwhile cannot show up as differences.
   */
  async verify(workspaceId: string | null = null): Promise<VerifyReport> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await tx.query(`SET LOCAL work_mem = '256MB'`);
      await tx.query(`CREATE TEMP TABLE rollup_expected (${SOURCE_COLUMNS}) ON COMMIT DROP`);
      await tx.query(`INSERT INTO rollup_expected ${RAW_SUMMED}`, [workspaceId]);
      const diffs = await tx.query<RollupDifferenceRow>(
        `WITH expected AS (SELECT * FROM (${expandLevels('rollup_expected')}) e WHERE n <> 0),
         pending AS (SELECT * FROM rollup_deltas WHERE ($1::uuid IS NULL OR workspace_id = $1)),
         actual AS (
           SELECT ${KEYS}, sum(n)::bigint AS n FROM (
             SELECT ${KEYS}, n FROM score_rollups WHERE ($1::uuid IS NULL OR workspace_id = $1)
             UNION ALL
             SELECT * FROM (${expandLevels('pending')}) p
           ) a GROUP BY ${KEYS} HAVING sum(n) <> 0)
         SELECT COALESCE(e.workspace_id, a.workspace_id) AS workspace_id, COALESCE(e.question_id, a.question_id) AS question_id,
                COALESCE(e.bucket, a.bucket) AS bucket, COALESCE(e.value_key, a.value_key) AS value_key,
                COALESCE(e.dim1_key, a.dim1_key) AS dim1_key, COALESCE(e.dim1_value, a.dim1_value) AS dim1_value,
                COALESCE(e.dim2_key, a.dim2_key) AS dim2_key, COALESCE(e.dim2_value, a.dim2_value) AS dim2_value,
                COALESCE(e.n, 0)::int AS expected, COALESCE(a.n, 0)::int AS actual, count(*) OVER ()::int AS differences,
                (SELECT count(*) FROM expected)::int AS compared
         FROM expected e FULL JOIN actual a USING (${JOIN_KEYS})
         WHERE COALESCE(e.n, 0) <> COALESCE(a.n, 0)
         LIMIT 20`,
        [workspaceId],
      );
      const [{ compared }] = diffs.length
        ? [{ compared: diffs[0].compared }]
        : await tx.query<{ compared: number }>(
            `SELECT count(*)::int AS compared FROM (${expandLevels('rollup_expected')}) e WHERE n <> 0`,
          );
      return {
        workspaceId,
        rowsCompared: compared,
        differences: diffs[0]?.differences ?? 0,
        sample: diffs.map((d) => ({
          key: {
            workspaceId: d.workspace_id,
            questionId: d.question_id,
            bucket: new Date(d.bucket).toISOString(),
            value: d.value_key,
            dim1: d.dim1_key ? `${d.dim1_key}=${d.dim1_value}` : null,
            dim2: d.dim2_key ? `${d.dim2_key}=${d.dim2_value}` : null,
          },
          expected: d.expected,
          actual: d.actual,
        })),
      };
    });
  }

  /**
   * Recomputes the rollups from the raw answers, in one snapshot and holding the fold lock: deltas
   * visible to it are replaced by the recount, deltas committed after it stay to be folded.
   */
  async rebuild(
    workspaceId: string | null = null,
    inSameTransaction?: (tx: Queryable) => Promise<void>,
  ): Promise<{ rows: number }> {
    return this.db.transaction(async (tx: Queryable) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [ROLLUP_LOCK]);
      // A change the rollups depend on (the reporting zone) commits with them: readers never see one without the other.
      await inSameTransaction?.(tx);
      // Sorting and hashing millions of rows: give this one transaction room rather than spill to disk.
      await tx.query(`SET LOCAL work_mem = '512MB'`);
      await tx.query(`DELETE FROM score_rollups WHERE ($1::uuid IS NULL OR workspace_id = $1)`, [workspaceId]);
      await tx.query(`DELETE FROM rollup_deltas WHERE ($1::uuid IS NULL OR workspace_id = $1)`, [workspaceId]);
      // The raw facts once, pre-summed per 15-minute bucket, instead of once per rollup level.
      await tx.query(`CREATE TEMP TABLE rollup_source (${SOURCE_COLUMNS}) ON COMMIT DROP`);
      await tx.query(`INSERT INTO rollup_source ${RAW_SUMMED}`, [workspaceId]);
      const sql = rebuildStatements('rollup_source', 'rollup_day');
      const insert = async (select: string, params: unknown[] = []) =>
        (
          await tx.query<{ rows: number }>(
            `WITH i AS (INSERT INTO score_rollups (${KEYS}, n) ${select} RETURNING 1) SELECT count(*)::int AS rows FROM i`,
            params,
          )
        )[0].rows;
      let rows = await insert(sql.totals);
      await tx.query(sql.daySummed);
      rows += await insert(sql.singles);
      for (const { k } of await tx.query<{ k: string }>(sql.dimensionKeys)) rows += await insert(sql.pairsFor, [k]);
      return { rows };
    });
  }
}
