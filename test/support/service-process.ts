import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

import { eventually } from './test-app';

const ROOT = path.join(__dirname, '..', '..');

/** A `node dist/main.js` process the test started (globalSetup compiled dist/). */
export interface ServiceProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout (pino's JSON lines) and stderr, so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when it has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it is still running. */
  running(): boolean;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown hooks run. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a deploy's stop), then SIGKILL if it lingers. Resolves once it is gone. */
  stop(): Promise<void>;
  /** Waits until its output (stdout and stderr) matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * Starts the compiled service as its own OS process, with only PATH and `env` in its environment
 * (nothing leaks in from the test's). `LOG_LEVEL` defaults to `warn`. Output is collected, and
 * echoed too when `CHAOS_ECHO=1` (handy when a chaos test fails).
 */
export function spawnService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const echo = process.env.CHAOS_ECHO === '1';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (echo) process.stdout.write(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    if (echo) process.stderr.write(chunk);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const end = async (signal: NodeJS.Signals) => {
    if (!running()) return;
    child.kill(signal);
    await exited;
  };
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    running,
    kill9: () => end('SIGKILL'),
    stop: async () => {
      if (!running()) return;
      const lingering = setTimeout(() => child.kill('SIGKILL'), 15000);
      await end('SIGTERM');
      clearTimeout(lingering);
    },
    waitForOutput: async (pattern, timeoutMs = 30000) => {
      try {
        await eventually(async () => pattern.test(out + err), timeoutMs, 100);
      } catch {
        throw new Error(
          `no ${pattern} in the service's output within ${timeoutMs} ms; it ends:\n${(out + err).slice(-2000)}`,
        );
      }
    },
  };
}
