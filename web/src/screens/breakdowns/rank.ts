/**
 * A leaderboard that never claims more than the intervals show. Each slice gets a range of ranks,
 * best to worst: it cannot rank higher than one plus the number of slices whose whole 95% interval
 * lies above its own, nor lower than the count less those whose whole interval lies below it. Two
 * slices whose intervals overlap therefore always share at least one rank (their ranges overlap),
 * and only slices that are clearly apart get ranges that do not touch. Pure, for the screen and tests.
 */

export interface RankInterval {
  low: number;
  high: number;
}

/** What ranking reads from one slice's figure (the API's n, score, interval and small-n flag). */
export interface Rankable {
  score: number | null;
  interval: RankInterval | null;
  tooFewToJudge: boolean;
}

export interface RankRange {
  /** 1 is first. */
  best: number;
  worst: number;
}

export interface Leaderboard<T> {
  /** Slices that can be ranked, in leaderboard order (best rank, then worst rank, then score). */
  ranked: Array<{ slice: T; rank: RankRange }>;
  /** Too few answers, or no score at all: listed apart, never ranked. */
  unranked: T[];
}

const rankable = (s: Rankable): boolean =>
  !s.tooFewToJudge &&
  s.score !== null &&
  s.interval !== null &&
  Number.isFinite(s.interval.low) &&
  Number.isFinite(s.interval.high) &&
  s.interval.low <= s.interval.high;

/**
 * One interval lies wholly above another: its low is above the other's high. Touching ends
 * count as overlapping (the intervals are closed), so equal ends are never ranked apart.
 */
export const clearlyAbove = (a: RankInterval, b: RankInterval): boolean => a.low > b.high;

/**
 * The leaderboard of slices where higher is better (NPS, CSAT and CES all are). `name` breaks
 * the last ties, so the order is the same on every render.
 */
export function rankSlices<T extends Rankable>(slices: readonly T[], name: (s: T) => string): Leaderboard<T> {
  const ranked = slices.filter(rankable);
  const unranked = slices.filter((s) => !rankable(s));
  const count = ranked.length;
  const rows = ranked.map((slice) => {
    const own = slice.interval!;
    let above = 0;
    let below = 0;
    for (const other of ranked) {
      if (other === slice) continue;
      if (clearlyAbove(other.interval!, own)) above++;
      else if (clearlyAbove(own, other.interval!)) below++;
    }
    return { slice, rank: { best: 1 + above, worst: count - below } };
  });
  rows.sort(
    (a, b) =>
      a.rank.best - b.rank.best ||
      a.rank.worst - b.rank.worst ||
      b.slice.score! - a.slice.score! ||
      name(a.slice).localeCompare(name(b.slice)),
  );
  return { ranked: rows, unranked };
}

/** "2", or "1–3" for a shared range (en dash, the same in all four languages). */
export const rankLabel = (r: RankRange): string => (r.best === r.worst ? String(r.best) : `${r.best}–${r.worst}`);

/** Whether two ranks claim a difference: only when their ranges do not touch. */
export const rankedApart = (a: RankRange, b: RankRange): boolean => a.worst < b.best || b.worst < a.best;
