import { cronProblems, cronScheduleSchema, nextRuns } from './schedule';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString().replace('.000Z', 'Z'));

describe('nextRuns', () => {
  it.each<[string, string, string, string, number, string[]]>([
    [
      'twice a year in Helsinki, winter and summer time',
      '0 9 1 3,9 *',
      'Europe/Helsinki',
      '2026-01-01T00:00:00Z',
      4,
      ['2026-03-01T07:00:00Z', '2026-09-01T06:00:00Z', '2027-03-01T07:00:00Z', '2027-09-01T06:00:00Z'],
    ],
    [
      'strictly after: a run at `after` is not repeated',
      '0 9 1 3,9 *',
      'Europe/Helsinki',
      '2026-03-01T07:00:00Z',
      1,
      ['2026-09-01T06:00:00Z'],
    ],
    [
      'a millisecond before a run includes it',
      '0 9 1 3,9 *',
      'Europe/Helsinki',
      '2026-03-01T06:59:59.999Z',
      1,
      ['2026-03-01T07:00:00Z'],
    ],
    [
      'the same expression in New York',
      '0 9 1 3,9 *',
      'America/New_York',
      '2026-01-01T00:00:00Z',
      2,
      ['2026-03-01T14:00:00Z', '2026-09-01T13:00:00Z'],
    ],
    [
      'weekdays at 09:00 across the October change',
      '0 9 * * 1-5',
      'Europe/Helsinki',
      '2026-10-23T00:00:00Z',
      2,
      ['2026-10-23T06:00:00Z', '2026-10-26T07:00:00Z'],
    ],
    ['weekday names work', '0 9 * * mon-fri', 'Europe/Helsinki', '2026-10-24T00:00:00Z', 1, ['2026-10-26T07:00:00Z']],
    [
      '02:30 in the spring-forward gap runs once, an hour later',
      '30 2 * * *',
      'America/New_York',
      '2026-03-07T00:00:00Z',
      3,
      ['2026-03-07T07:30:00Z', '2026-03-08T07:30:00Z', '2026-03-09T06:30:00Z'],
    ],
    [
      '01:30 in the repeated hour runs once',
      '30 1 * * *',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      2,
      ['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
    ],
    [
      'an hourly schedule runs every real hour through fall-back',
      '0 * * * *',
      'America/New_York',
      '2026-11-01T04:30:00Z',
      4,
      ['2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z'],
    ],
    [
      'an hourly schedule skips the hour that does not exist',
      '0 * * * *',
      'America/New_York',
      '2026-03-08T05:30:00Z',
      3,
      ['2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z'],
    ],
    [
      'day-of-month or day-of-week, as in standard cron',
      '0 9 1 * 1',
      'UTC',
      '2026-01-01T00:00:00Z',
      3,
      ['2026-01-01T09:00:00Z', '2026-01-05T09:00:00Z', '2026-01-12T09:00:00Z'],
    ],
    ['29 February only in leap years', '0 9 29 2 *', 'UTC', '2026-01-01T00:00:00Z', 1, ['2028-02-29T09:00:00Z']],
    ['extra spaces are fine', '  0  9 1   3,9 * ', 'UTC', '2026-01-01T00:00:00Z', 1, ['2026-03-01T09:00:00Z']],
  ])('%s', (_what, cron, zone, after, count, expected) => {
    expect(iso(nextRuns(cron, zone, new Date(after), count))).toEqual(expected);
  });

  it('refuses bad input with the problem named', () => {
    expect(() => nextRuns('0 25 * * *', 'UTC', new Date(), 1)).toThrow('hour "25"');
    expect(() => nextRuns('0 9 * * *', 'Europe/Helsingfors', new Date(), 1)).toThrow(
      'unknown time zone "Europe/Helsingfors"',
    );
    expect(() => nextRuns('0 9 * * *', 'UTC', new Date(), 0)).toThrow('count must be a whole number from 1 to 1000');
  });
});

describe('cronProblems', () => {
  it.each([
    ['', 'the cron expression is empty: expected 5 fields'],
    ['0 9 1 3,9', 'has 4 fields: expected 5 fields "minute hour day-of-month month day-of-week"'],
    ['0 0 9 1 3,9 *', 'has 6 fields'],
    ['@daily', 'has 1 field:'],
    ['61 9 * * *', 'minute "61": '],
    ['0 25 * * *', 'hour "25": '],
    ['0 9 32 * *', 'day-of-month "32": '],
    ['0 9 * 13 *', 'month "13": '],
    ['0 9 * * 8', 'day-of-week "8": '],
    ['0 9 * * fun', 'day-of-week "fun": '],
    ['*/0 9 * * *', 'minute "*/0": '],
    ['H 9 * * *', 'minute "H": H (a random value) is not allowed'],
    ['0 9 30 2 *', '"0 9 30 2 *" can never run'],
  ])('%j → %s…', (cron, problem) => {
    const problems = cronProblems(cron);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it('lists every bad field', () => {
    expect(cronProblems('61 25 * * *').map((p) => p.split(':')[0])).toEqual(['minute "61"', 'hour "25"']);
  });

  it.each(['0 9 1 3,9 *', '*/15 9-17 * * 1-5', '0 9 * * thu', '0 9 L * *'])('accepts %j', (cron) => {
    expect(cronProblems(cron)).toEqual([]);
  });
});

describe('cronScheduleSchema', () => {
  it('accepts a schedule', () => {
    expect(cronScheduleSchema.safeParse({ cron: '0 9 1 3,9 *', timezone: 'Europe/Helsinki' }).success).toBe(true);
  });
  it.each<[unknown, string, string]>([
    [{ cron: '0 25 * * *', timezone: 'UTC' }, 'cron', 'hour "25"'],
    [{ cron: '0 9 * * *', timezone: 'Helsinki' }, 'timezone', 'IANA name'],
    [{ cron: '0 9 * * *' }, 'timezone', ''],
  ])('refuses %j at %s', (input, path, message) => {
    const parsed = cronScheduleSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path.join('.')).toBe(path);
    expect(parsed.error!.issues[0].message).toContain(message);
  });
});
