import { DateTime } from 'luxon';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUCKET = 15 * MINUTE;

/** Half-open [from, to) in epoch milliseconds. */
export type Range = [number, number];

/** Which rollup rows to read for one query: whole UTC days, whole UTC hours, 15-minute buckets. */
export interface GrainPlan {
  days: Range[];
  hours: Range[];
  buckets: Range[];
}

/**
 * Covers [from, to) (15-minute aligned) with the fewest rollup rows: days of the workspace's
 * reporting zone `dayZone` (midnight to midnight there, 23 or 25 hours across a DST change) where
 * a whole day lies inside the range and inside one period, UTC hours where an hour does,
 * 15-minute buckets for the rest. Periods (day, week, month in `timeZone`) start on 15-minute
 * marks in every zone, so a bucket never spans two. Pure; ranges come sorted, touching ones joined
 * except across a period start, so each range lies in exactly one period (a query can sum a range
 * as one row of its period).
 */
export function planGrains(
  from: number,
  to: number,
  interval?: 'day' | 'week' | 'month',
  timeZone = 'UTC',
  dayZone = 'UTC',
): GrainPlan {
  if (from % BUCKET || to % BUCKET) throw new Error('planGrains needs 15-minute aligned bounds');
  const boundaries = interval ? periodStarts(from, to, interval, timeZone) : [];
  const periodStart = new Set(boundaries);
  const fits = (start: number, length: number) => {
    const next = firstAfter(boundaries, start);
    return next === undefined || next >= start + length;
  };
  // Midnights of the reporting zone from the first one at or after `from`: each day runs to the next.
  const midnights = localMidnights(from, to, dayZone);
  const dayEnd = new Map(midnights.slice(0, -1).map((m, i) => [m, midnights[i + 1]]));
  // An hour may not straddle a local midnight either, or in a half-hour zone the days are never reached.
  const crossesMidnight = (t: number) => (firstAfter(midnights, t) ?? Infinity) < t + HOUR;
  const plan: GrainPlan = { days: [], hours: [], buckets: [] };
  let t = from;
  while (t < to) {
    const end = dayEnd.get(t);
    if (end !== undefined && end <= to && fits(t, end - t)) {
      push(plan.days, t, end, periodStart.has(t));
      t = end;
    } else if (t % HOUR === 0 && t + HOUR <= to && fits(t, HOUR) && !crossesMidnight(t)) {
      push(plan.hours, t, t + HOUR, periodStart.has(t));
      t += HOUR;
    } else {
      push(plan.buckets, t, t + BUCKET, periodStart.has(t));
      t += BUCKET;
    }
  }
  return plan;
}

/** The first sorted value strictly greater than `t` (binary search). */
function firstAfter(sorted: number[], t: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/** Appends, joining a touching range unless a period starts here: every range then lies in one period. */
function push(ranges: Range[], start: number, end: number, periodStarts: boolean): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === start && !periodStarts) last[1] = end;
  else ranges.push([start, end]);
}

/**
 * Time-zone arithmetic is the slow part of planning (luxon asks Intl for every offset: about 10 ms
 * for a year of Helsinki days), and dashboards ask for the same spans again and again, so the
 * lists are kept, a few hundred at most. They never change: zone rules are fixed for the process.
 */
const MEMO_LIMIT = 256;
function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MEMO_LIMIT) cache.clear();
    value = compute();
    cache.set(key, value);
  }
  return value;
}
const midnightsMemo = new Map<string, number[]>();
const periodStartsMemo = new Map<string, number[]>();

/** Midnights in `zone` from the first at or after `from` to the first at or after `to`. */
function localMidnights(from: number, to: number, zone: string): number[] {
  return memo(midnightsMemo, `${zone}|${from}|${to}`, () => computeLocalMidnights(from, to, zone));
}

function computeLocalMidnights(from: number, to: number, zone: string): number[] {
  if (zone === 'UTC') {
    const out: number[] = [];
    for (let m = Math.ceil(from / DAY) * DAY; ; m += DAY) {
      out.push(m);
      if (m >= to) return out;
    }
  }
  const out: number[] = [];
  let d = DateTime.fromMillis(from, { zone }).startOf('day');
  if (d.toMillis() < from) d = d.plus({ days: 1 }).startOf('day');
  for (;;) {
    const ms = d.toMillis();
    out.push(ms);
    if (ms >= to) return out;
    d = d.plus({ days: 1 }).startOf('day');
  }
}

/** Where each period starts, strictly inside (from, to). */
function periodStarts(from: number, to: number, interval: 'day' | 'week' | 'month', timeZone: string): number[] {
  return memo(periodStartsMemo, `${interval}|${timeZone}|${from}|${to}`, () =>
    computePeriodStarts(from, to, interval, timeZone),
  );
}

function computePeriodStarts(from: number, to: number, interval: 'day' | 'week' | 'month', timeZone: string): number[] {
  const starts: number[] = [];
  let p = DateTime.fromMillis(from, { zone: timeZone }).startOf(interval);
  for (;;) {
    p = p.plus({ [`${interval}s`]: 1 }).startOf(interval);
    const ms = p.toMillis();
    if (ms >= to) return starts;
    if (ms > from) starts.push(ms);
  }
}
