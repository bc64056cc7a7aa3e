import { capWindows, decideThrottle, ThrottleCaps, throttleCapsSchema, ThrottleDecision } from './throttle';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const DEFER: ThrottleCaps = { perHour: 500, perDay: 2000, overflow: 'defer' };
const DROP: ThrottleCaps = { ...DEFER, overflow: 'drop' };
// Tuesday 24 November 2026, 12:17 in Helsinki (UTC+2).
const AT = '2026-11-24T10:17:00Z';

describe('decideThrottle', () => {
  it.each<[string, { thisHour: number; thisDay: number }, ThrottleCaps, string, ThrottleDecision]>([
    ['under both caps', { thisHour: 499, thisDay: 1999 }, DEFER, AT, { action: 'allow' }],
    [
      'hourly cap reached: wait for the next local hour',
      { thisHour: 500, thisDay: 1200 },
      DEFER,
      AT,
      { action: 'defer', until: new Date('2026-11-24T11:00:00Z'), cap: 'hourly', limit: 500 },
    ],
    [
      'daily cap reached: wait for local midnight',
      { thisHour: 10, thisDay: 2000 },
      DEFER,
      AT,
      { action: 'defer', until: new Date('2026-11-24T22:00:00Z'), cap: 'daily', limit: 2000 },
    ],
    [
      'both full: the daily cap decides',
      { thisHour: 500, thisDay: 2000 },
      DEFER,
      AT,
      { action: 'defer', until: new Date('2026-11-24T22:00:00Z'), cap: 'daily', limit: 2000 },
    ],
    [
      'over the cap (a race already overshot) still defers',
      { thisHour: 650, thisDay: 900 },
      DEFER,
      AT,
      { action: 'defer', until: new Date('2026-11-24T11:00:00Z'), cap: 'hourly', limit: 500 },
    ],
    [
      'hourly cap reached, drop configured',
      { thisHour: 500, thisDay: 1200 },
      DROP,
      AT,
      { action: 'drop', cap: 'hourly', limit: 500 },
    ],
    [
      'daily cap reached, drop configured',
      { thisHour: 0, thisDay: 2000 },
      DROP,
      AT,
      { action: 'drop', cap: 'daily', limit: 2000 },
    ],
    ['no caps: always allowed', { thisHour: 1e6, thisDay: 1e7 }, { overflow: 'drop' }, AT, { action: 'allow' }],
    ['only a daily cap', { thisHour: 1e6, thisDay: 3 }, { perDay: 4, overflow: 'defer' }, AT, { action: 'allow' }],
    [
      'only an hourly cap',
      { thisHour: 4, thisDay: 1e6 },
      { perHour: 4, overflow: 'defer' },
      AT,
      { action: 'defer', until: new Date('2026-11-24T11:00:00Z'), cap: 'hourly', limit: 4 },
    ],
    [
      'daily deferral on the October change day lasts to the end of the 25-hour day',
      { thisHour: 0, thisDay: 2000 },
      DEFER,
      '2026-10-25T10:00:00Z',
      { action: 'defer', until: new Date('2026-10-25T22:00:00Z'), cap: 'daily', limit: 2000 },
    ],
  ])('%s', (_what, counts, caps, at, expected) => {
    expect(decideThrottle(counts, caps, new Date(at), 'Europe/Helsinki')).toEqual(expected);
  });

  it('refuses negative counts', () => {
    expect(() => decideThrottle({ thisHour: -1, thisDay: 0 }, DEFER, new Date(AT), 'UTC')).toThrow(RangeError);
  });
});

describe('capWindows', () => {
  it.each([
    // [what, at, zone, hour start, hour end, day start, day end]
    [
      'a winter hour and day in Helsinki',
      AT,
      'Europe/Helsinki',
      '2026-11-24T10:00:00Z',
      '2026-11-24T11:00:00Z',
      '2026-11-23T22:00:00Z',
      '2026-11-24T22:00:00Z',
    ],
    [
      'the same instant in New York',
      AT,
      'America/New_York',
      '2026-11-24T10:00:00Z',
      '2026-11-24T11:00:00Z',
      '2026-11-24T05:00:00Z',
      '2026-11-25T05:00:00Z',
    ],
    [
      'Kathmandu hours start at a quarter past in UTC',
      AT,
      'Asia/Kathmandu',
      '2026-11-24T10:15:00Z',
      '2026-11-24T11:15:00Z',
      '2026-11-23T18:15:00Z',
      '2026-11-24T18:15:00Z',
    ],
    [
      'spring-forward day has 23 hours',
      '2026-03-29T10:00:00Z',
      'Europe/Helsinki',
      '2026-03-29T10:00:00Z',
      '2026-03-29T11:00:00Z',
      '2026-03-28T22:00:00Z',
      '2026-03-29T21:00:00Z',
    ],
    [
      'fall-back day has 25 hours; first pass of 03:00',
      '2026-10-25T00:20:00Z',
      'Europe/Helsinki',
      '2026-10-25T00:00:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-24T21:00:00Z',
      '2026-10-25T22:00:00Z',
    ],
    [
      'second pass of 03:00 is its own hour',
      '2026-10-25T01:20:00Z',
      'Europe/Helsinki',
      '2026-10-25T01:00:00Z',
      '2026-10-25T02:00:00Z',
      '2026-10-24T21:00:00Z',
      '2026-10-25T22:00:00Z',
    ],
    [
      'a day whose midnight does not exist starts at 01:00',
      '2026-09-06T12:00:00Z',
      'America/Santiago',
      '2026-09-06T12:00:00Z',
      '2026-09-06T13:00:00Z',
      '2026-09-06T04:00:00Z',
      '2026-09-07T03:00:00Z',
    ],
  ])('%s', (_what, at, zone, hourStart, hourEnd, dayStart, dayEnd) => {
    const w = capWindows(new Date(at), zone);
    expect([iso(w.hour.start), iso(w.hour.end), iso(w.day.start), iso(w.day.end)]).toEqual([
      hourStart,
      hourEnd,
      dayStart,
      dayEnd,
    ]);
  });
});

describe('throttleCapsSchema', () => {
  it('accepts caps with a policy', () => {
    expect(throttleCapsSchema.safeParse({ perHour: 500, perDay: 2000, overflow: 'defer' }).success).toBe(true);
    expect(throttleCapsSchema.safeParse({ overflow: 'drop' }).success).toBe(true);
  });
  it.each<[unknown, string, string]>([
    [{ perHour: 0, overflow: 'defer' }, 'perHour', 'at least 1'],
    [{ perDay: 10.5, overflow: 'defer' }, 'perDay', 'whole number'],
    [{ perHour: 5, overflow: 'queue' }, 'overflow', '"defer" or "drop"'],
    [{ perHour: 5 }, 'overflow', '"defer" or "drop"'],
  ])('refuses %j at %s', (input, path, message) => {
    const parsed = throttleCapsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path.join('.')).toBe(path);
    expect(parsed.error!.issues[0].message).toContain(message);
  });
});
