import { IANAZone } from 'luxon';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A half-open stretch of instants [from, to), in epoch milliseconds. */
export interface Span {
  from: number;
  to: number;
}

const zones = new Map<string, IANAZone>();

/** The IANA zone by name; throws on a name the runtime does not know, so a typo never silently means UTC. */
export function ianaZone(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    zones.set(name, zone);
  }
  return zone;
}

/** Local calendar day (days since 1970-01-01 on the wall clock) and fractional minute of that day. */
export function wallClock(t: number, zone: IANAZone): { day: number; minute: number } {
  const wall = t + zone.offset(t) * MINUTE;
  const day = Math.floor(wall / DAY);
  return { day, minute: (wall - day * DAY) / MINUTE };
}

/** Monday = 0 … Sunday = 6 for a local day number (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/**
 * The instants at which the wall clock of local day `day` reads within [startMinute, endMinute).
 * Working per stretch of constant offset keeps this exact across daylight-saving changes: a start
 * in a spring-forward gap opens when the clocks land after the gap, and on a fall-back day the
 * repeated hour belongs to the range both times it is lived through.
 */
export function wallClockSpans(zone: IANAZone, day: number, startMinute: number, endMinute: number): Span[] {
  const wallFrom = day * DAY + startMinute * MINUTE;
  const wallTo = day * DAY + endMinute * MINUTE;
  const spans: Span[] = [];
  // UTC offsets run from -12:00 to +14:00, so every instant showing these wall times lies in here.
  for (const segment of offsetSegments(zone, wallFrom - 14 * HOUR, wallTo + 12 * HOUR + 1)) {
    const from = Math.max(segment.from, wallFrom - segment.offset);
    const to = Math.min(segment.to, wallTo - segment.offset);
    if (from < to) spans.push({ from, to });
  }
  return spans;
}

/**
 * Stretches of constant UTC offset (in ms) covering [from, to). Compares the ends and bisects to
 * the millisecond where they differ; real zones never change offset twice in the ~2 days asked
 * about without also differing at the ends, and a second change is found by the recursion.
 */
function offsetSegments(zone: IANAZone, from: number, to: number): Array<Span & { offset: number }> {
  const first = zone.offset(from) * MINUTE;
  if (zone.offset(to - 1) * MINUTE === first) return [{ from, to, offset: first }];
  let same = from;
  let changed = to - 1;
  while (changed - same > 1) {
    const mid = Math.floor((same + changed) / 2);
    if (zone.offset(mid) * MINUTE === first) same = mid;
    else changed = mid;
  }
  return [{ from, to: changed, offset: first }, ...offsetSegments(zone, changed, to)];
}
