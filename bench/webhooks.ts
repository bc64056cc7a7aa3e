import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { Client } from 'pg';

import { alertCreatedPayload, serializePayload } from '../src/webhooks/event-payloads';
import { messageIdFor } from '../src/webhooks/standard-webhooks';
import { freePort, sleep } from './lib/children';
import { apiClient, createWorkspace } from './lib/palaute';
import { cpuBetween, cpuSnapshot } from './lib/proc-stats';
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

/**
 * npm run bench:webhooks — signed webhook deliveries per second to a local receiver (a child
 * process that counts every delivery by webhook-id and verifies a sample with the `standardwebhooks`
 * package). N alert.created messages are stored for one endpoint with their deliveries not yet due;
 * the run makes them all due at once and times the service's dispatcher until every delivery is
 * recorded as delivered (claim, sign, POST, deliveries update and attempt log written).
 * Baseline, in the same run: plain keep-alive POSTs of the same bodies from this process to the same
 * receiver, with as many sockets and requests in flight as the dispatcher uses, no signing, no database.
 * Options: BENCH_WEBHOOKS_MESSAGES (50,000), BENCH_KEEP_DATABASE=1.
 */

const TARGETS = { deliveriesPerSecond: 2000 };
/** The dispatcher's defaults: requests in flight per worker, sockets per receiver. */
const IN_FLIGHT = 200;
const SOCKETS = 64;
const config = {
  messages: intEnv('BENCH_WEBHOOKS_MESSAGES', 50_000),
  inFlight: IN_FLIGHT,
  socketsPerReceiver: SOCKETS,
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
};

