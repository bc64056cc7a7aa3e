import os from 'node:os';

import { Client } from 'pg';

import { generateApiKey } from '../src/workspaces/api-key';
import { freePort, runToCompletion } from './lib/children';
import { ROOT, setUpCampaign } from './lib/palaute';
import { fmt, renderTable, Row } from './lib/report';
import { benchMain, cleanUpRunData, intEnv, launchService, serviceEnv, step } from './lib/run';

/**
 * npm run bench:scores — score queries over a large workspace against the same queries over a
 * small one, in one run. Both workspaces have a year of responses (NPS and yes/no answers, with a
 * team and an agent on each event and a tier on each contact); the large one BENCH_SCORES_LARGE
 * (default 10,000,000) of them, the small one BENCH_SCORES_SMALL (10,000). Nine in ten
 * invitations are answered, so there are a ninth more invitations than responses.
 *
 * Loading: rows are generated in SQL with the triggers off (session_replication_role = replica),
 * the way a bulk import would go, then `palaute scores rebuild`'s code recomputes the rollups from
 * them (timed: that is what an operator pays after an import). The query phase then asks each
 * workspace the same questions over HTTP, BENCH_SCORES_RUNS times each, and reports median and p99 (nearest rank: with fewer than 100 runs, the slowest)
 * latencies and their ratio. A check confirms the large workspace's headline NPS against a count
 * straight from the answers.
 */

const config = {
  large: intEnv('BENCH_SCORES_LARGE', 10_000_000),
  small: intEnv('BENCH_SCORES_SMALL', 10_000),
  runs: intEnv('BENCH_SCORES_RUNS', 15),
  /** The workspaces' reporting zone (day rollups start at midnight there). */
  dayZone: process.env.BENCH_SCORES_DAY_ZONE || 'Europe/Helsinki',
  chunk: 1_000_000,
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1' || Boolean(process.env.BENCH_SCORES_REUSE),
  /** A database a previous run kept (BENCH_KEEP_DATABASE=1): query it again without loading (its load and rebuild figures are not re-measured). */
  reuse: process.env.BENCH_SCORES_REUSE || '',
};

const SURVEY = {
  name: 'Bench scores',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Was your issue solved?' } },
  ],
};

const QUERIES: Array<{ name: string; query: string }> = [
  { name: 'headline, whole year', query: '' },
  { name: 'headline, last 90 days (ragged ends)', query: '&from=2026-08-25T10:07:00Z&to=2026-11-23T15:52:00Z' },
  { name: 'by team', query: '&groupBy=properties.team' },
  { name: 'by team × agent', query: '&groupBy=properties.team,properties.agent' },
  { name: 'by channel, team = t2', query: '&groupBy=channel&properties.team=t2' },
  { name: 'weekly trend, Helsinki', query: '&interval=week&tz=Europe/Helsinki' },
  {
    name: 'weekly trend by team, Helsinki (target)',
    query: '&interval=week&tz=Europe/Helsinki&groupBy=properties.team',
  },
  {
    name: 'daily trend, Helsinki, last 90 days',
    query: '&interval=day&tz=Europe/Helsinki&from=2026-08-25T00:00:00Z&to=2026-11-23T00:00:00Z',
  },
  {
    name: 'monthly trend by team, Kolkata (not the reporting zone)',
    query: '&interval=month&tz=Asia/Kolkata&groupBy=properties.team',
  },
];

/** Invitations to generate for `responses` answered ones: invitation g is answered unless g % 10 = 0. */
const invitationsFor = (responses: number) => responses + Math.floor((responses - 1) / 9);

