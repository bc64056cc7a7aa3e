import { Duration } from 'luxon';

export type ParsedDuration = { ok: true; ms: number; iso: string } | { ok: false; message: string };

const EXAMPLES = 'e.g. PT30M, PT2H, P7D or P1DT12H';

/**
 * Parses an ISO 8601 duration such as `PT2H` or `P1DT12H` into milliseconds, plus its
 * normalised ISO form. Only weeks, days, hours, minutes and seconds are accepted.
 */
export function parseIsoDuration(text: string): ParsedDuration {
  const input = text.trim().toUpperCase();
  if (input.includes('-')) return { ok: false, message: `Duration "${text}" must not be negative` };
  const duration = Duration.fromISO(input);
  const units = duration.isValid ? duration.toObject() : {};
  // Luxon accepts a bare "P" or "PT" as zero; that's almost certainly a typo.
  if (!duration.isValid || Object.keys(units).length === 0) {
    return { ok: false, message: `"${text}" is not an ISO 8601 duration (${EXAMPLES})` };
  }
  // Luxon would silently turn a month into 30 days and a year into 365, so a "P1M" delay
  // would drift from what the author meant; make them spell it out in days instead.
  if (units.years !== undefined || units.months !== undefined) {
    return {
      ok: false,
      message: `Duration "${text}" uses months or years, whose length varies; use weeks or days instead (e.g. P30D)`,
    };
  }
  const ms = duration.toMillis();
  if (!Number.isSafeInteger(ms)) {
    return { ok: false, message: `Duration "${text}" is too long` };
  }
  return { ok: true, ms, iso: duration.toISO() ?? input };
}
