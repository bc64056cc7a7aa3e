import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** A ticket a contact may already have a survey for: the campaign, and the event property and value it dedupes by. */
export interface TicketQuery {
  campaignId: string;
  contactId: string;
  key: string;
  value: string;
}

/** A ticket that already has a survey (scheduled, being sent or sent). */
export interface SurveyedTicketRow {
  campaign_id: string;
  contact_id: string;
  value: string;
}

/** A survey a contact has (scheduled, being sent or sent), when it goes or went out. */
export interface RecentSurveyRow {
  contact_id: string;
  campaign_id: string;
  campaign_name: string;
  at: Date;
}

/** A workspace's own fatigue cap. */
export interface WorkspaceFatigueRow {
  id: string;
  fatigue_days: number | null;
}

/**
 * What the dispatch checks read from lower layers, read only: the surveys contacts already have
 * (invitations, with their campaign's name) and the workspaces' fatigue caps. Called inside the
 * ingest transaction, under the contacts' row locks.
 */
@Injectable()
export class DispatchFactsRepository {
  constructor(private readonly db: Sql) {}

  surveyedTickets(tickets: TicketQuery[], tx: Queryable = this.db): Promise<SurveyedTicketRow[]> {
    return tx.query<SurveyedTicketRow>(
      `SELECT DISTINCT u.campaign_id, u.contact_id, u.value FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS u(campaign_id, contact_id, key, value)
         JOIN invitations i ON i.campaign_id = u.campaign_id AND i.contact_id = u.contact_id
         WHERE i.status IN ('scheduled', 'sending', 'sent') AND i.properties ->> u.key = u.value`,
      [
        tickets.map((t) => t.campaignId),
        tickets.map((t) => t.contactId),
        tickets.map((t) => t.key),
        tickets.map((t) => t.value),
      ],
    );
  }

  /** Surveys of these contacts going out from `lookbackDays` (and a day) ago on, later ones included. */
  recentSurveys(contactIds: string[], lookbackDays: number, tx: Queryable = this.db): Promise<RecentSurveyRow[]> {
    return tx.query<RecentSurveyRow>(
      `SELECT i.contact_id, i.campaign_id, c.name AS campaign_name, COALESCE(i.sent_at, i.send_at) AS at
       FROM invitations i JOIN campaigns c ON c.id = i.campaign_id
       WHERE i.contact_id = ANY($1::uuid[]) AND i.status IN ('scheduled', 'sending', 'sent')
         AND i.send_at > now() - make_interval(days => $2) - interval '1 day'`,
      [contactIds, lookbackDays],
    );
  }

  workspaceFatigueDays(workspaceIds: string[], tx: Queryable = this.db): Promise<WorkspaceFatigueRow[]> {
    return tx.query<WorkspaceFatigueRow>(`SELECT id, fatigue_days FROM workspaces WHERE id = ANY($1::uuid[])`, [
      workspaceIds,
    ]);
  }
}
