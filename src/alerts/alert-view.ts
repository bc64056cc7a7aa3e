import type { AlertEventRow } from './alert-events.repository';
import type { AlertResponseRow, AlertRow, AlertWithContactRow } from './alerts.repository';
import type { AlertEvent, AlertState, AlertStatus } from './workflow';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** An alert as the admin API shows it: who to call back, why, and where the follow-up stands. */
export interface AlertView {
  id: string;
  status: AlertStatus;
  campaignId: string;
  responseId: string;
  /** The person to call back: the reason alerts exist. */
  contact: { id: string; externalId: string; name: string | null; email: string | null; phone: string | null };
  assignee: string | null;
  notifyTo: string[];
  context: { team: string | null; agent: string | null; touchpoint: string | null };
  reasons: string[];
  matches: unknown[];
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
  notification: { state: string; sentAt: string | null };
  /** On a single alert: every response on it, oldest first. */
  responses?: Array<{
    id: string;
    channel: string;
    completed: boolean;
    createdAt: string;
    completedAt: string | null;
    answers: unknown[];
  }>;
  /** On a single alert: every action taken, oldest first. */
  history?: Array<{
    at: string;
    actor: string;
    action: string;
    from: string;
    to: string;
    note: string | null;
    code: string | null;
    assigneeBefore: string | null;
    assigneeAfter: string | null;
  }>;
}

export function alertView(
  r: AlertWithContactRow,
  history?: AlertEventRow[],
  responses?: AlertResponseRow[],
): AlertView {
  return {
    id: r.id,
    status: r.status,
    campaignId: r.campaign_id,
    responseId: r.response_id,
    contact: {
      id: r.contact_id,
      externalId: r.contact_external_id,
      name: r.contact_name ?? null,
      email: r.contact_email ?? null,
      phone: r.contact_phone ?? null,
    },
    assignee: r.assignee,
    notifyTo: r.notify_to,
    context: { team: r.team, agent: r.agent, touchpoint: r.touchpoint },
    reasons: r.reasons,
    matches: r.matches,
    comment: r.comment,
    language: r.language,
    linkedAlertId: r.linked_alert_id,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    lastResponseAt: iso(r.last_response_at)!,
    acknowledgedAt: iso(r.acknowledged_at),
    resolvedAt: iso(r.resolved_at),
    resolutionCode: r.resolution_code,
    reopenCount: r.reopen_count,
    notification: { state: r.notify_state, sentAt: iso(r.notified_at) },
    ...(responses
      ? {
          responses: responses.map((x) => ({
            id: x.id,
            channel: x.channel,
            completed: x.completed,
            createdAt: iso(x.created_at)!,
            completedAt: iso(x.completed_at),
            answers: x.answers,
          })),
        }
      : {}),
    ...(history
      ? {
          history: history.map((h) => ({
            at: iso(h.at)!,
            actor: h.actor,
            action: h.action,
            from: h.from_status,
            to: h.to_status,
            note: h.note,
            code: h.code,
            assigneeBefore: h.assignee_before,
            assigneeAfter: h.assignee_after,
          })),
        }
      : {}),
  };
}

/**
 * The workflow state of a stored alert. Only the last history entry matters to a transition (it
 * keeps time from running backwards), so only that one is loaded.
 */
export function stateOf(r: AlertRow, lastEvents: Array<Pick<AlertEventRow, 'at'>>): AlertState {
  const d = (x: Date | null) => (x ? new Date(x) : null);
  return {
    status: r.status,
    createdAt: new Date(r.created_at),
    assignee: r.assignee,
    acknowledgedAt: d(r.acknowledged_at),
    resolvedAt: d(r.resolved_at),
    resolutionCode: r.resolution_code,
    reopenCount: r.reopen_count,
    history: lastEvents.map((e) => ({ at: new Date(e.at) }) as AlertEvent),
  };
}
