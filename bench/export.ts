import http from 'node:http';
import os from 'node:os';

import { Client } from 'pg';

import { ExportQuery } from '../src/responses/export-query';
import { EXPORT_PAGE_SIZE } from '../src/responses/responses-export.service';
import { exportPageQuery, ExportPosition } from '../src/responses/responses-export.sql-builder';
import { insertBulkResponses } from '../test/support/bulk-responses';
import { freePort, sleep } from './lib/children';
import { GcTrace, TRACE_FULL_GC } from './lib/gc-trace';
import { setUpCampaign } from './lib/palaute';
import { cpuBetween, cpuSnapshot, rssMb, RssSampler } from './lib/proc-stats';
import { fmt, passMiss, renderCpuPhases, renderTable, Row } from './lib/report';
import { benchMain, cleanUpRunData, cpuGroups, intEnv, launchService, serviceEnv, step } from './lib/run';

/**
 * npm run bench:export — GET /v1/responses/export over a million responses: throughput, and that
 * the service's memory stays flat however many rows go out and however slowly the client reads.
 *
 * BENCH_EXPORT_ROWS responses (each with an NPS score, a yes/no, an open answer for detractors, a
 * comment with every fifth score) are inserted by SQL with generate_series, then exported through
 * real HTTP requests while the service's RSS is sampled every 100 ms:
 *   - raw baseline: the export's own page queries read back to back with pg (no HTTP, no encoding),
 *     the ceiling the database allows on this machine;
 *   - NDJSON and CSV, a client reading as fast as it can;
 *   - a slow client reading at BENCH_EXPORT_SLOW_KBPS for BENCH_EXPORT_SLOW_SECONDS, then hanging up
 *     (backpressure: the service must wait, not buffer);
 *   - NDJSON again on a service started with --max-old-space-size=BENCH_EXPORT_OLD_SPACE_MB.
 * Constant memory is judged on the live heap (what a full GC leaves, from --trace-gc): with node's
 * defaults V8 lets garbage grow to a few times the live heap before a full GC, so RSS swings by
 * ~150 MB whatever the export does; the capped run shows RSS once the heap is sized, as a container's is.
 * Options: BENCH_EXPORT_ROWS (1,000,000), BENCH_EXPORT_SLOW_KBPS (2,048), BENCH_EXPORT_SLOW_SECONDS (10),
 * BENCH_EXPORT_OLD_SPACE_MB (256), BENCH_KEEP_DATABASE=1, DATABASE_URL, REDIS_URL.
 */

const TARGETS = { rssGrowthMb: 100, liveHeapGrowthMb: 20 };

const config = {
  rows: intEnv('BENCH_EXPORT_ROWS', 1_000_000),
  insertChunk: 100_000,
  slowKbps: intEnv('BENCH_EXPORT_SLOW_KBPS', 2048),
  slowSeconds: intEnv('BENCH_EXPORT_SLOW_SECONDS', 10),
  oldSpaceMb: intEnv('BENCH_EXPORT_OLD_SPACE_MB', 256),
  pageSize: EXPORT_PAGE_SIZE,
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
};

const SURVEY = {
  name: 'Bench export',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend Bench Co to a friend?' } },
    { id: 'why', type: 'text', text: { en: 'What should we do better?' }, showIf: { question: 'q1', lte: 6 } },
    { id: 'fcr', type: 'yes_no', text: { en: 'Was your issue solved?' } },
  ],
};

interface Download {
  status: number;
  bytes: number;
  lines: number;
  seconds: number;
  /** Service RSS just before the request, at its peak during it, and the difference. */
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  aborted: boolean;
  startedAt: number;
  endedAt: number;
}

/**
 * One export request, counting bytes and line ends as they arrive. `kbps` throttles the reader (it
 * pauses the socket between chunks); `maxSeconds` hangs up after that long.
 */
