import type { ConsoleCall } from './console-session';

const DAY = 86_400_000;

/**
 * The API calls the console's overview makes on first load, built as the console builds them
 * (web/src/app/session.ts, screens/overview/use-overview.ts, filters/FilterBar.tsx and
 * filters/filters.ts): GET /v1/me first (the shell waits for it), then, together, the headline
 * with its daily trend and the rates by channel for the last 30 days, three comparisons with the
 * 30 days before, the campaign list, and each slice's values. `now` is the page's clock: the
 * overview fixes its period to the minute, the slice lists use the clock as it is.
 */
export function overviewCalls(now: Date, tz: string): { me: ConsoleCall; together: ConsoleCall[] } {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const from = new Date(minute.getTime() - 30 * DAY);
  const before = new Date(from.getTime() - 30 * DAY);
  const period = { from: from.toISOString(), to: minute.toISOString() };
  const scores = (query: Record<string, string>) => `/v1/scores?${new URLSearchParams(query)}`;
  const compare = (metric: string): ConsoleCall => ({
    name: `POST /v1/scores/compare ${metric}`,
    method: 'POST',
    path: '/v1/scores/compare',
    body: { metric, a: period, b: { from: before.toISOString(), to: from.toISOString() } },
  });
  const slice = (key: string): ConsoleCall => ({
    name: `GET /v1/scores groupBy=${key}`,
    method: 'GET',
    path: scores({
      from: new Date(now.getTime() - 30 * DAY).toISOString(),
      to: now.toISOString(),
      groupBy: key,
    }),
  });
  return {
    me: { name: 'GET /v1/me', method: 'GET', path: '/v1/me' },
    together: [
      { name: 'GET /v1/scores interval=day', method: 'GET', path: scores({ ...period, tz, interval: 'day' }) },
      { name: 'GET /v1/scores groupBy=channel', method: 'GET', path: scores({ ...period, tz, groupBy: 'channel' }) },
      compare('nps'),
      compare('csat'),
      compare('ces'),
      { name: 'GET /v1/campaigns?limit=500', method: 'GET', path: '/v1/campaigns?limit=500' },
      slice('properties.team'),
      slice('properties.agent'),
      slice('properties.touchpoint'),
    ],
  };
}
