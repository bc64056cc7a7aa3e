/** The follow-up batch's reads, kept apart from the flow that uses them. */

/** Due responses, locked so a second worker skips them rather than waits. */
export const CLAIM_DUE = `
  SELECT f.response_id, f.completed_sent FROM response_followups f
  WHERE f.done_at IS NULL AND f.due_at <= $1
  ORDER BY f.due_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

export const LOAD_RESPONSES = `
  SELECT r.id, r.workspace_id, r.campaign_id, r.contact_id, r.invitation_id, r.channel, r.completed, r.completed_at, r.created_at,
         r.updated_at, r.late, r.language, r.event_type, r.survey_id, v.version AS survey_version,
         i.properties, c.external_id AS contact_external_id, c.locale AS contact_locale, e.external_id AS event_external_id
  FROM responses r
  JOIN invitations i ON i.id = r.invitation_id
  JOIN contacts c ON c.id = r.contact_id
  JOIN survey_versions v ON v.id = r.survey_version_id
  LEFT JOIN events e ON e.id = i.event_id
  WHERE r.id = ANY($1::uuid[])`;

export const LOAD_ANSWERS = `
  SELECT response_id, question_id, question_type, value_num, value_text FROM answers
  WHERE response_id = ANY($1::uuid[]) ORDER BY response_id, answered_at, question_id`;

/** Alerts a new response could join (live ones of the same contacts) or already sits on, and each contact's latest alert. */
export const LOAD_LINK_CANDIDATES = `
  SELECT a.id, a.campaign_id, a.contact_id, a.status, a.created_at, a.last_response_at,
         COALESCE(array_agg(ar.response_id) FILTER (WHERE ar.response_id IS NOT NULL), '{}') AS response_ids
  FROM alerts a LEFT JOIN alert_responses ar ON ar.alert_id = a.id
  WHERE a.contact_id = ANY($1::uuid[]) AND (a.status <> 'resolved' OR a.id IN (SELECT alert_id FROM alert_responses WHERE response_id = ANY($2::uuid[])))
  GROUP BY a.id`;

export const LOAD_LATEST_ALERTS = `
  SELECT DISTINCT ON (contact_id) contact_id, id FROM alerts WHERE contact_id = ANY($1::uuid[]) ORDER BY contact_id, created_at DESC`;

/** New alerts as one JSON array of rows: lists (reasons, addresses) and the matches travel without a column per field. */
export const INSERT_ALERTS = `
  INSERT INTO alerts (id, workspace_id, campaign_id, contact_id, response_id, assignee, notify_to, team, agent, touchpoint, reasons, matches,
                      comment, language, linked_alert_id, created_at, updated_at, last_response_at, notify_state)
  SELECT x.id, x.workspace_id, x.campaign_id, x.contact_id, x.response_id, x.assignee, x.notify_to, x.team, x.agent, x.touchpoint, x.reasons,
         x.matches, x.comment, x.language, x.linked_alert_id, x.created_at, x.created_at, x.created_at,
         CASE WHEN cardinality(x.notify_to) = 0 THEN 'skipped' ELSE 'pending' END
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, workspace_id uuid, campaign_id uuid, contact_id uuid, response_id uuid, assignee text,
       notify_to text[], team text, agent text, touchpoint text, reasons text[], matches jsonb, comment text, language text,
       linked_alert_id uuid, created_at timestamptz)`;

export const LINK_RESPONSES = `
  INSERT INTO alert_responses (response_id, alert_id, linked_at)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) ON CONFLICT (response_id) DO NOTHING`;

export const TOUCH_LINKED = `
  UPDATE alerts a SET last_response_at = GREATEST(a.last_response_at, u.at), updated_at = GREATEST(a.updated_at, $3)
  FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE a.id = u.id`;

export const MARK_DONE = `
  UPDATE response_followups f SET done_at = $2, completed_sent = f.completed_sent OR u.completed
  FROM unnest($1::uuid[], $3::boolean[]) AS u(id, completed) WHERE f.response_id = u.id`;