function download(
  url: string,
  apiKey: string,
  servicePid: number,
  opts: { kbps?: number; maxSeconds?: number } = {},
): Promise<Download> {
  const rssBeforeMb = rssMb(servicePid) ?? 0;
  const rss = new RssSampler(servicePid, 100).start();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let lines = 0;
    let aborted = false;
    const finish = (status: number) => {
      rss.stop();
      const endedAt = Date.now();
      resolve({
        status,
        bytes,
        lines,
        seconds: (endedAt - started) / 1000,
        rssBeforeMb,
        rssPeakMb: rss.peakMb,
        rssGrowthMb: rss.peakMb - rssBeforeMb,
        aborted,
        startedAt: started,
        endedAt,
      });
    };
    const req = http.get(url, { headers: { authorization: `Bearer ${apiKey}` }, agent: false }, (res) => {
      const hangUp = opts.maxSeconds
        ? setTimeout(() => ((aborted = true), req.destroy()), opts.maxSeconds * 1000)
        : undefined;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        if (opts.kbps) {
          res.pause();
          setTimeout(() => res.resume(), (chunk.length / (opts.kbps * 1024)) * 1000);
        }
      });
      res.on('end', () => (clearTimeout(hangUp), finish(res.statusCode ?? 0)));
      res.on('close', () => aborted && (clearTimeout(hangUp), finish(res.statusCode ?? 0)));
    });
    req.on('error', (err) => (aborted ? undefined : reject(err)));
  });
}

