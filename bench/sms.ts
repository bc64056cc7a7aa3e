import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';

import { cannon, CannonResult } from './lib/cannon';
import { freePort, sleep } from './lib/children';
import {
  ProfileSummary,
  readRoundTrips,
  renderProfileSummary,
  renderRoundTrips,
  RoundTrips,
  summarizeCpuProfile,
} from './lib/cpu-profile';
import { setUpCampaign } from './lib/palaute';
import { pollUntil } from './lib/poll';
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
import {
  BENCH_SMS_SURVEY,
  benchLocale,
  benchPhone,
  InboundReplies,
  rawSdkBaseline,
  RawSdkResult,
  SimClient,
  SimStats,
} from './lib/sms';

/**
 * npm run bench:sms — survey SMS out through the twilio SDK, customer replies in through the signed
 * webhook, in one run:
 *   1. raw baselines on this machine: the twilio SDK alone creating messages on the simulator (50 in
 *      flight; again with status callbacks, as the service's messages have), and the same signed
 *      reply POSTs against a no-op node:http server (the ceiling for inbound here) and against an
 *      Express app that only checks the signature (framework + signature, no database);
 *   2. the built service (`node dist/main.js`, ROLE=all, fresh database and queue prefix, sender rate
 *      limit lifted: SMS_PER_SECOND=10000, the most its config accepts) sending through the real SDK
 *      to the simulator, which runs in its own process, and answering signed replies;
 *   3. targets beside the figures, a table on stdout, JSON in bench/results/.
 *
 * Outbound, what is measured: delivery alone, not ingest. The campaign has delay PT1H, so posting the
 * N events (timed too, as information) only schedules N invitations with delayed jobs. Then every
 * invitation is made due at once (send_at = now() in the database, the delayed jobs promoted in
 * BullMQ, the way they would be when their time came) and the clock runs from that moment until the
 * simulator has received the N-th message. First-message-to-last is reported beside it. Each
 * message also brings two signed status callbacks (sent, delivered) from the simulator back to the
 * service, as Twilio does; the outbound phase ends when they have all been answered.
 *
 * Statistics: the database is minutes old and its tables filled in seconds, so autovacuum has not
 * analyzed them yet; the planner then takes them for near-empty and, for the reply routing query,
 * scans the whole invitations_open_sms index once per reply (measured: 3.5 ms a reply instead of
 * 0.03, Postgres saturated at ~400 replies/s). A live database has statistics (autovacuum analyzes a
 * table within a minute of it changing by 10%), so the bench runs ANALYZE before the outbound and
 * the inbound phase, and again after the inbound warm-up (responses and answers are empty before
 * it: the foreign-key checks' plans, cached per connection, would scan responses whole for every
 * answer, slowing down as it grows), as autovacuum would have; BENCH_ANALYZE=0 shows the
 * cold-statistics case.
 *
 * Inbound: every contact now has an SMS invitation awaiting the NPS answer. autocannon POSTs signed
 * replies (distinct MessageSid each, From round-robin over the contacts: the score, then the
 * follow-up answer, then texts that find no open survey) for a warm-up, then for a measured
 * duration. Afterwards Postgres must hold one inbound_sms row per request sent and one q1 answer per
 * score sent. Replies that answer a question cost the service more than texts that find no open
 * survey, so the overall rate depends on the mix: each kind's own pace within the measured window is
 * reported beside it (from inbound_sms.received_at).
 *
 * Environment: BENCH_SMS (messages and contacts, default 5000), BENCH_CONNECTIONS (50; also the
 * SDK's in-flight creates), BENCH_INBOUND_SECONDS (10), BENCH_INBOUND_WARMUP_SECONDS (2),
 * BENCH_BASELINE_SECONDS (5, each inbound ceiling), BENCH_DELIVERY_TIMEOUT_S (300),
 * BENCH_SEND_CONCURRENCY (the service's SEND_CONCURRENCY; its default when unset),
 * BENCH_PROFILE (outbound | inbound | both: V8 CPU profile of the service during that phase and its
 * pg / Redis round trips per message, via bench/cpu-profile-preload, summarized on stdout; the
 * profiler adds some overhead, so take the headline figures from a run without it;
 * BENCH_PROFILE_DIR, default $TMPDIR/palaute-bench-profiles),
 * BENCH_ANALYZE=0 (skip the ANALYZE before each phase), BENCH_STATUS_CALLBACKS=0 (the simulator skips
 * its status callbacks to the service: the send path alone, which is not what Twilio does),
 * BENCH_SERVICE_NODE_ARGS (extra node flags for the service), BENCH_KEEP_DATABASE=1 (leave the run's
 * database behind for inspection), DATABASE_URL's server and REDIS_URL.
 */

