import type { AlertStatus } from './workflow';

/** Days after an alert's latest response during which a new alerting response joins it. */
export const DEFAULT_LINK_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** An existing alert of the same contact, as the link decision needs it. */
export interface LinkCandidate {
  alertId: string;
  campaignId: string;
  contactId: string;
  status: AlertStatus;
  createdAt: Date;
  /** When its most recent linked response (or the one that raised it) came in. */
  lastResponseAt: Date;
  responseIds: readonly string[];
}

/** A response that matched the alert rules. */
export interface AlertingResponse {
  responseId: string;
  campaignId: string;
  /** Null for an anonymous response: never linked, since nothing says it is the same person. */
  contactId: string | null;
  at: Date;
}

export type LinkDecision =
  | { action: 'link'; alertId: string }
  /** The response is already on this alert: a retried job, nothing to do. */
  | { action: 'already_linked'; alertId: string }
  | { action: 'create'; reason: 'anonymous' | 'no_open_alert' | 'outside_window' };

/**
 * Whether an alerting response joins an existing alert or raises a new one. It joins the most
 * recently active alert of the same contact and campaign that is still open or acknowledged and
 * whose latest response is at most `windowDays` old (a rolling window, so a customer who keeps
 * complaining stays one case). A resolved alert is never reopened by a new answer: a complaint
 * after the case was closed is a new case, with a new notification. Another campaign's alert is
 * not joined either: it usually has another owner. An open alert silent for longer than the
 * window gets a fresh one, so the new complaint shows at the top of the queue again.
 */
export function linkOrCreate(
  existing: readonly LinkCandidate[] | LinkCandidate | null,
  response: AlertingResponse,
  windowDays = DEFAULT_LINK_WINDOW_DAYS,
): LinkDecision {
  const candidates = existing === null ? [] : Array.isArray(existing) ? existing : [existing as LinkCandidate];
  const already = candidates.find((c) => c.responseIds.includes(response.responseId));
  if (already) return { action: 'already_linked', alertId: already.alertId };
  if (!response.contactId) return { action: 'create', reason: 'anonymous' };

  const live = candidates.filter(
    (c) => c.contactId === response.contactId && c.campaignId === response.campaignId && c.status !== 'resolved',
  );
  if (live.length === 0) return { action: 'create', reason: 'no_open_alert' };
  const recent = live
    .filter((c) => Math.abs(response.at.getTime() - c.lastResponseAt.getTime()) <= windowDays * DAY_MS)
    .sort((a, b) => b.lastResponseAt.getTime() - a.lastResponseAt.getTime());
  return recent.length
    ? { action: 'link', alertId: recent[0].alertId }
    : { action: 'create', reason: 'outside_window' };
}
