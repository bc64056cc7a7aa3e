import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

import { getResponse, listResponses } from '../../api/responses';
import type { Filters } from '../../filters/filters';
import { type ListFilters, listFiltersFromSearch, responsesQueryOf, withListFilters } from './response-filters';

/** Rows per page: a screenful, and cheap for the API's keyset pages. */
export const PAGE_SIZE = 50;

/** A period that ends "now" is fixed to the minute, so that the list, its next pages and the export share one range. */
export const minute = () => new Date(Math.floor(Date.now() / 60_000) * 60_000);

/**
 * One "now" per view: it moves on only when `key` (the filters) changes, so the next pages and the
 * export links cover the same range as the first page however long the person reads.
 */
export function useStableNow(key: string): Date {
  const [stamp, setStamp] = useState(() => ({ key, now: minute() }));
  if (stamp.key !== key) {
    const next = { key, now: minute() };
    setStamp(next);
    return next.now;
  }
  return stamp.now;
}

/**
 * The list's own filters, read from and written to the URL beside the filter bar's. A change shows
 * at once: the router commits the new URL a moment later (the route is lazy), and a checkbox that
 * waited for it would spring back meanwhile.
 */
export function useListFilters(): [ListFilters, (next: Partial<ListFilters>) => void] {
  const [search, setSearch] = useSearchParams();
  const fromUrl = useMemo(() => listFiltersFromSearch(search), [search]);
  const [pending, setPending] = useState<{ since: string; list: ListFilters } | null>(null);
  // Once the URL has moved on, it is the truth again.
  if (pending && pending.since !== search.toString()) setPending(null);
  const list = pending?.list ?? fromUrl;
  const update = (next: Partial<ListFilters>) => {
    const merged = { ...list, ...next };
    setPending({ since: search.toString(), list: merged });
    setSearch(withListFilters(search, merged));
  };
  return [list, update];
}

/** GET /v1/responses a page at a time, following nextCursor; a new filter starts again from the newest. */
export function useResponses(filters: Filters, list: ListFilters, now: Date) {
  const query = responsesQueryOf(filters, list, now);
  return useInfiniteQuery({
    queryKey: ['responses', 'list', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      listResponses({ ...query, limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useResponse(id: string) {
  return useQuery({ queryKey: ['responses', 'one', id], queryFn: () => getResponse(id) });
}
