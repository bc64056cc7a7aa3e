import { ExportQuery } from './export-query';
import { responseFilterConditions } from './response-filters.sql-builder';

/** Where a page ends: created_at to the microsecond (as Postgres prints it) and id. */
export interface ExportPosition {
  position: string;
  id: string;
}

/**
 * One page of the export, oldest first, after `after` (keyset on (created_at, id): every page is
 * an index range scan, however deep into the export). Only the filters given appear in the SQL,
 * so each combination gets a plan of its own. Rows carry `position` for the next page's keyset.
 */
export function exportPageQuery(
  q: ExportQuery,
  until: string,
  limit: number,
  after?: ExportPosition,
): { text: string; values: unknown[] } {
  const values: unknown[] = [q.workspaceId, until];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = ['r.workspace_id = $1', 'r.created_at < $2'];
  if (q.campaignId) where.push(`r.campaign_id = ${param(q.campaignId)}`);
  if (q.from) where.push(`r.created_at >= ${param(q.from)}`);
  if (q.to) where.push(`r.created_at < ${param(q.to)}`);
  if (q.score) {
    const s = [q.score.questionId ? `s.question_id = ${param(q.score.questionId)}` : `s.question_type = 'nps'`];
    if (q.score.min !== undefined) s.push(`s.value_num >= ${param(q.score.min)}`);
    if (q.score.max !== undefined) s.push(`s.value_num <= ${param(q.score.max)}`);
    where.push(`EXISTS (SELECT 1 FROM answers s WHERE s.response_id = r.id AND ${s.join(' AND ')})`);
  }
  where.push(...responseFilterConditions(q.filter, param));
  // Microsecond position as text: a JS Date would round it and skip or repeat rows at page edges.
  if (after) where.push(`(r.created_at, r.id) > (${param(after.position)}::timestamptz, ${param(after.id)}::uuid)`);
  const text = `SELECT r.id, r.invitation_id, r.campaign_id, cp.name AS campaign_name, v.survey_id, v.version AS survey_version, r.channel,
            r.created_at, r.created_at::text AS position, r.completed_at, r.completed, r.late, r.unparsed_text,
            c.external_id, c.email, c.phone, c.name AS contact_name, c.locale, i.event_type, i.properties,
            COALESCE((SELECT json_agg(json_build_object('questionId', a.question_id, 'type', a.question_type, 'num', a.value_num, 'text', a.value_text,
                                                        'url', a.recording_url, 'seconds', a.recording_seconds) ORDER BY a.answered_at, a.question_id)
                        FROM answers a WHERE a.response_id = r.id), '[]') AS answers
     FROM responses r
     JOIN invitations i ON i.id = r.invitation_id
     JOIN contacts c ON c.id = r.contact_id
     JOIN campaigns cp ON cp.id = r.campaign_id
     JOIN survey_versions v ON v.id = r.survey_version_id
     WHERE ${where.join(' AND ')}
     ORDER BY r.created_at, r.id
     LIMIT ${Number(limit)}`;
  return { text, values };
}
