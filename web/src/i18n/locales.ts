/** The console's interface languages: the staff locales the API already speaks. */
export const LOCALES = ['en', 'fi', 'sv', 'nb'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fi: 'Suomi', sv: 'Svenska', nb: 'Norsk bokmål' };

const isLocale = (s: string): s is Locale => (LOCALES as readonly string[]).includes(s);

/**
 * The language to show: the person's own choice (their profile, else what they picked here),
 * then the browser's list in order (no and nn read as Norwegian bokmål), then English.
 */
export function chooseLocale(choice: string | null | undefined, browser: readonly string[]): Locale {
  if (choice && isLocale(choice)) return choice;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLocale(base)) return base;
    if (base === 'no' || base === 'nn') return 'nb';
  }
  return 'en';
}
