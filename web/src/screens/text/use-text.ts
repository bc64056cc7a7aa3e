import { useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { getThemes, searchText } from '../../api/text';
import type { TextLanguage } from '../../api/text-languages';
import type { Filters } from '../../filters/filters';
import { textQueryOf } from './text-query';

/** A period that ends "now" is fixed to the minute, so the screen's queries share one key while a person reads. */
const minute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);

/** Every query of the themes shares this prefix: a theme correction makes them all stale at once. */
export const THEMES_KEY = ['text', 'themes'] as const;

/**
 * The themes in the chosen language, and (when one is chosen) those of every language too, whose
 * counts per language the language switch offers.
 */
export function useThemes(filters: Filters, language: TextLanguage | undefined) {
  const now = minute();
  const query = textQueryOf(filters, now, language);
  const themes = useQuery({ queryKey: [...THEMES_KEY, query], queryFn: () => getThemes(query) });
  const everyQuery = textQueryOf(filters, now);
  const every = useQuery({
    queryKey: [...THEMES_KEY, everyQuery],
    queryFn: () => getThemes(everyQuery),
    enabled: language !== undefined,
  });
  return { themes, byLanguage: (language ? every.data : themes.data)?.byLanguage };
}

/** Search pages for `q` (none while it is empty), newest first, one more page per `fetchNextPage`. */
export function useSearch(filters: Filters, language: TextLanguage | undefined, q: string) {
  const query = textQueryOf(filters, minute(), language);
  return useInfiniteQuery({
    queryKey: ['text', 'search', query, q],
    enabled: q.trim().length > 0,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => searchText({ ...query, q, limit: 10, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
