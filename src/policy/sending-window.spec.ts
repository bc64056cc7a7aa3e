import { HolidayCalendar } from './holidays';
import {
  allowedSpans,
  deferralCause,
  isInsideWindow,
  nextAllowedSendTime,
  SendingWindow,
  sendingWindowSchema,
} from './sending-window';

const iso = (d: Date | number) => new Date(d).toISOString().replace('.000Z', 'Z');
const WEEKDAYS_9_20: SendingWindow = {
  ranges: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00' }],
};
/** The issue's SMS example: Mon–Fri 09:00–20:00 and Sat 10:00–16:00. */
const SMS: SendingWindow = { ranges: [...WEEKDAYS_9_20.ranges, { days: ['sat'], start: '10:00', end: '16:00' }] };
const sunday = (start: string, end: string): SendingWindow => ({ ranges: [{ days: ['sun'], start, end }] });
const FI: HolidayCalendar = { country: 'FI' };

describe('nextAllowedSendTime', () => {
  it.each<[string, string, SendingWindow, string, HolidayCalendar | undefined, string]>([
    // [what, at (UTC), window, zone, holidays, expected (UTC)]. Helsinki is UTC+2 in winter, UTC+3 in summer.
    [
      'Helsinki 22:30 Tuesday → 09:00 Wednesday local',
      '2026-11-24T20:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-25T07:00:00Z',
    ],
    [
      'Helsinki 22:30 Friday → 09:00 Monday local',
      '2026-11-27T20:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-30T07:00:00Z',
    ],
    [
      'inside the window is sent as is',
      '2026-11-24T10:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-24T10:00:00Z',
    ],
    [
      'exactly at opening is inside',
      '2026-11-24T07:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-24T07:00:00Z',
    ],
    [
      'exactly at closing is outside (end is exclusive)',
      '2026-11-24T18:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-25T07:00:00Z',
    ],
    [
      'one millisecond before closing is inside',
      '2026-11-24T17:59:59.999Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-24T17:59:59.999Z',
    ],
    [
      'sub-minute times before opening wait for the opening',
      '2026-11-24T06:59:59.500Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-11-24T07:00:00Z',
    ],
    // The October change: Sunday 25 October 2026 at 04:00 EEST the clocks go back to 03:00 EET.
    [
      'October DST: Friday 22:30 EEST → Monday 09:00 EET',
      '2026-10-23T19:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-10-26T07:00:00Z',
    ],
    [
      'October DST: Saturday evening SMS → Monday 09:00 EET',
      '2026-10-24T19:30:00Z',
      SMS,
      'Europe/Helsinki',
      undefined,
      '2026-10-26T07:00:00Z',
    ],
    [
      'October DST: opening on the change day itself is 09:00 EET',
      '2026-10-24T22:00:00Z',
      sunday('09:00', '17:00'),
      'Europe/Helsinki',
      undefined,
      '2026-10-25T07:00:00Z',
    ],
    [
      'March DST: opening on the change day itself is 09:00 EEST',
      '2026-03-28T22:00:00Z',
      sunday('09:00', '17:00'),
      'Europe/Helsinki',
      undefined,
      '2026-03-29T06:00:00Z',
    ],
    [
      'March DST: Friday night → Monday 09:00 EEST',
      '2026-03-27T20:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2026-03-30T06:00:00Z',
    ],
    // Spring-forward gap: 03:00–04:00 local does not exist on 29 March 2026 in Helsinki.
    [
      'a start in the gap opens when the clocks land after it (04:00 EEST)',
      '2026-03-29T00:00:00Z',
      sunday('03:30', '05:00'),
      'Europe/Helsinki',
      undefined,
      '2026-03-29T01:00:00Z',
    ],
    [
      'just after the gap the wall clock reads 04:15, inside 03:30–05:00',
      '2026-03-29T01:15:00Z',
      sunday('03:30', '05:00'),
      'Europe/Helsinki',
      undefined,
      '2026-03-29T01:15:00Z',
    ],
    [
      'a range wholly inside the gap does not exist that day: next Sunday',
      '2026-03-29T00:00:00Z',
      sunday('03:10', '03:50'),
      'Europe/Helsinki',
      undefined,
      '2026-04-05T00:10:00Z',
    ],
    // Fall-back: 03:00–04:00 local is lived twice on 25 October 2026 (00:00–01:00Z EEST, 01:00–02:00Z EET).
    [
      'the repeated hour is inside the first time',
      '2026-10-25T00:10:00Z',
      sunday('03:00', '03:30'),
      'Europe/Helsinki',
      undefined,
      '2026-10-25T00:10:00Z',
    ],
    [
      'between the two passes of 03:00–03:30 waits for the second',
      '2026-10-25T00:45:00Z',
      sunday('03:00', '03:30'),
      'Europe/Helsinki',
      undefined,
      '2026-10-25T01:00:00Z',
    ],
    [
      'the repeated hour is inside the second time',
      '2026-10-25T01:10:00Z',
      sunday('03:00', '03:30'),
      'Europe/Helsinki',
      undefined,
      '2026-10-25T01:10:00Z',
    ],
    [
      'after the second pass: next Sunday',
      '2026-10-25T01:40:00Z',
      sunday('03:00', '03:30'),
      'Europe/Helsinki',
      undefined,
      '2026-11-01T01:00:00Z',
    ],
    [
      'the clock falling back below the start leaves the window until it reads the start again',
      '2026-10-25T01:05:00Z',
      sunday('03:30', '05:00'),
      'Europe/Helsinki',
      undefined,
      '2026-10-25T01:30:00Z',
    ],
    // New York: UTC−5 in winter; clocks go back 02:00 EDT → 01:00 EST on 1 November 2026 (06:00Z).
    [
      'a New York contact gets New York hours (same instant as the Helsinki case)',
      '2026-11-24T20:30:00Z',
      WEEKDAYS_9_20,
      'America/New_York',
      undefined,
      '2026-11-24T20:30:00Z',
    ],
    [
      'New York 22:00 Tuesday → 09:00 Wednesday EST',
      '2026-11-25T03:00:00Z',
      WEEKDAYS_9_20,
      'America/New_York',
      undefined,
      '2026-11-25T14:00:00Z',
    ],
    [
      'New York in summer is UTC−4',
      '2026-07-08T02:00:00Z',
      WEEKDAYS_9_20,
      'America/New_York',
      undefined,
      '2026-07-08T13:00:00Z',
    ],
    [
      'New York Saturday SMS waits for 10:00 EDT',
      '2026-10-31T12:00:00Z',
      SMS,
      'America/New_York',
      undefined,
      '2026-10-31T14:00:00Z',
    ],
    [
      'New York Saturday after 16:00 → Monday 09:00 EST across the change',
      '2026-10-31T20:00:00Z',
      SMS,
      'America/New_York',
      undefined,
      '2026-11-02T14:00:00Z',
    ],
    [
      'New York repeated 01:00–01:30 is inside twice',
      '2026-11-01T05:40:00Z',
      sunday('01:00', '01:30'),
      'America/New_York',
      undefined,
      '2026-11-01T06:00:00Z',
    ],
    // Santiago springs forward at midnight: Sunday 6 September 2026 starts at 01:00 (04:00Z).
    [
      'a day whose midnight does not exist opens at its first instant',
      '2026-09-05T20:00:00Z',
      sunday('00:00', '02:00'),
      'America/Santiago',
      undefined,
      '2026-09-06T04:00:00Z',
    ],
    [
      'Kathmandu keeps its quarter-hour offset',
      '2026-11-24T00:00:00Z',
      WEEKDAYS_9_20,
      'Asia/Kathmandu',
      undefined,
      '2026-11-24T03:15:00Z',
    ],
    ['UTC is a plain zone', '2026-11-24T08:59:59Z', WEEKDAYS_9_20, 'UTC', undefined, '2026-11-24T09:00:00Z'],
    [
      'end 24:00 runs to midnight',
      '2026-11-24T21:59:00Z',
      { ranges: [{ days: ['tue'], start: '20:00', end: '24:00' }] },
      'Europe/Helsinki',
      undefined,
      '2026-11-24T21:59:00Z',
    ],
    [
      'touching ranges act as one',
      '2026-11-24T09:59:00Z',
      {
        ranges: [
          { days: ['tue'], start: '09:00', end: '12:00' },
          { days: ['tue'], start: '12:00', end: '13:00' },
        ],
      },
      'UTC',
      undefined,
      '2026-11-24T09:59:00Z',
    ],
    [
      'a gap between two ranges of one day',
      '2026-11-24T12:30:00Z',
      {
        ranges: [
          { days: ['tue'], start: '09:00', end: '12:00' },
          { days: ['tue'], start: '14:00', end: '16:00' },
        ],
      },
      'UTC',
      undefined,
      '2026-11-24T14:00:00Z',
    ],
    [
      'a one-day window a week away',
      '2026-11-24T12:00:00Z',
      { ranges: [{ days: ['tue'], start: '09:00', end: '10:00' }] },
      'UTC',
      undefined,
      '2026-12-01T09:00:00Z',
    ],
    // Holidays: Finnish Independence Day, Monday 6 December 2027.
    [
      'Independence Day is skipped',
      '2027-12-05T20:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      FI,
      '2027-12-07T07:00:00Z',
    ],
    [
      'Independence Day counts without a holiday calendar',
      '2027-12-05T20:30:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      undefined,
      '2027-12-06T07:00:00Z',
    ],
    [
      'a send during the holiday waits for the next working day',
      '2027-12-06T10:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Helsinki',
      FI,
      '2027-12-07T07:00:00Z',
    ],
    [
      'Christmas Day and Boxing Day (Fri, Sat) both skipped',
      '2026-12-24T20:30:00Z',
      SMS,
      'Europe/Helsinki',
      FI,
      '2026-12-28T07:00:00Z',
    ],
    [
      'Christmas Eve is a bank holiday: inside unless asked',
      '2026-12-24T10:00:00Z',
      SMS,
      'Europe/Helsinki',
      FI,
      '2026-12-24T10:00:00Z',
    ],
    [
      'Christmas Eve skipped when bank holidays are',
      '2026-12-24T10:00:00Z',
      SMS,
      'Europe/Helsinki',
      { country: 'FI', types: ['public', 'bank'] },
      '2026-12-28T07:00:00Z',
    ],
    [
      'Swedish Midsummer Eve is a bank holiday',
      '2026-06-19T08:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Stockholm',
      { country: 'SE', types: ['bank', 'public'] },
      '2026-06-22T07:00:00Z',
    ],
    [
      'Norwegian Ascension Day (Thursday 14 May 2026)',
      '2026-05-14T08:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Oslo',
      { country: 'NO' },
      '2026-05-15T07:00:00Z',
    ],
    [
      'Danish Whit Monday',
      '2026-05-25T08:00:00Z',
      WEEKDAYS_9_20,
      'Europe/Copenhagen',
      { country: 'DK' },
      '2026-05-26T07:00:00Z',
    ],
    [
      'England has the August bank holiday',
      '2026-08-31T09:00:00Z',
      WEEKDAYS_9_20,
      'Europe/London',
      { country: 'GB', subdivision: 'ENG' },
      '2026-09-01T08:00:00Z',
    ],
    [
      'Scotland does not',
      '2026-08-31T09:00:00Z',
      WEEKDAYS_9_20,
      'Europe/London',
      { country: 'GB', subdivision: 'SCT' },
      '2026-08-31T09:00:00Z',
    ],
    [
      'US Independence Day observed on Friday 3 July 2026',
      '2026-07-03T14:00:00Z',
      WEEKDAYS_9_20,
      'America/New_York',
      { country: 'US' },
      '2026-07-06T13:00:00Z',
    ],
    [
      "holidays are local dates in the contact's zone",
      '2027-12-06T23:30:00Z',
      WEEKDAYS_9_20,
      'America/New_York',
      FI,
      '2027-12-07T14:00:00Z',
    ],
  ])('%s', (_what, at, window, zone, holidays, expected) => {
    expect(iso(nextAllowedSendTime(new Date(at), window, zone, holidays))).toBe(expected);
  });

  it('refuses an unknown zone and an invalid date instead of guessing', () => {
    expect(() => nextAllowedSendTime(new Date(), WEEKDAYS_9_20, 'Europe/Helsingfors')).toThrow(
      'unknown time zone "Europe/Helsingfors"',
    );
    expect(() => nextAllowedSendTime(new Date('nope'), WEEKDAYS_9_20, 'UTC')).toThrow(RangeError);
  });

  // Brute force by the definition: walk minute by minute until the wall clock is inside.
  it.each(['Europe/Helsinki', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'])(
    'agrees with a minute-by-minute walk around the DST changes in %s',
    (zone) => {
      const windows: SendingWindow[] = [
        SMS,
        sunday('00:30', '03:30'),
        {
          ranges: [
            { days: ['sun', 'sat'], start: '01:30', end: '02:45' },
            { days: ['sun'], start: '23:00', end: '24:00' },
          ],
        },
      ];
      const starts = [
        '2026-03-27T00:00:00Z',
        '2026-10-23T00:00:00Z',
        '2026-04-03T00:00:00Z',
        '2026-09-04T00:00:00Z',
        '2026-11-06T00:00:00Z',
      ];
      for (const window of windows) {
        for (const start of starts) {
          for (let h = 0; h < 72; h += 11) {
            const at = Date.parse(start) + h * 3_600_000 + 17 * 60_000;
            let t = at;
            while (!isInsideWindow(new Date(t), window, zone)) t += 60_000;
            expect(iso(nextAllowedSendTime(new Date(at), window, zone))).toBe(iso(t));
          }
        }
      }
    },
  );
});

describe('deferralCause', () => {
  it.each<[string, string, HolidayCalendar | undefined, string | null]>([
    ['inside the window: no deferral', '2026-11-24T10:00:00Z', FI, null],
    ['evening: quiet hours', '2026-11-24T20:30:00Z', FI, 'quiet hours'],
    ['the evening before Independence Day: the holiday made it later', '2027-12-05T20:30:00Z', FI, 'public holiday'],
    ['the same evening without a calendar: quiet hours', '2027-12-05T20:30:00Z', undefined, 'quiet hours'],
  ])('%s', (_what, at, holidays, expected) => {
    expect(deferralCause(new Date(at), WEEKDAYS_9_20, 'Europe/Helsinki', holidays)).toBe(expected);
  });
});

describe('allowedSpans', () => {
  it('lists the inside parts of a period, clipped to it', () => {
    const spans = allowedSpans(
      new Date('2026-11-27T12:00:00Z'),
      new Date('2026-11-30T08:00:00Z'),
      SMS,
      'Europe/Helsinki',
    );
    expect(spans.map((s) => [iso(s.from), iso(s.to)])).toEqual([
      ['2026-11-27T12:00:00Z', '2026-11-27T18:00:00Z'],
      ['2026-11-28T08:00:00Z', '2026-11-28T14:00:00Z'],
      ['2026-11-30T07:00:00Z', '2026-11-30T08:00:00Z'],
    ]);
  });
  it('is empty for an empty or reversed period', () => {
    expect(allowedSpans(new Date('2026-11-27T12:00:00Z'), new Date('2026-11-27T12:00:00Z'), SMS, 'UTC')).toEqual([]);
    expect(allowedSpans(new Date('2026-11-28T12:00:00Z'), new Date('2026-11-27T12:00:00Z'), SMS, 'UTC')).toEqual([]);
  });
});

describe('sendingWindowSchema', () => {
  it('accepts the SMS example and a 24:00 end', () => {
    expect(sendingWindowSchema.safeParse(SMS).success).toBe(true);
    expect(sendingWindowSchema.safeParse({ ranges: [{ days: ['sun'], start: '20:00', end: '24:00' }] }).success).toBe(
      true,
    );
  });
  it.each<[unknown, string, string]>([
    [{ ranges: [] }, 'ranges', 'at least one range'],
    [{}, 'ranges', ''],
    [{ ranges: [{ days: [], start: '09:00', end: '17:00' }] }, 'ranges.0.days', 'at least one weekday'],
    [{ ranges: [{ days: ['monday'], start: '09:00', end: '17:00' }] }, 'ranges.0.days.0', 'Expected a weekday'],
    [{ ranges: [{ days: ['mon', 'mon'], start: '09:00', end: '17:00' }] }, 'ranges.0.days', 'only once'],
    [{ ranges: [{ days: ['mon'], start: '9:00', end: '17:00' }] }, 'ranges.0.start', 'HH:MM'],
    [{ ranges: [{ days: ['mon'], start: '24:00', end: '24:00' }] }, 'ranges.0.start', 'HH:MM'],
    [{ ranges: [{ days: ['mon'], start: '09:00', end: '25:00' }] }, 'ranges.0.end', '24:00 for midnight'],
    [{ ranges: [{ days: ['mon'], start: '22:00', end: '02:00' }] }, 'ranges.0.end', 'use two ranges'],
    [{ ranges: [{ days: ['mon'], start: '09:00', end: '09:00' }] }, 'ranges.0.end', 'end must be after start'],
    [{ ranges: [{ days: ['mon'], start: '09:00', end: '17:00', tz: 'UTC' }] }, 'ranges.0', ''],
  ])('refuses %j at %s', (input, path, message) => {
    const parsed = sendingWindowSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0];
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toContain(message);
  });
});
