/** The languages the API analyses open answers in (src/scoring/text/text-language.ts). */
export const TEXT_LANGUAGES = ['en', 'fi', 'sv', 'nb'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];
