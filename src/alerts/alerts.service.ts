import { Injectable } from '@nestjs/common';

import { CampaignsService } from '../campaigns/campaigns.service';
import { Clock } from '../common/clock';
import type { KeysetPosition } from '../common/cursor';
import { Page, pageOf, positionOf } from '../common/pagination';
import { FieldError, notFound, Problem } from '../common/problem';
import { Queryable, Sql } from '../database/sql';
import { alertUpdatedPayload } from '../webhooks/event-payloads';
import { WebhooksService } from '../webhooks/webhooks.service';
import type { TeamScope } from '../workspaces/principal';
import { AlertEventsRepository } from './alert-events.repository';
import { AlertSettingsService } from './alert-settings.service';
import { AlertView, alertView, stateOf } from './alert-view';
import { AlertsRepository } from './alerts.repository';
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
  /** The last alert of the previous page. */
  cursor?: KeysetPosition;
}

/** The follow-up workflow over the admin API: list, read, act, and measure. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: Sql,
    private readonly alerts: AlertsRepository,
    private readonly events: AlertEventsRepository,
    private readonly clock: Clock,
    private readonly settings: AlertSettingsService,
    private readonly webhooks: WebhooksService,
    private readonly campaigns: CampaignsService,
  ) {}

  /** `scope`: only the alerts this agent sees (null: all of the workspace's). */
  async list(workspaceId: string, q: AlertListQuery, scope: TeamScope | null = null): Promise<Page<AlertView>> {
    if (q.campaignId) await this.campaigns.assertFilter(workspaceId, q.campaignId);
    const now = this.clock.now().getTime();
    const rows = await this.alerts.list(workspaceId, {
      statuses: q.status,
      campaignId: q.campaignId,
      team: q.team,
      assignee: q.assignee,
      createdAtMost: q.olderThanMs === undefined ? undefined : new Date(now - q.olderThanMs),
      createdAtLeast: q.newerThanMs === undefined ? undefined : new Date(now - q.newerThanMs),
      after: q.cursor,
      limit: q.limit + 1,
      visibleTo: scope,
    });
    return pageOf(rows, q.limit, positionOf, (r) => alertView(r));
  }

  /** One alert with its history and every response on it (the one that raised it first). */
  async get(workspaceId: string, id: string, tx?: Queryable, scope: TeamScope | null = null): Promise<AlertView> {
    const row = await this.alerts.findWithContact(workspaceId, id, tx, scope);
    if (!row) throw notFound('Alert');
    const [history, responses] = await Promise.all([this.events.forAlert(id, tx), this.alerts.responsesOn(id, tx)]);
    return alertView(row, history, responses);
  }

  /**
   * Applies a workflow action. The row is locked while the pure transition decides, so two people
   * acting at once are serialized: the second sees the first's result (and gets a 409 if it no
   * longer applies). The history entry and the `alert.updated` webhook commit with the change.
   */
  async act(
    workspaceId: string,
    id: string,
    action: AlertAction,
    actor: string,
    scope: TeamScope | null = null,
  ): Promise<AlertView> {
    const { resolutionCodes } = await this.settings.workspaceSettings(workspaceId);
    return this.db.transaction(async (tx) => {
      const row = await this.alerts.lockForAction(workspaceId, id, tx, scope);
      if (!row) throw notFound('Alert');
      const lastEvent = await this.events.latest(id, tx);
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
      await this.alerts.saveState(id, next, ev.at, tx);
      await this.events.append(id, ev, tx);
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
    scope: TeamScope | null = null,
  ) {
    if (q.campaignId) await this.campaigns.assertFilter(workspaceId, q.campaignId);
    const rows = await this.alerts.times(workspaceId, {
      from: q.from ?? null,
      to: q.to ?? null,
      campaignId: q.campaignId ?? null,
      visibleTo: scope,
    });
    const alerts = rows.map((r) => ({
      status: r.status,
      createdAt: new Date(r.created_at),
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
      team: r.team,
      campaign: r.campaign_id,
      assignee: r.assignee,
    }));
    const byStatus = { open: 0, acknowledged: 0, resolved: 0 };
    for (const a of alerts) byStatus[a.status]++;
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