const TARGETS = { inboundPerSecond: 2000, inboundP99Ms: 50, outboundPerSecond: 1000 };

const profileEnv = (process.env.BENCH_PROFILE ?? '').trim();
if (!['', 'outbound', 'inbound', 'both'].includes(profileEnv))
  throw new Error(`BENCH_PROFILE must be outbound, inbound or both, got "${profileEnv}"`);

const config = {
  messages: intEnv('BENCH_SMS', 5000),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  inboundSeconds: intEnv('BENCH_INBOUND_SECONDS', 10),
  inboundWarmupSeconds: intEnv('BENCH_INBOUND_WARMUP_SECONDS', 2),
  baselineSeconds: intEnv('BENCH_BASELINE_SECONDS', 5),
  deliveryTimeoutS: intEnv('BENCH_DELIVERY_TIMEOUT_S', 300),
  sendConcurrency: process.env.BENCH_SEND_CONCURRENCY ? intEnv('BENCH_SEND_CONCURRENCY', 50) : undefined,
  profile: {
    outbound: profileEnv === 'outbound' || profileEnv === 'both',
    inbound: profileEnv === 'inbound' || profileEnv === 'both',
  },
  profileDir: process.env.BENCH_PROFILE_DIR || path.join(os.tmpdir(), 'palaute-bench-profiles'),
  serviceNodeArgs: (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean),
  /** Leave the run's database behind for inspection (EXPLAIN, counts); it is dropped otherwise. */
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  /** BENCH_STATUS_CALLBACKS=0: the simulator does not post status callbacks to the service (the send path alone; not what Twilio does). */
  statusCallbacks: process.env.BENCH_STATUS_CALLBACKS !== '0',
  /** ANALYZE before the outbound and the inbound phase (see the header); BENCH_ANALYZE=0 leaves it to autovacuum. */
  analyze: process.env.BENCH_ANALYZE !== '0',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  /** The highest SMS_PER_SECOND the service accepts (its config caps it): the per-sender limit is out of the way. */
  smsPerSecond: 10_000,
  companyName: 'Bench Co',
  sender: '+15005550006',
};

const recordedConfig = {
  messages: config.messages,
  connections: config.connections,
  sdkInFlight: config.connections,
  inboundSeconds: config.inboundSeconds,
  inboundWarmupSeconds: config.inboundWarmupSeconds,
  baselineSeconds: config.baselineSeconds,
  smsPerSecond: config.smsPerSecond,
  sendConcurrency: config.sendConcurrency ?? 'service default',
  profile: profileEnv || null,
  serviceNodeArgs: config.serviceNodeArgs,
  analyzeBeforePhases: config.analyze,
  statusCallbacksToService: config.statusCallbacks,
};

