import { z } from 'zod';

import { HolidayCalendar, holidayOn } from './holidays';
import { ianaZone, isoDate, Span, wallClock, wallClockSpans, weekdayIndex } from './zone-time';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local hours on some weekdays; `end` is exclusive and may be "24:00" (midnight at the end of the day). */
export interface SendingRange {
  days: Weekday[];
  /** Local time HH:MM at which sending may start. */
  start: string;
  /** Local time HH:MM at which sending must stop (exclusive). */
  end: string;
}

/** When a campaign or channel may send, in the recipient's own zone: the union of its ranges. */
export interface SendingWindow {
  ranges: SendingRange[];
}

const startClock = /^([01]\d|2[0-3]):[0-5]\d$/;
const endClock = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const sendingRangeSchema = z
  .object({
    days: z
      .array(z.enum(WEEKDAYS, { message: 'Expected a weekday: mon, tue, wed, thu, fri, sat or sun' }))
      .min(1, 'List at least one weekday, such as ["mon", "tue"]')
      .refine((d) => new Set(d).size === d.length, 'Each weekday may appear only once'),
    start: z.string().regex(startClock, 'Expected a local time as HH:MM, such as 09:00'),
    end: z.string().regex(endClock, 'Expected a local time as HH:MM, such as 20:00 (24:00 for midnight)'),
  })
  .strict()
  .refine((r) => !startClock.test(r.start) || !endClock.test(r.end) || minuteOf(r.start) < minuteOf(r.end), {
    // A range over midnight would make "which day is it" ambiguous for the days list.
    message:
      'end must be after start; to send over midnight, use two ranges (e.g. 22:00–24:00 and 00:00–02:00 on the next day)',
    path: ['end'],
  });

export const sendingWindowSchema = z
  .object({ ranges: z.array(sendingRangeSchema).min(1, 'A sending window needs at least one range of days and hours') })
  .strict();

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether `at` lies inside the window: its local weekday and wall-clock time are in a range, and its local date is no skipped holiday. */
export function isInsideWindow(at: Date, window: SendingWindow, zone: string, holidays?: HolidayCalendar): boolean {
  const { day, minute } = wallClock(at.getTime(), ianaZone(zone));
  if (holidays && holidayOn(isoDate(day), holidays)) return false;
  const weekday = WEEKDAYS[weekdayIndex(day)];
  return window.ranges.some((r) => r.days.includes(weekday) && minuteOf(r.start) <= minute && minute < minuteOf(r.end));
}

/** The instants of local day `day` that are inside the window, in order, merged. */
function spansOfDay(day: number, window: SendingWindow, zone: string, holidays?: HolidayCalendar): Span[] {
  if (holidays && holidayOn(isoDate(day), holidays)) return [];
  const weekday = WEEKDAYS[weekdayIndex(day)];
  const spans = window.ranges
    .filter((r) => r.days.includes(weekday))
    .flatMap((r) => wallClockSpans(ianaZone(zone), day, minuteOf(r.start), minuteOf(r.end)));
  return merge(spans);
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

// A week of weekdays plus a year of holidays: any valid window opens long before this.
const SEARCH_DAYS = 7 + 366;

/**
 * The first instant at or after `at` inside the window in `zone` (`at` itself when inside). A send
 * is deferred, never dropped. Membership is by the local wall clock, so a window keeps its local
 * hours across daylight-saving changes: a start that falls in the spring-forward gap opens when
 * the clocks land after it, and the repeated autumn hour is inside (or outside) both times.
 */
export function nextAllowedSendTime(at: Date, window: SendingWindow, zone: string, holidays?: HolidayCalendar): Date {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('nextAllowedSendTime needs a valid date');
  if (isInsideWindow(at, window, zone, holidays)) return at;
  const today = wallClock(t, ianaZone(zone)).day;
  let best: number | null = null;
  let lastDay = today + SEARCH_DAYS;
  // From yesterday, and one day past the first hit: where clocks fall back over midnight, instants
  // in the same real hour can carry either local date.
  for (let day = today - 1; day <= lastDay; day++) {
    const span = spansOfDay(day, window, zone, holidays).find((s) => s.to > t);
    if (!span) continue;
    best = Math.min(best ?? Infinity, Math.max(span.from, t));
    lastDay = Math.min(lastDay, day + 1);
  }
  if (best === null) throw new Error(`sending window never opens in ${zone}`);
  return new Date(best);
}

/** Why a send at `at` must wait, for the decision reason: a holiday when the window alone would have let it out sooner. */
export function deferralCause(
  at: Date,
  window: SendingWindow,
  zone: string,
  holidays?: HolidayCalendar,
): 'quiet hours' | 'public holiday' | null {
  const allowed = nextAllowedSendTime(at, window, zone, holidays);
  if (allowed.getTime() === at.getTime()) return null;
  if (holidays && nextAllowedSendTime(at, window, zone).getTime() < allowed.getTime()) return 'public holiday';
  return 'quiet hours';
}

/** The parts of [from, to) inside the window, in order; what a spread of sends may use. */
export function allowedSpans(
  from: Date,
  to: Date,
  window: SendingWindow,
  zone: string,
  holidays?: HolidayCalendar,
): Span[] {
  const a = from.getTime();
  const b = to.getTime();
  if (!(a < b)) return [];
  const first = wallClock(a, ianaZone(zone)).day - 1;
  const last = wallClock(b, ianaZone(zone)).day + 1;
  const spans: Span[] = [];
  for (let day = first; day <= last; day++) spans.push(...spansOfDay(day, window, zone, holidays));
  return merge(spans)
    .map((s) => ({ from: Math.max(s.from, a), to: Math.min(s.to, b) }))
    .filter((s) => s.from < s.to);
}
