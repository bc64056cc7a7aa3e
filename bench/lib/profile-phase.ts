import type { Child } from './children';
import { ProfileSummary, readRoundTrips, RoundTrips, summarizeCpuProfile } from './cpu-profile';

/**
 * Runs `body` with the service's V8 CPU profiler on (the service was started with
 * `--require cpu-profile-preload.js`): one `cpu-profile` line on its stdin starts it, the next one
 * writes the profile and its round-trip counts. `units` says what the round trips are counted per.
 */
export async function profiledPhase<T>(
  svc: Child,
  units: () => [string, number],
  body: () => Promise<T>,
): Promise<{ value: T; profile: ProfileSummary & { roundTrips?: RoundTrips } }> {
  const started = svc.waitForLine((l) => (l.includes('"benchCpuProfile":"started"') ? true : undefined), 10_000);
  svc.proc.stdin?.write('cpu-profile\n');
  await started;
  const stop = async () => {
    const written = svc.waitForLine((l) => /"benchCpuProfile":"([^"]+\.cpuprofile)"/.exec(l)?.[1], 60_000);
    svc.proc.stdin?.write('cpu-profile\n');
    return written;
  };
  let value: T;
  try {
    value = await body();
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const file = await stop();
  const [unit, count] = units();
  return { value, profile: { ...summarizeCpuProfile(file), roundTrips: readRoundTrips(file, unit, count) } };
}
