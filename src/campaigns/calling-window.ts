import { z } from 'zod';
import { nextAllowedSendTime } from '../policy/sending-window';

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
 * itself when it is inside. The policy module's sending window does the local-time arithmetic
 * (exact across daylight-saving changes, including a start inside the spring-forward gap).
 */
export function nextAllowedTime(at: Date, window: CallingWindow, zone: string): Date {
  return nextAllowedSendTime(at, { ranges: [window] }, zone);
}
