import { intlLocale } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';

/** A language's name in the reader's language ("Finnish", "suomi"), capitalised as a heading or button reads. */
export function languageName(locale: Locale, language: string): string {
  const name = new Intl.DisplayNames([intlLocale(locale)], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(intlLocale(locale)) + name.slice(1);
}
