import { normalizeLocale } from '../../i18n/locale';

/** Languages whose open answers get stemming and stop-words (see LANGUAGES.md). */
export const TEXT_LANGUAGES = ['en', 'fi', 'sv', 'nb'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/**
 * The analysis language for a response locale (`fi-FI` → `fi`, `no` → `nb`), or null when we
 * have no analysis for it. Nynorsk (`nn`) stays null, as in the interface strings: the
 * Norwegian tools are tuned for Bokmål and we would rather say "not analysed" than guess.
 */
export function textLanguageOf(locale: string | null | undefined): TextLanguage | null {
  const tag = locale ? normalizeLocale(locale) : undefined;
  const base = tag?.split('-')[0];
  return (TEXT_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as TextLanguage) : null;
}
