import { Injectable } from '@nestjs/common';

import { Sql } from '../database/sql';
import type { UiLocale } from '../i18n/locale';
import type { AlertRow } from './alerts.repository';

/** A claimed alert: what its owner email says about it. */
export type NotifyClaimRow = Pick<
  AlertRow,
  | 'id'
  | 'workspace_id'
  | 'campaign_id'
  | 'contact_id'
  | 'notify_to'
  | 'team'
  | 'agent'
  | 'touchpoint'
  | 'matches'
  | 'comment'
  | 'notify_attempts'
>;

/** The contact, campaign name and staff language of a claimed alert (read-only from contacts and campaigns). */
export interface NotifyDetailsRow {
  id: string;
  external_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  campaign_name: string;
  locale: UiLocale;
}

/** The owner email's side of alerts: claim, send, record. Rows stay snake_case. */
@Injectable()
export class AlertNotificationsRepository {
  constructor(private readonly db: Sql) {}

  /**
   * Claims up to `limit` pending alerts whose backoff is over (`pending` → `sending`, one more
   * attempt), oldest first; rows another worker is claiming are skipped.
   */
  async claimDue(limit: number, now: Date): Promise<NotifyClaimRow[]> {
    return this.db.query<NotifyClaimRow>(
      `UPDATE alerts a SET notify_state = 'sending', notify_attempts = a.notify_attempts + 1
       FROM (SELECT id FROM alerts WHERE notify_state = 'pending' AND (notify_after IS NULL OR notify_after <= $2)
             ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE a.id = due.id
       RETURNING a.id, a.workspace_id, a.campaign_id, a.contact_id, a.notify_to, a.team, a.agent, a.touchpoint, a.matches, a.comment, a.notify_attempts`,
      [limit, now],
    );
  }

  /** Absent for an alert erased with its contact since the claim. */
  async details(alertIds: string[]): Promise<NotifyDetailsRow[]> {
    return this.db.query<NotifyDetailsRow>(
      `SELECT a.id, c.external_id, c.name, c.email, c.phone, cp.name AS campaign_name, COALESCE(s.locale, 'en') AS locale
       FROM alerts a JOIN contacts c ON c.id = a.contact_id JOIN campaigns cp ON cp.id = a.campaign_id
       LEFT JOIN alert_settings s ON s.workspace_id = a.workspace_id WHERE a.id = ANY($1::uuid[])`,
      [alertIds],
    );
  }

  async markSent(alertId: string, at: Date): Promise<void> {
    await this.db.query<never>(`UPDATE alerts SET notify_state = 'sent', notified_at = $2 WHERE id = $1`, [
      alertId,
      at,
    ]);
  }

  /** After a failed send: `pending` again from `after`, or `failed` for good (after null). */
  async markFailed(alertId: string, state: 'pending' | 'failed', after: Date | null): Promise<void> {
    await this.db.query<never>(`UPDATE alerts SET notify_state = $2, notify_after = $3 WHERE id = $1`, [
      alertId,
      state,
      after,
    ]);
  }
}
