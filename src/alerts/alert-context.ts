import { readOwnPath } from '../common/own-path';

/** Where an alert came from, as a CX lead files it: which team, which agent, which touchpoint. */
export interface AlertContext {
  team: string | null;
  agent: string | null;
  touchpoint: string | null;
}

// CRMs name these differently; the first present wins, in this order.
const TEAM_PATHS = ['team', 'teamName', 'team_name', 'agent.team', 'queue', 'group'];
const AGENT_PATHS = [
  'agent',
  'agentName',
  'agent_name',
  'agent.name',
  'agentId',
  'agent_id',
  'agent.id',
  'agent.email',
  'assignee',
];
const TOUCHPOINT_PATHS = ['touchpoint', 'touchPoint', 'channel'];

function firstText(properties: Record<string, unknown>, paths: readonly string[]): string | null {
  for (const path of paths) {
    const v = readOwnPath(properties, path);
    if ((typeof v === 'string' && v.trim()) || (typeof v === 'number' && Number.isFinite(v)))
      return String(v).trim().slice(0, 200);
  }
  return null;
}

/**
 * The context of an alert from its event's properties: `team`, `agent` (a name or id, also read
 * from an `agent` object) and `touchpoint`, which falls back to the event type ("ticket.closed")
 * because that is the touchpoint when the CRM does not name one.
 */
export function alertContextOf(
  properties: Record<string, unknown> | null | undefined,
  eventType: string | null,
): AlertContext {
  const p = properties ?? {};
  return {
    team: firstText(p, TEAM_PATHS),
    agent: firstText(p, AGENT_PATHS),
    touchpoint: firstText(p, TOUCHPOINT_PATHS) ?? eventType ?? null,
  };
}
