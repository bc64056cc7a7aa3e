import { sleep } from './children';

/**
 * Polls `read` until `done` holds; gives up at the deadline, when `abortIf` names a reason, or after
 * `stallMs` without progress (the thing is stuck, so waiting longer tells us nothing). `stalled`
 * words that last reason ("no new email"), which the results keep.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  opts: {
    done: (v: T) => boolean;
    progress: (v: T) => number;
    timeoutMs: number;
    stallMs: number;
    intervalMs?: number;
    report?: (v: T) => string;
    abortIf?: () => string | undefined;
    stalled?: string;
  },
): Promise<{ value: T; complete: boolean; reason?: string }> {
  const deadline = Date.now() + opts.timeoutMs;
  let value = await read();
  let last = opts.progress(value);
  let lastProgressAt = Date.now();
  let lastReportAt = Date.now();
  while (!opts.done(value)) {
    const abort = opts.abortIf?.();
    if (abort) return { value, complete: false, reason: abort };
    if (Date.now() > deadline) return { value, complete: false, reason: `timeout after ${opts.timeoutMs / 1000} s` };
    if (Date.now() - lastProgressAt > opts.stallMs)
      return { value, complete: false, reason: `${opts.stalled ?? 'no progress'} for ${opts.stallMs / 1000} s` };
    await sleep(opts.intervalMs ?? 100);
    value = await read();
    const p = opts.progress(value);
    if (p !== last) {
      last = p;
      lastProgressAt = Date.now();
    }
    if (opts.report && Date.now() - lastReportAt > 5000) {
      lastReportAt = Date.now();
      process.stderr.write(`  … ${opts.report(value)}\n`);
    }
  }
  return { value, complete: true };
}
