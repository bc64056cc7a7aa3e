import { IANAZone } from 'luxon';
import { z } from 'zod';

import { parseIsoDuration } from './iso-duration';

/** An IANA time zone name, checked against the zone database. */
export const ianaTimeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'Expected an IANA time zone such as Europe/Helsinki');

/** An ISO 8601 duration (`P7D`, `PT30M`), kept as written and in milliseconds. */
export const isoDuration = z.string().transform((text, ctx) => {
  const parsed = parseIsoDuration(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return { iso: parsed.iso, ms: parsed.ms };
});
