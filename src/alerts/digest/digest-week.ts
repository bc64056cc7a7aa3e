import { DateTime } from 'luxon';

/** The digest goes out on Monday at this local hour, about the week that ended at midnight. */
export const DIGEST_SEND_HOUR = 8;

export interface DigestWeek {
  /** Monday of the reported week, as a local date (the once-per-week key). */
  weekStart: string;
  from: Date;
  to: Date;
  /** The week before, for comparison. */
  previousFrom: Date;
  /** When this digest fell due. */
  dueAt: Date;
}

/**
 * The latest week whose digest is due at `now` in `zone`: Monday 00:00 to the next Monday 00:00,
 * local time (so DST weeks are 167 or 169 hours), due on the following Monday at 08:00. Before
 * that hour on a Monday the week before last is still the latest due one, which is what a worker
 * that was down over the weekend should catch up on.
 */
export function dueDigestWeek(now: Date, zone: string): DigestWeek {
  const local = DateTime.fromJSDate(now, { zone });
  let thisMonday = local.startOf('day').minus({ days: local.weekday - 1 });
  if (local < thisMonday.set({ hour: DIGEST_SEND_HOUR })) thisMonday = thisMonday.minus({ weeks: 1 });
  const weekStart = thisMonday.minus({ weeks: 1 });
  return {
    weekStart: weekStart.toISODate()!,
    from: weekStart.toJSDate(),
    to: thisMonday.toJSDate(),
    previousFrom: weekStart.minus({ weeks: 1 }).toJSDate(),
    dueAt: thisMonday.set({ hour: DIGEST_SEND_HOUR }).toJSDate(),
  };
}
