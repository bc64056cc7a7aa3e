import { round } from '../scoring/round';
import type { AlertStatus } from './workflow';

/** The timestamps the follow-up metrics read from an alert. */
export interface AlertTimes {
  status: AlertStatus;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** Whole seconds; every figure is null when n is 0. */
export interface DurationStats {
  /** Alerts that reached the step and were measured. */
  n: number;
  /** Alerts that have not reached it yet: large next to n means the figures flatter. */
  pending: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export interface FollowUpStats {
  /** The group's key; null for alerts without one (no team on the event). */
  key: string | null;
  alerts: number;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
}

/**
 * The q-quantile (0…1) of ascending values by linear interpolation between closest ranks
 * (Hyndman & Fan type 7, as numpy's and Excel's PERCENTILE.INC default), so the median of an
 * even count is the mean of the middle two. Null for no values.
 */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, p90 and mean of durations in seconds, rounded to whole seconds at the end. */
export function durationStats(seconds: readonly number[], pending = 0): DurationStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  const n = sorted.length;
  const whole = (x: number | null) => (x === null ? null : round(x));
  return {
    n,
    pending,
    medianSeconds: whole(quantileSorted(sorted, 0.5)),
    p90Seconds: whole(quantileSorted(sorted, 0.9)),
    meanSeconds: n === 0 ? null : round(sorted.reduce((s, x) => s + x, 0) / n),
  };
}

const secondsBetween = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

/**
 * Time to acknowledge (first acknowledgement − creation) and time to resolve (resolution −
 * creation, only for alerts resolved now, so reopened time counts) per group, e.g. per team.
 * Groups come sorted by key with the null group last.
 */
export function followUpStatsBy<T extends AlertTimes>(
  alerts: readonly T[],
  keyOf: (alert: T) => string | null,
): FollowUpStats[] {
  const groups = new Map<string | null, T[]>();
  for (const a of alerts) {
    const key = keyOf(a);
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([key, list]) => ({ key, ...followUpStats(list) }));
}

/** The same figures over all alerts given. */
export function followUpStats(alerts: readonly AlertTimes[]): Omit<FollowUpStats, 'key'> {
  const ack: number[] = [];
  const res: number[] = [];
  for (const a of alerts) {
    if (a.acknowledgedAt) ack.push(secondsBetween(a.createdAt, a.acknowledgedAt));
    if (a.status === 'resolved' && a.resolvedAt) res.push(secondsBetween(a.createdAt, a.resolvedAt));
  }
  return {
    alerts: alerts.length,
    timeToAcknowledge: durationStats(ack, alerts.length - ack.length),
    timeToResolve: durationStats(res, alerts.length - res.length),
  };
}

/** The weekly digest's age buckets for unresolved alerts: [fromDays, toDays). */
export const AGE_BUCKETS = [
  { label: '< 1 day', fromDays: 0, toDays: 1 },
  { label: '1–3 days', fromDays: 1, toDays: 3 },
  { label: '3–7 days', fromDays: 3, toDays: 7 },
  { label: '> 7 days', fromDays: 7, toDays: Infinity },
] as const;

export interface AgeBucketCount {
  label: (typeof AGE_BUCKETS)[number]['label'];
  fromDays: number;
  toDays: number;
  /** Not yet acknowledged. */
  open: number;
  /** Acknowledged, not resolved. */
  acknowledged: number;
  total: number;
}

/**
 * Unresolved alerts (open or acknowledged) by age at `now`, counted from creation. A bucket
 * includes its lower bound: exactly 1 day old is "1–3 days". An alert created after `now`
 * (another server's clock) counts as new.
 */
export function openAlertsByAge(alerts: readonly AlertTimes[], now: Date): AgeBucketCount[] {
  const buckets: AgeBucketCount[] = AGE_BUCKETS.map((b) => ({
    label: b.label,
    fromDays: b.fromDays,
    toDays: b.toDays,
    open: 0,
    acknowledged: 0,
    total: 0,
  }));
  for (const a of alerts) {
    if (a.status === 'resolved') continue;
    const days = secondsBetween(a.createdAt, now) / 86400;
    const bucket = buckets.find((b) => days >= b.fromDays && days < b.toDays) ?? buckets[buckets.length - 1];
    if (a.status === 'open') bucket.open += 1;
    else bucket.acknowledged += 1;
    bucket.total += 1;
  }
  return buckets;
}
