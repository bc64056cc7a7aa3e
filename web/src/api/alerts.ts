import { api, ok } from './client';
import type { GetBody } from './types';

/** The alert routes' bodies, straight from the generated OpenAPI types (src/alerts/alert-view.schema.ts). */
export type AlertPage = GetBody<'/v1/alerts'>;
/** An alert as the list shows it. */
export type ListedAlert = AlertPage['data'][number];
/** One alert with every response on it and its history. */
export type Alert = GetBody<'/v1/alerts/{id}'>;
export type AlertStatus = ListedAlert['status'];
export type AlertMatch = ListedAlert['matches'][number];
export type AlertHistoryEntry = Alert['history'][number];
export type AlertAnswer = Alert['responses'][number]['answers'][number];
export type AlertMetrics = GetBody<'/v1/alerts/metrics'>;
export type FollowUpStats = AlertMetrics['groups'][number];
export type WorkspaceUser = GetBody<'/v1/users'>['data'][number];

/** The list's query as the API takes it (see listQueryOf in the inbox). */
export interface AlertListQuery {
  status?: string;
  team?: string;
  assignee?: string;
  cursor?: string;
  limit?: number;
}

export const listAlerts = (query: AlertListQuery): Promise<AlertPage> =>
  ok(api.GET('/v1/alerts', { params: { query } }));

export const getAlert = (id: string): Promise<Alert> => ok(api.GET('/v1/alerts/{id}', { params: { path: { id } } }));

export const getAlertMetrics = (): Promise<AlertMetrics> =>
  ok(api.GET('/v1/alerts/metrics', { params: { query: { groupBy: 'team' } } }));

/** One workflow action, as POST /v1/alerts/{id}/<action> takes it. */
export type AlertCommand =
  | { action: 'acknowledge'; note?: string }
  | { action: 'resolve'; code: string; note?: string }
  | { action: 'reopen'; note?: string }
  | { action: 'assign'; assignee: string | null; note?: string }
  | { action: 'notes'; note: string };

/** Sends the action; the answer is the alert as it now stands (with its history). */
export async function actOn(id: string, command: AlertCommand): Promise<Alert> {
  const path = { path: { id } };
  switch (command.action) {
    case 'acknowledge':
      return ok(api.POST('/v1/alerts/{id}/acknowledge', { params: path, body: { note: command.note } }));
    case 'resolve':
      return ok(
        api.POST('/v1/alerts/{id}/resolve', { params: path, body: { code: command.code, note: command.note } }),
      );
    case 'reopen':
      return ok(api.POST('/v1/alerts/{id}/reopen', { params: path, body: { note: command.note } }));
    case 'assign':
      return ok(
        api.POST('/v1/alerts/{id}/assign', { params: path, body: { assignee: command.assignee, note: command.note } }),
      );
    case 'notes':
      return ok(api.POST('/v1/alerts/{id}/notes', { params: path, body: { note: command.note } }));
  }
}

/** The workspace's resolution codes (GET /v1/settings/alerts, settings:read). */
export async function getResolutionCodes(): Promise<string[]> {
  return (await ok(api.GET('/v1/settings/alerts'))).resolutionCodes;
}

/** Everyone an alert can be assigned to (GET /v1/users, users:read), every page. */
export async function listUsers(): Promise<WorkspaceUser[]> {
  const users: WorkspaceUser[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await ok(api.GET('/v1/users', { params: { query: { limit: 500, ...(cursor ? { cursor } : {}) } } }));
    users.push(...res.data);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return users;
}
