import os from 'node:os';

import { Client } from 'pg';

import { BullmqBaseline, bullmqBaseline, NodemailerBaseline, nodemailerBaseline } from './lib/baselines';
import { freePort } from './lib/children';
import { BENCH_SURVEY, ingestEvents, IngestResult, setUpCampaign, waitForEmails } from './lib/palaute';
import { cpuBetween, CpuSnapshot, cpuSnapshot } from './lib/proc-stats';
import { fmt, passMiss, renderCpuPhases, renderTable, Row } from './lib/report';
import {
  benchMain,
  cleanUpRunData,
  cpuGroups,
  intEnv,
  launchService,
  portReady,
  serviceEnv,
  startHelper,
  step,
} from './lib/run';
import { SinkClient } from './lib/sink-client';

/**
 * npm run bench:dispatch — events in over HTTP, survey emails out over SMTP, in one run:
 *   1. raw baselines on this machine: BullMQ no-op jobs/s, pooled nodemailer emails/s to the sink,
 *      the same event POSTs to a no-op node:http server (the ceiling for ingest here);
 *   2. the built service (`node dist/main.js`, ROLE=all) against a fresh database and queue prefix:
 *      ingest rate and latency under 50 connections, then delivery until the sink has every email;
 *   3. targets beside the figures, a table on stdout, JSON in bench/results/.
 * Environment: BENCH_EVENTS (default 10000), BENCH_CONNECTIONS (50), BENCH_DELIVERY_TIMEOUT_S (300),
 * BENCH_CAMPAIGN_DELAY (PT0S; e.g. PT1H measures ingest alone, with no sends competing for the CPU),
 * BENCH_SERVICE_NODE_ARGS (extra node flags for the service, e.g. "--prof" to find its hot spots),
 * DATABASE_URL's server and REDIS_URL (defaults: local Postgres and Redis).
 */

const TARGETS = { ingestEventsPerSecond: 2000, ingestP99Ms: 50, deliveryRatio: 0.6, peakRssMb: 300 };

const config = {
  events: intEnv('BENCH_EVENTS', 10_000),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  deliveryTimeoutS: intEnv('BENCH_DELIVERY_TIMEOUT_S', 300),
  /** Anything but PT0S makes an ingest-only run: sends fall due after the bench, delivery is skipped. */
  campaignDelay: process.env.BENCH_CAMPAIGN_DELAY || 'PT0S',
  bullmqJobs: 20_000,
  nodemailerEmails: 3_000,
  serviceNodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
};

async function invitationStatuses(databaseUrl: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM invitations GROUP BY status ORDER BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    await db.end();
  }
}

const recordedConfig = {
  events: config.events,
  connections: config.connections,
  campaignDelay: config.campaignDelay,
  serviceNodeArgs: config.serviceNodeArgs,
  bullmqJobs: config.bullmqJobs,
  nodemailerEmails: config.nodemailerEmails,
  smtpMaxConnections: 5,
};

