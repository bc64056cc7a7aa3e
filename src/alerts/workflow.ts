export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Used when a workspace has not configured its own list. */
export const DEFAULT_RESOLUTION_CODES = ['called_back', 'refund', 'no_action', 'could_not_reach'] as const;

/** Notes are for people, not attachments; longer text belongs in the CRM. */
export const MAX_NOTE_LENGTH = 4000;

/** What someone can do to an alert through the admin API. */
export type AlertAction =
  | { type: 'acknowledge'; note?: string }
  | { type: 'resolve'; code: string; note?: string }
  | { type: 'reopen'; note?: string }
  | { type: 'assign'; assignee: string | null; note?: string }
  | { type: 'note'; note: string };

/** One entry of an alert's history: every action leaves one, with its time and who did it. */
export interface AlertEvent {
  at: Date;
  actor: string;
  action: AlertAction['type'];
  from: AlertStatus;
  to: AlertStatus;
  note?: string;
  code?: string;
  /** For `assign`: who had it before and who has it now (null: nobody). */
  assigneeBefore?: string | null;
  assigneeAfter?: string | null;
}

/** The workflow part of an alert; the response, contact and context live beside it. */
export interface AlertState {
  status: AlertStatus;
  createdAt: Date;
  assignee: string | null;
  /** The first acknowledgement, kept through reopening: time to acknowledge measures the first reaction. */
  acknowledgedAt: Date | null;
  /** The current resolution; cleared on reopen, so a reopened alert is not counted as resolved. */
  resolvedAt: Date | null;
  resolutionCode: string | null;
  reopenCount: number;
  history: AlertEvent[];
}

/** Why an action was refused: `status` is the HTTP status to answer with, `message` the detail. */
export type WorkflowError =
  | { code: 'invalid_transition'; status: 409; from: AlertStatus; action: AlertAction['type']; message: string }
  | { code: 'no_change'; status: 409; action: AlertAction['type']; message: string }
  | { code: 'unknown_resolution_code'; status: 422; allowed: string[]; message: string }
  | { code: 'invalid_note'; status: 422; message: string };

export type TransitionResult = { ok: true; alert: AlertState; event: AlertEvent } | { ok: false; error: WorkflowError };

export interface WorkflowOptions {
  /** The workspace's resolution codes; default DEFAULT_RESOLUTION_CODES. */
  resolutionCodes?: readonly string[];
}

/** A new alert, open and unassigned unless routing named an assignee. */
export function newAlertState(createdAt: Date, assignee: string | null = null): AlertState {
  return {
    status: 'open',
    createdAt,
    assignee,
    acknowledgedAt: null,
    resolvedAt: null,
    resolutionCode: null,
    reopenCount: 0,
    history: [],
  };
}

// Which status each action may start from. Resolving straight from open is allowed: a lead who
// calls the customer back at once should not have to click twice. Reopening an acknowledged
// alert hands it back to the queue when whoever picked it up cannot handle it.
const ALLOWED_FROM: Record<AlertAction['type'], readonly AlertStatus[]> = {
  acknowledge: ['open'],
  resolve: ['open', 'acknowledged'],
  reopen: ['acknowledged', 'resolved'],
  assign: ['open', 'acknowledged'],
  note: ['open', 'acknowledged', 'resolved'],
};

const TARGET: Record<Exclude<AlertAction['type'], 'assign' | 'note'>, AlertStatus> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  reopen: 'open',
};

const VERB: Record<AlertAction['type'], string> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  reopen: 'reopened',
  assign: 'reassigned',
  note: 'annotated',
};

function refusal(alert: AlertState, action: AlertAction): WorkflowError {
  const from = alert.status;
  if (action.type !== 'assign' && action.type !== 'note' && TARGET[action.type] === from) {
    return { code: 'no_change', status: 409, action: action.type, message: `The alert is already ${from}.` };
  }
  const hint = from === 'resolved' ? ' Reopen it first.' : '';
  return {
    code: 'invalid_transition',
    status: 409,
    from,
    action: action.type,
    message: `A ${from} alert cannot be ${VERB[action.type]}.${hint}`,
  };
}

/**
 * Applies one action to an alert at `at` by `actor`: the new state and the history entry to
 * store, or why not (already in that state, not allowed from this state, unknown resolution
 * code, bad note). Times earlier than the alert's last event (clocks of two API instances) are
 * moved up to it, so durations in the metrics never come out negative.
 */
export function transition(
  alert: AlertState,
  action: AlertAction,
  at: Date,
  actor: string,
  options: WorkflowOptions = {},
): TransitionResult {
  const note = action.note?.trim();
  if (action.type === 'note' && !note)
    return fail({ code: 'invalid_note', status: 422, message: 'A note cannot be empty.' });
  if (note && note.length > MAX_NOTE_LENGTH)
    return fail({ code: 'invalid_note', status: 422, message: `A note cannot exceed ${MAX_NOTE_LENGTH} characters.` });
  if (!ALLOWED_FROM[action.type].includes(alert.status)) return fail(refusal(alert, action));

  const when = notBefore(at, alert);
  const event: AlertEvent = {
    at: when,
    actor,
    action: action.type,
    from: alert.status,
    to: alert.status,
    ...(note ? { note } : {}),
  };
  const next: AlertState = { ...alert };

  switch (action.type) {
    case 'acknowledge':
      next.status = 'acknowledged';
      next.acknowledgedAt = alert.acknowledgedAt ?? when;
      break;
    case 'resolve': {
      const allowed = [...(options.resolutionCodes ?? DEFAULT_RESOLUTION_CODES)];
      if (!allowed.includes(action.code)) {
        return fail({
          code: 'unknown_resolution_code',
          status: 422,
          allowed,
          message: `Unknown resolution code ${JSON.stringify(action.code)}; use one of ${allowed.join(', ')}.`,
        });
      }
      next.status = 'resolved';
      // Resolving implies someone reacted, so an alert resolved from open counts as acknowledged then.
      next.acknowledgedAt = alert.acknowledgedAt ?? when;
      next.resolvedAt = when;
      next.resolutionCode = action.code;
      event.code = action.code;
      break;
    }
    case 'reopen':
      next.status = 'open';
      next.resolvedAt = null;
      next.resolutionCode = null;
      next.reopenCount = alert.reopenCount + 1;
      break;
    case 'assign': {
      const assignee = action.assignee?.trim() || null;
      if (assignee === alert.assignee) {
        return fail({
          code: 'no_change',
          status: 409,
          action: 'assign',
          message: assignee ? `The alert is already assigned to ${assignee}.` : 'The alert is already unassigned.',
        });
      }
      next.assignee = assignee;
      event.assigneeBefore = alert.assignee;
      event.assigneeAfter = assignee;
      break;
    }
    case 'note':
      break;
  }
  event.to = next.status;
  next.history = [...alert.history, event];
  return { ok: true, alert: next, event };
}

function fail(error: WorkflowError): TransitionResult {
  return { ok: false, error };
}

function notBefore(at: Date, alert: AlertState): Date {
  const last = alert.history.at(-1)?.at ?? alert.createdAt;
  return at.getTime() < last.getTime() ? new Date(last.getTime()) : at;
}
