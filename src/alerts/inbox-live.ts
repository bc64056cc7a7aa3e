import type { TeamScope } from '../workspaces/principal';

/** An alert change as the alerts-live triggers announce it: `alert:<insert|update>:<workspaceId>:<alertId>`. */
export interface AlertChange {
  change: 'created' | 'updated';
  workspaceId: string;
  alertId: string;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ALERT_PAYLOAD = new RegExp(`^alert:(insert|update):(${UUID}):(${UUID})$`, 'i');

/** Reads an alert notification; anything else on the channel (a response change, a test NOTIFY) is null. */
export function parseAlertChange(payload: string | undefined): AlertChange | null {
  const m = ALERT_PAYLOAD.exec(payload ?? '');
  if (!m) return null;
  return {
    change: m[1].toLowerCase() === 'insert' ? 'created' : 'updated',
    workspaceId: m[2].toLowerCase(),
    alertId: m[3].toLowerCase(),
  };
}

/** What decides who sees an alert. */
export interface AlertAudience {
  team: string | null;
  assignee: string | null;
  notifyTo: readonly string[];
  agent: string | null;
}

const same = (a: string | null, b: string | null) => a !== null && b !== null && a.toLowerCase() === b.toLowerCase();

/**
 * Whether an agent sees this alert: their team's, assigned or routed to their address, or naming
 * their agent id, compared case-insensitively. The rule the alert list applies in SQL
 * (alerts.repository.ts, `visibleTo`), for alerts the live stream already holds.
 */
export function alertVisibleTo(alert: AlertAudience, scope: TeamScope): boolean {
  return (
    same(alert.team, scope.team) ||
    same(alert.assignee, scope.email) ||
    alert.notifyTo.some((n) => same(n, scope.email)) ||
    same(alert.agent, scope.agentId)
  );
}

/** Whether an agent sees this response: their team's, as the response list narrows (exactly as written). */
export function responseVisibleTo(team: string | null, scope: TeamScope): boolean {
  return scope.team !== null && team === scope.team;
}
