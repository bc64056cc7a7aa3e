import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';

import { Client } from 'pg';
import { getExpectedTwilioSignature } from 'twilio';

import { cannon, CannonResult } from './lib/cannon';
import { freePort, sleep } from './lib/children';
import { setUpCampaign } from './lib/palaute';
import { pollUntil } from './lib/poll';
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
import { benchLocale, benchPhone } from './lib/sms';

/**
 * npm run bench:voice — the phone survey's TwiML webhook turns under load. Each request is one turn
 * of a call, as Twilio makes it: signed form POST, the service checks the signature, loads the call's
 * state, saves the answer and renders the next TwiML document.
 *
 * Calls go through four turns: the answered call's first request (greeting + NPS question), the NPS
 * keys (saved; the open question follows), the recording of the open answer (saved; the yes/no
 * follows) and the yes/no key (saved; thanks and hang up). Three of four turns write an answer.
 * Invitations are created through the events API with a one-day delay, so no call is placed: the
 * bench plays Twilio's side of calls that are in progress.
 *
 * One run measures, on the same machine: the same turns against a bare node:http no-op (the ceiling
 * this machine and load generator allow), then the service for BENCH_VOICE_SECONDS after a warm-up,
 * then checks that every answer sent was stored, with the value sent.
 *
 * Warm-up: BENCH_VOICE_WARMUP_CALLS other calls go through all four turns first, then the tables
 * are analyzed, as autovacuum does on a live database. Without it the first answers are written
 * while responses is empty, and the foreign-key checks' plans (cached per connection) scan
 * responses whole for every answer from then on, slower and slower as it grows.
 * Options: BENCH_CALLS (default 25,000), BENCH_CONNECTIONS (50), BENCH_VOICE_SECONDS (10),
 * BENCH_VOICE_WARMUP_CALLS (2,000), BENCH_BASELINE_SECONDS (5), BENCH_KEEP_DATABASE=1, DATABASE_URL, REDIS_URL.
 */

const TARGETS = { turnsPerSecond: 1500, p99Ms: 50 };

const config = {
  calls: intEnv('BENCH_CALLS', 25_000),
  connections: intEnv('BENCH_CONNECTIONS', 50),
  seconds: intEnv('BENCH_VOICE_SECONDS', 10),
  warmupCalls: intEnv('BENCH_VOICE_WARMUP_CALLS', 2000),
  baselineSeconds: intEnv('BENCH_BASELINE_SECONDS', 5),
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  callerId: '+15005550007',
};

const SURVEY = {
  name: 'Bench phone NPS',
  defaultLocale: 'en',
  questions: [
    {
      id: 'q1',
      type: 'nps',
      text: {
        en: 'How likely are you to recommend Bench Co to a friend?',
        fi: 'Kuinka todennäköisesti suosittelisit Bench Co:ta ystävällesi?',
        sv: 'Hur troligt är det att du rekommenderar Bench Co?',
        nb: 'Hvor sannsynlig er det at du anbefaler Bench Co?',
      },
    },
    {
      id: 'why',
      type: 'text',
      text: {
        en: 'What is the main reason for your score?',
        fi: 'Mikä on tärkein syy arvosanaasi?',
        sv: 'Vad är främsta skälet?',
        nb: 'Hva er hovedgrunnen?',
      },
    },
    {
      id: 'solved',
      type: 'yes_no',
      text: {
        en: 'Was your issue solved?',
        fi: 'Ratkesiko asiasi?',
        sv: 'Löstes ditt ärende?',
        nb: 'Ble saken din løst?',
      },
    },
  ],
};
const TURNS = 4;
/** The NPS keys call i presses: every score 0–10 in turn. */
const scoreOf = (call: number) => call % 11;

/** Builds the signed turn requests of `calls` calls in flight, turn by turn (all first turns, then all second turns, …). */
class VoiceTurns {
  private seq = 0;
  readonly byTurn: number[] = [];
  /** Per call, the highest turn sent; for the stored-values check. */
  readonly sentTurn: Int8Array;
  private readonly sidPrefix: string;

  constructor(
    private readonly o: {
      calls: Array<{ token: string; phone: string }>;
      workspaceId: string;
      accountSid: string;
      authToken: string;
      publicBaseUrl: string;
      runId: string;
    },
  ) {
    this.sidPrefix = createHash('sha256').update(o.runId).digest('hex').slice(0, 16);
    this.sentTurn = new Int8Array(o.calls.length).fill(-1);
  }

