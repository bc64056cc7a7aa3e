import { api, ok } from './client';

/**
 * The parts of the alert routes the inbox reads. The OpenAPI document does not yet describe these
 * bodies (another helper is writing their schemas), so the shape is named here once, from
 * src/alerts/alert-view.ts and src/alerts/metrics.ts.
 */
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export type AlertMatch =
  | { kind: 'score'; questionId: string; type: 'nps' | 'csat' | 'ces'; value: number; reason: string }
  | { kind: 'keyword'; keyword: string; questionIds: string[]; reason: string };

export interface AlertAnswer {
  questionId: string;
  questionType: string;
  value: string | null;
  comment: string | null;
}

export interface AlertHistoryEntry {
  at: string;
  actor: string;
  action: 'acknowledge' | 'resolve' | 'reopen' | 'assign' | 'note';
  from: AlertStatus;
  to: AlertStatus;
  note: string | null;
  code: string | null;
  assigneeBefore: string | null;
  assigneeAfter: string | null;
}

export interface Alert {
  id: string;
  status: AlertStatus;
  campaignId: string;
  responseId: string;
  contact: { id: string; externalId: string; name: string | null; email: string | null; phone: string | null };
  assignee: string | null;
  notifyTo: string[];
  context: { team: string | null; agent: string | null; touchpoint: string | null };
  reasons: string[];
  matches: AlertMatch[];
  comment: string | null;
  language: string | null;
  linkedAlertId: string | null;
  createdAt: string;
  updatedAt: string;
  lastResponseAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolutionCode: string | null;
  reopenCount: number;
  /** On a single alert. */
  responses?: Array<{
    id: string;
    channel: string;
    completed: boolean;
    createdAt: string;
    completedAt: string | null;
    answers: AlertAnswer[];
  }>;
  history?: AlertHistoryEntry[];
}

export interface AlertPage {
  data: Alert[];
  nextCursor: string | null;
}

export interface DurationStats {
  n: number;
  pending: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export interface FollowUpStats {
  key: string | null;
  alerts: number;
  timeToAcknowledge: DurationStats;
  timeToResolve: DurationStats;
}

export interface AlertMetrics {
  byStatus: Record<AlertStatus, number>;
  overall: Omit<FollowUpStats, 'key'>;
  groupBy: 'team' | 'campaign' | 'assignee';
  groups: FollowUpStats[];
}

/** The list's query as the API takes it (see listQueryOf in the inbox). */
export type AlertListQuery = Partial<Record<'status' | 'team' | 'assignee' | 'cursor' | 'limit', string>>;

export async function listAlerts(query: AlertListQuery): Promise<AlertPage> {
  return (await ok(api.GET('/v1/alerts', { params: { query } } as never))) as unknown as AlertPage;
}

export async function getAlert(id: string): Promise<Alert> {
  return (await ok(api.GET('/v1/alerts/{id}', { params: { path: { id } } }))) as unknown as Alert;
}

export async function getAlertMetrics(): Promise<AlertMetrics> {
  return (await ok(
    api.GET('/v1/alerts/metrics', { params: { query: { groupBy: 'team' } } }),
  )) as unknown as AlertMetrics;
}

/** One workflow action, as POST /v1/alerts/{id}/<action> takes it. */
export type AlertCommand =
  | { action: 'acknowledge'; note?: string }
  | { action: 'resolve'; code: string; note?: string }
  | { action: 'reopen'; note?: string }
  | { action: 'assign'; assignee: string | null; note?: string }
  | { action: 'notes'; note: string };

/** Sends the action; the answer is the alert as it now stands (with its history). */
export async function actOn(id: string, command: AlertCommand): Promise<Alert> {
  const { action, ...body } = command;
  const params = { params: { path: { id } }, body } as never;
  const call =
    action === 'acknowledge'
      ? api.POST('/v1/alerts/{id}/acknowledge', params)
      : action === 'resolve'
        ? api.POST('/v1/alerts/{id}/resolve', params)
        : action === 'reopen'
          ? api.POST('/v1/alerts/{id}/reopen', params)
          : action === 'assign'
            ? api.POST('/v1/alerts/{id}/assign', params)
            : api.POST('/v1/alerts/{id}/notes', params);
  return (await ok(call)) as unknown as Alert;
}

/** The workspace's resolution codes (GET /v1/settings/alerts, settings:read). */
export async function getResolutionCodes(): Promise<string[]> {
  const settings = (await ok(api.GET('/v1/settings/alerts'))) as unknown as { resolutionCodes?: string[] };
  return settings.resolutionCodes ?? [];
}

export interface WorkspaceUser {
  id: string;
  email: string;
  name: string | null;
  role: string;
  team: string | null;
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
