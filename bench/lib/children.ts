import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import readline from 'node:readline';

/** A child process whose output lines are kept (the last few) for error messages. */
export class Child {
  readonly lines: string[] = [];
  /** The last stdout lines alone (for commands that answer on stdout). */
  readonly stdoutLines: string[] = [];
  private readonly listeners: Array<(line: string) => void> = [];
  exited = false;
  exitInfo = '';

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    private readonly keep = 200,
    /** Output lines also echoed to our stderr (prefixed), up to this many; then only counted. */
    private echoLimit = 0,
  ) {
    if (proc.stdout) readline.createInterface({ input: proc.stdout }).on('line', (line) => this.onLine(line, true));
    if (proc.stderr) readline.createInterface({ input: proc.stderr }).on('line', (line) => this.onLine(line, false));
    proc.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
    });
  }

  /** Lines seen in total, echoed or not. */
  lineCount = 0;

  get pid(): number {
    if (this.proc.pid === undefined) throw new Error(`${this.name} has no pid (spawn failed)`);
    return this.proc.pid;
  }

  private onLine(line: string, fromStdout: boolean): void {
    this.lineCount += 1;
    this.lines.push(line);
    if (this.lines.length > this.keep) this.lines.shift();
    if (fromStdout) {
      this.stdoutLines.push(line);
      if (this.stdoutLines.length > this.keep) this.stdoutLines.shift();
    }
    if (this.echoLimit > 0) {
      this.echoLimit -= 1;
      process.stderr.write(`[${this.name}] ${line}\n`);
      if (this.echoLimit === 0) process.stderr.write(`[${this.name}] (further output not echoed)\n`);
    }
    for (const l of this.listeners) l(line);
  }

  /** Resolves with the first output line that `parse` accepts; rejects on exit or timeout. */
  waitForLine<T>(parse: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`${this.name}: no expected output within ${timeoutMs} ms\n${this.tail()}`)),
        timeoutMs,
      );
      const onExit = () =>
        done(new Error(`${this.name} exited (${this.exitInfo}) before it was ready\n${this.tail()}`));
      const listener = (line: string) => {
        const value = parse(line);
        if (value !== undefined) done(undefined, value);
      };
      const done = (err?: Error, value?: T) => {
        clearTimeout(timer);
        this.proc.off('exit', onExit);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        if (err) reject(err);
        else resolve(value as T);
      };
      this.listeners.push(listener);
      if (this.exited) onExit();
      else this.proc.once('exit', onExit);
    });
  }

  tail(n = 30): string {
    const shown = this.lines.slice(-n);
    return shown.length ? shown.map((l) => `  | ${l}`).join('\n') : '  (no output)';
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = once(this.proc, 'exit');
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export function spawnChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { echoLimit?: number } = {},
): Child {
  const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  return new Child(name, proc, 200, options.echoLimit ?? 0);
}

/** Runs a command to completion; rejects with its output on a non-zero exit or timeout. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
  timeoutMs: number,
): Promise<string[]> {
  const child = spawnChild(name, command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  // 'close' rather than 'exit': every output line has been read by then.
  const [code, signal] = (await once(child.proc, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0) {
    const why = signal
      ? `was killed (${signal}${signal === 'SIGKILL' ? `, timeout ${timeoutMs} ms?` : ''})`
      : `exited with code ${code}`;
    throw new Error(`${name} ${why}\n${child.tail()}`);
  }
  return child.stdoutLines;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
