import type { Distribution } from './metric-types';
import { round } from './round';

/** Counts per answer value, restricted to valid entries. */
export interface Tally {
  n: number;
  /** Count of responses whose value lies in [min, max]. */
  countBetween(min: number, max: number): number;
  /** Sum of value × count over all valid entries. */
  sum: number;
}

/**
 * Keeps only integer values inside [min, max] with non-negative integer counts.
 * Stray values (a scale changed after responses arrived, bad imports) are dropped rather
 * than thrown on, so one odd row cannot break a dashboard, and they never inflate n.
 */
export function tally(dist: Distribution, min: number, max: number): Tally {
  const entries: Array<[number, number]> = [];
  for (const [key, count] of Object.entries(dist)) {
    const value = Number(key);
    // Canonical keys only: Number('') and Number(' 5') would otherwise sneak in as 0 and 5.
    if (String(value) !== key || !Number.isInteger(value) || value < min || value > max) continue;
    if (!Number.isInteger(count) || count < 0) continue;
    entries.push([value, count]);
  }
  return {
    n: entries.reduce((acc, [, count]) => acc + count, 0),
    sum: entries.reduce((acc, [value, count]) => acc + value * count, 0),
    countBetween: (lo, hi) =>
      entries.reduce((acc, [value, count]) => (value >= lo && value <= hi ? acc + count : acc), 0),
  };
}

/** `part / n` as a 1-decimal percentage, null when n is 0. */
export function pct(part: number, n: number): number | null {
  return n === 0 ? null : round((part / n) * 100, 1);
}

/** Mean to 2 decimals, null when n is 0. */
export function mean({ n, sum }: Tally): number | null {
  return n === 0 ? null : round(sum / n, 2);
}