  get built(): number {
    return this.seq;
  }

  next(): { body: string; headers: Record<string, string>; path: string } {
    const k = this.seq++;
    const n = this.o.calls.length;
    const call = k % n;
    // Past the fourth turn a call starts over (its answers are overwritten with the same values).
    const turn = Math.floor(k / n) % TURNS;
    this.byTurn[turn] = (this.byTurn[turn] ?? 0) + 1;
    this.sentTurn[call] = Math.max(this.sentTurn[call], turn);
    const { token, phone } = this.o.calls[call];
    const callSid = `CA${this.sidPrefix}${call.toString(16).padStart(16, '0')}`;
    const params: Record<string, string> = {
      AccountSid: this.o.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: callSid,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      From: config.callerId,
      To: phone,
      Called: phone,
      Caller: config.callerId,
    };
    const base = `/webhooks/twilio/${this.o.workspaceId}/voice/${token}`;
    let path = base;
    if (turn === 0) params.AnsweredBy = 'human';
    if (turn === 1) {
      path = `${base}?q=q1&attempt=0`;
      params.Digits = String(scoreOf(call));
      params.FinishedOnKey = scoreOf(call) === 10 ? '' : '#';
    }
    if (turn === 2) {
      path = `${base}?q=why&attempt=0`;
      params.RecordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${this.o.accountSid}/Recordings/RE${this.sidPrefix}${call.toString(16).padStart(16, '0')}`;
      params.RecordingDuration = '7';
      params.RecordingSid = `RE${this.sidPrefix}${call.toString(16).padStart(16, '0')}`;
      params.Digits = '#';
    }
    if (turn === 3) {
      path = `${base}?q=solved&attempt=0`;
      params.Digits = call % 3 === 0 ? '2' : '1';
    }
    const signature = getExpectedTwilioSignature(this.o.authToken, this.o.publicBaseUrl + path, params);
    return {
      path,
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
        'user-agent': 'TwilioProxy/1.1',
      },
    };
  }
}

benchMain('voice', { postgresUrl: config.postgresUrl, config: { ...config }, targets: TARGETS }, async (run) => {
  const { runId, databaseUrl, results, cpu } = run;
  const account = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };

  // --- Baseline: the same turns against a bare node:http server --------------------------------
  step('starting the no-op webhook process (raw node:http)');
  const noop = await startHelper(run, 'rawHttp', 'http-noop-process.js', portReady, { args: ['voice'] });
  const groups = cpuGroups({});
  const fakeCalls = Array.from({ length: config.calls }, (_, i) => ({
    token: `t${i.toString(36).padStart(20, '0')}`,
    phone: benchPhone(i),
  }));
  step(`rawHttp baseline: signed turn POSTs for ${config.baselineSeconds} s, ${config.connections} connections`);
  const baselineTurns = new VoiceTurns({
    calls: fakeCalls,
    workspaceId: '00000000-0000-4000-8000-000000000000',
    ...account,
    publicBaseUrl: noop.url,
    runId: `${runId}-raw`,
  });
  let snap = cpuSnapshot();
  const rawHttp = await cannon({
    url: noop.url,
    path: '/',
    connections: config.connections,
    duration: config.baselineSeconds,
    next: () => baselineTurns.next(),
  });
  cpu.rawHttpBaseline = cpuBetween(snap, cpuSnapshot(), groups({ rawHttp: (pid) => pid === noop.child.pid }));
  await noop.child.stop();
  results.baselines = { rawHttp };

  // --- The service --------------------------------------------------------------------------
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serviceEnv(run, port, config.redisUrl, {
    COMPANY_NAME: 'Bench Co',
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_CALLER_ID: config.callerId,
    // Never called: the invitations are not due during the run.
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
  });
  cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
  const { svc, rss } = await launchService(run, env, port, []);
  const svcGroups = groups({ service: (pid) => pid === svc.pid });
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  run.cleanup('close the bench database connection', () => db.end());

  step('bootstrapping: workspace, phone survey, voice campaign (delay P1D: calls are only scheduled)');
  const always = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '24:00' };
  const { workspaceId, apiKey } = await setUpCampaign(env, baseUrl, 'Bench voice', SURVEY, {
    name: 'Bench call NPS',
    trigger: { eventType: 'ticket.closed' },
    channel: 'voice',
    delay: 'P1D',
    expiry: 'P3D',
    callingWindow: always,
  });
  const invitations = config.calls + config.warmupCalls;
  step(`scheduling: ${invitations} events (one contact each, fi/sv/nb/en)`);
  let seq = 0;
  snap = cpuSnapshot();
  const ingest = await cannon({
    url: baseUrl,
    path: '/v1/events',
    connections: config.connections,
    amount: invitations,
    next: () => {
      const n = seq++;
      return {
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'ticket.closed',
          id: `bench-voice-${runId}-${n}`,
          contact: { externalId: `bench-voice-${n}`, phone: benchPhone(n), locale: benchLocale(n) },
          properties: { team: 'Billing' },
        }),
      };
    },
  });
  cpu.ingest = cpuBetween(snap, cpuSnapshot(), svcGroups);
  if (ingest.non2xx || ingest.errors)
    throw new Error(
      `event ingest: ${ingest.non2xx} non-2xx ${JSON.stringify(ingest.statusCodes)}, ${ingest.errors} errors\n${svc.tail(10)}`,
    );
  const all = (
    await db.query<{ token: string; phone: string }>(
      `SELECT i.token, c.phone FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE i.channel = 'voice' AND i.status = 'scheduled' ORDER BY c.phone`,
    )
  ).rows;
  if (all.length !== invitations)
    throw new Error(`expected ${invitations} scheduled voice invitations, found ${all.length}`);
  const warmCalls = all.slice(0, config.warmupCalls);
  const calls = all.slice(config.warmupCalls);
  await db.query('ANALYZE');

  // --- Turns -----------------------------------------------------------------------------------
  step(`warm-up: ${fmt(warmCalls.length)} other calls through all ${TURNS} turns, ${config.connections} connections`);
  const warmTurns = new VoiceTurns({
    calls: warmCalls,
    workspaceId,
    ...account,
    publicBaseUrl: baseUrl,
    runId: `${runId}-warm`,
  });
  const warmup = await cannon({
    url: baseUrl,
    path: '/',
    connections: config.connections,
    amount: warmCalls.length * TURNS,
    next: () => warmTurns.next(),
  });
  await db.query('ANALYZE');
  const turns = new VoiceTurns({ calls, workspaceId, ...account, publicBaseUrl: baseUrl, runId });
  step(`turns: signed turns for ${config.seconds} s, ${config.connections} connections`);
  snap = cpuSnapshot();
  const measured = await cannon({
    url: baseUrl,
    path: '/',
    connections: config.connections,
    duration: config.seconds,
    next: () => turns.next(),
  });
  cpu.turns = cpuBetween(snap, cpuSnapshot(), svcGroups);
  rss.stop();
  step(
    `turns: ${fmt(measured.ok2xx)} answered 2xx in ${measured.seconds} s (${fmt(measured.perSecond)}/s), p99 ${measured.latencyMs.p99} ms`,
  );

  // --- Every answer sent is stored, with the value sent ------------------------------------------
  // Requests cut off when the clock stopped still reach the service: wait for their answers too.
  const measuredIds = (
    await db.query<{ id: string }>(`SELECT id FROM invitations WHERE token = ANY($1::text[])`, [
      calls.map((c) => c.token),
    ])
  ).rows.map((r) => r.id);
  const expected = { q1: 0, why: 0, solved: 0, q1Sum: 0 };
  turns.sentTurn.forEach((t, call) => {
    if (t >= 1) {
      expected.q1++;
      expected.q1Sum += scoreOf(call);
    }
    if (t >= 2) expected.why++;
    if (t >= 3) expected.solved++;
  });
  const stored = async () =>
    (
      await db.query<{
        q1: number;
        why: number;
        solved: number;
        q1_sum: number;
        recordings: number;
        completed: number;
      }>(
        `SELECT count(*) FILTER (WHERE question_id = 'q1')::int AS q1, count(*) FILTER (WHERE question_id = 'why')::int AS why,
            count(*) FILTER (WHERE question_id = 'solved')::int AS solved, COALESCE(sum(value_num) FILTER (WHERE question_id = 'q1'), 0)::int AS q1_sum,
            count(*) FILTER (WHERE recording_url IS NOT NULL AND recording_seconds = 7)::int AS recordings,
            (SELECT count(*)::int FROM responses r WHERE completed AND r.invitation_id = ANY($1::uuid[])) AS completed
     FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.invitation_id = ANY($1::uuid[])`,
        [measuredIds],
      )
    ).rows[0];
  await pollUntil(stored, {
    done: (s) => s.q1 >= expected.q1 && s.why >= expected.why && s.solved >= expected.solved,
    progress: (s) => s.q1 + s.why + s.solved,
    timeoutMs: 30_000,
    stallMs: 5000,
    intervalMs: 200,
  });
  await sleep(300);
  const after = await stored();
  const answersStored =
    after.q1 === expected.q1 &&
    after.why === expected.why &&
    after.solved === expected.solved &&
    after.q1_sum === expected.q1Sum &&
    after.recordings === expected.why;
  const writingTurns = (turns.byTurn[1] ?? 0) + (turns.byTurn[2] ?? 0) + (turns.byTurn[3] ?? 0);
  const peakRssMb = rss.peakMb;

  const checks = {
    turnRate: measured.perSecond >= TARGETS.turnsPerSecond,
    p99: measured.latencyMs.p99 <= TARGETS.p99Ms,
    allOk: warmup.non2xx + measured.non2xx + warmup.errors + measured.errors === 0,
    answersStored,
  };
  results.ingest = ingest;
  results.turns = {
    warmup,
    measured,
    byTurn: turns.byTurn,
    built: turns.built,
    writingTurnsShare: writingTurns / turns.built,
  };
  results.stored = { expected, after };
  results.peakServiceRssMb = peakRssMb;
  results.ratios = { turnsVsRawHttp: measured.perSecond / rawHttp.perSecond };
  results.checks = checks;

  const lat = (r: CannonResult) => `p50 / p99 ${fmt(r.latencyMs.p50)} / ${fmt(r.latencyMs.p99)} ms`;
  const rows: Row[] = [
    { measure: 'raw node:http no-op turns/s', value: fmt(rawHttp.perSecond), target: `ceiling, ${lat(rawHttp)}` },
    {
      measure: 'scheduling events/s (informational)',
      value: fmt(ingest.perSecond),
      target: `${fmt(ingest.ok2xx)} events, ${lat(ingest)}`,
    },
    {
      measure: 'TwiML turns/s (2xx)',
      value: fmt(measured.perSecond),
      target: `≥ ${fmt(TARGETS.turnsPerSecond)}`,
      result: `${passMiss(checks.turnRate)} (${(measured.perSecond / rawHttp.perSecond).toFixed(2)} of raw http)`,
    },
    {
      measure: 'turn latency p50 / p99',
      value: `${fmt(measured.latencyMs.p50)} / ${fmt(measured.latencyMs.p99)} ms`,
      target: `p99 ≤ ${TARGETS.p99Ms} ms`,
      result: passMiss(checks.p99),
    },
    {
      measure: '  turns that save an answer',
      value: `${Math.round((100 * writingTurns) / Math.max(1, turns.built))}%`,
      target: `turns sent by kind (open, NPS, recording, yes/no): ${JSON.stringify(turns.byTurn)}`,
    },
    {
      measure: '  turns per 1-s window min / max',
      value: `${fmt(measured.perSecondWindows.min)} / ${fmt(measured.perSecondWindows.max)}`,
      target: `max latency ${fmt(measured.latencyMs.max)} ms`,
    },
    {
      measure: 'non-2xx / errors',
      value: `${fmt(warmup.non2xx + measured.non2xx)} / ${fmt(warmup.errors + measured.errors)}`,
      target: '0',
      result: passMiss(checks.allOk),
    },
    {
      measure: 'answers stored (NPS / recording / yes-no)',
      value: `${fmt(after.q1)} / ${fmt(after.why)} / ${fmt(after.solved)}`,
      target: `= sent ${fmt(expected.q1)} / ${fmt(expected.why)} / ${fmt(expected.solved)}; NPS sum ${fmt(after.q1_sum)} = ${fmt(expected.q1Sum)}`,
      result: passMiss(answersStored),
    },
    {
      measure: 'completed responses',
      value: fmt(after.completed),
      target: `= calls through all four turns (${fmt(expected.solved)})`,
    },
    { measure: 'peak service RSS', value: `${fmt(peakRssMb)} MB`, target: 'informational' },
  ];
  console.log(
    [
      '',
      `Palaute voice benchmark — ${fmt(config.calls)} calls (after ${fmt(config.warmupCalls)} warm-up calls), ${config.connections} connections, ${config.seconds} s, ${os.cpus().length} CPUs, node ${process.version}`,
      renderTable(rows),
      '',
      ...renderCpuPhases(cpu, ['rawHttpBaseline', 'ingest', 'turns'], 16, results.machineBusyBeforeStartPct),
    ].join('\n'),
  );
  return { complete: checks.allOk, failed: !answersStored };
});
