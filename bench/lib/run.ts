import os from 'node:os';
import path from 'node:path';

import IORedis from 'ioredis';

import { Child, sleep, spawnChild } from './children';
import { deleteRedisPrefix, dropDatabase } from './cleanup';
import { ROOT, startService } from './palaute';
import { cpuBetween, cpuSnapshot, CpuUse, RssSampler } from './proc-stats';
import { writeResults } from './report';

/**
 * The frame bench:dispatch and bench:sms share, so that both read their environment, name and clean
 * up what they create, start their helper processes and the service, and write their results the
 * same way: only the phases and the table differ between them.
 */

/** A positive integer from the environment; unset or empty is `fallback`; anything else stops the run before it starts. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** Progress goes to stderr: stdout is kept for the table. */
export function step(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export type ProcMatcher = (pid: number, comm: string) => boolean;

export interface BenchRun {
  iso: string;
  /** Start time and pid: parallel runs never share a database or a queue prefix. */
  runId: string;
  databaseUrl: string;
  queuePrefix: string;
  /** The JSON written to bench/results; fields appear in the order they are set. */
  results: Record<string, unknown>;
  /** CPU per phase, by phase name. */
  cpu: Record<string, CpuUse>;
  /** Registers an undo step; they run last-first, once, at the end or on Ctrl-C. */
  cleanup(what: string, run: () => Promise<unknown>): void;
  /** Set by launchService: its output tail goes with a failure, its sampler is stopped at the end. */
  service?: Child;
  rss?: RssSampler;
}

/** What `body` says about the run: `complete` measured everything (and updates <name>-latest.json); `failed` a wrong result. */
export interface Outcome {
  complete: boolean;
  failed?: boolean;
}

/**
 * Runs a bench: results start with `config` (plus the run's database and queue prefix) and
 * `targets`, and note how busy the machine was; `body` does the rest. However it ends, the undo
 * steps run and the results are written; the process exits 1 unless the outcome is complete and not failed.
 */
export function benchMain(
  name: string,
  opts: { postgresUrl: string; config: Record<string, unknown>; targets: object },
  body: (run: BenchRun) => Promise<Outcome>,
): void {
  const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
  let cleaningUp: Promise<void> | undefined;
  const runCleanups = (): Promise<void> => {
    cleaningUp ??= (async () => {
      for (const c of cleanups.reverse()) {
        try {
          await c.run();
        } catch (err) {
          console.error(`[bench] cleanup failed (${c.what}): ${(err as Error).message}`);
        }
      }
    })();
    return cleaningUp;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      step(`${signal}: cleaning up before exit`);
      void runCleanups().finally(() => process.exit(130));
    });
  }

  const main = async (): Promise<number> => {
    const iso = new Date().toISOString();
    const runId = `${iso.replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
    const url = new URL(opts.postgresUrl);
    url.pathname = `/palaute_bench_${runId}`;
    const databaseUrl = url.toString();
    const queuePrefix = `palaute-bench-${runId}`;
    const results: Record<string, unknown> = {
      benchmark: name,
      runAt: iso,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryMb: Math.round(os.totalmem() / 2 ** 20),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      config: { ...opts.config, database: databaseUrl.replace(/\/\/[^@]*@/, '//'), queuePrefix },
      targets: opts.targets,
    };
    const run: BenchRun = {
      iso,
      runId,
      databaseUrl,
      queuePrefix,
      results,
      cpu: {},
      cleanup: (what, undo) => cleanups.push({ what, run: undo }),
    };
    let outcome: Outcome = { complete: false, failed: true };
    try {
      // Other programs on the machine skew every figure here; say so rather than hide it.
      const idleBefore = cpuSnapshot();
      await sleep(1000);
      const preRun = cpuBetween(idleBefore, cpuSnapshot(), {});
      results.machineBusyBeforeStartPct = preRun.machineBusyPct;
      if (preRun.machineBusyPct > 20)
        step(`WARNING: the machine was ${preRun.machineBusyPct}% busy before the run started; figures will be noisy`);
      outcome = await body(run);
    } catch (err) {
      results.error = err instanceof Error ? err.message : String(err);
      console.error(`\n[bench] FAILED: ${results.error}`);
      if (run.service) console.error(`[bench] last service output:\n${run.service.tail(40)}`);
    } finally {
      run.rss?.stop();
      await runCleanups();
      const file = writeResults(path.join(ROOT, 'bench', 'results'), name, iso, results, outcome.complete);
      console.log(
        `\nresults: ${path.relative(ROOT, file)}${outcome.complete ? ` (and bench/results/${name}-latest.json)` : ` (incomplete run: ${name}-latest.json left as it was)`}`,
      );
    }
    return outcome.complete && !outcome.failed ? 0 : 1;
  };
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A helper's ready line `{"port"}` (and maybe `{"url"}`), as the no-op servers and the simulator print it. */
export const portReady = (line: { port?: unknown; url?: unknown }) =>
  typeof line.port === 'number' && line.port
    ? { port: line.port, url: typeof line.url === 'string' ? line.url : `http://127.0.0.1:${line.port}` }
    : undefined;

/**
 * Starts `node bench/<script> [args]`, one of the helper processes (lib/subprocess.ts), and waits up
 * to 15 s for its ready line: the first stdout JSON that `ready` accepts. The run's undo steps stop it.
 */
export async function startHelper<T>(
  run: BenchRun,
  name: string,
  script: string,
  ready: (line: Record<string, unknown>) => T | undefined,
  opts: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: Child } & T> {
  const child = spawnChild(name, process.execPath, [path.join(__dirname, '..', script), ...(opts.args ?? [])], {
    cwd: ROOT,
    env: opts.env ?? process.env,
    echoLimit: 20,
  });
  run.cleanup(`stop ${name}`, () => child.stop());
  const parsed = await child.waitForLine((line) => {
    try {
      return ready(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return undefined;
    }
  }, 15_000);
  return { child, ...parsed };
}

/** CPU groups for cpuBetween: this process, the run's helpers (by pid), a phase's `extra`, then Postgres and Redis. */
export function cpuGroups(
  helpers: Record<string, number>,
): (extra?: Record<string, ProcMatcher>) => Record<string, ProcMatcher> {
  const own = Object.fromEntries(Object.entries(helpers).map(([name, pid]) => [name, (p: number) => p === pid]));
  return (extra = {}) => ({
    bench: (pid: number) => pid === process.pid,
    ...own,
    ...extra,
    postgres: (_: number, comm: string) => comm.startsWith('postgres'),
    redis: (_: number, comm: string) => comm.startsWith('redis-server'),
  });
}

/** The service's environment for this run: all roles, its own database and queue prefix, quiet logs; `extra` adds the channel's settings. */
export function serviceEnv(run: BenchRun, port: number, redisUrl: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ROLE: 'all',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    DATABASE_URL: run.databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: run.queuePrefix,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    // Limits stay on, so their cost is in every figure, but far above any rate a bench reaches from one key and one address.
    RATE_LIMIT_INGEST_PER_MINUTE: '10000000',
    RATE_LIMIT_ADMIN_PER_MINUTE: '10000000',
    RATE_LIMIT_SURVEY_PAGE_PER_MINUTE: '10000000',
    RATE_LIMIT_TWILIO_PER_MINUTE: '10000000',
    ...extra,
  };
}

/**
 * Undo steps for the run's database and Redis keys (the queue prefix and `alsoPrefixes`). Register
 * them before the service starts, so a half-started run is still cleaned up. `keepDatabase` leaves the
 * database behind for inspection.
 */
export function cleanUpRunData(
  run: BenchRun,
  redisUrl: string,
  opts: { alsoPrefixes?: string[]; keepDatabase?: boolean } = {},
): void {
  run.cleanup(`drop database ${databaseName(run)}`, async () =>
    opts.keepDatabase
      ? step(`BENCH_KEEP_DATABASE: left ${run.databaseUrl} in place (drop it when done)`)
      : dropDatabase(run.databaseUrl),
  );
  run.cleanup(`delete Redis keys ${run.queuePrefix}:*`, async () => {
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
    try {
      for (const prefix of [run.queuePrefix, ...(opts.alsoPrefixes ?? [])]) await deleteRedisPrefix(redis, prefix);
    } finally {
      redis.disconnect();
    }
  });
}

const databaseName = (run: BenchRun) => run.databaseUrl.split('/').pop();

/** Starts the built service and samples its RSS from then on; `detail` is added to the start message. */
export async function launchService(
  run: BenchRun,
  env: NodeJS.ProcessEnv,
  port: number,
  nodeArgs: string[],
  detail = '',
): Promise<{ svc: Child; rss: RssSampler }> {
  step(
    `starting the service on port ${port} (database ${databaseName(run)}, queue prefix ${run.queuePrefix}${detail})`,
  );
  const serviceStart = Date.now();
  const svc = await startService(env, port, 90_000, nodeArgs);
  run.service = svc;
  run.cleanup('stop the service', () => svc.stop(10_000));
  const rss = new RssSampler(svc.pid, 200).start();
  run.rss = rss;
  step(`service ready in ${((Date.now() - serviceStart) / 1000).toFixed(1)} s (pid ${svc.pid})`);
  return { svc, rss };
}
