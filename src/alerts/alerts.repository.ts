import { Injectable } from '@nestjs/common';

import type { KeysetPosition } from '../common/cursor';
import { Queryable, Sql } from '../database/sql';
import type { TeamScope } from '../workspaces/principal';
import type { AlertMatch } from './alert-rules';
import type { AlertState, AlertStatus } from './workflow';

/** Where an alert's owner email stands. */
export type NotifyState = 'pending' | 'sending' | 'sent' | 'skipped' | 'failed';

/** Every column of alerts. */
export interface AlertRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  response_id: string;
  status: AlertStatus;
  assignee: string | null;
  notify_to: string[];
  team: string | null;
  agent: string | null;
  touchpoint: string | null;
  reasons: string[];
  matches: AlertMatch[];
  comment: string | null;
  language: string | null;
  linked_alert_id: string | null;
  created_at: Date;
  updated_at: Date;
  last_response_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  resolution_code: string | null;
  reopen_count: number;
  notify_state: NotifyState;
  notify_attempts: number;
  notify_after: Date | null;
  notified_at: Date | null;
}

/** An alert with the person to call back (read-only from contacts). */
export interface AlertWithContactRow extends AlertRow {
  contact_external_id: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
}

/** An alert locked for a workflow action, with its contact's external id for the webhook. */
export interface LockedAlertRow extends AlertRow {
  contact_external_id: string;
}

/** A response on an alert with its answers (read-only from responses and answers). */
export interface AlertResponseRow {
  id: string;
  channel: string;
  completed: boolean;
  created_at: Date;
  completed_at: Date | null;
  answers: Array<{ questionId: string; questionType: string; value: string | null; comment: string | null }>;
}

/** The columns the follow-up metrics need. */
export type AlertTimesRow = Pick<
  AlertRow,
  'status' | 'created_at' | 'acknowledged_at' | 'resolved_at' | 'team' | 'campaign_id' | 'assignee'
>;

/** Filters of the alert list, in absolute terms; every one optional but the limit. */
export interface AlertFilter {
  statuses?: AlertStatus[];
  campaignId?: string;
  /** Compared case-insensitively. */
  team?: string;
  /** An address (case-insensitive), or `none` for unassigned alerts. */
  assignee?: string;
  createdAtMost?: Date;
  createdAtLeast?: Date;
  /** Only the alerts this agent sees. */
  visibleTo?: TeamScope | null;
  /** The last alert of the previous page, newest first. */
  after?: KeysetPosition;
  limit: number;
}

/**
 * The alerts one agent sees: their team's, assigned or routed to their address, or naming their
 * agent id. Team, address and agent id compare case-insensitively, as the list filters do.
 */
function visibleTo(scope: TeamScope, param: (value: unknown) => string): string {
  const team = param(scope.team);
  const email = param(scope.email);
  const agent = param(scope.agentId);
  return `(lower(a.team) = lower(${team}::text) OR lower(a.assignee) = lower(${email}::text)
    OR EXISTS (SELECT 1 FROM unnest(a.notify_to) n WHERE lower(n) = lower(${email}::text))
    OR lower(a.agent) = lower(${agent}::text))`;
}

/** A listed alert with its keyset position (created_at to the microsecond). */
export interface ListedAlertRow extends AlertWithContactRow {
  position: string;
}

const ALERT_COLUMNS = `a.*, c.external_id AS contact_external_id, c.name AS contact_name, c.email AS contact_email, c.phone AS contact_phone`;

/**
 * alerts as the admin API and the digest read and change them. The list and single reads join
 * contacts (read-only) for the person to call back; an alert's responses come with their answers
 * (read-only from responses and answers). Rows stay snake_case.
 */
@Injectable()
export class AlertsRepository {
  constructor(private readonly db: Sql) {}

