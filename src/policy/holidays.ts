import Holidays from 'date-holidays';
import { z } from 'zod';

/** Kinds of day date-holidays knows; only `public` (days off by law) is skipped unless asked. */
export const HOLIDAY_TYPES = ['public', 'bank', 'optional', 'school', 'observance'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

/** Whose public holidays a sending window skips. */
export interface HolidayCalendar {
  /** ISO 3166-1 alpha-2 country code, e.g. FI, SE, NO, DK, GB, US. */
  country: string;
  /** Optional ISO 3166-2 subdivision as date-holidays names it, e.g. ENG for England (GB's August bank holiday is regional). */
  subdivision?: string;
  /** Kinds of day to skip; default `["public"]`. Add `bank` to also skip e.g. Christmas Eve in the Nordics. */
  types?: HolidayType[];
}

const catalogue = new Holidays();
const countries = catalogue.getCountries('en');

export const holidayCalendarSchema = z
  .object({
    // Own keys only: "constructor" or "toString" is no country (`in` would say it is, and sends would fail later).
    country: z.string().refine((c) => Object.hasOwn(countries, c), {
      message: 'Unknown country: expected an ISO 3166-1 alpha-2 code such as FI, SE, NO, DK, GB or US',
    }),
    subdivision: z.string().min(1).optional(),
    types: z.array(z.enum(HOLIDAY_TYPES)).min(1, 'List at least one kind of holiday, such as "public"').optional(),
  })
  .strict()
  .superRefine((cal, ctx) => {
    if (cal.subdivision === undefined || !Object.hasOwn(countries, cal.country)) return;
    const states = catalogue.getStates(cal.country, 'en') ?? {};
    if (!Object.hasOwn(states, cal.subdivision)) {
      const known = Object.keys(states);
      ctx.addIssue({
        code: 'custom',
        path: ['subdivision'],
        message: known.length
          ? `Unknown subdivision of ${cal.country}: expected one of ${known.join(', ')}`
          : `${cal.country} has no subdivisions with their own holidays`,
      });
    }
  });

// Holiday dates are a pure function of (calendar, year); computing them costs milliseconds, looking them up nanoseconds.
const years = new Map<string, Map<string, string>>();

/** The name of the holiday on local date `date` (YYYY-MM-DD) in this calendar, or null on an ordinary day. */
export function holidayOn(date: string, calendar: HolidayCalendar): string | null {
  const types = calendar.types ?? ['public'];
  const key = `${calendar.country}/${calendar.subdivision ?? ''}/${[...types].sort().join(',')}/${date.slice(0, 4)}`;
  let days = years.get(key);
  if (!days) {
    days = new Map();
    const hd = new Holidays(calendar.country, calendar.subdivision ?? '', { languages: ['en'] });
    for (const h of hd.getHolidays(Number(date.slice(0, 4)))) {
      // `date` is the local calendar date; a holiday starting in the afternoon still closes the whole day.
      if (types.includes(h.type as HolidayType) && !days.has(h.date.slice(0, 10)))
        days.set(h.date.slice(0, 10), h.name);
    }
    years.set(key, days);
  }
  return days.get(date) ?? null;
}
