/** Anything that runs SQL: a pg Client or the app's Sql/transaction. */
interface RunsSql {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

export interface BulkResponses {
  workspaceId: string;
  campaignId: string;
  surveyVersionId: string;
  /** Makes contact ids and tokens unique across calls. */
  prefix: string;
  /** Rows numbered first..first+count-1; the NPS score is n % 11. */
  first: number;
  count: number;
  /** created_at of row n is createdAt + n × stepMs (0: every row at the same instant, ties broken by id). */
  createdAt: Date;
  stepMs: number;
}

/**
 * Contacts, sent invitations, completed responses and their answers (an NPS score, a comment with
 * every fifth score, an open answer for detractors, a yes/no) in one statement per call, with
 * generate_series: a million rows in about a minute, where the send path would take hours.
 * Must run inside a transaction: row triggers are switched off for it (SET LOCAL), because the
 * rollups they maintain are not what these rows are for and would make loading ten times slower.
 */
export async function insertBulkResponses(tx: RunsSql, o: BulkResponses): Promise<void> {
  await tx.query(`SET LOCAL session_replication_role = replica`);
  await tx.query(
    `WITH c AS (
       INSERT INTO contacts (workspace_id, external_id, email, phone, name, locale)
       SELECT $1, $4 || '-' || g, $4 || g || '@example.com', '+35840' || lpad(g::text, 7, '0'), 'Bulk Customer ' || g, 'fi'
       FROM generate_series($5::int, $5::int + $6::int - 1) g
       RETURNING id, substring(external_id from '-(\\d+)$')::int AS n
     ), i AS (
       INSERT INTO invitations (workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at)
       SELECT $1, $2, $3, c.id, 'ticket.closed', jsonb_build_object('team', 'billing', 'agent', 'A-' || (c.n % 50), 'touchpoint', 'support-chat'),
              'email', 'sent', $4 || '-t-' || c.n, $7, $7
       FROM c
       RETURNING id, contact_id, substring(token from '-(\\d+)$')::int AS n
     ), r AS (
       INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed, completed_at, created_at, updated_at)
       SELECT $1, i.id, $2, $3, i.contact_id, 'email', true, t, t, t
       FROM i, LATERAL (SELECT $7::timestamptz + (i.n * $8::int) * interval '1 millisecond' AS t) at
       RETURNING id, invitation_id, created_at
     ), rn AS (SELECT r.id, r.created_at, i.n FROM r JOIN i ON i.id = r.invitation_id)
     INSERT INTO answers (response_id, question_id, question_type, value_num, value_text, answered_at)
     SELECT id, 'q1', 'nps', n % 11, CASE WHEN n % 5 = 0 THEN 'Nopea, "ystävällinen" palvelu' END, created_at FROM rn
     UNION ALL
     SELECT id, 'why', 'text', NULL, 'Odotin liian kauan; jono oli ' || (n % 40) || ' min', created_at FROM rn WHERE n % 11 <= 6
     UNION ALL
     SELECT id, 'fcr', 'yes_no', NULL, CASE WHEN n % 3 = 0 THEN 'no' ELSE 'yes' END, created_at FROM rn`,
    [o.workspaceId, o.campaignId, o.surveyVersionId, o.prefix, o.first, o.count, o.createdAt, o.stepMs],
  );
}
