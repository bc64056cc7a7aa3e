import type { TeamScope } from '../workspaces/principal';

/** An alert on a response, as the response page shows it (GET /v1/alerts/{id} has the rest). */
export interface ResponseAlertSummary {
  id: string;
  status: 'open' | 'acknowledged' | 'resolved';
  assignee: string | null;
  team: string | null;
  reasons: string[];
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  resolutionCode: string | null;
}

/**
 * The alerts a response is on, for the response page. The response page (responses) asks; alerts
 * own them and provide it, so responses never imports a higher layer. `scope`: only the alerts
 * this agent may see (null: every one).
 */
export interface ResponseAlerts {
  alertsOn(workspaceId: string, responseId: string, scope: TeamScope | null): Promise<ResponseAlertSummary[]>;
}

/** Injection token of {@link ResponseAlerts}. */
export const RESPONSE_ALERTS = Symbol('RESPONSE_ALERTS');
