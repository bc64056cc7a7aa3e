import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Loaded into the service with `node --require dist-bench/bench/cpu-profile-preload.js dist/main.js`:
 * the line `cpu-profile` on its stdin starts the V8 CPU profiler, the next one stops it and writes a
 * .cpuprofile (open it in Chrome DevTools, or let the bench summarize it). Profiling one phase this
 * way needs no change to the service, and unlike --cpu-prof it does not depend on the process
 * exiting normally (Nest's shutdown hooks re-raise SIGTERM, so --cpu-prof never writes). Not a
 * signal: Nest's shutdown hooks claim SIGUSR2 and the rest of the usual ones.
 *
 * Over the same window it counts the service's round trips: every pg query (by statement, with the
 * time from submit to result) and every Redis command (by name), written beside the profile as
 * <profile>.trips.json. Each step prints one JSON line on stdout — {"benchCpuProfile":"started"}
 * and {"benchCpuProfile":"<file>"} — for the bench to wait on.
 * Environment: BENCH_PROFILE_DIR (default: the working directory), BENCH_PROFILE_INTERVAL_US (500).
 */
const dir = process.env.BENCH_PROFILE_DIR || process.cwd();
const intervalUs = Number(process.env.BENCH_PROFILE_INTERVAL_US) || 500;
let session: Session | undefined;
let taken = 0;

interface Trips {
  pg: Map<string, { count: number; totalMs: number }>;
  redis: Map<string, number>;
}
let trips: Trips | undefined;

/** A statement's identity: its first words, whitespace folded (the hot paths use fixed SQL texts). */
const statementKey = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 110);

function countRoundTrips(): void {
  // The service's own copies: resolved from the working directory (the service's root), as dist/ resolves them.
  const fromService = createRequire(`${process.cwd()}/`);
  const pg = fromService('pg') as { Client: { prototype: { query: (...args: any[]) => any } } };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: any[]) {
    const result = query.apply(this, args);
    const t = trips;
    if (t) {
      const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
      const key = typeof text === 'string' ? statementKey(text) : '(other)';
      const started = performance.now();
      const done = () => {
        const s = t.pg.get(key) ?? { count: 0, totalMs: 0 };
        s.count += 1;
        s.totalMs += performance.now() - started;
        t.pg.set(key, s);
      };
      if (result && typeof result.then === 'function') result.then(done, done);
      else done();
    }
    return result;
  };
  const Redis = fromService('ioredis') as { prototype: { sendCommand: (...args: any[]) => any } };
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: unknown, command: { name?: string }, ...rest: any[]) {
    const t = trips;
    if (t) t.redis.set(command?.name ?? '?', (t.redis.get(command?.name ?? '?') ?? 0) + 1);
    return sendCommand.call(this, command, ...rest);
  };
}

const say = (value: string) => process.stdout.write(`${JSON.stringify({ benchCpuProfile: value })}\n`);
const post = (s: Session, method: string, params?: object) =>
  new Promise<any>((resolve, reject) =>
    s.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))),
  );

async function toggle(): Promise<void> {
  if (!session) {
    const s = new Session();
    s.connect();
    session = s;
    await post(s, 'Profiler.enable');
    await post(s, 'Profiler.setSamplingInterval', { interval: intervalUs });
    await post(s, 'Profiler.start');
    trips = { pg: new Map(), redis: new Map() };
    say('started');
    return;
  }
  const s = session;
  session = undefined;
  const counted = trips;
  trips = undefined;
  const { profile } = await post(s, 'Profiler.stop');
  s.disconnect();
  const file = path.join(dir, `service-${process.pid}-${++taken}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  if (counted) {
    const pg = [...counted.pg]
      .map(([statement, v]) => ({ statement, count: v.count, meanMs: Math.round((v.totalMs / v.count) * 100) / 100 }))
      .sort((a, b) => b.count - a.count);
    const redis = [...counted.redis].map(([command, count]) => ({ command, count })).sort((a, b) => b.count - a.count);
    writeFileSync(`${file}.trips.json`, JSON.stringify({ pg, redis }, null, 2));
  }
  say(file);
}

try {
  countRoundTrips();
} catch (err) {
  say(`error: round trips not counted: ${(err as Error).message}`);
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'cpu-profile') toggle().catch((err: Error) => say(`error: ${err.message}`));
});
// Listening must not keep the process alive on its own.
(process.stdin as unknown as { unref?: () => void }).unref?.();
