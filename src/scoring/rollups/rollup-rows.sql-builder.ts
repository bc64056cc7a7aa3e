/**
 * SQL shared by the rollup fold, verify and rebuild: one place says how a counted answer becomes
 * rollup rows. Every counted answer yields a base row, one row per dimension it has and one per
 * pair of its dimensions (keys in order), so any breakdown by up to two dimensions reads rows
 * that were summed in advance.
 */

/** Where a survey id is missing (a response whose snapshot failed): rollup keys cannot hold NULL. */
export const NO_SURVEY = '00000000-0000-0000-0000-000000000000';

export const ROLLUP_KEY_COLUMNS = [
  'workspace_id',
  'campaign_id',
  'question_id',
  'question_type',
  'bucket',
  'value_key',
  'value_num',
  'dim1_key',
  'dim1_value',
  'dim2_key',
  'dim2_value',
  'grain',
] as const;

/** The primary key's columns, in its order (value_num follows from value_key). */
export const ROLLUP_CONFLICT =
  '(workspace_id, grain, dim1_key, dim2_key, bucket, campaign_id, question_id, dim1_value, dim2_value, value_key)';

/** Rollup grains: the 15-minute bucket, the UTC hour and the UTC day. */
export const GRAIN = { bucket: 0, hour: 1, day: 2 } as const;

/**
 * Every dimension a fact is counted under, in one JSON object: the channel and language beside
 * the snapshotted event properties and contact attributes. The campaign is a column of every row
 * (nearly every query filters on it), and the survey and event type follow from the campaign
 * (one survey and one trigger each), so they are read through it rather than multiplying rows.
 */
export const ALL_DIMS = (t = '') =>
  `(${t}dims || jsonb_build_object('channel', ${t}channel, 'language', COALESCE(${t}language, '')))`;

/**
 * `source` with its workspace's reporting zone beside every row (`day_zone`): day rollups start at
 * midnight there (see the score-day-zone migration). One join per statement, not a lookup per row.
 */
export const zoned = (source: string) =>
  `(SELECT src.*, COALESCE(zs.day_zone, 'UTC') AS day_zone FROM ${source} src LEFT JOIN score_settings zs ON zs.workspace_id = src.workspace_id) zsrc`;

// Each fact once per grain, with the bucket that grain starts at: the 15-minute bucket, the UTC hour, the reporting zone's day.
const FACT = `workspace_id, campaign_id, question_id, question_type,
  CASE g.grain WHEN 0 THEN bucket WHEN 1 THEN date_trunc('hour', bucket, 'UTC') ELSE date_trunc('day', bucket, day_zone) END AS bucket, value_key, value_num, g.grain`;
const GRAINS = `CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)`;
const GROUP = 'workspace_id, campaign_id, question_id, question_type, bucket, value_key, value_num, grain';

/** The output columns in ROLLUP_KEY_COLUMNS order, with the dimension columns given. */
const COLUMNS_OUT = (k1: string, v1: string, k2: string, v2: string) =>
  `workspace_id, campaign_id, question_id, question_type, bucket, value_key, value_num,
   ${k1 || "''"} AS dim1_key, ${v1 || "''"} AS dim1_value, ${k2 || "''"} AS dim2_key, ${v2 || "''"} AS dim2_value, grain`;

/**
 * Rollup rows (ROLLUP_KEY_COLUMNS + n) from `source`, a relation with the rollup_deltas columns
 * (…, dims jsonb, delta int), each summed: base rows at every grain; rows per dimension and per
 * pair of dimensions at the day grain only. Finer grains with dimensions would hold about as many
 * rows as there are answers (agents × values × buckets), and their cost is paid on every fold;
 * a breakdown reads whole days from the rollups and the ragged rest from the answers.
 */
export function expandLevels(source: string): string {
  const day = `CROSS JOIN (VALUES (2::smallint)) g(grain)`;
  return `
    SELECT ${COLUMNS_OUT('', '', '', '')}, sum(delta)::bigint AS n
      FROM (SELECT ${FACT}, delta FROM ${zoned(source)} ${GRAINS}) s GROUP BY ${GROUP}
    UNION ALL
    SELECT ${COLUMNS_OUT('k1', 'v1', "''", "''")}, sum(delta)::bigint
      FROM (SELECT ${FACT}, e.key AS k1, e.value AS v1, delta FROM ${zoned(source)} CROSS JOIN LATERAL jsonb_each_text(${ALL_DIMS()}) e ${day}) s
      GROUP BY ${GROUP}, k1, v1
    UNION ALL
    SELECT ${COLUMNS_OUT('k1', 'v1', 'k2', 'v2')}, sum(delta)::bigint
      FROM (SELECT ${FACT}, e1.key AS k1, e1.value AS v1, e2.key AS k2, e2.value AS v2, delta
            FROM ${zoned(source)} CROSS JOIN LATERAL jsonb_each_text(${ALL_DIMS()}) e1 CROSS JOIN LATERAL jsonb_each_text(${ALL_DIMS()}) e2 ${day} WHERE e1.key < e2.key) s
      GROUP BY ${GROUP}, k1, v1, k2, v2`;
}

