import readline from 'node:readline';

import type { Child } from './children';

/** The node flags that make a process print one line per full (mark-compact) GC, and none per scavenge. */
export const TRACE_FULL_GC = ['--trace-gc', '--trace-gc-ignore-scavenger'];

interface FullGc {
  at: number;
  beforeMb: number;
  afterMb: number;
}

/**
 * Full GCs of a child started with TRACE_FULL_GC. The heap left after a full GC is what is live:
 * unlike RSS, it does not include the garbage V8 lets pile up between collections (it lets the old
 * generation grow to a few times the live size before collecting when collections are cheap).
 */
export class GcTrace {
  private readonly gcs: FullGc[] = [];

  constructor(child: Child) {
    if (!child.proc.stdout) throw new Error(`${child.name} has no stdout to read GC traces from`);
    readline.createInterface({ input: child.proc.stdout }).on('line', (line) => {
      const m = /Mark-Compact(?: \(reduce\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
      if (m) this.gcs.push({ at: Date.now(), beforeMb: Number(m[1]), afterMb: Number(m[2]) });
    });
  }

  /** Full GCs between two instants: how many, the live heap after them (min and max) and the heap they started from (max). */
  between(
    from: number,
    to: number,
  ): { fullGcs: number; liveMinMb: number | null; liveMaxMb: number | null; heapBeforeGcMaxMb: number | null } {
    const inside = this.gcs.filter((g) => g.at >= from && g.at <= to);
    if (!inside.length) return { fullGcs: 0, liveMinMb: null, liveMaxMb: null, heapBeforeGcMaxMb: null };
    return {
      fullGcs: inside.length,
      liveMinMb: Math.min(...inside.map((g) => g.afterMb)),
      liveMaxMb: Math.max(...inside.map((g) => g.afterMb)),
      heapBeforeGcMaxMb: Math.max(...inside.map((g) => g.beforeMb)),
    };
  }
}