/** A year of responses for one workspace, generated in Postgres: `count` rows, ids derived from `tag`. */
async function load(
  db: Client,
  workspaceId: string,
  campaignId: string,
  versionId: string,
  surveyId: string,
  count: number,
  tag: string,
): Promise<void> {
  const contacts = Math.min(count, 100_000);
  await db.query(
    `INSERT INTO contacts (id, workspace_id, external_id, locale, attributes)
     SELECT md5($2 || 'c' || g)::uuid, $1, $2 || '-' || g, (ARRAY['fi','sv','nb','en'])[1 + g % 4], jsonb_build_object('tier', (ARRAY['gold','silver','bronze'])[1 + g % 3])
     FROM generate_series(1, $3::int) g`,
    [workspaceId, tag, contacts],
  );
  for (let start = 1; start <= count; start += config.chunk) {
    const end = Math.min(count, start + config.chunk - 1);
    const t0 = Date.now();
    // A year up to 2026-11-24, evenly spread; teams t1–t5, agents a1–a40; NPS skewed like real answers.
    await db.query(
      `WITH g AS (
         SELECT g, timestamptz '2025-11-24 00:00:00+00' + ((g - 0.5) / $4::float8) * interval '365 days' AS at,
                't' || (1 + g % 5) AS team, 'a' || (1 + g % 40) AS agent, (ARRAY['gold','silver','bronze'])[1 + (1 + g % $9::int) % 3] AS tier,
                (ARRAY['fi','sv','nb','en'])[1 + (1 + g % $9::int) % 4] AS language, (ARRAY['email','sms','voice'])[1 + g % 3] AS channel
         FROM generate_series($5::int, $6::int) g
       ), i AS (
         INSERT INTO invitations (id, workspace_id, campaign_id, survey_version_id, contact_id, event_type, properties, channel, status, token, send_at, sent_at, language, dims, delivery_status, call_outcome)
         SELECT md5($2 || 'i' || g)::uuid, $1, $3, $7, md5($2 || 'c' || (1 + g % $9::int))::uuid, 'ticket.closed', jsonb_build_object('team', team, 'agent', agent),
                channel, 'sent', $2 || 'tok' || g, at - interval '2 hours', at - interval '2 hours', language,
                jsonb_build_object('properties.team', team, 'properties.agent', agent, 'contact.tier', tier),
                CASE WHEN channel = 'sms' THEN 'delivered' END, CASE WHEN channel = 'voice' THEN 'answered' END
         FROM g RETURNING 1
       ), r AS (
         INSERT INTO responses (id, workspace_id, invitation_id, campaign_id, survey_version_id, contact_id, channel, completed, created_at, updated_at,
                                survey_id, language, event_type, dims, invitation_sent_at)
         SELECT md5($2 || 'r' || g)::uuid, $1, md5($2 || 'i' || g)::uuid, $3, $7, md5($2 || 'c' || (1 + g % $9::int))::uuid, channel, true, at, at,
                $8, language, 'ticket.closed', jsonb_build_object('properties.team', team, 'properties.agent', agent, 'contact.tier', tier), at - interval '2 hours'
         FROM g WHERE g % 10 <> 0 RETURNING 1
       )
       INSERT INTO answers (response_id, question_id, question_type, value_num, value_text, answered_at)
       SELECT md5($2 || 'r' || g)::uuid, q.id, q.type,
              CASE WHEN q.type = 'nps' THEN (ARRAY[0,1,2,3,4,5,6,7,7,8,8,8,9,9,9,9,10,10,10,10])[1 + (g * 7 + length(team)) % 20] END,
              CASE WHEN q.type = 'yes_no' THEN CASE WHEN g % 3 = 0 THEN 'no' ELSE 'yes' END END, at
       FROM g CROSS JOIN (VALUES ('q1', 'nps'), ('fcr', 'yes_no')) q(id, type)
       WHERE g % 10 <> 0 AND (q.type = 'nps' OR g % 2 = 0)`,
      [workspaceId, tag, campaignId, count, start, end, versionId, surveyId, contacts],
    );
    step(
      `loaded ${tag} ${fmt(end)} / ${fmt(count)} invitations (${((Date.now() - t0) / 1000).toFixed(1)} s for this chunk)`,
    );
  }
}

/** A workspace of a kept database, with a new admin key (keys are stored hashed, so the old one cannot be read back). */
async function reuseWorkspace(db: Client, name: string) {
  const [w] = (
    await db.query(
      `SELECT w.id AS workspace_id, c.id AS campaign_id FROM workspaces w JOIN campaigns c ON c.workspace_id = w.id WHERE w.name = $1`,
      [name],
    )
  ).rows;
  if (!w) throw new Error(`BENCH_SCORES_REUSE: no workspace named ${name}`);
  const key = generateApiKey();
  await db.query(
    `INSERT INTO api_keys (workspace_id, name, scope, prefix, secret_hash) VALUES ($1, 'bench reuse', 'admin', $2, $3)`,
    [w.workspace_id, key.prefix, key.secretHash],
  );
  return {
    apiKey: key.key,
    workspaceId: w.workspace_id as string,
    campaignId: w.campaign_id as string,
    loadS: NaN,
    rebuildS: NaN,
    rollupRows: NaN,
  };
}

