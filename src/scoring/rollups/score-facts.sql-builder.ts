import { planGrains } from './grain-plan';
import { ALL_DIMS, GRAIN, rawFacts } from './rollup-rows.sql-builder';
import { BUCKET_MS, CAMPAIGN_DERIVED, Dimension, FactsRequest, FactsRequestError, isDimension } from './score-facts';

/**
 * Dimensions read from dimension rollup rows (all but the campaign, which is a column of every
 * row): at most two per request, because rows exist for single dimensions and pairs.
 */
const isRolledDimension = (d: string) => !CAMPAIGN_DERIVED.includes(d) && isDimension(d);

/**
 * The query for a score request: rollup rows for whole 15-minute buckets inside [from, to), the
 * deltas not folded yet for the same buckets, and the source rows for the partial buckets at
 * either end, so every figure is exact whatever `from` and `to` are. Pure, for its unit test.
 */
export function factsQuery(req: FactsRequest): { text: string; params: unknown[] } {
  if (req.groupBy.length > 2) throw new FactsRequestError('groupBy', 'Group by at most two dimensions at once');
  if ([...req.groupBy, ...Object.keys(req.where)].some((d) => d === 'survey' || d === 'eventType')) {
    throw new Error('survey and eventType are resolved to campaigns before the query is built');
  }
  const snapshot = [...new Set([...req.groupBy, ...Object.keys(req.where)].filter(isRolledDimension))].sort();
  if (snapshot.length > 2) {
    throw new FactsRequestError(
      'groupBy',
      `At most two dimensions besides the campaign across groupBy and filters (got ${snapshot.join(', ')})`,
    );
  }
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const [k1, k2] = [snapshot[0] ?? '', snapshot[1] ?? ''];
  const ws = p(req.workspaceId);
  const pk1 = p(k1);
  const pk2 = p(k2);

  const from = req.from.getTime();
  const to = req.to.getTime();
  const alignedFrom = Math.ceil(from / BUCKET_MS) * BUCKET_MS;
  const alignedTo = Math.floor(to / BUCKET_MS) * BUCKET_MS;
  const wholeBuckets = alignedFrom < alignedTo;
  const plan = wholeBuckets
    ? planGrains(alignedFrom, alignedTo, req.interval, req.timeZone, req.dayZone ?? 'UTC')
    : { days: [], hours: [], buckets: [] };
  // Dimension rows exist for whole days (of the reporting zone) only: with a dimension, the hours and buckets are read raw.
  const rollupRanges = k1 ? { days: plan.days, hours: [], buckets: [] } : plan;
  const rawRanges: Array<[number, number]> = k1 ? [...plan.hours, ...plan.buckets] : [];

  // Filters on built-in columns, the same in every branch (columns named alike everywhere).
  // The campaign is a column everywhere; every other dimension is filtered on d1/d2 below.
  const builtIn = (column: (c: string) => string) => [
    ...(req.where.campaign ? [`${column('campaign_id')} = ${p(req.where.campaign)}::uuid`] : []),
    ...(req.campaigns ? [`${column('campaign_id')} = ANY(${p(req.campaigns)}::uuid[])`] : []),
  ];
  const question = req.questionId === undefined ? [] : [`question_id = ${p(req.questionId)}`];
  const hasDims = (dims: string) => [k1 ? `${dims} ? ${pk1}` : '', k2 ? `${dims} ? ${pk2}` : ''].filter(Boolean);
  const and = (conds: string[]) => (conds.length ? conds.join(' AND ') : 'true');

  const branches: string[] = [];
  // Rollup rows: whole UTC days, hours and 15-minute buckets as planned, each range one index range scan.
  for (const [grain, ranges] of [
    [GRAIN.day, rollupRanges.days],
    [GRAIN.hour, rollupRanges.hours],
    [GRAIN.bucket, rollupRanges.buckets],
  ] as const) {
    if (!ranges.length) continue;
    // One primary-key range scan per span (OFFSET 0 keeps the planner from flattening it into a
    // scan of every row of the campaign filtered against all spans, which cost 100+ ms a year).
    // A span lies in one period, so it is summed here as one row per value, stamped with its start:
    // a year of day rows by team becomes one row per week (or one in all) before the outer grouping.
    // Byte-wise ("C") comparison for this grouping: the same groups, without locale-aware sorting.
    const c = (col: string) => `(s.${col} COLLATE "C") COLLATE "default"`;
    branches.push(`SELECT span.lo AS t, s.campaign_id, ${c('question_id')} AS question_id, ${c('question_type')} AS question_type, ${c('value_key')} AS value_key,
        min(s.value_num) AS value_num, ${c('dim1_value')} AS d1, ${c('dim2_value')} AS d2, sum(s.n)::bigint AS n
      FROM unnest(${p(ranges.map((r) => new Date(r[0])))}::timestamptz[], ${p(ranges.map((r) => new Date(r[1])))}::timestamptz[]) AS span(lo, hi)
      CROSS JOIN LATERAL (
        SELECT * FROM score_rollups s WHERE s.workspace_id = ${ws} AND s.grain = ${grain} AND s.dim1_key = ${pk1} AND s.dim2_key = ${pk2}
          AND s.bucket >= span.lo AND s.bucket < span.hi AND ${and([...builtIn((c) => `s.${c}`), ...question.map((q) => `s.${q}`)])}
        OFFSET 0) s
      GROUP BY span.lo, s.campaign_id, s.question_id COLLATE "C", s.question_type COLLATE "C", s.value_key COLLATE "C", s.dim1_value COLLATE "C", s.dim2_value COLLATE "C"`);
  }
  // Deltas not folded yet, for exactly the spans read from the rollups (the rest is read raw).
  const folded = mergeRanges([...rollupRanges.days, ...rollupRanges.hours, ...rollupRanges.buckets]);
  if (folded.length) {
    branches.push(`SELECT d.bucket AS t, d.campaign_id, d.question_id, d.question_type,
        d.value_key, d.value_num, COALESCE(${ALL_DIMS('d.')} ->> ${pk1}, '') AS d1, COALESCE(${ALL_DIMS('d.')} ->> ${pk2}, '') AS d2, d.delta::bigint AS n
      FROM unnest(${p(folded.map((r) => new Date(r[0])))}::timestamptz[], ${p(folded.map((r) => new Date(r[1])))}::timestamptz[]) AS span(lo, hi)
      JOIN rollup_deltas d ON d.workspace_id = ${ws} AND d.bucket >= span.lo AND d.bucket < span.hi
      WHERE ${and([...builtIn((c) => `d.${c}`), ...question.map((q) => `d.${q}`), ...hasDims(ALL_DIMS('d.'))])}`);
  }
  // The partial buckets at either end (or the whole range when it is inside one bucket): raw answers.
  const edges: string[] = [];
  if (!wholeBuckets) edges.push(`t >= ${p(new Date(from))} AND t < ${p(new Date(to))}`);
  else {
    // Parameters are bound only where used: Postgres refuses ones it cannot type.
    if (alignedFrom !== from) edges.push(`t >= ${p(new Date(from))} AND t < ${p(new Date(alignedFrom))}`);
    if (alignedTo !== to) edges.push(`t >= ${p(new Date(alignedTo))} AND t < ${p(new Date(to))}`);
    for (const [lo, hi] of rawRanges) edges.push(`t >= ${p(new Date(lo))} AND t < ${p(new Date(hi))}`);
  }
  if (edges.length) {
    branches.push(`SELECT t, campaign_id, question_id, question_type, value_key, value_num,
        COALESCE(${ALL_DIMS()} ->> ${pk1}, '') AS d1, COALESCE(${ALL_DIMS()} ->> ${pk2}, '') AS d2, delta::bigint AS n
      FROM ${rawFacts(ws)}
      WHERE ${and([`(${edges.map((e) => `(${e})`).join(' OR ')})`, ...builtIn((c) => c), ...question, ...hasDims(ALL_DIMS())])}`);
  }

  const dimValue = (d: Dimension) => (d === 'campaign' ? 'campaign_id' : d === k1 ? 'd1' : 'd2');
  const snapshotFilters = Object.entries(req.where)
    .filter(([d]) => isRolledDimension(d))
    .map(([d, v]) => `${dimValue(d as Dimension)} = ${p(String(v))}`);
  const groupCols = req.groupBy.map((d, i) => `${dimValue(d)}::text AS g${i}`);
  const period = req.interval
    ? `to_char(date_trunc(${p(req.interval)}, t AT TIME ZONE ${p(req.timeZone)}), 'YYYY-MM-DD')`
    : 'NULL::text';
  const groupKeys = [...req.groupBy.map((_, i) => `g${i}`), 'period', 'question_id', 'question_type', 'value_key'];
  const text = `
    SELECT ${[...groupCols, `${period} AS period`].join(', ')}, question_id, question_type, value_key, min(value_num) AS value_num, sum(n)::bigint AS n
    FROM (${branches.join('\n      UNION ALL\n      ')}) f
    WHERE ${and(snapshotFilters)}
    GROUP BY ${groupKeys.join(', ')}
    HAVING sum(n) <> 0
    ORDER BY ${groupKeys.join(', ')}`;
  return { text, params };
}

/** Sorted, with touching ranges joined. */
function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && last[1] >= lo) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
