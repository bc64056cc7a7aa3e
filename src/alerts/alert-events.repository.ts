import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { AlertEvent, AlertStatus } from './workflow';

/** One entry of an alert's history. */
export interface AlertEventRow {
  /** bigserial: pg returns it as text. */
  id: string;
  alert_id: string;
  at: Date;
  actor: string;
  action: AlertEvent['action'];
  from_status: AlertStatus;
  to_status: AlertStatus;
  note: string | null;
  code: string | null;
  assignee_before: string | null;
  assignee_after: string | null;
}

/** alert_events, the append-only history of every action on an alert. Rows stay snake_case. */
@Injectable()
export class AlertEventsRepository {
  constructor(private readonly db: Sql) {}

  /** Oldest first. */
  async forAlert(alertId: string, tx: Queryable = this.db): Promise<AlertEventRow[]> {
    return tx.query<AlertEventRow>(`SELECT * FROM alert_events WHERE alert_id = $1 ORDER BY id`, [alertId]);
  }

  /** The latest entry's time only: all a transition needs to keep time from running backwards. */
  async latest(alertId: string, tx: Queryable = this.db): Promise<Array<Pick<AlertEventRow, 'at'>>> {
    return tx.query<Pick<AlertEventRow, 'at'>>(
      `SELECT at FROM alert_events WHERE alert_id = $1 ORDER BY id DESC LIMIT 1`,
      [alertId],
    );
  }

  async append(alertId: string, ev: AlertEvent, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(
      `INSERT INTO alert_events (alert_id, at, actor, action, from_status, to_status, note, code, assignee_before, assignee_after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        alertId,
        ev.at,
        ev.actor,
        ev.action,
        ev.from,
        ev.to,
        ev.note ?? null,
        ev.code ?? null,
        ev.assigneeBefore ?? null,
        ev.assigneeAfter ?? null,
      ],
    );
  }
}
