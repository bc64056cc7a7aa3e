import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net, { AddressInfo } from 'node:net';
import path from 'node:path';

import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import type { SendQueueName } from '../../src/queue/jobs';

const ROOT = path.join(__dirname, '..', '..');
const KEEP_LINES = 60;

/** The service as an OS process of its own: `node dist/main.js` (compiled by globalSetup). */
export interface ServiceProcess {
  child: ChildProcess;
  /** Where the API role listens; undefined for a worker. */
  baseUrl?: string;
  /** The last lines it wrote (stdout and stderr), for a failing test's message. */
  output(): string;
  /** Everything it wrote to stdout (pino's JSON lines), and to stderr, so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once it has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal (SIGKILL by default) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Waits until what it wrote (stdout and stderr) matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** A port nobody listens on right now (the OS picks it; the process binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `ROLE=role node dist/main.js` with exactly this environment (plus PATH). An API is
 * returned once /health/live answers, so APIs started one after another never pick the same
 * port; a worker is returned at once (wait for it with `waitForSendWorkers`). With
 * `untilLive: false` an API is returned at once too (a test of a start that must fail).
 * `CHAOS_ECHO=1` echoes its output, for a failing chaos test.
 */
export async function startServiceProcess(
  role: 'api' | 'worker' | 'all',
  env: Record<string, string>,
  options: { untilLive?: boolean } = {},
): Promise<ServiceProcess> {
  const port = role === 'worker' ? undefined : await freePort();
  const baseUrl = port === undefined ? undefined : `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'warn',
      ...(baseUrl ? { PORT: String(port), PUBLIC_BASE_URL: baseUrl } : {}),
      ...env,
      ROLE: role,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const written = { stdout: '', stderr: '' };
  const echo = process.env.CHAOS_ECHO === '1';
  const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    written[stream] += text;
    if (echo) process[stream].write(text);
    lines.push(...text.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEEP_LINES));
  };
  child.stdout!.on('data', keep('stdout'));
  child.stderr!.on('data', keep('stderr'));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running: ServiceProcess = {
    child,
    baseUrl,
    output: () => lines.join('\n'),
    stdout: () => written.stdout,
    stderr: () => written.stderr,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill(signal);
      await gone;
    },
    waitForOutput: async (pattern, timeoutMs = 30000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(written.stdout + written.stderr)) {
        if (Date.now() > deadline)
          throw new Error(
            `no ${pattern} in the service's output within ${timeoutMs} ms; it ends:\n${running.output()}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  if (baseUrl && options.untilLive !== false) await waitUntilLive(running, baseUrl);
  return running;
}

async function waitUntilLive(p: ServiceProcess, baseUrl: string, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`service exited with ${p.child.exitCode}:\n${p.output()}`);
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`service did not come up in time:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once `count` worker connections consume the send queue `name` (BullMQ names each worker's connection). */
export async function waitForSendWorkers(
  redisUrl: string,
  prefix: string,
  name: SendQueueName,
  count: number,
  processes: ServiceProcess[] = [],
  timeoutMs = 60000,
): Promise<void> {
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  try {
    const deadline = Date.now() + timeoutMs;
    while ((await queue.getWorkersCount()) < count) {
      const dead = processes.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`worker exited with ${dead.child.exitCode}:\n${dead.output()}`);
      if (Date.now() > deadline) throw new Error(`fewer than ${count} workers on ${name} in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await queue.close();
    await connection.quit();
  }
}
