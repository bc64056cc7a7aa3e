import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import {
  actOn,
  type Alert,
  type AlertCommand,
  type AlertListQuery,
  type AlertPage,
  getAlert,
  getAlertMetrics,
  getResolutionCodes,
  listAlerts,
  type ListedAlert,
  listUsers,
} from '../../api/alerts';

/** Every inbox query starts with 'alerts', so one invalidation (a live event, an action) refreshes them all. */
export const ALERTS_KEY = ['alerts'] as const;
const listKey = (q: AlertListQuery) => ['alerts', 'list', q] as const;
const detailKey = (id: string) => ['alerts', 'detail', id] as const;

/** While the live stream is down, the inbox asks again this often instead. */
export const POLL_MS = 30_000;

export function useAlertList(query: AlertListQuery, polling: boolean) {
  return useInfiniteQuery({
    queryKey: listKey(query),
    queryFn: ({ pageParam }) => listPage(query, pageParam),
    initialPageParam: '',
    getNextPageParam: (last: AlertPage) => last.nextCursor ?? undefined,
    refetchInterval: polling ? POLL_MS : false,
    staleTime: 10_000,
  });
}

const listPage = (query: AlertListQuery, cursor: string) => listAlerts(cursor ? { ...query, cursor } : query);

export function useAlert(id: string | undefined, polling: boolean) {
  return useQuery({
    queryKey: detailKey(id ?? ''),
    queryFn: () => getAlert(id!),
    enabled: Boolean(id),
    refetchInterval: polling ? POLL_MS : false,
    staleTime: 10_000,
  });
}

export function useAlertMetrics(polling: boolean) {
  return useQuery({
    queryKey: ['alerts', 'metrics'],
    queryFn: getAlertMetrics,
    refetchInterval: polling ? POLL_MS : false,
  });
}

/** The workspace's codes need settings:read; without it the API's defaults are offered (and a 422 names the real ones). */
export function useResolutionCodes(enabled: boolean) {
  return useQuery({
    queryKey: ['settings', 'alerts', 'codes'],
    queryFn: getResolutionCodes,
    enabled,
    staleTime: 300_000,
  });
}

/** The people an alert can go to; GET /v1/users needs users:read, which agents and analysts lack. */
export function useWorkspaceUsers(enabled: boolean) {
  return useQuery({ queryKey: ['users', 'all'], queryFn: listUsers, enabled, staleTime: 300_000 });
}

/** One workflow action on an alert: the answer replaces the detail, and the lists and metrics are asked again. */
export function useAlertAction(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (command: AlertCommand) => actOn(id, command),
    onSuccess: (alert) => {
      queries.setQueryData(detailKey(id), alert);
      void queries.invalidateQueries({ queryKey: ['alerts', 'list'] });
      void queries.invalidateQueries({ queryKey: ['alerts', 'metrics'] });
    },
  });
}

/** The alert as the screen shows it now (a list row or the open detail), to tell what a live event changed. */
export function knownAlert(queries: ReturnType<typeof useQueryClient>, id: string): ListedAlert | undefined {
  const detail = queries.getQueryData<Alert>(detailKey(id));
  if (detail) return detail;
  for (const [, data] of queries.getQueriesData<InfiniteData<AlertPage>>({ queryKey: ['alerts', 'list'] })) {
    const found = data?.pages.flatMap((p) => p.data).find((a) => a.id === id);
    if (found) return found;
  }
  return undefined;
}
