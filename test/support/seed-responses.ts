import { randomUUID } from 'node:crypto';

import type { TestApp } from './test-app';

export interface SeededResponse {
  team: string;
  agent?: string;
  channel?: 'email' | 'sms' | 'voice';
  nps?: number;
  /** Words given with the score. */
  comment?: string;
  fcr?: 'yes' | 'no';
  /** An open question's answer (question id "why"). */
  why?: string;
  at: string;
  locale?: string;
  tier?: string;
}

export interface SeedTarget {
  workspaceId: string;
  campaignId: string;
  versionId: string;
}

/**
 * A contact, a sent invitation, a response at `at` and its answers, written with SQL as any writer
 * (another process, an operator, an import) could: the database's own rules (snapshots, rollups,
 * notifications) must hold without our service code in the path.
 */
export function seedResponse(
  t: TestApp,
  target: SeedTarget,
  s: SeededResponse,
): Promise<{ responseId: string; contactId: string; invitationId: string }> {
  return t.db.transaction(async (tx) => {
    const [c] = await tx.query<{ id: string }>(
      `INSERT INTO contacts (workspace_id, external_id, locale, attributes) VALUES ($1, $2, $3, $4) RETURNING id`,
      [target.workspaceId, `c-${randomUUID()}`, s.locale ?? 'en', JSON.stringify(s.tier ? { tier: s.tier } : {})],
    );
    const [i] = await tx.query<{ id: string }>(
      `INSERT INTO invitations (workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at)
       VALUES ($1, $2, $3, $4, 'ticket.closed', $5, $6, 'sent', $7, $8, $8) RETURNING id`,
      [
        target.workspaceId,
        target.campaignId,
        target.versionId,
        c.id,
        JSON.stringify({ team: s.team, ...(s.agent ? { agent: s.agent } : {}) }),
        s.channel ?? 'email',
        randomUUID(),
        s.at,
      ],
    );
    const [r] = await tx.query<{ id: string }>(
      `INSERT INTO responses (workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [target.workspaceId, i.id, target.campaignId, target.versionId, c.id, s.channel ?? 'email', s.at],
    );
    const answers: Array<[string, string, number | null, string | null]> = [];
    if (s.nps !== undefined) answers.push(['q1', 'nps', s.nps, s.comment ?? null]);
    if (s.fcr) answers.push(['fcr', 'yes_no', null, s.fcr]);
    if (s.why) answers.push(['why', 'text', null, s.why]);
    await tx.query<{ id: string }>(
      `INSERT INTO answers (response_id, question_id, question_type, value_num, value_text) SELECT $1, q, ty, n, x FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) AS u(q, ty, n, x)`,
      [r.id, answers.map((a) => a[0]), answers.map((a) => a[1]), answers.map((a) => a[2]), answers.map((a) => a[3])],
    );
    return { responseId: r.id, contactId: c.id, invitationId: i.id };
  });
}