benchMain(
  'scores',
  { postgresUrl: config.postgresUrl, config: { ...config }, targets: { ratio: 'large ≈ small' } },
  async (run) => {
    const { results } = run;
    if (config.reuse)
      (run as { databaseUrl: string }).databaseUrl = run.databaseUrl.replace(/\/[^/]*$/, `/${config.reuse}`);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // ROLLUP_FOLD_MS high: the bench rebuilds the rollups itself and measures queries on a quiet service.
    const env = serviceEnv(run, port, config.redisUrl, { ROLLUP_FOLD_MS: '600000' });
    cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
    await launchService(run, env, port, []);
    const db = new Client({ connectionString: run.databaseUrl });
    await db.connect();
    run.cleanup('close the bench database connection', () => db.end());

    const workspaces: Record<
      'small' | 'large',
      { apiKey: string; workspaceId: string; campaignId: string; loadS: number; rebuildS: number; rollupRows: number }
    > = {} as never;
    for (const size of ['small', 'large'] as const) {
      if (config.reuse) {
        workspaces[size] = await reuseWorkspace(db, `Bench ${size}`);
        continue;
      }
      const ws = await setUpCampaign(env, baseUrl, `Bench ${size}`, SURVEY, {
        name: `Bench ${size}`,
        trigger: { eventType: 'ticket.closed' },
        channel: 'email',
      });
      const [ids] = (
        await db.query(
          `SELECT c.id AS campaign_id, v.id AS version_id, s.id AS survey_id FROM campaigns c JOIN surveys s ON s.id = c.survey_id JOIN survey_versions v ON v.survey_id = s.id WHERE c.workspace_id = $1`,
          [ws.workspaceId],
        )
      ).rows;
      // The team reports in Helsinki: day rollups are cut at Helsinki midnight (PUT /v1/settings/scores).
      const zone = await fetch(`${baseUrl}/v1/settings/scores`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ dayZone: config.dayZone }),
      });
      if (zone.status !== 200) throw new Error(`setting the reporting zone answered ${zone.status}`);
      step(
        `loading the ${size} workspace: ${fmt(invitationsFor(config[size]))} invitations, ${fmt(config[size])} of them answered (triggers off, as a bulk import)`,
      );
      const t0 = Date.now();
      await db.query(`SET session_replication_role = replica`);
      await load(
        db,
        ws.workspaceId,
        ids.campaign_id,
        ids.version_id,
        ids.survey_id,
        invitationsFor(config[size]),
        `${size}-${run.runId}`,
      );
      await db.query(`SET session_replication_role = DEFAULT`);
      const loadS = (Date.now() - t0) / 1000;
      step(`rebuilding the ${size} workspace's rollups from the raw rows (palaute scores rebuild)`);
      const t1 = Date.now();
      const out = await runToCompletion(
        'palaute scores rebuild',
        process.execPath,
        ['bin/palaute.js', 'scores', 'rebuild', '--workspace', ws.workspaceId],
        { cwd: ROOT, env },
        3_600_000,
      );
      const rebuilt = JSON.parse(out.filter((l) => l.trim()).pop() ?? '{}') as { rows: number };
      const rebuildS = (Date.now() - t1) / 1000;
      step(`rebuilt ${fmt(rebuilt.rows)} rollup rows in ${rebuildS.toFixed(1)} s`);
      workspaces[size] = { ...ws, campaignId: ids.campaign_id, loadS, rebuildS, rollupRows: rebuilt.rows };
    }
    if (!config.reuse) await db.query('VACUUM ANALYZE');

    step(`querying both workspaces over HTTP: ${QUERIES.length} queries × ${config.runs} runs each`);
    const timings: Array<{ name: string; small: number[]; large: number[] }> = [];
    for (const q of QUERIES) {
      const entry = { name: q.name, small: [] as number[], large: [] as number[] };
      for (let r = 0; r < config.runs + 2; r++) {
        for (const size of ['small', 'large'] as const) {
          const w = workspaces[size];
          const t0 = performance.now();
          const res = await fetch(`${baseUrl}/v1/scores?campaignId=${w.campaignId}${q.query}`, {
            headers: { authorization: `Bearer ${w.apiKey}` },
          });
          await res.text();
          if (res.status !== 200) throw new Error(`${q.name} (${size}) answered ${res.status}`);
          // The first two runs warm caches and plans; they are not counted.
          if (r >= 2) entry[size].push(performance.now() - t0);
        }
      }
      timings.push(entry);
    }

    // The headline straight from the answers, to show the rollups are right at this size.
    const large = workspaces.large;
    const [raw] = (
      await db.query(
        `SELECT count(*)::int AS n, round(100.0 * (count(*) FILTER (WHERE value_num >= 9) - count(*) FILTER (WHERE value_num <= 6)) / count(*), 1)::float AS nps
     FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.workspace_id = $1 AND a.question_id = 'q1' AND NOT r.late`,
        [large.workspaceId],
      )
    ).rows;
    const viaApi = (await (
      await fetch(`${baseUrl}/v1/scores?campaignId=${large.campaignId}`, {
        headers: { authorization: `Bearer ${large.apiKey}` },
      })
    ).json()) as { nps: { n: number; score: number | null } };
    const exact = viaApi.nps.n === raw.n && viaApi.nps.score === raw.nps;

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const p99 = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)];
    const rows: Row[] = timings.map((t) => ({
      measure: t.name,
      value: `${median(t.small).toFixed(1)} / ${median(t.large).toFixed(1)} ms`,
      target: `p99 ${p99(t.small).toFixed(1)} / ${p99(t.large).toFixed(1)} ms`,
      result: `× ${(median(t.large) / median(t.small)).toFixed(2)}`,
    }));
    results.workspaces = Object.fromEntries(
      Object.entries(workspaces).map(([k, w]) => [
        k,
        { responses: config[k as 'small' | 'large'], loadS: w.loadS, rebuildS: w.rebuildS, rollupRows: w.rollupRows },
      ]),
    );
    results.queries = timings.map((t) => ({
      name: t.name,
      smallMedianMs: median(t.small),
      largeMedianMs: median(t.large),
      smallP99Ms: p99(t.small),
      largeP99Ms: p99(t.large),
      ratio: median(t.large) / median(t.small),
    }));
    results.check = { rawNps: raw, apiNps: { n: viaApi.nps.n, score: viaApi.nps.score }, exact };
    const sizes = await db.query(
      `SELECT relname, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relname IN ('responses', 'answers', 'invitations', 'score_rollups')`,
    );
    results.tableBytes = Object.fromEntries(sizes.rows.map((r) => [r.relname, Number(r.bytes)]));

    console.log(
      [
        '',
        `Palaute scores benchmark — ${fmt(config.small)} vs ${fmt(config.large)} responses over a year, ${os.cpus().length} CPUs, node ${process.version}`,
        renderTable([
          {
            measure: 'query (median small / large)',
            value: 'latency',
            target: 'p99 small / large',
            result: 'large ÷ small',
          },
          ...rows,
          {
            measure: 'headline NPS = count from the answers',
            value: `${viaApi.nps.score} (n ${fmt(viaApi.nps.n)})`,
            target: `raw ${raw.nps} (n ${fmt(raw.n)})`,
            result: exact ? 'PASS' : 'MISS',
          },
          {
            measure: 'bulk load, small / large',
            value: `${workspaces.small.loadS.toFixed(1)} / ${workspaces.large.loadS.toFixed(1)} s`,
            target: 'SQL generate_series, triggers off',
          },
          {
            measure: 'rollup rebuild, small / large',
            value: `${workspaces.small.rebuildS.toFixed(1)} / ${workspaces.large.rebuildS.toFixed(1)} s`,
            target: `${fmt(workspaces.small.rollupRows)} / ${fmt(workspaces.large.rollupRows)} rollup rows`,
          },
          ...sizes.rows.map((r) => ({
            measure: `  size of ${r.relname}`,
            value: `${fmt(Number(r.bytes) / 2 ** 20)} MB`,
            target: '',
          })),
        ]),
      ].join('\n'),
    );
    return { complete: true, failed: !exact };
  },
);