interface Timed {
  count: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

/** Plain POSTs over a keep-alive agent, `inFlight` at a time: what this machine allows without signing or storing anything. */
async function rawPosts(url: string, bodies: string[]): Promise<Timed> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS, scheduling: 'lifo' });
  const latencies: number[] = [];
  let next = 0;
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 204 ? resolve() : reject(new Error(`raw POST answered ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        await post(body);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    count: bodies.length,
    seconds,
    perSecond: bodies.length / seconds,
    latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
  };
}

function alertBodies(workspaceId: string, n: number): string[] {
  const at = new Date();
  return Array.from({ length: n }, (_, i) =>
    serializePayload(
      alertCreatedPayload(at, {
        workspaceId,
        alertId: randomUUID(),
        campaignId: randomUUID(),
        responseId: randomUUID(),
        contactId: randomUUID(),
        contactExternalId: `cust-${i}`,
        assignee: 'team-lead@example.com',
        context: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
        status: 'open',
        trigger: { metric: 'nps', score: i % 7, keywords: [] },
        comment: 'The queue took far too long and nobody called back.',
        linkedAlertId: null,
        createdAt: at.toISOString(),
      }),
    ),
  );
}

benchMain('webhooks', { postgresUrl: config.postgresUrl, config: { ...config }, targets: TARGETS }, async (run) => {
  const { results, cpu } = run;
  const receiver = await startHelper(run, 'receiver', 'webhook-receiver-process.js', portReady);
  const groups = cpuGroups({ receiver: receiver.child.pid });

  step(`raw baseline: ${fmt(config.messages)} plain keep-alive POSTs, ${IN_FLIGHT} in flight over ${SOCKETS} sockets`);
  const placeholderBodies = alertBodies(randomUUID(), config.messages);
  const rawBefore = cpuSnapshot();
  const raw = await rawPosts(`${receiver.url}/raw`, placeholderBodies);
  cpu.rawPosts = cpuBetween(rawBefore, cpuSnapshot(), groups());
  results.raw = raw;

  const port = await freePort();
  const env = serviceEnv(run, port, config.redisUrl, {
    SECRETS_KEY: randomBytes(32).toString('hex'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_CONCURRENCY: String(IN_FLIGHT),
  });
  cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
  const { svc } = await launchService(run, env, port, []);
  const serviceGroups = groups({ service: (pid) => pid === svc.pid });

  const ws = await createWorkspace(env, 'Bench webhooks');
  const api = apiClient(`http://127.0.0.1:${port}`, ws.apiKey);
  const endpoint = await api<{ id: string; secret: string }>('POST', '/v1/webhook-endpoints', {
    url: `${receiver.url}/hook`,
    eventTypes: ['alert.created'],
  });
  await fetch(`${receiver.url}/control/reset?secret=${encodeURIComponent(endpoint.secret)}`, { method: 'POST' });

  step(`storing ${fmt(config.messages)} messages with deliveries not yet due`);
  const db = new Client({ connectionString: run.databaseUrl });
  await db.connect();
  run.cleanup('close the bench database connection', () => db.end());
  const bodies = alertBodies(ws.workspaceId, config.messages);
  for (let i = 0; i < bodies.length; i += 5000) {
    const chunk = bodies.slice(i, i + 5000);
    const ids = chunk.map((b) => messageIdFor(`${ws.workspaceId}:${b}`));
    await db.query(
      `WITH m AS (INSERT INTO webhook_messages (id, workspace_id, event_type, payload) SELECT id, $1, 'alert.created', p FROM unnest($2::text[], $3::text[]) AS u(id, p) RETURNING id)
       INSERT INTO webhook_deliveries (message_id, endpoint_id, next_attempt_at) SELECT id, $4, 'infinity' FROM m`,
      [ws.workspaceId, ids, chunk, endpoint.id],
    );
  }
  await db.query('VACUUM ANALYZE webhook_deliveries');

  step('making every delivery due and timing the dispatcher');
  const before = cpuSnapshot();
  await db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1`, [endpoint.id]);
  const started = performance.now();
  await db.query(`NOTIFY palaute_webhooks`);
  let delivered = 0;
  let lastProgress = performance.now();
  for (;;) {
    await sleep(100);
    const [row] = (
      await db.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'delivered'`,
        [endpoint.id],
      )
    ).rows;
    if (row.n > delivered) lastProgress = performance.now();
    delivered = row.n;
    if (delivered >= config.messages) break;
    if (performance.now() - lastProgress > 30_000)
      throw new Error(`dispatcher stalled at ${delivered} of ${config.messages}\n${svc.tail(20)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  cpu.dispatcher = cpuBetween(before, cpuSnapshot(), serviceGroups);

  const [attempts] = (
    await db.query(
      `SELECT count(*)::int AS n, percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
              count(*) FILTER (WHERE a.status IS DISTINCT FROM 204)::int AS failed
       FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1`,
      [endpoint.id],
    )
  ).rows;
  const received = (await (await fetch(`${receiver.url}/control/stats`)).json()) as {
    deliveries: number;
    distinctIds: number;
    verified: number;
    badSignatures: number;
  };
  const dispatcher: Timed = {
    count: delivered,
    seconds,
    perSecond: delivered / seconds,
    latencyMs: { p50: attempts.p50, p99: attempts.p99 },
  };
  results.dispatcher = {
    ...dispatcher,
    attemptsLogged: attempts.n,
    failedAttempts: attempts.failed,
    receiver: received,
  };

  const ok =
    received.badSignatures === 0 &&
    received.distinctIds === config.messages &&
    attempts.n === config.messages &&
    attempts.failed === 0;
  const rows: Row[] = [
    {
      measure: 'raw keep-alive POSTs/s (same bodies, same receiver)',
      value: fmt(raw.perSecond),
      target: `ceiling; p50 / p99 ${fmt(raw.latencyMs.p50, 1)} / ${fmt(raw.latencyMs.p99, 1)} ms`,
    },
    {
      measure: 'signed deliveries/s (claimed, signed, posted, logged)',
      value: fmt(dispatcher.perSecond),
      target: `≥ ${fmt(TARGETS.deliveriesPerSecond)}`,
      result: `${passMiss(dispatcher.perSecond >= TARGETS.deliveriesPerSecond)} (${Math.round((100 * dispatcher.perSecond) / raw.perSecond)}% of raw)`,
    },
    {
      measure: '  attempt latency p50 / p99',
      value: `${fmt(attempts.p50)} / ${fmt(attempts.p99)} ms`,
      target: 'POST start to response end, as logged',
    },
    {
      measure: '  receiver: deliveries, distinct ids, verified sample',
      value: `${fmt(received.deliveries)}, ${fmt(received.distinctIds)}, ${fmt(received.verified)}`,
      target: `bad signatures ${received.badSignatures}`,
      result: ok ? 'OK' : 'WRONG',
    },
  ];
  console.log(
    [
      '',
      `Palaute webhooks benchmark — ${fmt(config.messages)} messages, ${IN_FLIGHT} in flight, ${SOCKETS} sockets, ${os.cpus().length} CPUs, node ${process.version}`,
      renderTable(rows),
      '',
      ...renderCpuPhases(cpu, ['rawPosts', 'dispatcher'], 12, results.machineBusyBeforeStartPct),
    ].join('\n'),
  );
  return { complete: true, failed: !ok };
});