benchMain('export', { postgresUrl: config.postgresUrl, config: { ...config }, targets: TARGETS }, async (run) => {
  const { runId, databaseUrl, results, cpu } = run;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serviceEnv(run, port, config.redisUrl, {});
  cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
  const { svc, rss } = await launchService(run, env, port, TRACE_FULL_GC);
  const gc = new GcTrace(svc);
  const groups = cpuGroups({})({ service: (pid) => pid === svc.pid });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  run.cleanup('close the bench database connection', () => db.end());

  step('bootstrapping: workspace, survey, email campaign');
  const { workspaceId, apiKey } = await setUpCampaign(env, baseUrl, 'Bench export', SURVEY, {
    name: 'Bench export',
    trigger: { eventType: 'ticket.closed' },
    channel: 'email',
    delay: 'P1D',
  });
  const {
    rows: [ids],
  } = await db.query<{ campaign_id: string; version_id: string }>(
    `SELECT c.id AS campaign_id, v.id AS version_id FROM campaigns c JOIN survey_versions v ON v.survey_id = c.survey_id WHERE c.workspace_id = $1`,
    [workspaceId],
  );

  // --- Rows -----------------------------------------------------------------------------------
  step(
    `inserting ${fmt(config.rows)} responses with their contacts, invitations and answers (generate_series, ${fmt(config.insertChunk)} per transaction)`,
  );
  const createdAt = new Date(Date.now() - 40 * 24 * 3600 * 1000);
  let snap = cpuSnapshot();
  const insertStarted = Date.now();
  for (let first = 1; first <= config.rows; first += config.insertChunk) {
    const count = Math.min(config.insertChunk, config.rows - first + 1);
    await db.query('BEGIN');
    await insertBulkResponses(db, {
      workspaceId,
      campaignId: ids.campaign_id,
      surveyVersionId: ids.version_id,
      prefix: `bench${runId.replace(/\D/g, '')}`,
      first,
      count,
      createdAt,
      stepMs: 1000,
    });
    await db.query('COMMIT');
    step(`  ${fmt(first + count - 1)} rows`);
  }
  const insertSeconds = (Date.now() - insertStarted) / 1000;
  cpu.insert = cpuBetween(snap, cpuSnapshot(), groups);
  await db.query('VACUUM ANALYZE responses, answers, invitations, contacts');
  const {
    rows: [counts],
  } = await db.query<{ responses: number; answers: number }>(
    `SELECT (SELECT count(*)::int FROM responses) AS responses, (SELECT count(*)::int FROM answers) AS answers`,
  );

  // --- Raw baseline: the same page queries, no HTTP, no encoding --------------------------------
  step('raw baseline: the export page queries read back to back over one pg connection');
  const query: ExportQuery = { workspaceId, format: 'ndjson', filter: {}, bom: true };
  const {
    rows: [{ until }],
  } = await db.query<{ until: string }>('SELECT now()::text AS until');
  // As the service does for each page (see ResponsesExportService.readPage).
  await db.query('SET max_parallel_workers_per_gather = 0');
  snap = cpuSnapshot();
  const rawStarted = Date.now();
  let rawRows = 0;
  let after: ExportPosition | undefined;
  for (;;) {
    const page = exportPageQuery(query, until, config.pageSize, after);
    const { rows } = await db.query<ExportPosition>(page.text, page.values);
    rawRows += rows.length;
    if (rows.length < config.pageSize) break;
    after = rows[rows.length - 1];
  }
  const rawSeconds = (Date.now() - rawStarted) / 1000;
  cpu.rawPages = cpuBetween(snap, cpuSnapshot(), groups);

  // --- Exports over HTTP ------------------------------------------------------------------------
  const exportUrl = (q: string) => `${baseUrl}/v1/responses/export?${q}`;
  step('NDJSON export, client reading as fast as it can');
  snap = cpuSnapshot();
  const ndjson = await download(exportUrl('format=ndjson'), apiKey, svc.pid);
  cpu.ndjson = cpuBetween(snap, cpuSnapshot(), groups);
  step(
    `  ${fmt(ndjson.lines)} lines, ${fmt(ndjson.bytes / 2 ** 20)} MB in ${ndjson.seconds.toFixed(1)} s, RSS +${fmt(ndjson.rssGrowthMb)} MB`,
  );
  step('CSV export, client reading as fast as it can');
  snap = cpuSnapshot();
  const csv = await download(exportUrl('format=csv'), apiKey, svc.pid);
  cpu.csv = cpuBetween(snap, cpuSnapshot(), groups);
  step(
    `  ${fmt(csv.lines)} lines, ${fmt(csv.bytes / 2 ** 20)} MB in ${csv.seconds.toFixed(1)} s, RSS +${fmt(csv.rssGrowthMb)} MB`,
  );
  step(`slow client: NDJSON at ${fmt(config.slowKbps)} KB/s for ${config.slowSeconds} s, then it hangs up`);
  snap = cpuSnapshot();
  const slow = await download(exportUrl('format=ndjson'), apiKey, svc.pid, {
    kbps: config.slowKbps,
    maxSeconds: config.slowSeconds,
  });
  cpu.slowClient = cpuBetween(snap, cpuSnapshot(), groups);
  // After the hang-up the service must go quiet: no export query left running a few seconds later.
  await sleep(2000);
  const {
    rows: [{ running }],
  } = await db.query<{ running: number }>(
    `SELECT count(*)::int AS running FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE '%ORDER BY r.created_at, r.id%' AND pid <> pg_backend_pid()`,
  );
  rss.stop();
  const heap = {
    ndjson: gc.between(ndjson.startedAt, ndjson.endedAt),
    csv: gc.between(csv.startedAt, csv.endedAt),
    slowClient: gc.between(slow.startedAt, slow.endedAt),
  };

  // --- The same NDJSON export on a service whose heap is sized -------------------------------------
  await svc.stop(10_000);
  const cappedPort = await freePort();
  const capped = await launchService(
    run,
    serviceEnv(run, cappedPort, config.redisUrl, {}),
    cappedPort,
    [...TRACE_FULL_GC, `--max-old-space-size=${config.oldSpaceMb}`],
    `, --max-old-space-size=${config.oldSpaceMb}`,
  );
  const cappedGc = new GcTrace(capped.svc);
  step(`NDJSON export again, service started with --max-old-space-size=${config.oldSpaceMb}`);
  snap = cpuSnapshot();
  const ndjsonCapped = await download(
    `http://127.0.0.1:${cappedPort}/v1/responses/export?format=ndjson`,
    apiKey,
    capped.svc.pid,
  );
  cpu.ndjsonCapped = cpuBetween(snap, cpuSnapshot(), cpuGroups({})({ service: (pid) => pid === capped.svc.pid }));
  capped.rss.stop();
  const heapCapped = cappedGc.between(ndjsonCapped.startedAt, ndjsonCapped.endedAt);

  const perSecond = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : 0);
  const rawRate = perSecond(rawRows, rawSeconds);
  const ndjsonRate = perSecond(ndjson.lines, ndjson.seconds);
  const csvRate = perSecond(csv.lines - 1, csv.seconds);
  const cappedRate = perSecond(ndjsonCapped.lines, ndjsonCapped.seconds);
  // Live heap over a whole export: what the first full GC left against the most any later one left.
  const liveGrowth = (h: ReturnType<GcTrace['between']>) =>
    h.liveMaxMb === null || h.liveMinMb === null ? null : h.liveMaxMb - h.liveMinMb;
  const flat = (h: ReturnType<GcTrace['between']>) =>
    h.fullGcs >= 2 && (liveGrowth(h) ?? Infinity) < TARGETS.liveHeapGrowthMb;
  const checks = {
    ndjsonRows: ndjson.status === 200 && ndjson.lines === counts.responses,
    csvRows: csv.status === 200 && csv.lines === counts.responses + 1,
    cappedRows: ndjsonCapped.status === 200 && ndjsonCapped.lines === counts.responses,
    rawRows: rawRows === counts.responses,
    ndjsonLiveHeapFlat: flat(heap.ndjson),
    csvLiveHeapFlat: flat(heap.csv),
    cappedRss: ndjsonCapped.rssGrowthMb < TARGETS.rssGrowthMb,
    slowRss: slow.rssGrowthMb < TARGETS.rssGrowthMb,
    stoppedAfterHangUp: slow.aborted && running === 0,
  };
  results.rows = { ...counts, insertSeconds, insertRowsPerSecond: perSecond(counts.responses, insertSeconds) };
  results.baselines = { rawPages: { rows: rawRows, seconds: rawSeconds, rowsPerSecond: rawRate } };
  results.exports = {
    ndjson: { ...ndjson, rowsPerSecond: ndjsonRate, heap: heap.ndjson },
    csv: { ...csv, rowsPerSecond: csvRate, heap: heap.csv },
    slowClient: { ...slow, heap: heap.slowClient, exportQueriesRunningAfterHangUp: running },
    ndjsonCappedHeap: {
      ...ndjsonCapped,
      rowsPerSecond: cappedRate,
      heap: heapCapped,
      maxOldSpaceMb: config.oldSpaceMb,
    },
  };
  results.ratios = {
    ndjsonVsRawPages: ndjsonRate / rawRate,
    csvVsRawPages: csvRate / rawRate,
    cappedNdjsonVsRawPages: cappedRate / rawRate,
  };
  results.checks = checks;

  const mb = (n: number | null) => (n === null ? 'n/a' : `${fmt(n)} MB`);
  const rssRange = (d: Download) => `${mb(d.rssBeforeMb)} → peak ${mb(d.rssPeakMb)}`;
  const live = (h: ReturnType<GcTrace['between']>) =>
    `${h.fullGcs} full GCs left ${mb(h.liveMinMb)}–${mb(h.liveMaxMb)} live (heap ≤ ${mb(h.heapBeforeGcMaxMb)} before)`;
  const rows: Row[] = [
    {
      measure: 'rows inserted (generate_series)',
      value: fmt(counts.responses),
      target: `${fmt(counts.answers)} answers in ${insertSeconds.toFixed(0)} s (informational)`,
    },
    {
      measure: 'raw page queries rows/s',
      value: fmt(rawRate),
      target: `ceiling: same SQL, pages of ${fmt(config.pageSize)}, no HTTP`,
      result: passMiss(checks.rawRows),
    },
    {
      measure: 'NDJSON export rows/s',
      value: fmt(ndjsonRate),
      target: `${fmt(ndjson.lines)} lines, ${mb(ndjson.bytes / 2 ** 20)}, ${ndjson.seconds.toFixed(1)} s`,
      result: `${passMiss(checks.ndjsonRows)} (${(ndjsonRate / rawRate).toFixed(2)} of raw)`,
    },
    {
      measure: '  live heap growth',
      value: mb(liveGrowth(heap.ndjson)),
      target: `< ${TARGETS.liveHeapGrowthMb} MB: ${live(heap.ndjson)}`,
      result: passMiss(checks.ndjsonLiveHeapFlat),
    },
    {
      measure: '  RSS growth, node defaults',
      value: mb(ndjson.rssGrowthMb),
      target: `informational (${rssRange(ndjson)})`,
    },
    {
      measure: 'CSV export rows/s',
      value: fmt(csvRate),
      target: `${fmt(csv.lines - 1)} rows + header, ${mb(csv.bytes / 2 ** 20)}, ${csv.seconds.toFixed(1)} s`,
      result: `${passMiss(checks.csvRows)} (${(csvRate / rawRate).toFixed(2)} of raw)`,
    },
    {
      measure: '  live heap growth',
      value: mb(liveGrowth(heap.csv)),
      target: `< ${TARGETS.liveHeapGrowthMb} MB: ${live(heap.csv)}`,
      result: passMiss(checks.csvLiveHeapFlat),
    },
    { measure: '  RSS growth, node defaults', value: mb(csv.rssGrowthMb), target: `informational (${rssRange(csv)})` },
    {
      measure: `slow client (${fmt(config.slowKbps)} KB/s) RSS growth`,
      value: mb(slow.rssGrowthMb),
      target: `< ${TARGETS.rssGrowthMb} MB; read ${mb(slow.bytes / 2 ** 20)} in ${slow.seconds.toFixed(1)} s (${rssRange(slow)})`,
      result: passMiss(checks.slowRss),
    },
    {
      measure: '  export queries running 2 s after hang-up',
      value: String(running),
      target: '0',
      result: passMiss(checks.stoppedAfterHangUp),
    },
    {
      measure: `NDJSON, --max-old-space-size=${config.oldSpaceMb}, rows/s`,
      value: fmt(cappedRate),
      target: `${fmt(ndjsonCapped.lines)} lines, ${ndjsonCapped.seconds.toFixed(1)} s`,
      result: `${passMiss(checks.cappedRows)} (${(cappedRate / rawRate).toFixed(2)} of raw)`,
    },
    {
      measure: '  RSS growth',
      value: mb(ndjsonCapped.rssGrowthMb),
      target: `< ${TARGETS.rssGrowthMb} MB (${rssRange(ndjsonCapped)}; ${live(heapCapped)})`,
      result: passMiss(checks.cappedRss),
    },
  ];
  console.log(
    [
      '',
      `Palaute export benchmark — ${fmt(counts.responses)} responses, pages of ${fmt(config.pageSize)}, ${os.cpus().length} CPUs, node ${process.version}`,
      renderTable(rows),
      '',
      ...renderCpuPhases(
        cpu,
        ['insert', 'rawPages', 'ndjson', 'csv', 'slowClient', 'ndjsonCapped'],
        12,
        results.machineBusyBeforeStartPct,
      ),
    ].join('\n'),
  );
  const complete = checks.ndjsonRows && checks.csvRows && checks.rawRows && checks.cappedRows;
  return { complete, failed: !Object.values(checks).every(Boolean) };
});
