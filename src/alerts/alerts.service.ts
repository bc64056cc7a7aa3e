import { Injectable } from '@nestjs/common';

import { Clock } from '../common/clock';
import { FieldError, notFound, Problem } from '../common/problem';
import { Queryable, Sql } from '../database/sql';
import { alertUpdatedPayload } from '../webhooks/event-payloads';
import { WebhooksService } from '../webhooks/webhooks.service';
import { AlertSettingsService } from './alert-settings.service';
import { AlertView, alertView, historyEntry, stateOf } from './alert-view';
import { followUpStats, followUpStatsBy } from './metrics';
import { AlertAction, transition } from './workflow';

/** Filters of the alert list; every one optional. */
export interface AlertListQuery {
  status?: Array<'open' | 'acknowledged' | 'resolved'>;
  campaignId?: string;
  team?: string;
  /** An address, or `none` for unassigned alerts. */
  assignee?: string;
  /** Created at least / at most this long ago, in milliseconds. */
  olderThanMs?: number;
  newerThanMs?: number;
  limit: number;
  /** Opaque: the last alert of the previous page. */
  cursor?: { createdAt: string; id: string };
}

const ALERT_COLUMNS = `a.*, c.external_id AS contact_external_id, c.name AS contact_name, c.email AS contact_email, c.phone AS contact_phone`;

