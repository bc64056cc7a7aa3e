import type { Locale } from './locales';

/** Intl wants a region for Norwegian digits and separators; the rest read fine bare. */
const INTL: Record<Locale, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE', nb: 'nb-NO' };

export const intlLocale = (locale: Locale) => INTL[locale];

/** A score or share with a fixed number of decimals, in the reader's own separators (fi: "42,5"). */
export function formatNumber(locale: Locale, value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(INTL[locale], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

export function formatCount(locale: Locale, value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(INTL[locale]).format(value);
}

/** "31.5–48.2": an interval as its two ends, with an en dash, in the reader's separators. */
export function formatInterval(
  locale: Locale,
  low: number | null | undefined,
  high: number | null | undefined,
): string {
  if (low === null || low === undefined || high === null || high === undefined) return '–';
  return `${formatNumber(locale, low)}–${formatNumber(locale, high)}`;
}

export function formatDateTime(locale: Locale, iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export function formatDate(locale: Locale, iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'medium', timeZone }).format(new Date(iso));
}