  /** Newest first. */
  async list(workspaceId: string, f: AlertFilter): Promise<ListedAlertRow[]> {
    const params: unknown[] = [workspaceId];
    const where = ['a.workspace_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.statuses?.length) add((p) => `a.status = ANY(${p}::text[])`, f.statuses);
    if (f.campaignId) add((p) => `a.campaign_id = ${p}`, f.campaignId);
    if (f.team) add((p) => `lower(a.team) = lower(${p})`, f.team);
    if (f.assignee === 'none') where.push('a.assignee IS NULL');
    else if (f.assignee) add((p) => `lower(a.assignee) = lower(${p})`, f.assignee);
    if (f.createdAtMost !== undefined) add((p) => `a.created_at <= ${p}`, f.createdAtMost);
    if (f.createdAtLeast !== undefined) add((p) => `a.created_at >= ${p}`, f.createdAtLeast);
    if (f.visibleTo) where.push(visibleTo(f.visibleTo, (v) => (params.push(v), `$${params.length}`)));
    if (f.after) {
      params.push(f.after.at, f.after.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    return this.db.query<ListedAlertRow>(
      `SELECT ${ALERT_COLUMNS}, a.created_at::text AS position FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE ${where.join(' AND ')}
       ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async findWithContact(
    workspaceId: string,
    id: string,
    tx: Queryable = this.db,
    scope: TeamScope | null = null,
  ): Promise<AlertWithContactRow | undefined> {
    const params: unknown[] = [workspaceId, id];
    const visible = scope ? ` AND ${visibleTo(scope, (v) => (params.push(v), `$${params.length}`))}` : '';
    const [row] = await tx.query<AlertWithContactRow>(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE a.workspace_id = $1 AND a.id = $2${visible}`,
      params,
    );
    return row;
  }

  /** Every response on the alert, oldest first (the one that raised it first). */
  async responsesOn(alertId: string, tx: Queryable = this.db): Promise<AlertResponseRow[]> {
    return tx.query<AlertResponseRow>(
      `SELECT r.id, r.channel, r.completed, r.created_at, r.completed_at,
              COALESCE(json_agg(json_build_object('questionId', an.question_id, 'questionType', an.question_type, 'value', COALESCE(an.value_num::text, an.value_text), 'comment', CASE WHEN an.value_num IS NOT NULL THEN an.value_text END) ORDER BY an.answered_at) FILTER (WHERE an.question_id IS NOT NULL), '[]') AS answers
       FROM alert_responses ar JOIN responses r ON r.id = ar.response_id LEFT JOIN answers an ON an.response_id = r.id
       WHERE ar.alert_id = $1 GROUP BY r.id ORDER BY r.created_at`,
      [alertId],
    );
  }

  /** Locks the alert row until the transaction ends, so concurrent actions are serialized. */
  async lockForAction(
    workspaceId: string,
    id: string,
    tx: Queryable,
    scope: TeamScope | null = null,
  ): Promise<LockedAlertRow | undefined> {
    const params: unknown[] = [workspaceId, id];
    const visible = scope ? ` AND ${visibleTo(scope, (v) => (params.push(v), `$${params.length}`))}` : '';
    const [row] = await tx.query<LockedAlertRow>(
      `SELECT a.*, c.external_id AS contact_external_id FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE a.workspace_id = $1 AND a.id = $2${visible} FOR UPDATE OF a`,
      params,
    );
    return row;
  }

  /** Stores the workflow state a transition produced. */
  async saveState(
    id: string,
    next: Omit<AlertState, 'createdAt' | 'history'>,
    at: Date,
    tx: Queryable = this.db,
  ): Promise<void> {
    await tx.query<never>(
      `UPDATE alerts SET status = $2, assignee = $3, acknowledged_at = $4, resolved_at = $5, resolution_code = $6, reopen_count = $7, updated_at = $8 WHERE id = $1`,
      [id, next.status, next.assignee, next.acknowledgedAt, next.resolvedAt, next.resolutionCode, next.reopenCount, at],
    );
  }

  /** Alerts created in the period (either end open), optionally of one campaign. */
  async times(
    workspaceId: string,
    q: { from: Date | null; to: Date | null; campaignId: string | null; visibleTo?: TeamScope | null },
  ): Promise<AlertTimesRow[]> {
    const params: unknown[] = [workspaceId, q.from, q.to, q.campaignId];
    const visible = q.visibleTo ? ` AND ${visibleTo(q.visibleTo, (v) => (params.push(v), `$${params.length}`))}` : '';
    return this.db.query<AlertTimesRow>(
      `SELECT status, created_at, acknowledged_at, resolved_at, team, campaign_id, assignee FROM alerts a
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3) AND ($4::uuid IS NULL OR campaign_id = $4)${visible}`,
      params,
    );
  }

  /** The alerts a response is on (one at most today: a response joins one alert), newest first. */
  async onResponse(workspaceId: string, responseId: string, scope: TeamScope | null): Promise<AlertRow[]> {
    const params: unknown[] = [workspaceId, responseId];
    const visible = scope ? ` AND ${visibleTo(scope, (v) => (params.push(v), `$${params.length}`))}` : '';
    return this.db.query<AlertRow>(
      `SELECT a.* FROM alerts a JOIN alert_responses ar ON ar.alert_id = a.id
       WHERE a.workspace_id = $1 AND ar.response_id = $2${visible} ORDER BY a.created_at DESC`,
      params,
    );
  }

  /** The workspace's alerts not yet resolved. */
  async unresolved(workspaceId: string): Promise<Array<Pick<AlertRow, 'status' | 'created_at'>>> {
    return this.db.query<Pick<AlertRow, 'status' | 'created_at'>>(
      `SELECT status, created_at FROM alerts WHERE workspace_id = $1 AND status <> 'resolved'`,
      [workspaceId],
    );
  }
}
