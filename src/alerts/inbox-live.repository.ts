import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import type { AlertRow } from './alerts.repository';

/** The columns an `alert` event carries and the ones that decide who sees it. */
export type LiveAlertRow = Pick<
  AlertRow,
  | 'id'
  | 'workspace_id'
  | 'campaign_id'
  | 'response_id'
  | 'status'
  | 'assignee'
  | 'team'
  | 'agent'
  | 'notify_to'
  | 'created_at'
  | 'updated_at'
>;

/** alerts as the inbox stream reads them: many at once, by id, as they are now. Rows stay snake_case. */
@Injectable()
export class InboxLiveRepository {
  constructor(private readonly db: Sql) {}

  async alertsByIds(ids: readonly string[]): Promise<LiveAlertRow[]> {
    if (ids.length === 0) return [];
    return this.db.query<LiveAlertRow>(
      `SELECT id, workspace_id, campaign_id, response_id, status, assignee, team, agent, notify_to, created_at, updated_at
       FROM alerts WHERE id = ANY($1::uuid[]) ORDER BY updated_at, id`,
      [ids],
      'inbox-live-alerts-by-id',
    );
  }
}
