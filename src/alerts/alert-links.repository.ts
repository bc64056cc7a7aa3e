import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';
import type { AlertMatch } from './alert-rules';
import type { AlertStatus } from './workflow';

/** A live alert of a contact (or one a response of the batch already sits on), with its responses. */
export interface LinkCandidateRow {
  id: string;
  campaign_id: string;
  contact_id: string;
  status: AlertStatus;
  created_at: Date;
  last_response_at: Date;
  response_ids: string[];
}

/** An alert the follow-up batch raises, as one element of the insert's JSON array. */
export interface NewAlertRow {
  id: string;
  workspace_id: string;
  campaign_id: string;
  contact_id: string;
  response_id: string;
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
  /** ISO time; also the first updated_at and last_response_at. */
  created_at: string;
}

/** A response joining an alert. */
export interface AlertLink {
  responseId: string;
  alertId: string;
  /** When the response came in. */
  at: Date;
}

/** Alerts a new response could join (live ones of the same contacts) or already sits on. */
const LOAD_LINK_CANDIDATES = `
  SELECT a.id, a.campaign_id, a.contact_id, a.status, a.created_at, a.last_response_at,
         COALESCE(array_agg(ar.response_id) FILTER (WHERE ar.response_id IS NOT NULL), '{}') AS response_ids
  FROM alerts a LEFT JOIN alert_responses ar ON ar.alert_id = a.id
  WHERE a.contact_id = ANY($1::uuid[]) AND (a.status <> 'resolved' OR a.id IN (SELECT alert_id FROM alert_responses WHERE response_id = ANY($2::uuid[])))
  GROUP BY a.id`;

const LOAD_LATEST_ALERTS = `
  SELECT DISTINCT ON (contact_id) contact_id, id FROM alerts WHERE contact_id = ANY($1::uuid[]) ORDER BY contact_id, created_at DESC`;

/** New alerts as one JSON array of rows: lists (reasons, addresses) and the matches travel without a column per field. */
const INSERT_ALERTS = `
  INSERT INTO alerts (id, workspace_id, campaign_id, contact_id, response_id, assignee, notify_to, team, agent, touchpoint, reasons, matches,
                      comment, language, linked_alert_id, created_at, updated_at, last_response_at, notify_state)
  SELECT x.id, x.workspace_id, x.campaign_id, x.contact_id, x.response_id, x.assignee, x.notify_to, x.team, x.agent, x.touchpoint, x.reasons,
         x.matches, x.comment, x.language, x.linked_alert_id, x.created_at, x.created_at, x.created_at,
         CASE WHEN cardinality(x.notify_to) = 0 THEN 'skipped' ELSE 'pending' END
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, workspace_id uuid, campaign_id uuid, contact_id uuid, response_id uuid, assignee text,
       notify_to text[], team text, agent text, touchpoint text, reasons text[], matches jsonb, comment text, language text,
       linked_alert_id uuid, created_at timestamptz)`;

const LINK_RESPONSES = `
  INSERT INTO alert_responses (response_id, alert_id, linked_at)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT (response_id) DO NOTHING`;

const TOUCH_LINKED = `
  UPDATE alerts a SET last_response_at = GREATEST(a.last_response_at, u.at), updated_at = GREATEST(a.updated_at, $3)
  FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE a.id = u.id`;

/**
 * alerts and alert_responses as the follow-up batch raises and links them. Every method runs in
 * the batch's transaction. Rows stay snake_case.
 */
@Injectable()
export class AlertLinksRepository {
  constructor(private readonly db: Sql) {}

  /** The contacts' live alerts, and any alert one of `responseIds` is already linked to. */
  async candidates(contactIds: string[], responseIds: string[], tx: Queryable = this.db): Promise<LinkCandidateRow[]> {
    return tx.query<LinkCandidateRow>(LOAD_LINK_CANDIDATES, [contactIds, responseIds]);
  }

  /** Each contact's most recent alert, whatever its status. */
  async latestByContact(contactIds: string[], tx: Queryable = this.db): Promise<Map<string, string>> {
    const rows = await tx.query<{ contact_id: string; id: string }>(LOAD_LATEST_ALERTS, [contactIds]);
    return new Map(rows.map((r) => [r.contact_id, r.id]));
  }

  /** The notification starts `pending`, or `skipped` when nobody is to be emailed. */
  async insert(alerts: readonly NewAlertRow[], tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(INSERT_ALERTS, [JSON.stringify(alerts)]);
  }

  /** A response already on an alert keeps its link (a repeated run adds nothing). */
  async link(links: readonly AlertLink[], at: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(LINK_RESPONSES, [
      links.map((l) => l.responseId),
      links.map((l) => l.alertId),
      links.map(() => at),
    ]);
  }

  /** Moves the existing alerts' last response (and update) times forward to the responses that joined them. */
  async touch(links: readonly AlertLink[], at: Date, tx: Queryable = this.db): Promise<void> {
    await tx.query<never>(TOUCH_LINKED, [links.map((l) => l.alertId), links.map((l) => l.at), at]);
  }
}