/** The follow-up workflow over the admin API: list, read, act, and measure. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    private readonly webhooks: WebhooksService,
  ) {}

  async list(workspaceId: string, q: AlertListQuery): Promise<{ alerts: AlertView[]; nextCursor: string | null }> {
    const params: unknown[] = [workspaceId];
    const where = ['a.workspace_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const now = this.clock.now().getTime();
    if (q.status?.length) add((p) => `a.status = ANY(${p}::text[])`, q.status);
    if (q.campaignId) add((p) => `a.campaign_id = ${p}`, q.campaignId);
    if (q.team) add((p) => `lower(a.team) = lower(${p})`, q.team);
    if (q.assignee === 'none') where.push('a.assignee IS NULL');
    else if (q.assignee) add((p) => `lower(a.assignee) = lower(${p})`, q.assignee);
    if (q.olderThanMs !== undefined) add((p) => `a.created_at <= ${p}`, new Date(now - q.olderThanMs));
    if (q.newerThanMs !== undefined) add((p) => `a.created_at >= ${p}`, new Date(now - q.newerThanMs));
    if (q.cursor) {
      params.push(q.cursor.createdAt, q.cursor.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows = await this.db.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE ${where.join(' AND ')}
       ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > q.limit && last
        ? Buffer.from(JSON.stringify({ createdAt: new Date(last.created_at).toISOString(), id: last.id })).toString(
            'base64url',
          )
        : null;
    return { alerts: page.map((r) => alertView(r)), nextCursor };
  }

  /** One alert with its history and every response on it (the one that raised it first). */
  async get(workspaceId: string, id: string, db: Queryable = this.db): Promise<AlertView> {
    const [row] = await db.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE a.workspace_id = $1 AND a.id = $2`,
      [workspaceId, id],
    );
    if (!row) throw notFound('Alert');
    const [history, responses] = await Promise.all([
      db.query(`SELECT * FROM alert_events WHERE alert_id = $1 ORDER BY id`, [id]),
      db.query(
        `SELECT r.id, r.channel, r.completed, r.created_at, r.completed_at,
                COALESCE(json_agg(json_build_object('questionId', an.question_id, 'questionType', an.question_type, 'value', COALESCE(an.value_num::text, an.value_text), 'comment', CASE WHEN an.value_num IS NOT NULL THEN an.value_text END) ORDER BY an.answered_at) FILTER (WHERE an.question_id IS NOT NULL), '[]') AS answers
         FROM alert_responses ar JOIN responses r ON r.id = ar.response_id LEFT JOIN answers an ON an.response_id = r.id
         WHERE ar.alert_id = $1 GROUP BY r.id ORDER BY r.created_at`,
        [id],
      ),
    ]);
    return alertView(row, history, responses);
  }

  /**
   * Applies a workflow action. The row is locked while the pure transition decides, so two people
   * acting at once are serialized: the second sees the first's result (and gets a 409 if it no
   * longer applies). The history entry and the `alert.updated` webhook commit with the change.
   */
  async act(workspaceId: string, id: string, action: AlertAction, actor: string): Promise<AlertView> {
    const { resolutionCodes } = await this.settings.workspaceSettings(workspaceId);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(
        `SELECT a.*, c.external_id AS contact_external_id FROM alerts a JOIN contacts c ON c.id = a.contact_id WHERE a.workspace_id = $1 AND a.id = $2 FOR UPDATE OF a`,
        [workspaceId, id],
      );
      if (!row) throw notFound('Alert');
      const lastEvent = await tx.query(`SELECT at FROM alert_events WHERE alert_id = $1 ORDER BY id DESC LIMIT 1`, [
        id,
      ]);
      const result = transition(stateOf(row, lastEvent), action, this.clock.now(), actor, { resolutionCodes });
      if (!result.ok) {
        const e = result.error;
        const errors: FieldError[] | undefined =
          e.code === 'unknown_resolution_code'
            ? [{ path: 'code', message: e.message }]
            : e.code === 'invalid_note'
              ? [{ path: 'note', message: e.message }]
              : undefined;
        throw new Problem(
          e.status,
          e.status === 409 ? 'Conflict' : 'Validation failed',
          e.message,
          errors,
          e.code.replace(/_/g, '-'),
        );
      }
      const next = result.alert;
      const ev = result.event;
      await tx.query(
        `UPDATE alerts SET status = $2, assignee = $3, acknowledged_at = $4, resolved_at = $5, resolution_code = $6, reopen_count = $7, updated_at = $8 WHERE id = $1`,
        [
          id,
          next.status,
          next.assignee,
          next.acknowledgedAt,
          next.resolvedAt,
          next.resolutionCode,
          next.reopenCount,
          ev.at,
        ],
      );
      await tx.query(
        `INSERT INTO alert_events (alert_id, at, actor, action, from_status, to_status, note, code, assignee_before, assignee_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        historyEntry(id, ev),
      );
      if (ev.from !== ev.to || action.type === 'assign') {
        await this.webhooks.emit(tx, workspaceId, [
          alertUpdatedPayload(ev.at, {
            workspaceId,
            alertId: id,
            campaignId: row.campaign_id,
            responseId: row.response_id,
            contactId: row.contact_id,
            contactExternalId: row.contact_external_id,
            assignee: next.assignee,
            context: { team: row.team, agent: row.agent, touchpoint: row.touchpoint },
            status: next.status,
            previousStatus: ev.from,
            resolutionCode: next.resolutionCode,
            acknowledgedAt: next.acknowledgedAt?.toISOString() ?? null,
            resolvedAt: next.resolvedAt?.toISOString() ?? null,
            updatedAt: ev.at.toISOString(),
          }),
        ]);
      }
      return this.get(workspaceId, id, tx);
    });
  }

  /** Time to acknowledge and to resolve, overall and per team (or campaign, or assignee), for alerts created in the period. */
  async metrics(
    workspaceId: string,
    q: { from?: Date; to?: Date; campaignId?: string; groupBy: 'team' | 'campaign' | 'assignee' },
  ) {
    const rows = await this.db.query(
      `SELECT status, created_at, acknowledged_at, resolved_at, team, campaign_id, assignee FROM alerts
       WHERE workspace_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2) AND ($3::timestamptz IS NULL OR created_at < $3) AND ($4::uuid IS NULL OR campaign_id = $4)`,
      [workspaceId, q.from ?? null, q.to ?? null, q.campaignId ?? null],
    );
    const alerts = rows.map((r) => ({
      status: r.status,
      createdAt: new Date(r.created_at),
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
      team: r.team as string | null,
      campaign: r.campaign_id as string,
      assignee: r.assignee as string | null,
    }));
    const byStatus = { open: 0, acknowledged: 0, resolved: 0 };
    for (const a of alerts) byStatus[a.status as keyof typeof byStatus]++;
    return {
      from: q.from?.toISOString() ?? null,
      to: q.to?.toISOString() ?? null,
      campaignId: q.campaignId ?? null,
      byStatus,
      overall: followUpStats(alerts),
      groupBy: q.groupBy,
      groups: followUpStatsBy(alerts, (a) => a[q.groupBy]),
    };
  }
}