benchMain('dispatch', { postgresUrl: config.postgresUrl, config: recordedConfig, targets: TARGETS }, async (run) => {
  const { runId, databaseUrl, results, cpu } = run;
  const rawQueuePrefix = `bench-raw-bullmq-${runId}`;

  step('starting the SMTP sink process');
  const sinkChild = await startHelper(run, 'sink', 'smtp-sink-process.js', (line) =>
    line.smtpPort && line.httpPort
      ? { smtpPort: line.smtpPort as number, httpPort: line.httpPort as number }
      : undefined,
  );
  const sink = new SinkClient(sinkChild.httpPort);
  const groups = cpuGroups({ sink: sinkChild.child.pid });

  step(`raw BullMQ baseline: ${config.bullmqJobs} no-op jobs, concurrency 50`);
  let snap: CpuSnapshot = cpuSnapshot();
  const bullmq: BullmqBaseline = await bullmqBaseline(config.redisUrl, rawQueuePrefix, config.bullmqJobs, 120_000);
  cpu.bullmqBaseline = cpuBetween(snap, cpuSnapshot(), groups());

  step(`raw nodemailer baseline: ${config.nodemailerEmails} emails, pool of 5 connections`);
  snap = cpuSnapshot();
  const nodemailer: NodemailerBaseline = await nodemailerBaseline(
    sink,
    sinkChild.smtpPort,
    config.nodemailerEmails,
    120_000,
  );
  cpu.nodemailerBaseline = cpuBetween(snap, cpuSnapshot(), groups());
  step(`raw nodemailer baseline again with TCP_NODELAY sockets (informational)`);
  const nodemailerNoDelay: NodemailerBaseline = await nodemailerBaseline(
    sink,
    sinkChild.smtpPort,
    config.nodemailerEmails,
    120_000,
    true,
  );

  const httpBaseline = async (name: string, script: string, args: string[] = []): Promise<IngestResult> => {
    step(`${name} baseline: ${config.events} events to a no-op server (${script}), ${config.connections} connections`);
    const noop = await startHelper(run, name, script, portReady, { args });
    try {
      const before = cpuSnapshot();
      const result = await ingestEvents(noop.url, 'no-key', `${runId}-${name}`, config.events, config.connections);
      cpu[`${name}Baseline`] = cpuBetween(before, cpuSnapshot(), groups({ [name]: (pid) => pid === noop.child.pid }));
      return result;
    } finally {
      await noop.child.stop();
    }
  };
  const rawHttp = await httpBaseline('rawHttp', 'http-noop-process.js', ['json']);
  const nestHttp = await httpBaseline('nestHttp', 'nest-noop-process.js');
  results.baselines = { bullmq, nodemailer, nodemailerNoDelay, rawHttp, nestHttp };
  await sink.reset();

  const port = await freePort();
  const env = serviceEnv(run, port, config.redisUrl, { SMTP_URL: `smtp://127.0.0.1:${sinkChild.smtpPort}` });
  const baseUrl = `http://127.0.0.1:${port}`;
  cleanUpRunData(run, config.redisUrl, { alsoPrefixes: [rawQueuePrefix] });
  const { svc, rss } = await launchService(run, env, port, config.serviceNodeArgs);

  step('bootstrapping: workspace, survey, campaign');
  const { workspaceId, apiKey } = await setUpCampaign(env, baseUrl, 'Bench', BENCH_SURVEY, {
    name: 'Bench ticket closed',
    trigger: { eventType: 'ticket.closed' },
    channel: 'email',
    delay: config.campaignDelay,
  });
  const svcGroups = groups({ service: (pid) => pid === svc.pid });

  step(`ingest: ${config.events} events over ${config.connections} connections`);
  snap = cpuSnapshot();
  const ingest: IngestResult = await ingestEvents(baseUrl, apiKey, runId, config.events, config.connections);
  const afterIngest = cpuSnapshot();
  cpu.ingest = cpuBetween(snap, afterIngest, svcGroups);
  step(
    `ingest done: ${ingest.ok2xx} accepted in ${ingest.seconds.toFixed(2)} s, ${ingest.non2xx} non-2xx, ${ingest.errors} errors`,
  );
  if (ingest.non2xx > 0) step(`status codes: ${JSON.stringify(ingest.statusCodes)}; service output:\n${svc.tail(10)}`);

  const ingestOnly = config.campaignDelay !== 'PT0S';
  if (!ingestOnly)
    step(`delivery: waiting for ${ingest.ok2xx} emails at the sink (timeout ${config.deliveryTimeoutS} s)`);
  const delivered = ingestOnly
    ? { stats: await sink.stats(), complete: false, reason: `ingest-only run (campaign delay ${config.campaignDelay})` }
    : await waitForEmails(sink, ingest.ok2xx, config.deliveryTimeoutS * 1000, 60_000, svc);
  cpu.deliveryAfterIngest = cpuBetween(afterIngest, cpuSnapshot(), svcGroups);
  rss.stop();
  const { stats } = delivered;
  const lastAt = stats.lastAt ?? Date.now();
  const e2eSeconds = (lastAt - ingest.startedAt) / 1000;
  const deliveryOnlySeconds = stats.firstAt ? (lastAt - stats.firstAt) / 1000 : NaN;
  const delivery = {
    expected: ingest.ok2xx,
    emails: stats.count,
    complete: delivered.complete,
    incompleteReason: delivered.reason,
    e2eSeconds,
    emailsPerSecond: stats.count / e2eSeconds,
    deliveryOnlySeconds,
    deliveryOnlyEmailsPerSecond: stats.count / deliveryOnlySeconds,
    secondsAfterIngestEnded: (lastAt - ingest.finishedAt) / 1000,
    bytesPerEmail: stats.count ? Math.round(stats.bytes / stats.count) : 0,
    smtpSessions: stats.sessions,
  };
  const invitations = await invitationStatuses(databaseUrl).catch((err: Error) => ({ error: err.message }));
  const peakRssMb = Math.round(rss.peakMb);
  results.palaute = {
    workspaceId,
    ingest,
    delivery,
    invitations,
    peakRssMb,
    rssSamples: rss.samples,
    serviceOutputLines: svc.lineCount,
  };
  results.cpuPercentOfOneCore = cpu;

  // The service sends on TCP_NODELAY sockets, so the like-for-like raw baseline is nodemailer on
  // TCP_NODELAY sockets too; that stricter figure is the one the 0.6 target is judged against.
  const ratio = delivery.emailsPerSecond / nodemailerNoDelay.emailsPerSecond;
  const deliveryOnlyRatio = delivery.deliveryOnlyEmailsPerSecond / nodemailerNoDelay.emailsPerSecond;
  const defaultSocketRatio = delivery.emailsPerSecond / nodemailer.emailsPerSecond;
  const checks = {
    ingestRate: ingest.eventsPerSecond >= TARGETS.ingestEventsPerSecond,
    ingestP99: ingest.latencyMs.p99 <= TARGETS.ingestP99Ms,
    deliveryRatio: delivery.complete && ratio >= TARGETS.deliveryRatio,
    peakRss: peakRssMb <= TARGETS.peakRssMb,
  };
  results.ratios = {
    ingestVsRawHttp: ingest.eventsPerSecond / rawHttp.eventsPerSecond,
    ingestVsNestNoop: ingest.eventsPerSecond / nestHttp.eventsPerSecond,
    deliveredVsRawNodemailerNoDelay: ratio,
    deliveryOnlyVsRawNodemailerNoDelay: deliveryOnlyRatio,
    deliveredVsRawNodemailerDefaultSockets: defaultSocketRatio,
  };
  results.checks = checks;

  const rows: Row[] = [
    {
      measure: 'raw BullMQ no-op jobs/s',
      value: fmt(bullmq.jobsPerSecond),
      target: `baseline (${fmt(bullmq.jobs)} jobs)`,
    },
    {
      measure: 'raw nodemailer emails/s (TCP_NODELAY)',
      value: fmt(nodemailerNoDelay.emailsPerSecond),
      target: `baseline (${fmt(nodemailerNoDelay.emails)} emails), like-for-like`,
    },
    {
      measure: '  same, default sockets (Nagle on)',
      value: fmt(nodemailer.emailsPerSecond),
      target: 'informational: nodemailer as shipped',
      result: `service ratio ${defaultSocketRatio.toFixed(2)}`,
    },
    {
      measure: 'raw node:http no-op POSTs/s',
      value: fmt(rawHttp.eventsPerSecond),
      target: `baseline, p50 / p99 ${fmt(rawHttp.latencyMs.p50)} / ${fmt(rawHttp.latencyMs.p99)} ms`,
    },
    {
      measure: 'NestJS+Express no-op POSTs/s',
      value: fmt(nestHttp.eventsPerSecond),
      target: `framework ceiling, p50 / p99 ${fmt(nestHttp.latencyMs.p50)} / ${fmt(nestHttp.latencyMs.p99)} ms`,
    },
    {
      measure: 'ingest events/s (2xx)',
      value: fmt(ingest.eventsPerSecond),
      target: `≥ ${fmt(TARGETS.ingestEventsPerSecond)}`,
      result: `${passMiss(checks.ingestRate)} (${(ingest.eventsPerSecond / rawHttp.eventsPerSecond).toFixed(2)} of raw http, ${(ingest.eventsPerSecond / nestHttp.eventsPerSecond).toFixed(2)} of Nest no-op)`,
    },
    {
      measure: 'ingest latency p50 / p99',
      value: `${fmt(ingest.latencyMs.p50)} / ${fmt(ingest.latencyMs.p99)} ms`,
      target: `p99 ≤ ${TARGETS.ingestP99Ms} ms`,
      result: passMiss(checks.ingestP99),
    },
    {
      measure: 'ingest non-2xx / errors',
      value: `${fmt(ingest.non2xx)} / ${fmt(ingest.errors)}`,
      target: `of ${fmt(ingest.requests)} requests`,
    },
    {
      measure: 'delivered emails/s (first event→last email)',
      value: fmt(delivery.emailsPerSecond),
      target: `≥ ${TARGETS.deliveryRatio} × raw = ${fmt(TARGETS.deliveryRatio * nodemailerNoDelay.emailsPerSecond)}`,
      result: `${passMiss(checks.deliveryRatio)} (ratio ${ratio.toFixed(2)})`,
    },
    {
      measure: 'delivery-only emails/s (first→last email)',
      value: fmt(delivery.deliveryOnlyEmailsPerSecond),
      target: `ratio ${deliveryOnlyRatio.toFixed(2)} of raw`,
    },
    {
      measure: 'emails at sink',
      value: `${fmt(delivery.emails)} / ${fmt(delivery.expected)}`,
      target: delivery.complete ? `in ${delivery.e2eSeconds.toFixed(1)} s` : `INCOMPLETE: ${delivery.incompleteReason}`,
    },
    {
      measure: 'SMTP connections opened (service / raw)',
      value: `${fmt(delivery.smtpSessions)} / ${fmt(nodemailer.smtpSessions)}`,
      target: 'informational (pool of 5 reuses 5)',
    },
    {
      measure: 'peak service RSS',
      value: `${fmt(peakRssMb)} MB`,
      target: `≤ ${TARGETS.peakRssMb} MB`,
      result: passMiss(checks.peakRss),
    },
  ];
  const lines = [
    '',
    `Palaute dispatch benchmark — ${fmt(config.events)} events, ${config.connections} connections, ${os.cpus().length} CPUs, node ${process.version}`,
    renderTable(rows),
    '',
    ...renderCpuPhases(
      cpu,
      ['bullmqBaseline', 'nodemailerBaseline', 'rawHttpBaseline', 'ingest', 'deliveryAfterIngest'],
      20,
      results.machineBusyBeforeStartPct,
    ),
    `invitations by status: ${JSON.stringify(invitations)}`,
  ];
  console.log(lines.join('\n'));
  return { complete: delivery.complete };
});
