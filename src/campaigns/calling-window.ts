import { DateTime } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local days and hours in which a channel may reach a contact; `end` is exclusive and may be "24:00". */
export interface CallingWindow {
  days: Weekday[];
  start: string;
  end: string;
}

/** Calls at 09:00–20:00 local time, Monday to Saturday: the hours people expect business calls. */
export const DEFAULT_CALLING_WINDOW: Readonly<CallingWindow> = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:00', end: '20:00' };

const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

export const callingWindowSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1).max(7),
    start: z.string().regex(clock, 'Expected a local time as HH:MM, such as 09:00'),
    end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Expected a local time as HH:MM, such as 20:00 (24:00 for midnight)'),
  })
  .strict()
  .refine((w) => minutes(w.start) < minutes(w.end), { message: 'end must be after start', path: ['end'] });

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * The first moment at or after `at` that lies inside the window in the contact's zone: `at`
 * itself when it is inside. Days are walked in local time, so a window keeps its local hours
 * across daylight-saving changes; a start that falls in a spring-forward gap moves to the first
 * valid local time after it (luxon's rule), never earlier.
 */
export function nextAllowedTime(at: Date, window: CallingWindow, zone: string): Date {
  const local = DateTime.fromJSDate(at, { zone });
  const startMin = minutes(window.start);
  const endMin = minutes(window.end);
  // Eight days: today's window may already be over, and the same weekday comes round again in seven.
  for (let d = 0; d <= 7; d++) {
    const day = local.startOf('day').plus({ days: d });
    if (!window.days.includes(WEEKDAYS[day.weekday - 1])) continue;
    const opens = day.plus({ minutes: startMin });
    const closes = endMin === 24 * 60 ? day.plus({ days: 1 }) : day.plus({ minutes: endMin });
    if (local >= closes) continue;
    return local >= opens ? at : opens.toJSDate();
  }
  throw new Error('calling window has no days');
}
