import { CallingWindow, callingWindowSchema, DEFAULT_CALLING_WINDOW, nextAllowedTime } from './calling-window';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const weekdays: CallingWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' };

describe('nextAllowedTime', () => {
  it.each([
    // [what, at (UTC), window, zone, expected (UTC)]
    [
      'inside the default window stays as is',
      '2026-11-24T10:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-24T10:00:00Z',
    ],
    [
      'before opening waits until 09:00 local (Helsinki is UTC+2 in winter)',
      '2026-11-24T05:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-24T07:00:00Z',
    ],
    [
      'exactly at opening is allowed',
      '2026-11-24T07:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-24T07:00:00Z',
    ],
    [
      'exactly at closing is not (end is exclusive)',
      '2026-11-24T18:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-25T07:00:00Z',
    ],
    [
      'after closing moves to the next day',
      '2026-11-24T19:30:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-25T07:00:00Z',
    ],
    [
      'Saturday evening skips Sunday',
      '2026-11-28T18:30:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-30T07:00:00Z',
    ],
    [
      'Sunday noon waits for Monday',
      '2026-11-29T10:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-11-30T07:00:00Z',
    ],
    [
      'the same instant is Monday in Helsinki but Sunday in New York',
      '2026-11-30T03:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'America/New_York',
      '2026-11-30T14:00:00Z',
    ],
    [
      'Friday after hours to Monday on a weekday window',
      '2026-11-27T16:45:00Z',
      weekdays,
      'Europe/Stockholm',
      '2026-11-30T08:00:00Z',
    ],
    ['half-hour end is honoured', '2026-11-24T16:29:00Z', weekdays, 'Europe/Oslo', '2026-11-24T16:29:00Z'],
    ['half-hour end is honoured (just past)', '2026-11-24T16:30:00Z', weekdays, 'Europe/Oslo', '2026-11-25T08:00:00Z'],
    // Finland springs forward on 29 March 2026 (03:00 → 04:00): 09:00 local is 06:00 UTC after, 07:00 UTC before.
    [
      'spring forward: Saturday before is UTC+2',
      '2026-03-28T06:30:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-03-28T07:00:00Z',
    ],
    [
      'spring forward: Monday after is UTC+3',
      '2026-03-28T19:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-03-30T06:00:00Z',
    ],
    // Autumn: 25 October 2026 falls back; Monday 26 opens at 07:00 UTC.
    [
      'fall back: Monday after is UTC+2',
      '2026-10-24T18:00:00Z',
      DEFAULT_CALLING_WINDOW,
      'Europe/Helsinki',
      '2026-10-26T07:00:00Z',
    ],
    // 03:30 does not exist on 29 March in Helsinki: the window opens when the clocks land, at 04:00.
    [
      'a start inside the spring-forward gap opens when the clocks land after it',
      '2026-03-29T00:00:00Z',
      { days: ['sun'], start: '03:30', end: '05:00' },
      'Europe/Helsinki',
      '2026-03-29T01:00:00Z',
    ],
    // On the day clocks change, a Sunday window still opens at 09:00 local (not 08:00 or 10:00).
    [
      'a Sunday window on the spring DST day opens at 09:00 local',
      '2026-03-29T02:00:00Z',
      { days: ['sun'], start: '09:00', end: '17:00' },
      'Europe/Helsinki',
      '2026-03-29T06:00:00Z',
    ],
    [
      'a Sunday window on the autumn DST day opens at 09:00 local',
      '2026-10-25T02:00:00Z',
      { days: ['sun'], start: '09:00', end: '17:00' },
      'Europe/Helsinki',
      '2026-10-25T07:00:00Z',
    ],
    [
      'end 24:00 means until midnight',
      '2026-11-24T21:30:00Z',
      { days: ['tue'], start: '20:00', end: '24:00' },
      'Europe/Helsinki',
      '2026-11-24T21:30:00Z',
    ],
    [
      'a one-day window a week away',
      '2026-11-24T12:00:00Z',
      { days: ['tue'], start: '09:00', end: '10:00' },
      'UTC',
      '2026-12-01T09:00:00Z',
    ],
    ['UTC zone works as a plain zone', '2026-11-24T08:59:59Z', DEFAULT_CALLING_WINDOW, 'UTC', '2026-11-24T09:00:00Z'],
  ])('%s', (_what, at, window, zone, expected) => {
    expect(iso(nextAllowedTime(new Date(at), window as CallingWindow, zone))).toBe(expected);
  });

  it('never returns a time before the requested one', () => {
    for (let h = 0; h < 24 * 8; h += 5) {
      const at = new Date(Date.UTC(2026, 2, 25, 0, 0) + h * 3600_000);
      expect(nextAllowedTime(at, DEFAULT_CALLING_WINDOW, 'Europe/Helsinki').getTime()).toBeGreaterThanOrEqual(
        at.getTime(),
      );
    }
  });
});

describe('callingWindowSchema', () => {
  it('accepts a valid window', () => {
    expect(callingWindowSchema.safeParse({ days: ['mon', 'sat'], start: '10:00', end: '16:00' }).success).toBe(true);
  });
  it.each([
    [{ days: [], start: '09:00', end: '17:00' }, 'days'],
    [{ days: ['mon'], start: '9:00', end: '17:00' }, 'start'],
    [{ days: ['mon'], start: '09:00', end: '25:00' }, 'end'],
    [{ days: ['mon'], start: '18:00', end: '09:00' }, 'end'],
    [{ days: ['monday'], start: '09:00', end: '17:00' }, 'days'],
  ])('refuses %j at %s', (input, path) => {
    const parsed = callingWindowSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path[0]).toBe(path);
  });
});
