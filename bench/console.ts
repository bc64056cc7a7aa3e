import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Client } from 'pg';

import { initialBundle } from './lib/bundle-size';
import { freePort, runToCompletion } from './lib/children';
import { launchChromium, PageTiming, timePageLoad } from './lib/console-browser';
import { overviewCalls } from './lib/console-calls';
import {
  CONSOLE_WORKSPACE,
  createCampaigns,
  invitationsFor,
  loadConsoleData,
  reuseConsoleWorkspace,
} from './lib/console-data';
import { CONSOLE_TARGETS, ConsoleFigures, consoleRows, consoleSummary } from './lib/console-report';
import { browserLikeClient, ConsoleCall, signInThroughOutbox } from './lib/console-session';
import { renderProfileSummary, renderRoundTrips } from './lib/cpu-profile';
import { createWorkspace, ROOT } from './lib/palaute';
import { profiledPhase } from './lib/profile-phase';
import { fmt, renderTable } from './lib/report';
import { benchMain, cleanUpRunData, intEnv, launchService, serviceEnv, step } from './lib/run';

/**
 * npm run bench:console — the console's first screen over a workspace with a year of responses
 * (BENCH_CONSOLE_RESPONSES, default 1,000,000; a fifth more invitations, unanswered). Loading is
 * bench:scores's: rows generated in SQL with the triggers off, then `palaute scores rebuild`'s
 * code. A person is invited and signed in through the link in the dev outbox; with that session:
 *
 * - the overview's API calls (lib/console-calls.ts), each BENCH_CONSOLE_RUNS times after two
 *   warm-up rounds (p50, and p99 by nearest rank: with 20 runs, the slowest), and the whole
 *   overview as the browser issues it (/v1/me, then the rest together over six sockets), against
 *   GET /health/live on the same server;
 * - the page in headless Chromium, BENCH_CONSOLE_PAGE_RUNS new contexts (cold cache each), timed by
 *   the browser (the console's ready mark and navigation timing), against /health/live loaded the
 *   same way;
 * - the initial bundle from Vite's manifest.
 *
 * BENCH_KEEP_DATABASE=1 keeps the database; BENCH_CONSOLE_REUSE=<database> measures a kept one
 * again without loading. BENCH_PROFILE=api profiles the service during the overview rounds.
 */

const config = {
  responses: intEnv('BENCH_CONSOLE_RESPONSES', 1_000_000),
  runs: intEnv('BENCH_CONSOLE_RUNS', 20),
  pageRuns: intEnv('BENCH_CONSOLE_PAGE_RUNS', 10),
  /** The team's zone: the reporting zone of the rollups and the browser's zone. */
  timeZone: process.env.BENCH_CONSOLE_TZ || 'Europe/Helsinki',
  chunk: 500_000,
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1' || Boolean(process.env.BENCH_CONSOLE_REUSE),
  reuse: process.env.BENCH_CONSOLE_REUSE || '',
  profile: process.env.BENCH_PROFILE === 'api',
  profileDir: process.env.BENCH_PROFILE_DIR || path.join(os.tmpdir(), 'palaute-bench-profiles'),
};
if (process.env.BENCH_PROFILE && !config.profile) throw new Error('BENCH_PROFILE must be api');

const load = () => os.loadavg().map((x) => x.toFixed(2));

