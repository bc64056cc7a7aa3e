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
 * Covers [from, to) (15-minute aligned) with the fewest rollup rows: UTC days where a whole day
 * lies inside the range and inside one period, UTC hours where an hour does, 15-minute buckets
 * for the rest. Periods (day, week, month in `timeZone`) start on 15-minute marks in every zone,
 * so a bucket never spans two. Pure; ranges come merged and sorted.
 */
export function planGrains(from: number, to: number, interval?: 'day' | 'week' | 'month', timeZone = 'UTC'): GrainPlan {
  if (from % BUCKET || to % BUCKET) throw new Error('planGrains needs 15-minute aligned bounds');
  const boundaries = interval ? periodStarts(from, to, interval, timeZone) : [];
  const fits = (start: number, length: number) => {
    const next = firstAfter(boundaries, start);
    return next === undefined || next >= start + length;
  };
  const plan: GrainPlan = { days: [], hours: [], buckets: [] };
  let t = from;
  while (t < to) {
    if (t % DAY === 0 && t + DAY <= to && fits(t, DAY)) {
      push(plan.days, t, t + DAY);
      t += DAY;
    } else if (t % HOUR === 0 && t + HOUR <= to && fits(t, HOUR)) {
      push(plan.hours, t, t + HOUR);
      t += HOUR;
    } else {
      push(plan.buckets, t, t + BUCKET);
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

function push(ranges: Range[], start: number, end: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === start) last[1] = end;
  else ranges.push([start, end]);
}

/** Where each period starts, strictly inside (from, to). */
function periodStarts(from: number, to: number, interval: 'day' | 'week' | 'month', timeZone: string): number[] {
  const starts: number[] = [];
  let p = DateTime.fromMillis(from, { zone: timeZone }).startOf(interval);
  for (;;) {
    p = p.plus({ [`${interval}s`]: 1 }).startOf(interval);
    const ms = p.toMillis();
    if (ms >= to) return starts;
    if (ms > from) starts.push(ms);
  }
}
