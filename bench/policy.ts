import os from 'node:os';

import { cannon, CannonResult } from './lib/cannon';
import { freePort } from './lib/children';
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
 * npm run bench:policy — dispatch decisions per second. 20 active campaigns listen for the same
 * event type; half of them have quiet hours (SMS/email hours per weekday, Finnish holidays) and a
 * 7-day per-campaign fatigue cap, and the workspace has a 30-day cap; a third sample 50%. Events
 * come for 10,000 distinct contacts (each event is decided by all 20 campaigns), first once per
 * contact, then a second round for the same contacts (where the caps bite). Every decision is
 * stored with its reason; scheduled ones create invitations (due in a day, so nothing is sent).
 * "Share of time in the database" is Postgres CPU ÷ (Postgres + service) during the rounds.
 * Options: BENCH_POLICY_CONTACTS (10,000), BENCH_CONNECTIONS (50), BENCH_KEEP_DATABASE=1.
 */

const TARGETS = { decisionsPerSecond: 5000 };
const config = {
  contacts: intEnv('BENCH_POLICY_CONTACTS', 10_000),
  campaigns: 20,
  connections: intEnv('BENCH_CONNECTIONS', 50),
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  postgresUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
};

const SURVEY = {
  name: 'Bench policy',
  defaultLocale: 'en',
  questions: [{ id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend us?' } }],
};
const HOURS = {
  email: {
    ranges: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '20:00' },
      { days: ['sat'], start: '10:00', end: '16:00' },
    ],
  },
  sms: { ranges: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00' }] },
};
const ZONES = ['Europe/Helsinki', 'Europe/Stockholm', 'Europe/Oslo', 'America/New_York'];

benchMain('policy', { postgresUrl: config.postgresUrl, config: { ...config }, targets: TARGETS }, async (run) => {
  const { results, cpu } = run;
  // Baseline: the same event POSTs against a bare node:http server that parses them and answers 202.
  step('raw node:http no-op baseline: the same events, 5 s');
  const noop = await startHelper(run, 'rawHttp', 'http-noop-process.js', portReady, { args: ['json'] });
  let rawSeq = 0;
  const rawBefore = cpuSnapshot();
  const raw = await cannon({
    url: noop.url,
    path: '/v1/events',
    connections: config.connections,
    duration: 5,
    next: () => ({
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'ticket.closed', id: `raw-${rawSeq++}`, contact: { externalId: `c-${rawSeq}` } }),
    }),
  });
  cpu.rawHttpBaseline = cpuBetween(
    rawBefore,
    cpuSnapshot(),
    cpuGroups({})({ rawHttp: (pid) => pid === noop.child.pid }),
  );
  await noop.child.stop();
  results.baseline = raw;

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = serviceEnv(run, port, config.redisUrl, {});
  cleanUpRunData(run, config.redisUrl, { keepDatabase: config.keepDatabase });
  const { svc } = await launchService(run, env, port, []);
  const groups = cpuGroups({})({ service: (pid) => pid === svc.pid });

  step(`bootstrapping: workspace (30-day fatigue cap), survey, ${config.campaigns} campaigns on one event type`);
  const ws = await createWorkspace(env, 'Bench policy');
  const api = apiClient(baseUrl, ws.apiKey);
  await api('PUT', '/v1/settings/survey-fatigue', { days: 30 });
  const { id: surveyId } = await api<{ id: string }>('POST', '/v1/surveys', SURVEY);
  for (let i = 0; i < config.campaigns; i++) {
    const strict = i % 2 === 0;
    const { id } = await api<{ id: string }>('POST', '/v1/campaigns', {
      name: `Campaign ${i}`,
      surveyId,
      trigger: { eventType: 'ticket.closed' },
      channels: ['sms', 'email'],
      delay: 'P1D',
      timezone: 'Europe/Helsinki',
      ...(strict ? { sendingWindows: HOURS, holidays: { country: 'FI' }, fatigueDays: 7 } : {}),
      ...(i % 3 === 0 ? { samplePercent: 50 } : {}),
    });
    await api('POST', `/v1/campaigns/${id}/status`, { status: 'active' });
  }

  const round = async (name: string, tag: string): Promise<CannonResult> => {
    let seq = 0;
    step(`${name}: ${fmt(config.contacts)} events, ${config.connections} connections`);
    const before = cpuSnapshot();
    const r = await cannon({
      url: baseUrl,
      path: '/v1/events',
      connections: config.connections,
      amount: config.contacts,
      next: () => {
        const n = seq++;
        return {
          headers: { authorization: `Bearer ${ws.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'ticket.closed',
            id: `${tag}-${n}`,
            contact: {
              externalId: `c-${n}`,
              email: `c${n}@example.com`,
              phone: `+35840${String(3_000_000 + n).padStart(7, '0')}`,
              timezone: ZONES[n % ZONES.length],
            },
            properties: { team: `t${n % 5}`, ticketId: `${tag}-${n}` },
          }),
        };
      },
    });
    cpu[name] = cpuBetween(before, cpuSnapshot(), groups);
    if (r.non2xx || r.errors)
      throw new Error(
        `${name}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}, ${r.errors} errors\n${svc.tail(10)}`,
      );
    return r;
  };
  const first = await round('first', 'a');
  const second = await round('second', 'b');

  const dbShare = (name: string) => {
    const c = cpu[name].percentOfOneCore;
    return c.postgres / Math.max(1, c.postgres + c.service);
  };
  const decisions = (r: CannonResult) => r.perSecond * config.campaigns;
  const rows: Row[] = [
    {
      measure: 'raw node:http no-op events/s (same events)',
      value: fmt(raw.perSecond),
      target: `ceiling, p50 / p99 ${fmt(raw.latencyMs.p50)} / ${fmt(raw.latencyMs.p99)} ms`,
    },
  ];
  for (const [name, r] of [
    ['first round (new contacts)', first],
    ['second round (caps bite)', second],
  ] as const) {
    const key = name.startsWith('first') ? 'first' : 'second';
    rows.push(
      {
        measure: `${name}: decisions/s`,
        value: fmt(decisions(r)),
        target: `≥ ${fmt(TARGETS.decisionsPerSecond)}`,
        result: `${passMiss(decisions(r) >= TARGETS.decisionsPerSecond)} (${fmt(r.perSecond)} events/s × ${config.campaigns} campaigns)`,
      },
      {
        measure: '  event latency p50 / p99',
        value: `${fmt(r.latencyMs.p50)} / ${fmt(r.latencyMs.p99)} ms`,
        target: '',
      },
      {
        measure: '  share of time in the database',
        value: `${Math.round(100 * dbShare(key))}%`,
        target: 'Postgres CPU ÷ (Postgres + service)',
      },
    );
  }
  results.rounds = { first, second };
  results.dbShare = { first: dbShare('first'), second: dbShare('second') };
  console.log(
    [
      '',
      `Palaute policy benchmark — ${fmt(config.contacts)} contacts, ${config.campaigns} campaigns, ${config.connections} connections, ${os.cpus().length} CPUs, node ${process.version}`,
      renderTable(rows),
      '',
      ...renderCpuPhases(cpu, ['rawHttpBaseline', 'first', 'second'], 16, results.machineBusyBeforeStartPct),
    ].join('\n'),
  );
  return { complete: true, failed: false };
});
