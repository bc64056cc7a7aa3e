import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';

import { FILTER_KEYS, type Filters, filtersFromSearch, searchOf } from './filters';

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * The filter bar's state, read from and written to the URL. A page opened without a zone gets the
 * browser's written into its URL, so a copied link shows a colleague abroad the same periods.
 */
export function useFilters(): [Filters, (next: Partial<Filters>) => void] {
  const [search, setSearch] = useSearchParams();
  // Until the URL names a zone the browser's is meant (and written in below): asked in it from the first call.
  const filters = useMemo(() => filtersFromSearch(search, search.get('tz') ? 'UTC' : browserZone()), [search]);
  useEffect(() => {
    if (!search.get('tz') && browserZone() !== 'UTC') {
      const next = new URLSearchParams(search);
      next.set('tz', browserZone());
      setSearch(next, { replace: true });
    }
  }, [search, setSearch]);
  const update = useCallback(
    (next: Partial<Filters>) => {
      const merged = { ...filters, ...next };
      const s = searchOf(merged, 'UTC');
      // Keys the filter bar does not own (a screen's sort, a search text) stay as they were.
      for (const [k, v] of search) if (!OWN_KEYS.has(k)) s.set(k, v);
      setSearch(s);
    },
    [filters, search, setSearch],
  );
  return [filters, update];
}

const OWN_KEYS = new Set<string>(FILTER_KEYS);
