import path from 'node:path';

import { cannon, CannonResult } from './cannon';
import { Child, runToCompletion, sleep, spawnChild } from './children';
import { pollUntil } from './poll';
import { SinkClient, SinkStats } from './sink-client';

export const ROOT = path.join(__dirname, '..', '..', '..');

/** Starts `node [nodeArgs] dist/main.js` and waits for /health/ready to answer 200. */
export async function startService(
  env: NodeJS.ProcessEnv,
  port: number,
  readyTimeoutMs: number,
  nodeArgs: string[] = [],
): Promise<Child> {
  const service = spawnChild('service', process.execPath, [...nodeArgs, 'dist/main.js'], {
    cwd: ROOT,
    env,
    echoLimit: 40,
  });
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
export async function createWorkspace(
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<{ workspaceId: string; apiKey: string }> {
  const out = await runToCompletion(
    'palaute workspace create',
    process.execPath,
    ['bin/palaute.js', 'workspace', 'create', name],
    { cwd: ROOT, env },
    60_000,
  );
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

/**
 * A workspace (through the CLI, as an operator makes one) with `survey` and one active campaign on
 * it (`campaign` is the POST body without its surveyId).
 */
export async function setUpCampaign(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
  workspaceName: string,
  survey: object,
  campaign: Record<string, unknown>,
): Promise<{ workspaceId: string; apiKey: string }> {
  const workspace = await createWorkspace(env, workspaceName);
  const api = apiClient(baseUrl, workspace.apiKey);
  const { id: surveyId } = await api<{ id: string }>('POST', '/v1/surveys', survey);
  const { id: campaignId } = await api<{ id: string }>('POST', '/v1/campaigns', { ...campaign, surveyId });
  await api('POST', `/v1/campaigns/${campaignId}/status`, { status: 'active' });
  return workspace;
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

/** A cannon run at the events endpoint, under the names bench:dispatch's results have always used. */
export type IngestResult = Omit<CannonResult, 'sent' | 'perSecond' | 'perSecondWindows'> & { eventsPerSecond: number };

/** Posts `amount` distinct ticket.closed events over `connections` keep-alive connections. */
export async function ingestEvents(
  baseUrl: string,
  apiKey: string,
  runId: string,
  amount: number,
  connections: number,
): Promise<IngestResult> {
  let seq = 0;
  const r = await cannon({
    url: baseUrl,
    path: '/v1/events',
    connections,
    amount,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    next: () => {
      const n = seq++;
      return {
        body: JSON.stringify({
          type: 'ticket.closed',
          id: `bench-${runId}-${n}`,
          contact: {
            externalId: `bench-cust-${n}`,
            email: `bench${n}@example.com`,
            locale: 'en',
            name: `Bench Customer ${n}`,
          },
          properties: { team: 'billing', agent: 'A-17', touchpoint: 'support-chat' },
        }),
      };
    },
  });
  const { requests, ok2xx, non2xx, errors, timeouts, seconds, latencyMs, statusCodes, startedAt, finishedAt } = r;
  return {
    requests,
    ok2xx,
    non2xx,
    errors,
    timeouts,
    seconds,
    eventsPerSecond: r.perSecond,
    latencyMs,
    statusCodes,
    startedAt,
    finishedAt,
  };
}

/** Polls the sink until `expected` emails have arrived, or the service exits, stalls or times out. */
export async function waitForEmails(
  sink: SinkClient,
  expected: number,
  timeoutMs: number,
  stallMs: number,
  service: Child,
): Promise<{ stats: SinkStats; complete: boolean; reason?: string }> {
  const { value: stats, ...outcome } = await pollUntil(() => sink.stats(), {
    done: (s) => s.count >= expected,
    progress: (s) => s.count,
    timeoutMs,
    stallMs,
    intervalMs: 200,
    stalled: 'no new email',
    report: (s) => `${s.count}/${expected} emails at the sink`,
    abortIf: () => (service.exited ? `service exited (${service.exitInfo})` : undefined),
  });
  return { stats, ...outcome };
}