benchMain(
  'console',
  { postgresUrl: config.postgresUrl, config: { ...config }, targets: CONSOLE_TARGETS },
  async (run) => {
    const { results } = run;
    results.loadAverage = { start: load() };
    if (config.reuse)
      (run as { databaseUrl: string }).databaseUrl = run.databaseUrl.replace(/\/[^/]*$/, `/${config.reuse}`);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // ROLLUP_FOLD_MS high: the bench rebuilds the rollups itself and measures on a quiet service.
    const env = serviceEnv(run, port, config.redisUrl, {
      ROLLUP_FOLD_MS: '600000',
      ...(config.profile ? { BENCH_PROFILE_DIR: config.profileDir } : {}),
    });
    if (config.profile) mkdirSync(config.profileDir, { recursive: true });
    cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
    const nodeArgs = config.profile ? ['--require', path.join(__dirname, 'cpu-profile-preload.js')] : [];
    const { svc } = await launchService(run, env, port, nodeArgs);
    const db = new Client({ connectionString: run.databaseUrl });
    await db.connect();
    run.cleanup('close the bench database connection', () => db.end());

    let ws: { workspaceId: string; apiKey: string };
    let responses = config.responses;
    if (config.reuse) {
      ws = await reuseConsoleWorkspace(db);
      const [{ n }] = (
        await db.query(`SELECT count(*)::int AS n FROM responses WHERE workspace_id = $1`, [ws.workspaceId])
      ).rows;
      responses = n;
    } else {
      ws = await createWorkspace(env, CONSOLE_WORKSPACE);
      const ids = await createCampaigns(baseUrl, ws.apiKey, db, ws.workspaceId);
      const zone = await fetch(`${baseUrl}/v1/settings/scores`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ dayZone: config.timeZone }),
      });
      if (zone.status !== 200) throw new Error(`setting the reporting zone answered ${zone.status}`);
      const invitations = invitationsFor(config.responses);
      step(
        `loading ${fmt(invitations)} invitations, ${fmt(config.responses)} answered (triggers off, as a bulk import)`,
      );
      const t0 = Date.now();
      await db.query(`SET session_replication_role = replica`);
      const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      await loadConsoleData(db, ids, invitations, end, `console-${run.runId}`, config.chunk);
      await db.query(`SET session_replication_role = DEFAULT`);
      const loadS = (Date.now() - t0) / 1000;
      step(`rebuilding the rollups from the raw rows (palaute scores rebuild)`);
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
      step(`rebuilt ${fmt(rebuilt.rows)} rollup rows in ${rebuildS.toFixed(1)} s; VACUUM ANALYZE`);
      await db.query('VACUUM ANALYZE');
      results.load = { invitations, responses: config.responses, loadS, rebuildS, rollupRows: rebuilt.rows, end };
    }
    results.loadAverage = { ...(results.loadAverage as object), afterLoad: load() };

    step('inviting a person and signing in through the link in the dev outbox');
    const session = await signInThroughOutbox(baseUrl, ws.apiKey, db, `lead-${run.runId}@bench.example`);
    const client = browserLikeClient(baseUrl, session);
    run.cleanup('close the API client', async () => client.close());
    const call = async (c: ConsoleCall) => {
      const r = await client.request(c);
      if (r.status !== 200) throw new Error(`${c.name} answered ${r.status}: ${r.body.slice(0, 500)}`);
      return r;
    };

    // The last 30 days' NPS from the API and counted straight from the answers: a fast wrong answer cannot pass.
    const probe = overviewCalls(new Date(), config.timeZone).together[0];
    const headline = JSON.parse((await call(probe)).body) as { from: string; to: string; nps: { n: number } };
    const [raw] = (
      await db.query(
        `SELECT count(*)::int AS n FROM answers a JOIN responses r ON r.id = a.response_id
         WHERE r.workspace_id = $1 AND a.question_id = 'nps' AND NOT r.late AND r.created_at >= $2 AND r.created_at < $3`,
        [ws.workspaceId, headline.from, headline.to],
      )
    ).rows;
    const exact = raw.n === headline.nps.n && raw.n > 0;

    step(
      `timing the overview's API calls one at a time: ${1 + overviewCalls(new Date(), config.timeZone).together.length} calls × ${config.runs} runs`,
    );
    const perCall = new Map<string, number[]>();
    for (let r = 0; r < config.runs + 2; r++) {
      const { me, together } = overviewCalls(new Date(), config.timeZone);
      for (const c of [me, ...together]) {
        const { ms: t } = await call(c);
        if (r >= 2) perCall.set(c.name, [...(perCall.get(c.name) ?? []), t]);
      }
    }
    const overviewRounds = async () => {
      const rounds: Array<{ totalMs: number; meMs: number; togetherMs: number }> = [];
      for (let r = 0; r < config.runs + 2; r++) {
        const { me, together } = overviewCalls(new Date(), config.timeZone);
        const t0 = performance.now();
        await call(me);
        const t1 = performance.now();
        await Promise.all(together.map(call));
        const t2 = performance.now();
        if (r >= 2) rounds.push({ totalMs: t2 - t0, meMs: t1 - t0, togetherMs: t2 - t1 });
      }
      return rounds;
    };
    step(
      `the whole overview as the browser issues it (/v1/me, then 9 calls together over 6 sockets), ${config.runs} times`,
    );
    let rounds: Awaited<ReturnType<typeof overviewRounds>>;
    let profile: Awaited<ReturnType<typeof profiledPhase>>['profile'] | undefined;
    if (config.profile) {
      ({ value: rounds, profile } = await profiledPhase(svc, () => ['overview', config.runs + 2], overviewRounds));
      results.profile = profile;
    } else rounds = await overviewRounds();
    const health: number[] = [];
    for (let r = 0; r < config.runs + 2; r++) {
      const { ms: t } = await call({ name: 'GET /health/live', method: 'GET', path: '/health/live' });
      if (r >= 2) health.push(t);
    }
    results.loadAverage = { ...(results.loadAverage as object), afterApi: load() };

    step(`timing the page in headless Chromium: ${config.pageRuns} cold loads each of /app, /app?tz= and /health/live`);
    const browser = await launchChromium();
    run.cleanup('close Chromium', () => browser.close());
    const pageOpts = { timeZone: config.timeZone, waitForReady: false };
    await timePageLoad(browser, baseUrl, '/health/live', pageOpts); // the browser process's own start-up, not counted
    const pages: PageTiming[] = [];
    const zoned: PageTiming[] = [];
    const statics: PageTiming[] = [];
    const consoleOpts = { ...pageOpts, waitForReady: true, sessionCookie: session.cookieValue };
    for (let r = 0; r < config.pageRuns; r++) {
      statics.push(await timePageLoad(browser, baseUrl, '/health/live', pageOpts));
      pages.push(await timePageLoad(browser, baseUrl, '/app', consoleOpts));
      // A link that already names the zone: the console then asks each question once (see docs/benchmarks.md).
      zoned.push(await timePageLoad(browser, baseUrl, `/app?tz=${encodeURIComponent(config.timeZone)}`, consoleOpts));
    }
    const shownRight = [...pages, ...zoned].every(
      (p) => p.fetchedNpsN !== undefined && p.shownNpsN === `n = ${p.fetchedNpsN.toLocaleString('en-GB')}`,
    );
    results.loadAverage = { ...(results.loadAverage as object), afterPage: load() };

    const figures: ConsoleFigures = {
      timeZone: config.timeZone,
      perCall,
      overviewMs: rounds.map((r) => r.totalMs),
      healthMs: health,
      pages,
      zoned,
      statics,
      bundle: initialBundle(path.join(ROOT, 'web', 'dist')),
      checks: { apiNpsN: headline.nps.n, rawNpsN: raw.n, exact, shownRight },
      load: results.load as ConsoleFigures['load'],
    };
    Object.assign(results, consoleSummary(figures), { overviewRounds: rounds });
    const la = results.loadAverage as Record<string, string[]>;
    // Breakdowns read the hours since the reporting zone's midnight from the answers: the time of day matters.
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: config.timeZone, hour: '2-digit', minute: '2-digit' });
    results.measuredAtLocalTime = clock.format(new Date());
    console.log(
      [
        '',
        `Palaute console benchmark — ${fmt(responses)} responses over a year, ${os.cpus().length} CPUs, node ${process.version}`,
        `measured at ${results.measuredAtLocalTime} in ${config.timeZone} (breakdowns read today's hours from the answers)`,
        `load average (1/5/15 min): start ${la.start.join(' ')}, after load ${la.afterLoad.join(' ')}, after API ${la.afterApi.join(' ')}, after page ${la.afterPage.join(' ')}`,
        renderTable(consoleRows(figures)),
        ...(profile ? ['', renderProfileSummary('overview rounds', profile)] : []),
        ...(profile?.roundTrips ? [renderRoundTrips(profile.roundTrips)] : []),
      ].join('\n'),
    );
    return { complete: true, failed: !exact || !shownRight };
  },
);
