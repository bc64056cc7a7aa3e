import autocannon from 'autocannon';
import path from 'node:path';
import { Child, runToCompletion, sleep, spawnChild } from './children';
import { SinkClient, SinkStats } from './sink-client';

export const ROOT = path.join(__dirname, '..', '..', '..');

/** Starts `node [nodeArgs] dist/main.js` and waits for /health/ready to answer 200. */
export async function startService(env: NodeJS.ProcessEnv, port: number, readyTimeoutMs: number, nodeArgs: string[] = []): Promise<Child> {
  const service = spawnChild('service', process.execPath, [...nodeArgs, 'dist/main.js'], { cwd: ROOT, env, echoLimit: 40 });
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (service.exited) throw new Error(`service exited (${service.exitInfo}) before it was ready\n${service.tail()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return service;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(250);
  }
  await service.stop();
  throw new Error(`service not ready within ${readyTimeoutMs} ms (last: ${last})\n${service.tail()}`);
}

/** `palaute workspace create <name>`: its last stdout line is {"workspaceId","apiKey"}. */
export async function createWorkspace(env: NodeJS.ProcessEnv, name: string): Promise<{ workspaceId: string; apiKey: string }> {
  const out = await runToCompletion('palaute workspace create', process.execPath, ['bin/palaute.js', 'workspace', 'create', name], { cwd: ROOT, env }, 60_000);
  const last = out.filter((l) => l.trim()).pop() ?? '';
  try {
    const parsed = JSON.parse(last) as { workspaceId?: string; apiKey?: string };
    if (parsed.workspaceId && parsed.apiKey) return { workspaceId: parsed.workspaceId, apiKey: parsed.apiKey };
  } catch {
    // Reported below with the line we got.
  }
  throw new Error(`palaute workspace create: last stdout line is not {workspaceId, apiKey}: ${last || '(empty)'}`);
}

/** A small JSON client for the admin calls; any non-2xx answer is an error naming the call. */
export function apiClient(baseUrl: string, apiKey: string) {
  return async function api<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${text.slice(0, 2000)}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
}

/** One NPS question and a free-text follow-up for detractors. */
export const BENCH_SURVEY = {
  name: 'Bench NPS',
  defaultLocale: 'en',
  questions: [
    { id: 'q1', type: 'nps', text: { en: 'How likely are you to recommend Bench Co to a friend?' } },
    { id: 'why', type: 'text', text: { en: 'What should we do better?' }, showIf: { question: 'q1', lte: 6 } },
  ],
};

export interface IngestResult {
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  statusCodes: Record<string, number>;
  startedAt: number;
  finishedAt: number;
}

/** Posts `amount` distinct ticket.closed events over `connections` keep-alive connections. */
export function ingestEvents(baseUrl: string, apiKey: string, runId: string, amount: number, connections: number): Promise<IngestResult> {
  let seq = 0;
  const body = () => {
    const n = seq++;
    return JSON.stringify({
      type: 'ticket.closed',
      id: `bench-${runId}-${n}`,
      contact: { externalId: `bench-cust-${n}`, email: `bench${n}@example.com`, locale: 'en', name: `Bench Customer ${n}` },
      properties: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
    });
  };
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections,
        amount,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/v1/events',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: body() }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const finishedAt = Date.now();
        const seconds = r.duration;
        const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
        resolve({
          requests: r['2xx'] + r.non2xx,
          ok2xx: r['2xx'],
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          seconds,
          eventsPerSecond: r['2xx'] / seconds,
          latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, average: r.latency.average },
          statusCodes,
          startedAt,
          finishedAt,
        });
      },
    );
  });
}

/**
 * Polls the sink until `expected` emails have arrived. Gives up at the deadline, or earlier when
 * nothing new arrived for `stallMs` (the service is stuck, so waiting longer tells us nothing).
 */
export async function waitForEmails(sink: SinkClient, expected: number, timeoutMs: number, stallMs: number, service: Child): Promise<{ stats: SinkStats; complete: boolean; reason?: string }> {
  const deadline = Date.now() + timeoutMs;
  let stats = await sink.stats();
  let lastCount = stats.count;
  let lastProgressAt = Date.now();
  let lastReportAt = Date.now();
  while (stats.count < expected) {
    if (service.exited) return { stats, complete: false, reason: `service exited (${service.exitInfo})` };
    if (Date.now() > deadline) return { stats, complete: false, reason: `timeout after ${timeoutMs / 1000} s` };
    if (Date.now() - lastProgressAt > stallMs) return { stats, complete: false, reason: `no new email for ${stallMs / 1000} s` };
    await sleep(200);
    stats = await sink.stats();
    if (stats.count > lastCount) {
      lastCount = stats.count;
      lastProgressAt = Date.now();
    }
    if (Date.now() - lastReportAt > 5000) {
      lastReportAt = Date.now();
      process.stderr.write(`  … ${stats.count}/${expected} emails at the sink\n`);
    }
  }
  return { stats, complete: true };
}
