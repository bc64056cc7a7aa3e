import type { Client } from 'pg';

import { generateApiKey } from '../../src/workspaces/api-key';
import { apiClient } from './palaute';
import { fmt } from './report';
import { step } from './run';

/**
 * The data bench:console loads: a year of answered and unanswered invitations of a support team
 * (three campaigns, email and SMS, teams, agents and touchpoints on every event, NPS, CSAT and CES
 * answers), generated in Postgres with the triggers off, the way bench:scores loads its workspaces.
 */

export const CONSOLE_WORKSPACE = 'Bench console';

/** NPS, CSAT and CES as in test/support/console-seed.ts (no open question: the overview reads no text); each id is its type. */
export const CONSOLE_SURVEY = {
  name: 'After support',
  defaultLocale: 'en',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'csat', type: 'csat', text: { en: 'How satisfied were you?' } },
    { id: 'ces', type: 'ces', text: { en: 'How easy was it?' } },
  ],
};

/** Three campaigns on the one survey, each sending by email or SMS: the console's campaign filter has something to list. */
export const CONSOLE_CAMPAIGNS = [
  { name: 'After support', eventType: 'ticket.closed' },
  { name: 'After delivery', eventType: 'order.delivered' },
  { name: 'After onboarding', eventType: 'account.onboarded' },
];

/** Invitation g is answered unless g % 5 = 0: four in five invitations have a response. */
export const invitationsFor = (responses: number) => responses + Math.floor((responses - 1) / 4);

export interface LoadedIds {
  workspaceId: string;
  surveyId: string;
  versionId: string;
  campaignIds: string[];
}

/** The survey and the campaigns, through the API as an admin would make them (the workspace exists). */
export async function createCampaigns(
  baseUrl: string,
  apiKey: string,
  db: Client,
  workspaceId: string,
): Promise<LoadedIds> {
  const api = apiClient(baseUrl, apiKey);
  const { id: surveyId } = await api<{ id: string }>('POST', '/v1/surveys', CONSOLE_SURVEY);
  const campaignIds: string[] = [];
  for (const c of CONSOLE_CAMPAIGNS) {
    const { id } = await api<{ id: string }>('POST', '/v1/campaigns', {
      name: c.name,
      surveyId,
      trigger: { eventType: c.eventType },
      channels: ['email', 'sms'],
    });
    await api('POST', `/v1/campaigns/${id}/status`, { status: 'active' });
    campaignIds.push(id);
  }
  const [v] = (await db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [surveyId])).rows;
  return { workspaceId, surveyId, versionId: v.id as string, campaignIds };
}

/**
 * `count` invitations (invitationsFor: four in five answered) spread evenly over the 365 days up to
 * `end`, in chunks of `chunk`. Triggers must be off (session_replication_role = replica), so the
 * snapshots (dims, language, invitation_sent_at) are written here as the triggers would.
 */
