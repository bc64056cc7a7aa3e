import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort } from './service-process';
import { eventually } from './test-app';

/**
 * What the Redis keeps across a restart: `none` (`--save "" --appendonly no`, as a cache-style
 * Redis and CI's own run: a restart comes back empty) or `aof` (`--appendonly yes`, fsync every
 * second, as docker-compose.yml runs it: a restart comes back with everything it acknowledged).
 */
export type RedisPersistence = 'none' | 'aof';

/**
 * A `redis-server` of the test's own, on a spare port, with its data directory in a temporary
 * folder: the test can stop it (politely or with SIGKILL) and start it again on the same port,
 * as an operator's Redis restarts.
 */
export class RedisServerProcess {
  private child?: ChildProcess;
  private log = '';

  private constructor(
    readonly port: number,
    readonly persistence: RedisPersistence,
    private readonly dir: string,
  ) {}

  static async start(persistence: RedisPersistence): Promise<RedisServerProcess> {
    const dir = await mkdtemp(path.join(tmpdir(), 'palaute-redis-'));
    const redis = new RedisServerProcess(await freePort(), persistence, dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again) on its port and data directory; resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.child) throw new Error('redis-server is already running');
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', ''];
    args.push('--maxmemory-policy', 'noeviction');
    if (this.persistence === 'aof') args.push('--appendonly', 'yes', '--appendfsync', 'everysec');
    else args.push('--appendonly', 'no');
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (this.log += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (this.log += c.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
    try {
      await eventually(() => ping(this.port), 15000, 50);
    } catch {
      throw new Error(`redis-server on port ${this.port} did not answer PING; its log ends:\n${this.log.slice(-2000)}`);
    }
  }

  /**
   * Stops it: SIGTERM is a clean shutdown (with AOF, everything is on disk), SIGKILL a crash.
   * With no persistence either way it comes back empty. Resolves once the process is gone.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await gone;
    this.child = undefined;
  }

  /** Stops it and removes its data directory. */
  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One PING over a raw socket: true on +PONG, false on anything else (refused, loading, …). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (c: Buffer) => {
      answer += c.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}
