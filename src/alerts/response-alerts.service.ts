import { Injectable } from '@nestjs/common';

import type { ResponseAlerts, ResponseAlertSummary } from '../responses/response-alerts';
import type { TeamScope } from '../workspaces/principal';
import { AlertsRepository } from './alerts.repository';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The alerts on a response, for its page (provided to responses as RESPONSE_ALERTS). */
@Injectable()
export class ResponseAlertsService implements ResponseAlerts {
  constructor(private readonly alerts: AlertsRepository) {}

  async alertsOn(workspaceId: string, responseId: string, scope: TeamScope | null): Promise<ResponseAlertSummary[]> {
    const rows = await this.alerts.onResponse(workspaceId, responseId, scope);
    return rows.map((a) => ({
      id: a.id,
      status: a.status,
      assignee: a.assignee,
      team: a.team,
      reasons: a.reasons,
      createdAt: iso(a.created_at)!,
      acknowledgedAt: iso(a.acknowledged_at),
      resolvedAt: iso(a.resolved_at),
      resolutionCode: a.resolution_code,
    }));
  }
}
