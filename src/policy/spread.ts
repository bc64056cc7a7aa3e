import { HolidayCalendar } from './holidays';
import { allowedSpans, nextAllowedSendTime, SendingWindow } from './sending-window';
import { unitInterval } from './stable-hash';

/** The sending window a spread must respect, in the recipient's zone. */
export interface SpreadWindow {
  window: SendingWindow;
  zone: string;
  holidays?: HolidayCalendar;
}

/**
 * When this invitation of a gradually distributed batch goes out: a point in [start, end) fixed
 * by the invitation id, so a retry or a re-run lands on the same time and a batch of any size
 * spreads evenly. With a sending window only its open time counts, so sends never bunch at the
 * opening; when [start, end) has no open time at all, the send waits for the next opening
 * (deferred, never dropped).
 */
export function spreadSendTime(invitationId: string, period: { start: Date; end: Date }, within?: SpreadWindow): Date {
  const from = period.start.getTime();
  const to = period.end.getTime();
  if (!(from < to)) throw new RangeError('a spread needs a start before its end');
  const point = unitInterval('spread', invitationId);
  if (!within) return new Date(from + Math.floor(point * (to - from)));
  const spans = allowedSpans(period.start, period.end, within.window, within.zone, within.holidays);
  const open = spans.reduce((sum, s) => sum + (s.to - s.from), 0);
  if (open === 0) return nextAllowedSendTime(period.end, within.window, within.zone, within.holidays);
  let offset = Math.floor(point * open);
  for (const s of spans) {
    if (offset < s.to - s.from) return new Date(s.from + offset);
    offset -= s.to - s.from;
  }
  return new Date(spans[spans.length - 1].to - 1);
}