export async function loadConsoleData(
  db: Client,
  ids: LoadedIds,
  count: number,
  end: Date,
  tag: string,
  chunk: number,
): Promise<void> {
  const contacts = Math.min(count, 100_000);
  await db.query(
    `INSERT INTO contacts (id, workspace_id, external_id, locale)
     SELECT md5($2 || 'c' || g)::uuid, $1, $2 || '-' || g, (ARRAY['fi','sv','nb','en'])[1 + g % 4]
     FROM generate_series(1, $3::int) g`,
    [ids.workspaceId, tag, contacts],
  );
  const eventTypes = CONSOLE_CAMPAIGNS.map((c) => c.eventType);
  for (let start = 1; start <= count; start += chunk) {
    const last = Math.min(count, start + chunk - 1);
    const t0 = Date.now();
    // Five teams of eight agents (an agent is in one team), four touchpoints, email or SMS, four
    // languages; the touchpoint, language, channel and answers drawn from a hash of g, so that every
    // agent has every kind of answer (the rollups are as dense as real ones). NPS skewed as real
    // answers are, a little better in some teams and in the last 30 days; CSAT and CES follow it
    // loosely; one in seven skips CSAT, one in six CES.
    await db.query(
      `WITH h AS (
         SELECT g, hashint4(g) & 2147483647 AS h, $10::timestamptz - (($4::int - g + 0.5) / $4::float8) * interval '365 days' AS at
         FROM generate_series($5::int, $6::int) g
       ), g AS (
         SELECT g, h, at, 1 + g % 3 AS camp, (ARRAY['email','sms'])[1 + (h / 3840) % 2] AS channel,
                (ARRAY['Billing','Support','Onboarding','Returns','Sales'])[1 + (g % 40) % 5] AS team, 'A-' || (10 + g % 40) AS agent,
                (ARRAY['chat','phone','email','web'])[1 + (h / 240) % 4] AS touchpoint, (ARRAY['fi','sv','nb','en'])[1 + (h / 960) % 4] AS language,
                (ARRAY[0,1,2,3,4,5,6,7,7,8,8,8,9,9,9,9,10,10,10,10])[1 + LEAST(19, h % 20 + (g % 40) % 5 / 2 + CASE WHEN at > $10::timestamptz - interval '30 days' THEN 1 ELSE 0 END)] AS nps
         FROM h
       ), i AS (
         INSERT INTO invitations (id, workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at, language, dims, delivery_status)
         SELECT md5($2 || 'i' || g)::uuid, $1, ($3::uuid[])[camp], $7, md5($2 || 'c' || (1 + g % $9::int))::uuid, ($11::text[])[camp],
                jsonb_build_object('team', team, 'agent', agent, 'touchpoint', touchpoint), channel, 'sent', $2 || 'tok' || g,
                at - interval '2 hours', at - interval '2 hours', language,
                jsonb_build_object('properties.team', team, 'properties.agent', agent, 'properties.touchpoint', touchpoint),
                CASE WHEN channel = 'sms' THEN CASE WHEN g % 50 = 5 THEN 'undelivered' ELSE 'delivered' END END
         FROM g RETURNING 1
       ), r AS (
         INSERT INTO responses (id, workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed, created_at, updated_at,
                                survey_id, language, event_type, dims, invitation_sent_at)
         SELECT md5($2 || 'r' || g)::uuid, $1, md5($2 || 'i' || g)::uuid, ($3::uuid[])[camp], $7, md5($2 || 'c' || (1 + g % $9::int))::uuid, channel, true, at, at,
                $8, language, ($11::text[])[camp], jsonb_build_object('properties.team', team, 'properties.agent', agent, 'properties.touchpoint', touchpoint),
                at - interval '2 hours'
         FROM g WHERE g % 5 <> 0 RETURNING 1
       )
       INSERT INTO answers (response_id, question_id, question_type, value_num, value_text, answered_at)
       SELECT md5($2 || 'r' || g)::uuid, q.id, q.id,
              CASE q.id WHEN 'nps' THEN nps WHEN 'csat' THEN LEAST(5, 1 + (nps + (h / 20) % 3) / 3) ELSE LEAST(7, 1 + (nps + (h / 60) % 4) * 6 / 13) END,
              NULL, at
       FROM g CROSS JOIN (VALUES ('nps'), ('csat'), ('ces')) q(id)
       WHERE g % 5 <> 0 AND (q.id = 'nps' OR (q.id = 'csat' AND (h / 7680) % 7 <> 3) OR (q.id = 'ces' AND (h / 53760) % 6 <> 5))`,
      [
        ids.workspaceId,
        tag,
        ids.campaignIds,
        count,
        start,
        last,
        ids.versionId,
        ids.surveyId,
        contacts,
        end,
        eventTypes,
      ],
    );
    step(`loaded ${fmt(last)} / ${fmt(count)} invitations (${((Date.now() - t0) / 1000).toFixed(1)} s for this chunk)`);
  }
}

/** The workspace of a kept database, with a new admin key (keys are stored hashed, so the old one cannot be read back). */
export async function reuseConsoleWorkspace(db: Client): Promise<{ workspaceId: string; apiKey: string }> {
  const [w] = (await db.query(`SELECT id FROM workspaces WHERE name = $1`, [CONSOLE_WORKSPACE])).rows;
  if (!w) throw new Error(`BENCH_CONSOLE_REUSE: no workspace named ${CONSOLE_WORKSPACE} in that database`);
  const key = generateApiKey();
  await db.query(
    `INSERT INTO api_keys (workspace_id, name, scope, prefix, secret_hash) VALUES ($1, 'bench reuse', 'admin', $2, $3)`,
    [w.id, key.prefix, key.secretHash],
  );
  return { workspaceId: w.id as string, apiKey: key.key };
}
