import { nextAllowedSendTime, type SendingRange, sendingRangeSchema } from './sending-window';

/** Local days and hours in which calls may be placed: one range of the sending-window rules. */
export type CallingWindow = SendingRange;

/** Calls at 09:00–20:00 local time, Monday to Saturday: the hours people expect business calls. */
export const DEFAULT_CALLING_WINDOW: Readonly<CallingWindow> = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
  start: '09:00',
  end: '20:00',
};

export const callingWindowSchema = sendingRangeSchema;

/**
 * The first moment at or after `at` that lies inside the window in the contact's zone: `at`
 * itself when it is inside. The policy module's sending window does the local-time arithmetic
 * (exact across daylight-saving changes, including a start inside the spring-forward gap).
 */
export function nextAllowedTime(at: Date, window: CallingWindow, zone: string): Date {
  return nextAllowedSendTime(at, { ranges: [window] }, zone);
}
