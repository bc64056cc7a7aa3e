import { z } from 'zod';

import { HOUR, ianaZone, MINUTE, wallClock, wallClockSpans } from './zone-time';

/** A campaign's send caps; a missing cap is no cap. */
export interface ThrottleCaps {
  /** Most invitations whose send time falls in one local clock hour. */
  perHour?: number;
  /** Most invitations whose send time falls on one local calendar day. */
  perDay?: number;
  /** What happens to the excess: wait for the next window, or drop it (counted either way). */
  overflow: 'defer' | 'drop';
}

const cap = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(1, `${what} must be at least 1; leave it out for no cap`);

export const throttleCapsSchema = z
  .object({
    perHour: cap('perHour').optional(),
    perDay: cap('perDay').optional(),
    overflow: z.enum(['defer', 'drop'], { message: 'overflow must be "defer" or "drop"' }),
  })
  .strict();

/** Invitations already scheduled in the windows that contain the candidate send time (see capWindows). */
export interface ScheduledCounts {
  thisHour: number;
  thisDay: number;
}

export type ThrottleDecision =
  | { action: 'allow' }
  | { action: 'defer'; until: Date; cap: 'hourly' | 'daily'; limit: number }
  | { action: 'drop'; cap: 'hourly' | 'daily'; limit: number };

export interface CapWindow {
  start: Date;
  end: Date;
}

/**
 * The local clock hour and calendar day containing `at` in the campaign's zone, as UTC instants.
 * Counts must be kept per these windows (keyed by their start), so the rule and the counter agree
 * on what "this hour" means, also in half-hour zones and on 23- and 25-hour days.
 */
export function capWindows(at: Date, zone: string): { hour: CapWindow; day: CapWindow } {
  const tz = ianaZone(zone);
  const t = at.getTime();
  const { day, minute } = wallClock(t, tz);
  const hourStart = t - (minute % 60) * MINUTE;
  const spans = wallClockSpans(tz, day, 0, 24 * 60);
  return {
    hour: { start: new Date(hourStart), end: new Date(hourStart + HOUR) },
    day: { start: new Date(spans[0].from), end: new Date(spans[spans.length - 1].to) },
  };
}

/**
 * Whether one more invitation may go out at `at`. The daily cap wins when both are full, since
 * waiting for the next hour would not help. Deferring moves the send to the next window's start,
 * where the caller asks again (and re-applies the sending window).
 */
export function decideThrottle(counts: ScheduledCounts, caps: ThrottleCaps, at: Date, zone: string): ThrottleDecision {
  if (!(counts.thisHour >= 0 && counts.thisDay >= 0)) throw new RangeError('scheduled counts must be zero or more');
  const full: 'hourly' | 'daily' | null =
    caps.perDay !== undefined && counts.thisDay >= caps.perDay
      ? 'daily'
      : caps.perHour !== undefined && counts.thisHour >= caps.perHour
        ? 'hourly'
        : null;
  if (!full) return { action: 'allow' };
  const limit = full === 'daily' ? caps.perDay! : caps.perHour!;
  if (caps.overflow === 'drop') return { action: 'drop', cap: full, limit };
  const windows = capWindows(at, zone);
  return { action: 'defer', until: full === 'daily' ? windows.day.end : windows.hour.end, cap: full, limit };
}
