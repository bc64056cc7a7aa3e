import type { Interval, Metric, ScoreGroup } from '../../api/scores';
import { type Filters, searchOf, SLICES } from '../../filters/filters';
import { type RankRange, rankSlices } from './rank';

/**
 * The breakdowns screen's own state in the URL (dimension, measure, sort), beside the filter
 * bar's keys, and the rows it shows. Pure: the screen and its tests share it.
 */
export const DIMENSIONS = ['team', 'agent', 'touchpoint', 'location', 'channel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const METRICS = ['nps', 'csat', 'ces'] as const satisfies readonly Metric[];

export const SORTS = ['rank', 'name', 'n', 'score'] as const;
export type SortKey = (typeof SORTS)[number];
export type Direction = 'asc' | 'desc';

export interface View {
  by: Dimension;
  metric: Metric;
  sort: SortKey;
  dir: Direction;
}

const DEFAULT: View = { by: 'team', metric: 'nps', sort: 'rank', dir: 'asc' };

/** The direction a column starts in: the leaderboard and names from the top, counts and scores highest first. */
const FIRST_DIRECTION: Record<SortKey, Direction> = { rank: 'asc', name: 'asc', n: 'desc', score: 'desc' };

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  (values as readonly string[]).includes(v ?? '') ? (v as T) : fallback;

export function viewFromSearch(search: URLSearchParams): View {
  const sort = oneOf(SORTS, search.get('sort'), DEFAULT.sort);
  return {
    by: oneOf(DIMENSIONS, search.get('by'), DEFAULT.by),
    metric: oneOf(METRICS, search.get('metric'), DEFAULT.metric),
    sort,
    dir: oneOf(['asc', 'desc'] as const, search.get('dir'), FIRST_DIRECTION[sort]),
  };
}

/** The URL with the view changed and every other key (the filters) as it was; `by` and `metric` always written. */
export function searchWithView(search: URLSearchParams, next: Partial<View>): URLSearchParams {
  const view = { ...viewFromSearch(search), ...next };
  const s = new URLSearchParams(search);
  s.set('by', view.by);
  s.set('metric', view.metric);
  if (view.sort === DEFAULT.sort && view.dir === DEFAULT.dir) {
    s.delete('sort');
    s.delete('dir');
  } else {
    s.set('sort', view.sort);
    s.set('dir', view.dir);
  }
  return s;
}

/** A header pressed: the same column turns around, another starts in its own first direction. */
export function nextSort(view: View, key: SortKey): Pick<View, 'sort' | 'dir'> {
  if (view.sort !== key) return { sort: key, dir: FIRST_DIRECTION[key] };
  return { sort: key, dir: view.dir === 'asc' ? 'desc' : 'asc' };
}

/** GET /v1/scores's `groupBy` for a dimension: channel is the response's own, the others journey properties. */
export const groupByOf = (by: Dimension): string => (by === 'channel' ? 'channel' : SLICES[by]);

/** The Responses screen's query for one slice: the same filters, narrowed to it. */
export function responsesSearchOf(filters: Filters, by: Dimension, value: string): string {
  return searchOf({ ...filters, [by]: value }).toString();
}

export interface Row {
  /** The slice's value as the API keys it ('' when the answers did not carry it). */
  key: string;
  n: number;
  score: number | null;
  interval: Interval | null;
  tooFewToJudge: boolean;
  /** Absent for a slice with too few answers to rank. */
  rank?: RankRange;
}

export interface Rows {
  ranked: Row[];
  unranked: Row[];
}

/** The groups as ranked and unranked rows of one measure, each in the order the view asks for. */
export function rowsOf(groups: readonly ScoreGroup[], view: View, compare: (a: string, b: string) => number): Rows {
  const field = groupByOf(view.by);
  const slices: Row[] = groups.map((g) => {
    const f = g[view.metric];
    return { key: g.key[field] ?? '', n: f.n, score: f.score, interval: f.interval, tooFewToJudge: f.tooFewToJudge };
  });
  const board = rankSlices(slices, (r) => r.key);
  const ranked = board.ranked.map(({ slice, rank }) => ({ ...slice, rank }));
  return { ranked: sortRows(ranked, view, compare), unranked: sortRows(board.unranked, view, compare) };
}

/** Rows in the view's order; ties fall back to the name so that the order is stable. */
export function sortRows(
  rows: readonly Row[],
  view: Pick<View, 'sort' | 'dir'>,
  compare: (a: string, b: string) => number,
) {
  const sign = view.dir === 'asc' ? 1 : -1;
  const byName = (a: Row, b: Row) => compare(a.key, b.key);
  const num = (x: number | null) => x ?? Number.NEGATIVE_INFINITY;
  const key: Record<SortKey, (a: Row, b: Row) => number> = {
    // Unranked rows have no rank: by the leaderboard's reading they sort by how much they rest on.
    rank: (a, b) =>
      a.rank && b.rank
        ? a.rank.best - b.rank.best || a.rank.worst - b.rank.worst || num(b.score) - num(a.score)
        : b.n - a.n,
    name: () => 0,
    n: (a, b) => a.n - b.n,
    score: (a, b) => num(a.score) - num(b.score),
  };
  return [...rows].sort((a, b) => sign * (key[view.sort](a, b) || byName(a, b)));
}