benchMain('sms', { postgresUrl: config.postgresUrl, config: recordedConfig, targets: TARGETS }, async (run) => {
  const { runId, databaseUrl, results, cpu } = run;
  const account = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
  const profiles: Record<string, ProfileSummary & { roundTrips?: RoundTrips }> = {};

  step('starting the Twilio simulator process');
  const simChild = await startHelper(run, 'simulator', 'twilio-sim-process.js', portReady, {
    env: { PATH: process.env.PATH, TWILIO_ACCOUNT_SID: account.accountSid, TWILIO_AUTH_TOKEN: account.authToken },
  });
  const sim = new SimClient(simChild.url);
  step('starting the no-op webhook process (raw node:http)');
  const noop = await startHelper(run, 'rawHttp', 'http-noop-process.js', portReady, { args: ['twiml'] });
  const groups = cpuGroups({ simulator: simChild.child.pid });

  // --- Raw baselines -------------------------------------------------------------------------
  const sdkOptions = {
    simUrl: sim.url,
    ...account,
    from: config.sender,
    messages: config.messages,
    inFlight: config.connections,
  };
  step(`raw SDK baseline: ${config.messages} messages.create() to the simulator, ${config.connections} in flight`);
  let snap: CpuSnapshot = cpuSnapshot();
  const rawSdk: RawSdkResult = await rawSdkBaseline(sdkOptions);
  cpu.rawSdk = cpuBetween(snap, cpuSnapshot(), groups());
  if (rawSdk.failed) throw new Error(`raw SDK baseline: ${rawSdk.failed} creates failed (${rawSdk.firstError})`);
  await sim.reset();

  step('raw SDK baseline again, each message with a StatusCallback (to the no-op server), as the service sends them');
  snap = cpuSnapshot();
  const rawSdkCallbacks: RawSdkResult = await rawSdkBaseline({ ...sdkOptions, statusCallback: `${noop.url}/status` });
  cpu.rawSdkWithCallbacks = cpuBetween(snap, cpuSnapshot(), groups({ rawHttp: (pid) => pid === noop.child.pid }));
  if (rawSdkCallbacks.failed)
    throw new Error(
      `raw SDK baseline with callbacks: ${rawSdkCallbacks.failed} creates failed (${rawSdkCallbacks.firstError})`,
    );
  await pollUntil(() => sim.stats(), {
    done: (s) => s.callbacks.finished >= 2 * s.outbound.count,
    progress: (s) => s.callbacks.finished,
    timeoutMs: 60_000,
    stallMs: 10_000,
  });
  await sim.reset();

  const webhookPath = (workspaceId: string) => `/webhooks/twilio/${workspaceId}/sms`;
  const inboundBaseline = async (name: string, baseUrl: string, pid: number): Promise<CannonResult> => {
    step(`${name} baseline: signed reply POSTs for ${config.baselineSeconds} s, ${config.connections} connections`);
    const noopHookPath = webhookPath('00000000-0000-4000-8000-000000000000');
    const replies = new InboundReplies({
      contacts: config.messages,
      ...account,
      to: config.sender,
      publicBaseUrl: baseUrl,
      path: noopHookPath,
      runId: `${runId}-${name}`,
    });
    const before = cpuSnapshot();
    const r = await cannon({
      url: baseUrl,
      path: noopHookPath,
      connections: config.connections,
      duration: config.baselineSeconds,
      next: () => replies.next(),
    });
    cpu[`${name}Baseline`] = cpuBetween(before, cpuSnapshot(), groups({ [name]: (p) => p === pid }));
    if (r.non2xx || r.errors)
      step(`${name} baseline: ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodes)}), ${r.errors} errors`);
    return r;
  };
  const rawHttp = await inboundBaseline('rawHttp', noop.url, noop.child.pid);
  await noop.child.stop();

  const expressPort = await freePort();
  const expressUrl = `http://127.0.0.1:${expressPort}`;
  step('starting the Express webhook no-op process (body parsers + signature check, no database)');
  const expressNoop = await startHelper(run, 'expressWebhook', 'webhook-noop-process.js', portReady, {
    env: {
      PATH: process.env.PATH,
      PORT: String(expressPort),
      PUBLIC_BASE_URL: expressUrl,
      TWILIO_AUTH_TOKEN: account.authToken,
    },
  });
  const expressHttp = await inboundBaseline('expressWebhook', expressUrl, expressNoop.child.pid);
  await expressNoop.child.stop();
  results.baselines = { rawSdk, rawSdkWithCallbacks: rawSdkCallbacks, rawHttp, expressWebhook: expressHttp };

  // --- The service ---------------------------------------------------------------------------
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serviceEnv(run, port, config.redisUrl, {
    COMPANY_NAME: config.companyName,
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_FROM: config.sender,
    TWILIO_API_BASE_URL: sim.url,
    SMS_PER_SECOND: String(config.smsPerSecond),
    ...(config.sendConcurrency ? { SEND_CONCURRENCY: String(config.sendConcurrency) } : {}),
    ...(config.profile.inbound || config.profile.outbound ? { BENCH_PROFILE_DIR: config.profileDir } : {}),
  });
  const nodeArgs = [...config.serviceNodeArgs];
  if (config.profile.inbound || config.profile.outbound) {
    mkdirSync(config.profileDir, { recursive: true });
    nodeArgs.push('--require', path.join(__dirname, 'cpu-profile-preload.js'));
  }
  cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
  const { svc, rss } = await launchService(run, env, port, nodeArgs, `, simulator ${sim.url}`);
  const svcGroups = groups({ service: (pid) => pid === svc.pid });

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  run.cleanup('close the bench database connection', () => db.end());
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0].n;
  const grouped = async (sql: string) =>
    Object.fromEntries((await db.query<{ k: string | null; n: number }>(sql)).rows.map((r) => [r.k ?? 'null', r.n]));

  /** Runs `body` with the service's CPU profiler on when `on`; `units` says what the round trips are counted per. */
  const profiled = async <T>(
    label: string,
    on: boolean,
    units: () => [string, number],
    body: () => Promise<T>,
  ): Promise<T> => {
    if (!on) return body();
    const started = svc.waitForLine((l) => (l.includes('"benchCpuProfile":"started"') ? true : undefined), 10_000);
    svc.proc.stdin?.write('cpu-profile\n');
    await started;
    try {
      return await body();
    } finally {
      const written = svc.waitForLine((l) => {
        const m = /"benchCpuProfile":"([^"]+\.cpuprofile)"/.exec(l);
        return m ? m[1] : undefined;
      }, 60_000);
      svc.proc.stdin?.write('cpu-profile\n');
      const file = await written;
      const [unit, count_] = units();
      profiles[label] = { ...summarizeCpuProfile(file), roundTrips: readRoundTrips(file, unit, count_) };
      step(`CPU profile of the service during ${label}: ${file}`);
    }
  };

  step('bootstrapping: workspace, SMS survey, SMS campaign (delay PT1H: events only schedule)');
  const { workspaceId, apiKey } = await setUpCampaign(env, baseUrl, 'Bench SMS', BENCH_SMS_SURVEY, {
    name: 'Bench delivery NPS',
    trigger: { eventType: 'order.delivered' },
    channel: 'sms',
    delay: 'PT1H',
    expiry: 'P3D',
  });

  step(`scheduling: ${config.messages} events (one contact each, fi/sv/nb/en) over ${config.connections} connections`);
  let seq = 0;
  snap = cpuSnapshot();
  const ingest = await cannon({
    url: baseUrl,
    path: '/v1/events',
    connections: config.connections,
    amount: config.messages,
    next: () => {
      const n = seq++;
      return {
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'order.delivered',
          id: `bench-sms-${runId}-${n}`,
          contact: {
            externalId: `bench-sms-${n}`,
            phone: benchPhone(n),
            locale: benchLocale(n),
            name: `Bench Customer ${n}`,
          },
          properties: { store: 'Kamppi', touchpoint: 'delivery' },
        }),
      };
    },
  });
  cpu.ingest = cpuBetween(snap, cpuSnapshot(), svcGroups);
  step(
    `scheduling done: ${ingest.ok2xx} events accepted in ${ingest.seconds.toFixed(2)} s (${fmt(ingest.perSecond)}/s), ${ingest.non2xx} non-2xx, ${ingest.errors} errors`,
  );
  if (ingest.non2xx || ingest.errors)
    throw new Error(
      `event ingest: ${ingest.non2xx} non-2xx ${JSON.stringify(ingest.statusCodes)}, ${ingest.errors} errors\n${svc.tail(10)}`,
    );
  const scheduled = await count(
    `SELECT count(*)::int AS n FROM invitations WHERE channel = 'sms' AND status = 'scheduled'`,
  );
  if (scheduled !== config.messages)
    throw new Error(`expected ${config.messages} scheduled SMS invitations, found ${scheduled}`);

  // --- Outbound: every invitation due at once; the clock stops at the simulator's N-th message ----
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
  const smsQueue = new Queue('sms', { connection: redis, prefix: run.queuePrefix });
  run.cleanup('close the bench queue handle', async () => {
    await smsQueue.close();
    redis.disconnect();
  });
  const analyzeTables = async (before: string) => {
    if (!config.analyze) return;
    const t = Date.now();
    await db.query('ANALYZE');
    step(`ANALYZE before ${before}: ${Date.now() - t} ms`);
  };
  await analyzeTables('the outbound phase');
  const delayed = await smsQueue.getDelayedCount();
  if (delayed !== config.messages) throw new Error(`expected ${config.messages} delayed SMS jobs, found ${delayed}`);
  await sim.reset(config.statusCallbacks);
  if (!config.statusCallbacks)
    step('BENCH_STATUS_CALLBACKS=0: the simulator will not post status callbacks to the service');

  const outbound = await profiled(
    'outbound',
    config.profile.outbound,
    () => ['message', config.messages],
    async () => {
      await db.query(`UPDATE invitations SET send_at = now() WHERE channel = 'sms' AND status = 'scheduled'`);
      step(
        `outbound: ${config.messages} invitations due now; waiting for the simulator to receive them (timeout ${config.deliveryTimeoutS} s)`,
      );
      const before = cpuSnapshot();
      const dueAt = Date.now();
      await smsQueue.promoteJobs();
      const arrived = await pollUntil(() => sim.stats(), {
        done: (s) => s.outbound.count >= config.messages,
        progress: (s) => s.outbound.count,
        timeoutMs: config.deliveryTimeoutS * 1000,
        stallMs: 30_000,
        report: (s) => `${s.outbound.count}/${config.messages} messages at the simulator`,
        abortIf: () => (svc.exited ? `service exited (${svc.exitInfo})` : undefined),
      });
      const afterArrival = cpuSnapshot();
      cpu.outbound = cpuBetween(before, afterArrival, svcGroups);
      step(
        `outbound: ${arrived.value.outbound.count} messages; waiting for their ${2 * arrived.value.outbound.count} status callbacks and the 'sent' rows`,
      );
      const settled = await pollUntil(
        async () => ({
          sim: await sim.stats(),
          sent: await count(`SELECT count(*)::int AS n FROM invitations WHERE channel = 'sms' AND status = 'sent'`),
        }),
        {
          done: (v) => v.sim.callbacks.finished >= 2 * v.sim.outbound.count && v.sent >= v.sim.outbound.count,
          progress: (v) => v.sim.callbacks.finished + v.sent,
          timeoutMs: 120_000,
          stallMs: 20_000,
          intervalMs: 200,
          report: (v) => `${v.sim.callbacks.finished} callbacks answered, ${v.sent} invitations sent`,
        },
      );
      cpu.callbacksAfterArrival = cpuBetween(afterArrival, cpuSnapshot(), svcGroups);
      return { dueAt, arrived, settled };
    },
  );
  const simStats: SimStats = outbound.arrived.value;
  const lastAt = simStats.outbound.lastAt ?? Date.now();
  const dueToLastS = (lastAt - outbound.dueAt) / 1000;
  const firstToLastS = simStats.outbound.firstAt ? (lastAt - simStats.outbound.firstAt) / 1000 : NaN;
  const invitations = await grouped(
    `SELECT status || '/' || COALESCE(delivery_status, '-') AS k, count(*)::int AS n FROM invitations GROUP BY 1 ORDER BY 1`,
  );
  const delivery = {
    expected: config.messages,
    messages: simStats.outbound.count,
    complete: outbound.arrived.complete && simStats.outbound.count === config.messages,
    incompleteReason: outbound.arrived.reason,
    dueToLastSeconds: dueToLastS,
    messagesPerSecond: simStats.outbound.count / dueToLastS,
    firstMessageAfterMs: simStats.outbound.firstAt ? simStats.outbound.firstAt - outbound.dueAt : null,
    firstToLastSeconds: firstToLastS,
    firstToLastMessagesPerSecond: simStats.outbound.count > 1 ? (simStats.outbound.count - 1) / firstToLastS : NaN,
    callbacks: outbound.settled.value.sim.callbacks,
    callbacksSettled: outbound.settled.complete,
    callbacksSettledAfterLastMessageMs: (outbound.settled.value.sim.callbacks.lastFinishedAt ?? lastAt) - lastAt,
    invitationsByStatusAndDelivery: invitations,
  };
  step(
    `outbound: ${delivery.messages} messages in ${dueToLastS.toFixed(2)} s (${fmt(delivery.messagesPerSecond)}/s); callbacks ${JSON.stringify(delivery.callbacks.byStatus)}`,
  );
  for (const f of delivery.callbacks.failures) step(`WARNING: a status callback was answered ${f.status}: ${f.body}`);
  if (!delivery.complete)
    throw new Error(
      `outbound incomplete: ${delivery.messages}/${config.messages} (${delivery.incompleteReason})\n${svc.tail(20)}`,
    );
  const openInvitations = await count(
    `SELECT count(*)::int AS n FROM invitations WHERE channel = 'sms' AND status = 'sent'`,
  );
  // The simulator delivers every message and says so twice (sent, delivered): each row must end 'delivered'.
  const deliveredRows = await count(
    `SELECT count(*)::int AS n FROM invitations WHERE channel = 'sms' AND delivery_status = 'delivered'`,
  );
  // Replies are routed by the sender an invitation went out from: a sent invitation without one can never be answered.
  const sentWithoutSender = await count(
    `SELECT count(*)::int AS n FROM invitations WHERE channel = 'sms' AND status = 'sent' AND sender IS NULL`,
  );
  if (sentWithoutSender)
    step(
      `WARNING: ${sentWithoutSender} of ${openInvitations} sent SMS invitations have no sender recorded: replies to them find no open survey`,
    );

  // --- Inbound: signed replies from those contacts ---------------------------------------------
  await analyzeTables('the inbound phase');
  const hookPath = webhookPath(workspaceId);
  const replies = new InboundReplies({
    contacts: config.messages,
    ...account,
    to: config.sender,
    publicBaseUrl: baseUrl,
    path: hookPath,
    runId,
  });
  const inbound = await profiled(
    'inbound',
    config.profile.inbound,
    () => ['reply', replies.built],
    async () => {
      step(`inbound warm-up: signed replies for ${config.inboundWarmupSeconds} s, ${config.connections} connections`);
      const warmup = await cannon({
        url: baseUrl,
        path: hookPath,
        connections: config.connections,
        duration: config.inboundWarmupSeconds,
        next: () => replies.next(),
      });
      // The warm-up created the first responses and answers. Analyzed while still empty, those tables
      // get plans (the foreign-key checks' among them, cached per connection) that scan them whole,
      // which a live database never keeps: autovacuum analyzes growing tables. Do what it would.
      await analyzeTables('the measured inbound window (the warm-up filled responses)');
      step(`inbound: signed replies for ${config.inboundSeconds} s, ${config.connections} connections`);
      const before = cpuSnapshot();
      const measured = await cannon({
        url: baseUrl,
        path: hookPath,
        connections: config.connections,
        duration: config.inboundSeconds,
        next: () => replies.next(),
      });
      cpu.inbound = cpuBetween(before, cpuSnapshot(), svcGroups);
      return { warmup, measured };
    },
  );
  const { warmup, measured } = inbound;
  rss.stop();
  const sent = replies.built;
  step(
    `inbound: ${fmt(measured.ok2xx)} answered 2xx in ${measured.seconds} s (${fmt(measured.perSecond)}/s), p99 ${measured.latencyMs.p99} ms; waiting for ${fmt(sent)} inbound_sms rows`,
  );
  // Requests cut off when the clock stopped still reach the service and are stored: wait for them.
  const stored = await pollUntil(() => count(`SELECT count(*)::int AS n FROM inbound_sms`), {
    done: (n) => n >= sent,
    progress: (n) => n,
    timeoutMs: 60_000,
    stallMs: 5000,
    intervalMs: 200,
  });
  await sleep(500);
  const rows = await count(`SELECT count(*)::int AS n FROM inbound_sms`);
  const answered = warmup.requests + measured.requests;
  const ok2xx = warmup.ok2xx + measured.ok2xx;
  const cutOff = sent - answered - warmup.errors - measured.errors;
  const q1Answers = await count(`SELECT count(*)::int AS n FROM answers WHERE question_id = 'q1'`);
  const followUpAnswers = await count(`SELECT count(*)::int AS n FROM answers WHERE question_id IN ('better', 'best')`);
  const outcomes = await grouped(
    `SELECT outcome AS k, count(*)::int AS n FROM inbound_sms GROUP BY outcome ORDER BY outcome`,
  );
  const completedResponses = await count(`SELECT count(*)::int AS n FROM responses WHERE completed`);
  const distinctSids = await count(`SELECT count(DISTINCT message_sid)::int AS n FROM inbound_sms`);
  // The measured window's mix, and each kind's own pace: replies that answer a question (turns 0 and 1)
  // cost more than texts that find no open survey, so the overall rate depends on the mix.
  const byOutcome = (
    await db.query<{ outcome: string; n: number; seconds: number }>(
      `SELECT outcome, count(*)::int AS n, EXTRACT(EPOCH FROM max(received_at) - min(received_at))::float8 AS seconds
     FROM inbound_sms WHERE received_at >= $1 AND received_at <= $2 GROUP BY outcome ORDER BY outcome`,
      [new Date(measured.startedAt), new Date(measured.finishedAt)],
    )
  ).rows.map((r) => ({
    outcome: r.outcome,
    replies: r.n,
    seconds: Math.round(r.seconds * 100) / 100,
    perSecond: r.seconds > 1 ? Math.round(r.n / r.seconds) : null,
  }));
  const turns = replies.byTurn;
  const verification = {
    requestsSent: sent,
    answered,
    ok2xx,
    non2xx: warmup.non2xx + measured.non2xx,
    errors: warmup.errors + measured.errors,
    cutOffWhenClockStopped: cutOff,
    inboundSmsRows: rows,
    distinctMessageSids: distinctSids,
    rowsSettled: stored.complete,
    repliesByTurn: turns,
    q1Answers,
    followUpAnswers,
    completedResponses,
    outcomes,
    measuredWindowByOutcome: byOutcome,
    openSmsInvitationsBefore: openInvitations,
    sentWithoutSenderBefore: sentWithoutSender,
  };
  // Every request that reached the service is stored once: the 2xx answers plus the ones cut off unanswered.
  const rowsMatch = rows === ok2xx + cutOff && rows === sent && distinctSids === rows;
  const scoresStored = q1Answers === (turns[0] ?? 0);
  if (!scoresStored) {
    // Which contacts' scores are missing, and what their first reply became: enough to see why.
    const byLocale = (
      await db.query(
        `SELECT c.locale, count(*)::int AS contacts, count(a.response_id)::int AS q1_answers
       FROM contacts c LEFT JOIN invitations i ON i.contact_id = c.id LEFT JOIN responses r ON r.invitation_id = i.id
       LEFT JOIN answers a ON a.response_id = r.id AND a.question_id = 'q1' GROUP BY c.locale ORDER BY c.locale`,
      )
    ).rows;
    const firstReplies = (
      await db.query(
        `SELECT DISTINCT ON (s.from_number) s.from_number, s.body, s.outcome, s.reply, s.contact_id IS NOT NULL AS known_contact, s.invitation_id, i.status, i.sender, c.locale
       FROM inbound_sms s LEFT JOIN contacts c ON c.phone = s.from_number LEFT JOIN invitations i ON i.contact_id = c.id
       WHERE NOT EXISTS (SELECT 1 FROM responses r JOIN answers a ON a.response_id = r.id AND a.question_id = 'q1' WHERE r.invitation_id = i.id)
       ORDER BY s.from_number, s.id LIMIT 8`,
      )
    ).rows;
    (verification as Record<string, unknown>).missingScores = { byLocale, firstReplies };
    step(
      `q1 answers ${q1Answers} ≠ ${turns[0] ?? 0} scores sent; by locale ${JSON.stringify(byLocale)}; first replies without a score:\n${firstReplies.map((r) => `  ${JSON.stringify(r)}`).join('\n')}`,
    );
  }
  const peakRssMb = Math.round(rss.peakMb);
  results.palaute = {
    workspaceId,
    scheduling: ingest,
    delivery: { ...delivery, invitationsMarkedDelivered: deliveredRows },
    inbound: { warmup, measured, verification },
    peakRssMb,
    rssSamples: rss.samples,
    serviceOutputLines: svc.lineCount,
  };
  results.cpuPercentOfOneCore = cpu;
  if (Object.keys(profiles).length) results.profiles = profiles;

  const checks = {
    inboundRate: measured.perSecond >= TARGETS.inboundPerSecond,
    inboundP99: measured.latencyMs.p99 <= TARGETS.inboundP99Ms,
    inboundAllOk: verification.non2xx === 0 && verification.errors === 0,
    inboundStored: rowsMatch,
    scoresStored,
    sentInvitationsRoutable: sentWithoutSender === 0,
    deliveryStatusRecorded:
      !config.statusCallbacks ||
      (deliveredRows === config.messages && (delivery.callbacks.byStatus['200'] ?? 0) === delivery.callbacks.finished),
    outboundRate: delivery.complete && delivery.messagesPerSecond >= TARGETS.outboundPerSecond,
  };
  results.ratios = {
    inboundVsRawHttp: measured.perSecond / rawHttp.perSecond,
    inboundVsExpressWebhook: measured.perSecond / expressHttp.perSecond,
    outboundVsRawSdk: delivery.messagesPerSecond / rawSdk.messagesPerSecond,
    outboundVsRawSdkWithCallbacks: delivery.messagesPerSecond / rawSdkCallbacks.messagesPerSecond,
    firstToLastVsRawSdk: delivery.firstToLastMessagesPerSecond / rawSdk.messagesPerSecond,
  };
  results.checks = checks;

  const lat = (r: CannonResult) => `p50 / p99 ${fmt(r.latencyMs.p50)} / ${fmt(r.latencyMs.p99)} ms`;
  const tableRows: Row[] = [
    {
      measure: 'raw SDK → simulator msgs/s',
      value: fmt(rawSdk.messagesPerSecond),
      target: `baseline (${fmt(rawSdk.messages)} creates, ${rawSdk.inFlight} in flight)`,
    },
    {
      measure: '  same, with status callbacks',
      value: fmt(rawSdkCallbacks.messagesPerSecond),
      target: 'baseline: the simulator also posts 2 callbacks/msg',
    },
    { measure: 'raw node:http no-op replies/s', value: fmt(rawHttp.perSecond), target: `ceiling, ${lat(rawHttp)}` },
    {
      measure: 'Express + signature no-op replies/s',
      value: fmt(expressHttp.perSecond),
      target: `framework ceiling, ${lat(expressHttp)}`,
    },
    {
      measure: 'scheduling events/s (informational)',
      value: fmt(ingest.perSecond),
      target: `${fmt(ingest.ok2xx)} events, ${lat(ingest)}`,
    },
    {
      measure: `outbound SMS/s (due → last at simulator)${config.statusCallbacks ? '' : ' [no callbacks]'}`,
      value: fmt(delivery.messagesPerSecond),
      target: `≥ ${fmt(TARGETS.outboundPerSecond)}`,
      result: `${passMiss(checks.outboundRate)} (${(delivery.messagesPerSecond / rawSdk.messagesPerSecond).toFixed(2)} of raw SDK, ${(delivery.messagesPerSecond / rawSdkCallbacks.messagesPerSecond).toFixed(2)} with callbacks)`,
    },
    {
      measure: '  first → last message',
      value: fmt(delivery.firstToLastMessagesPerSecond),
      target: `first after ${fmt(delivery.firstMessageAfterMs ?? NaN)} ms; ${fmt(delivery.messages)} / ${fmt(delivery.expected)} in ${dueToLastS.toFixed(2)} s`,
    },
    {
      measure: '  status callbacks answered',
      value: fmt(delivery.callbacks.finished),
      target: `${JSON.stringify(delivery.callbacks.byStatus)}, settled ${fmt(delivery.callbacksSettledAfterLastMessageMs)} ms after the last message`,
    },
    ...(config.statusCallbacks
      ? [
          {
            measure: '  invitations marked delivered',
            value: fmt(deliveredRows),
            target: `= ${fmt(config.messages)}; callbacks answered non-2xx: ${fmt(delivery.callbacks.finished - (delivery.callbacks.byStatus['200'] ?? 0))} (must be 0)`,
            result: passMiss(checks.deliveryStatusRecorded),
          },
        ]
      : []),
    {
      measure: 'inbound replies/s (2xx)',
      value: fmt(measured.perSecond),
      target: `≥ ${fmt(TARGETS.inboundPerSecond)}`,
      result: `${passMiss(checks.inboundRate)} (${(measured.perSecond / rawHttp.perSecond).toFixed(2)} of raw http, ${(measured.perSecond / expressHttp.perSecond).toFixed(2)} of Express no-op)`,
    },
    {
      measure: 'inbound latency p50 / p99',
      value: `${fmt(measured.latencyMs.p50)} / ${fmt(measured.latencyMs.p99)} ms`,
      target: `p99 ≤ ${TARGETS.inboundP99Ms} ms`,
      result: passMiss(checks.inboundP99),
    },
    ...byOutcome.map((o) => ({
      measure: `  of which ${o.outcome === 'answer' ? 'answers (score, follow-up)' : o.outcome.replace(/_/g, ' ')}`,
      value: o.perSecond === null ? 'n/a' : `${fmt(o.perSecond)}/s`,
      target: `${fmt(o.replies)} replies (${Math.round(
        (100 * o.replies) /
          Math.max(
            1,
            byOutcome.reduce((a, x) => a + x.replies, 0),
          ),
      )}%) over ${o.seconds} s of the window`,
    })),
    {
      measure: '  replies per 1-s window min / max',
      value: `${fmt(measured.perSecondWindows.min)} / ${fmt(measured.perSecondWindows.max)}`,
      target: `max latency ${fmt(measured.latencyMs.max)} ms`,
    },
    {
      measure: 'inbound non-2xx / errors',
      value: `${fmt(verification.non2xx)} / ${fmt(verification.errors)}`,
      target: `0, of ${fmt(answered)} answered (warm-up + measured)`,
      result: passMiss(checks.inboundAllOk),
    },
    {
      measure: 'inbound_sms rows',
      value: fmt(rows),
      target: `= 2xx ${fmt(ok2xx)} + ${fmt(cutOff)} cut off at the stop = ${fmt(sent)} sent`,
      result: passMiss(rowsMatch),
    },
    {
      measure: 'sent invitations with no sender',
      value: fmt(sentWithoutSender),
      target: `0 of ${fmt(openInvitations)} (replies route by sender)`,
      result: passMiss(checks.sentInvitationsRoutable),
    },
    {
      measure: 'q1 answers stored',
      value: fmt(q1Answers),
      target: `= ${fmt(turns[0] ?? 0)} scores sent; follow-ups ${fmt(followUpAnswers)} / ${fmt(turns[1] ?? 0)}`,
      result: passMiss(scoresStored),
    },
    { measure: 'peak service RSS', value: `${fmt(peakRssMb)} MB`, target: 'informational' },
  ];
  const lines = [
    '',
    `Palaute SMS benchmark — ${fmt(config.messages)} messages / contacts, ${config.connections} connections, inbound ${config.inboundSeconds} s, ${os.cpus().length} CPUs, node ${process.version}`,
    renderTable(tableRows),
    '',
    ...renderCpuPhases(
      cpu,
      [
        'rawSdk',
        'rawSdkWithCallbacks',
        'rawHttpBaseline',
        'expressWebhookBaseline',
        'ingest',
        'outbound',
        'callbacksAfterArrival',
        'inbound',
      ],
      22,
      results.machineBusyBeforeStartPct,
    ),
    `invitations (status/delivery): ${JSON.stringify(invitations)}`,
    `inbound outcomes: ${JSON.stringify(outcomes)}; replies sent by turn: ${JSON.stringify(turns)}; completed responses ${fmt(completedResponses)}`,
    ...Object.entries(profiles).map(
      ([label, p]) => `\n${renderProfileSummary(label, p)}${p.roundTrips ? `\n${renderRoundTrips(p.roundTrips)}` : ''}`,
    ),
  ];
  console.log(lines.join('\n'));
  // A complete run measured what it set out to (every message out, every reply answered and stored);
  // a wrong result in the data (scores not stored, unroutable invitations) still fails the command.
  return {
    complete: delivery.complete && checks.inboundAllOk && checks.inboundStored,
    failed: !checks.scoresStored || !checks.sentInvitationsRoutable || !checks.deliveryStatusRecorded,
  };
});