/**
 * The same rows as expandLevels, as a sequence of statements that a rebuild runs over millions of
 * facts: totals at every grain from `source`; then the facts summed per UTC day and dimension set
 * into `day` (a temporary table the caller names), the rows per dimension from it, and the pair
 * rows one first dimension at a time. Each statement's hash table then holds one level's groups
 * (not all levels' at once, which spilled to disk), and every dimension set is expanded once per
 * day instead of once per answer. `$1` in `pairsFor` is the first dimension's key.
 */
export function rebuildStatements(source: string, day: string) {
  const DAY_FACT = `workspace_id, campaign_id, question_id, question_type, bucket, value_key, value_num, 2::smallint AS grain`;
  return {
    totals: `SELECT ${COLUMNS_OUT('', '', '', '')}, sum(delta)::bigint AS n FROM (SELECT ${FACT}, delta FROM ${zoned(source)} ${GRAINS}) s GROUP BY ${GROUP} HAVING sum(delta) <> 0`,
    daySummed: `CREATE TEMP TABLE ${day} ON COMMIT DROP AS
      SELECT workspace_id, campaign_id, question_id, question_type, date_trunc('day', bucket, day_zone) AS bucket, value_key, value_num, ${ALL_DIMS()} AS dims, sum(delta)::bigint AS delta
      FROM ${zoned(source)} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    dimensionKeys: `SELECT DISTINCT k FROM ${day} CROSS JOIN LATERAL jsonb_object_keys(dims) k ORDER BY k`,
    singles: `SELECT ${COLUMNS_OUT('k1', 'v1', "''", "''")}, sum(delta)::bigint AS n
      FROM (SELECT ${DAY_FACT}, e.key AS k1, e.value AS v1, delta FROM ${day} CROSS JOIN LATERAL jsonb_each_text(dims) e) s
      GROUP BY ${GROUP}, k1, v1 HAVING sum(delta) <> 0`,
    pairsFor: `SELECT ${COLUMNS_OUT('k1', 'v1', 'k2', 'v2')}, sum(delta)::bigint AS n
      FROM (SELECT ${DAY_FACT}, $1::text AS k1, dims ->> $1::text AS v1, e.key AS k2, e.value AS v2, delta
            FROM ${day} CROSS JOIN LATERAL jsonb_each_text(dims) e WHERE dims ? $1::text AND e.key > $1::text) s
      GROUP BY ${GROUP}, k1, v1, k2, v2 HAVING sum(delta) <> 0`,
  };
}

/**
 * Every count as it should be in the rollups, straight from the source tables, by the same rules
 * as the database triggers: scored answers and responses (not late) at the time the response was
 * first given; invitations sent and delivered, and responses to them, at the time the invitation
 * was sent. `t` is that exact time (the rollups keep its 15-minute bucket). `ws` is a parameter
 * placeholder that limits it to one workspace when not NULL.
 */
export function rawFacts(ws: string): string {
  const bucket = (t: string) => `palaute_bucket(${t}) AS bucket`;
  const fromWorkspace = (col: string) => `(${ws}::uuid IS NULL OR ${col} = ${ws}::uuid)`;
  const responseCols = `r.workspace_id, r.campaign_id, r.survey_id, r.channel, COALESCE(r.language, '') AS language, COALESCE(r.event_type, '') AS event_type, r.dims`;
  const invitationCols = `i.workspace_id, i.campaign_id, v.survey_id, i.channel, COALESCE(i.language, '') AS language, i.event_type, COALESCE(i.dims, '{}') AS dims`;
  const invitations = `invitations i JOIN survey_versions v ON v.id = i.survey_version_id`;
  return `(
    SELECT ${responseCols}, a.question_id, a.question_type, ${bucket('r.created_at')}, palaute_value_key(a.question_type, a.value_num, a.value_text) AS value_key,
           a.value_num, 1 AS delta, r.created_at AS t
    FROM answers a JOIN responses r ON r.id = a.response_id
    WHERE NOT r.late AND palaute_value_key(a.question_type, a.value_num, a.value_text) IS NOT NULL AND ${fromWorkspace('r.workspace_id')}
    UNION ALL
    SELECT ${responseCols}, '', 'response', ${bucket('r.created_at')}, 'count', NULL::int, 1, r.created_at
    FROM responses r WHERE NOT r.late AND ${fromWorkspace('r.workspace_id')}
    UNION ALL
    SELECT ${responseCols}, '', 'invitation', ${bucket('r.invitation_sent_at')}, 'responded', NULL::int, 1, r.invitation_sent_at
    FROM responses r WHERE NOT r.late AND r.invitation_sent_at IS NOT NULL AND ${fromWorkspace('r.workspace_id')}
    UNION ALL
    SELECT ${invitationCols}, '', 'invitation', ${bucket('i.sent_at')}, 'sent', NULL::int, 1, i.sent_at
    FROM ${invitations} WHERE i.sent_at IS NOT NULL AND ${fromWorkspace('i.workspace_id')}
    UNION ALL
    SELECT ${invitationCols}, '', 'invitation', ${bucket('i.sent_at')}, 'delivered', NULL::int, 1, i.sent_at
    FROM ${invitations} WHERE palaute_is_delivered(i) AND ${fromWorkspace('i.workspace_id')}
  ) raw_facts`;
}
