import { randomUUID } from 'node:crypto';

import { seededRandom } from './seeded-random';
import type { TestApp } from './test-app';

/** NPS, CSAT, CES and an open question: what the console's screens show. */
export const consoleSurvey = {
  name: 'After support',
  defaultLocale: 'en',
  questions: [
    {
      id: 'q1',
      type: 'nps',
      text: { en: 'How likely are you to recommend us?', fi: 'Kuinka todennäköisesti suosittelisit meitä?' },
    },
    { id: 'csat', type: 'csat', text: { en: 'How satisfied were you?', fi: 'Kuinka tyytyväinen olit?' } },
    { id: 'ces', type: 'ces', text: { en: 'How easy was it?', fi: 'Kuinka helppoa se oli?' } },
    { id: 'why', type: 'text', text: { en: 'What could we do better?', fi: 'Mitä voisimme tehdä paremmin?' } },
  ],
};

export interface ConsoleData {
  workspaceId: string;
  apiKey: string;
  campaignId: string;
  versionId: string;
}

const TEAMS = ['Billing', 'Support', 'Onboarding'];
const AGENTS: Record<string, string[]> = { Billing: ['A-11', 'A-12'], Support: ['A-21', 'A-22'], Onboarding: ['A-31'] };
const TOUCHPOINTS = ['chat', 'phone', 'email'];
const CHANNELS = ['email', 'sms'];
const SAYS_BAD = [
  'The queue time was far too long',
  'Nobody answered my call, long queue again',
  'Jonotusaika oli aivan liian pitkä',
  'The invoice was wrong twice',
];
/** Who wrote in Finnish reads Finnish: their contact's locale says so, and the text analysis follows it. */
const FINNISH = new Set(['Jonotusaika oli aivan liian pitkä', 'Ystävällinen ja nopea palvelu']);
const SAYS_GOOD = ['Quick and friendly help', 'Ystävällinen ja nopea palvelu', 'Solved on the first call, thanks'];

/**
 * A workspace with a campaign and `count` answered invitations over the last `days` days,
 * written with SQL in a few statements (the database's own triggers keep rollups and snapshots).
 * Billing is mostly happy, Support mostly not, and all were less happy the month before; reproducible for a given seed.
 */
export async function seedConsoleData(t: TestApp, count = 240, days = 28, seed = 15): Promise<ConsoleData> {
  const { workspaceId, apiKey } = await t.workspace('Acme Oy');
  const survey = await t.api('POST', '/v1/surveys', { key: apiKey, body: consoleSurvey });
  const campaign = await t.api('POST', '/v1/campaigns', {
    key: apiKey,
    body: {
      name: 'After support',
      surveyId: survey.body.id,
      trigger: { eventType: 'ticket.closed' },
      channel: 'email',
    },
  });
  if (campaign.status !== 201) throw new Error(`campaign: ${JSON.stringify(campaign.body)}`);
  const [v] = await t.db.query(`SELECT id FROM survey_versions WHERE survey_id = $1`, [survey.body.id]);
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random.next() * xs.length)];
  const now = Date.now();
  // `count` answers in the last `days` days, half as many in the 30 days before them (the overview's
  // previous period), and 40% more invitations that were never answered (the response rates).
  const make = (i: number, start: number, span: number, answered: boolean) => {
    const team = TEAMS[i % TEAMS.length];
    const happy = (team === 'Billing' ? 0.7 : team === 'Support' ? 0.3 : 0.5) - (start > 0 ? 0.15 : 0);
    const nps =
      random.next() < happy ? random.between(9, 10) : random.next() < 0.5 ? random.between(7, 8) : random.between(0, 6);
    const at = new Date(now - start - Math.floor(random.next() * span) - 3_600_000).toISOString();
    return {
      contact: randomUUID(),
      invitation: randomUUID(),
      response: randomUUID(),
      answered,
      team,
      agent: pick(AGENTS[team]),
      touchpoint: pick(TOUCHPOINTS),
      channel: pick(CHANNELS),
      at,
      nps,
      csat: Math.max(1, Math.min(5, Math.round(nps / 2))),
      ces: Math.max(1, Math.min(7, Math.round(nps * 0.6) + 1)),
      why: nps <= 6 ? pick(SAYS_BAD) : nps >= 9 && random.next() < 0.5 ? pick(SAYS_GOOD) : null,
    };
  };
  const DAY = 86_400_000;
  const invited = [
    ...Array.from({ length: count }, (_, i) => make(i, 0, days * DAY, true)),
    ...Array.from({ length: Math.round(count / 2) }, (_, i) => make(i, 31 * DAY, 27 * DAY, true)),
    ...Array.from({ length: Math.round(count * 0.4) }, (_, i) => make(i, 0, days * DAY, false)),
  ];
  const rows = invited.filter((r) => r.answered);
  await t.db.transaction(async (tx) => {
    await tx.query<never>(
      `INSERT INTO contacts (id, workspace_id, external_id, email, locale)
       SELECT id, $1, 'cust-' || ord, 'customer' || ord || '@example.com', l FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS u(id, l, ord)`,
      [workspaceId, invited.map((r) => r.contact), invited.map((r) => (r.why && FINNISH.has(r.why) ? 'fi' : 'en'))],
    );
    await tx.query<never>(
      `INSERT INTO invitations (id, workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at)
       SELECT id, $1, $2, $3, c, 'ticket.closed', p::jsonb, ch, 'sent', gen_random_uuid()::text, at, at
       FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[]) AS u(id, c, p, ch, at)`,
      [
        workspaceId,
        campaign.body.id,
        v.id,
        invited.map((r) => r.invitation),
        invited.map((r) => r.contact),
        invited.map((r) => JSON.stringify({ team: r.team, agent: r.agent, touchpoint: r.touchpoint })),
        invited.map((r) => r.channel),
        invited.map((r) => r.at),
      ],
    );
    await tx.query<never>(
      `INSERT INTO responses (id, workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, created_at)
       SELECT id, $1, i, $2, $3, c, ch, at FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::timestamptz[]) AS u(id, i, c, ch, at)`,
      [
        workspaceId,
        campaign.body.id,
        v.id,
        rows.map((r) => r.response),
        rows.map((r) => r.invitation),
        rows.map((r) => r.contact),
        rows.map((r) => r.channel),
        rows.map((r) => r.at),
      ],
    );
    const answers = rows.flatMap((r) => [
      [r.response, 'q1', 'nps', r.nps, null, r.at],
      [r.response, 'csat', 'csat', r.csat, null, r.at],
      [r.response, 'ces', 'ces', r.ces, null, r.at],
      ...(r.why ? [[r.response, 'why', 'text', null, r.why, r.at]] : []),
    ]);
    await tx.query<never>(
      `INSERT INTO answers (response_id, question_id, question_type, value_num, value_text, answered_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])`,
      [0, 1, 2, 3, 4, 5].map((k) => answers.map((a) => a[k])),
    );
  });
  return { workspaceId, apiKey, campaignId: campaign.body.id, versionId: v.id };
}
