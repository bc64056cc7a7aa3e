import { useQuery } from '@tanstack/react-query';

import { api, ok, setCsrfToken } from '../api/client';
import type { GetBody } from '../api/types';

export type Me = GetBody<'/v1/me'>;

async function fetchMe(): Promise<Me> {
  const me = await ok(api.GET('/v1/me'));
  setCsrfToken(me.csrfToken);
  return me;
}

/** Who is signed in; the query fails with a 401 ApiProblem when nobody is. */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 300_000, retry: false });

/** Whether the person holds a permission, at any reach (`alerts:act` or `alerts:act:team`). */
export function can(me: Me | undefined, permission: string): boolean {
  return Boolean(me?.permissions.some((p) => p === permission || p === `${permission}:team`));
}
