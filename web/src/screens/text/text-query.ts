import type { TextQuery } from '../../api/text';
import { TEXT_LANGUAGES, type TextLanguage } from '../../api/text-languages';
import { type Filters, rangeOf } from '../../filters/filters';

/**
 * The text routes narrow by period, campaign and language only; the filter bar's other keys
 * (team, agent, touchpoint, location, channel) would be ignored by them, so the screen says so instead of
 * showing figures that look filtered and are not.
 */
export const UNSUPPORTED_FILTERS = ['team', 'agent', 'touchpoint', 'location', 'channel'] as const;
export type UnsupportedFilter = (typeof UNSUPPORTED_FILTERS)[number];

export function unsupportedFilters(f: Filters): UnsupportedFilter[] {
  return UNSUPPORTED_FILTERS.filter((k) => Boolean(f[k]));
}

/** GET /v1/text/*'s filter for the filter bar's state and the chosen answer language. */
export function textQueryOf(f: Filters, now: Date, language?: TextLanguage): TextQuery {
  const r = rangeOf(f, now);
  return {
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    ...(f.campaignId ? { campaignId: f.campaignId } : {}),
    ...(language ? { language } : {}),
  };
}

/** The answer language kept in the URL (`lang`), when it is one the analysis knows. */
export function languageOf(value: string | null): TextLanguage | undefined {
  return (TEXT_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as TextLanguage) : undefined;
}

/** The languages a switch offers: those with answers in scope, in a fixed order, plus the chosen one. */
export function languagesWithAnswers(byLanguage: Record<string, number>, chosen?: TextLanguage): TextLanguage[] {
  return TEXT_LANGUAGES.filter((l) => (byLanguage[l] ?? 0) > 0 || l === chosen);
}

/** Items grouped by their language, groups in TEXT_LANGUAGES order then unanalysed (null) last, order kept inside. */
export function byLanguage<T extends { language: TextLanguage | null }>(
  items: readonly T[],
): Array<{ language: TextLanguage | null; items: T[] }> {
  const order: Array<TextLanguage | null> = [...TEXT_LANGUAGES, null];
  return order
    .map((language) => ({ language, items: items.filter((i) => i.language === language) }))
    .filter((g) => g.items.length > 0);
}
