import { intlLocale } from './format';
import type { Locale } from './locales';

/** A percentage as the reader writes it: "42.5%" in English, "42,5 %" in Finnish, Swedish and Norwegian. */
export function formatPercent(locale: Locale, pct: number | null | undefined, decimals = 1): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '–';
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(pct / 100);
}
