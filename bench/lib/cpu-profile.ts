import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Share of the busy (not idle) time. */
  pct: number;
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  /** Self time per function, most first. */
  topFunctions: SelfTime[];
  /** Self time per package (node_modules/<pkg>), service directory (dist/<dir>), or node core. */
  byOwner: SelfTime[];
}

/** Where a script lives, in words: "pg", "@nestjs/core", "palaute replies/", "node core". */
function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = /\/dist\/(?:src\/)?([^/]+)(\/)?/.exec(path);
  if (dist) return `palaute ${dist[1]}${dist[2] ?? ''}`;
  return path;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  const dist = path.indexOf('/dist/');
  return dist >= 0 ? path.slice(dist + 1) : path;
}

/** Self time per function and per owner, from a .cpuprofile (V8's sampling profiler). */
export function summarizeCpuProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // The profiler's own stop (serializing the profile) is sampled too: leave out everything under the preload's frames.
  const ownFrames = new Set<number>();
  const markOwn = (id: number) => {
    ownFrames.add(id);
    for (const c of byId.get(id)?.children ?? []) markOwn(c);
  };
  for (const n of profile.nodes)
    if (n.callFrame.url.includes('cpu-profile-preload') && !ownFrames.has(n.id)) markOwn(n.id);
  const selfUs = new Map<number, number>();
  // Sample i was taken timeDeltas[i] after sample i-1: that interval is charged to sample i's frame.
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    if (ownFrames.has(id)) continue;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    totalUs += us;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (functionName === '(garbage collector)') gcUs += us;
    const name = url
      ? `${functionName || '(anonymous)'}  ${shortUrl(url)}:${lineNumber + 1}`
      : functionName || '(native)';
    functions.set(name, (functions.get(name) ?? 0) + us);
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (m: Map<string, number>, n: number): SelfTime[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 100) / 10,
        pct: busyUs > 0 ? Math.round((us / busyUs) * 1000) / 10 : 0,
      }));
  return {
    file,
    wallMs: Math.round((profile.endTime - profile.startTime) / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    gcMs: Math.round(gcUs / 1000),
    topFunctions: rank(functions, top),
    byOwner: rank(owners, 20),
  };
}

/** A few lines for the terminal. */
export function renderProfileSummary(label: string, s: ProfileSummary, functions = 20, owners = 12): string {
  const busyPct = s.wallMs > 0 ? Math.round((s.busyMs / s.wallMs) * 100) : 0;
  const row = (t: SelfTime) => `    ${t.pct.toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(7)} ms  ${t.name}`;
  return [
    `Service CPU profile, ${label}: ${s.wallMs} ms profiled, main thread busy ${s.busyMs} ms (${busyPct}%), GC ${s.gcMs} ms  (${s.file})`,
    '  self time by owner (% of busy):',
    ...s.byOwner.slice(0, owners).map(row),
    '  top functions by self time (% of busy):',
    ...s.topFunctions.slice(0, functions).map(row),
  ].join('\n');
}

export interface RoundTrips {
  /** What the counts are divided by (messages sent, replies posted) and how many there were. */
  unit: string;
  units: number;
  pgQueries: number;
  redisCommands: number;
  pg: Array<{ statement: string; count: number; perUnit: number; meanMs: number }>;
  redis: Array<{ command: string; count: number; perUnit: number }>;
}

/** The round-trip counts cpu-profile-preload writes beside a profile, per unit of work; undefined when absent. */
export function readRoundTrips(profileFile: string, unit: string, units: number): RoundTrips | undefined {
  let raw: {
    pg: Array<{ statement: string; count: number; meanMs: number }>;
    redis: Array<{ command: string; count: number }>;
  };
  try {
    raw = JSON.parse(readFileSync(`${profileFile}.trips.json`, 'utf8'));
  } catch {
    return undefined;
  }
  const per = (n: number) => (units > 0 ? Math.round((n / units) * 100) / 100 : 0);
  return {
    unit,
    units,
    pgQueries: raw.pg.reduce((a, s) => a + s.count, 0),
    redisCommands: raw.redis.reduce((a, c) => a + c.count, 0),
    pg: raw.pg.map((s) => ({ ...s, perUnit: per(s.count) })),
    redis: raw.redis.map((c) => ({ ...c, perUnit: per(c.count) })),
  };
}

export function renderRoundTrips(t: RoundTrips, statements = 12): string {
  const per = (n: number) => (t.units > 0 ? (n / t.units).toFixed(2) : 'n/a');
  return [
    `  round trips per ${t.unit} (${t.units} ${t.unit}s): ${per(t.pgQueries)} pg queries, ${per(t.redisCommands)} Redis commands`,
    ...t.pg
      .slice(0, statements)
      .map(
        (s) =>
          `    ${s.perUnit.toFixed(2).padStart(6)} × ${String(s.meanMs.toFixed(2)).padStart(6)} ms  ${s.statement}`,
      ),
    `    Redis: ${t.redis
      .slice(0, 8)
      .map((c) => `${c.command} ${c.perUnit}`)
      .join(', ')}`,
  ].join('\n');
}
