import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on every common kernel). */
const TICKS_PER_SECOND = 100;

/** Resident set size of a process in MB, from /proc/<pid>/status; undefined once it has gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples one process's RSS on an interval and keeps the peak. */
export class RssSampler {
  peakMb = 0;
  samples = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const mb = rssMb(this.pid);
    if (mb === undefined) return;
    this.samples += 1;
    if (mb > this.peakMb) this.peakMb = mb;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }
}

interface ProcCpu {
  comm: string;
  ticks: number;
}

/** CPU time so far of every process on the machine, plus the machine's busy and total ticks. */
export interface CpuSnapshot {
  at: number;
  procs: Map<number, ProcCpu>;
  machineBusy: number;
  machineTotal: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, ProcCpu>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields after it start past the last ')'.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is state (field 3); utime and stime are fields 14 and 15.
      procs.set(Number(entry), { comm, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we were reading /proc.
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = cpu[3] + cpu[4];
  return { at: Date.now(), procs, machineBusy: total - idle, machineTotal: total };
}

/**
 * CPU used between two snapshots, as a percentage of one core, per named group. Processes that
 * ended in between are missed, which is fine for the long-lived ones we care about.
 */
export function cpuBetween(
  a: CpuSnapshot,
  b: CpuSnapshot,
  groups: Record<string, (pid: number, comm: string) => boolean>,
): { wallS: number; machineBusyPct: number; percentOfOneCore: Record<string, number> } {
  const wallS = (b.at - a.at) / 1000;
  const percentOfOneCore: Record<string, number> = {};
  for (const name of Object.keys(groups)) percentOfOneCore[name] = 0;
  for (const [pid, now] of b.procs) {
    const before = a.procs.get(pid);
    const delta = now.ticks - (before && before.comm === now.comm ? before.ticks : 0);
    if (delta <= 0) continue;
    const group = Object.keys(groups).find((name) => groups[name](pid, now.comm));
    if (group) percentOfOneCore[group] += delta;
  }
  for (const name of Object.keys(percentOfOneCore)) {
    percentOfOneCore[name] = wallS > 0 ? Math.round((percentOfOneCore[name] / TICKS_PER_SECOND / wallS) * 100) : 0;
  }
  const totalDelta = b.machineTotal - a.machineTotal;
  const busyShare = totalDelta > 0 ? (b.machineBusy - a.machineBusy) / totalDelta : 0;
  const machineBusyPct = Math.round(busyShare * 100);
  // Everything the groups do not explain (other programs, the kernel): a high figure means noise.
  const named = Object.values(percentOfOneCore).reduce((x, y) => x + y, 0);
  percentOfOneCore.other = Math.max(0, Math.round(busyShare * cpus().length * 100 - named));
  return { wallS, machineBusyPct, percentOfOneCore };
}

/** What cpuBetween measured over one phase. */
export type CpuUse = ReturnType<typeof cpuBetween>;
