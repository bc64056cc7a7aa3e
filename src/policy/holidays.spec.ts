import { holidayCalendarSchema, holidayOn } from './holidays';

describe('holidayOn', () => {
  it.each<[string, string, Parameters<typeof holidayOn>[1], string | null]>([
    ['Finnish Independence Day', '2027-12-06', { country: 'FI' }, 'Independence Day'],
    ['an ordinary Finnish Tuesday', '2027-12-07', { country: 'FI' }, null],
    ['Finnish Midsummer Day (Saturday)', '2026-06-20', { country: 'FI' }, 'Midsummer Day'],
    ['Finnish Christmas Eve is not public', '2026-12-24', { country: 'FI' }, null],
    ['…but is a bank holiday', '2026-12-24', { country: 'FI', types: ['bank'] }, 'Christmas Eve'],
    ['Swedish National Day', '2026-06-06', { country: 'SE' }, 'National Day'],
    ['Norwegian Constitution Day', '2026-05-17', { country: 'NO' }, 'Constitution Day'],
    ['Danish Christmas Day', '2026-12-25', { country: 'DK' }, 'Christmas Day'],
    ['British Easter Monday', '2026-04-06', { country: 'GB' }, 'Easter Monday'],
    [
      'British substitute Boxing Day (Monday 28 December 2026)',
      '2026-12-28',
      { country: 'GB' },
      expect.stringContaining('Boxing Day') as unknown as string,
    ],
    ['US Thanksgiving', '2026-11-26', { country: 'US' }, 'Thanksgiving Day'],
    [
      'US Independence Day observed on Friday',
      '2026-07-03',
      { country: 'US' },
      expect.stringContaining('Independence Day') as unknown as string,
    ],
  ])('%s', (_what, date, calendar, expected) => {
    expect(holidayOn(date, calendar)).toEqual(expected);
  });
});

describe('holidayCalendarSchema', () => {
  it.each([{ country: 'FI' }, { country: 'GB', subdivision: 'ENG' }, { country: 'US', types: ['public'] }])(
    'accepts %j',
    (input) => {
      expect(holidayCalendarSchema.safeParse(input).success).toBe(true);
    },
  );
  it.each<[unknown, string, string]>([
    [{ country: 'XX' }, 'country', 'ISO 3166-1 alpha-2'],
    [{ country: 'fi' }, 'country', 'ISO 3166-1 alpha-2'],
    [{ country: 'GB', subdivision: 'XYZ' }, 'subdivision', 'ENG'],
    [{ country: 'FI', types: [] }, 'types', 'at least one'],
    [{ country: 'FI', types: ['national'] }, 'types.0', ''],
  ])('refuses %j at %s', (input, path, message) => {
    const parsed = holidayCalendarSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path.join('.')).toBe(path);
    expect(parsed.error!.issues[0].message).toContain(message);
  });
});
