import type { InitialBundle } from './bundle-size';
import type { PageTiming } from './console-browser';
import { percentile } from './console-session';
import { fmt, passMiss, Row } from './report';

export const CONSOLE_TARGETS = { apiP50Ms: 150, readyMs: 1500, initialJsGzipBytes: 250_000 };

export interface ConsoleFigures {
  timeZone: string;
  /** Milliseconds per run, by call, in the console's order. */
  perCall: Map<string, number[]>;
  overviewMs: number[];
  healthMs: number[];
  pages: PageTiming[];
  zoned: PageTiming[];
  statics: PageTiming[];
  bundle: InitialBundle;
  checks: { apiNpsN: number; rawNpsN: number; exact: boolean; shownRight: boolean };
  load?: { invitations: number; loadS: number; rebuildS: number; rollupRows: number };
}

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const p50 = (xs: number[]) => percentile(xs, 50);
const p99 = (xs: number[]) => percentile(xs, 99);
const ready = (ps: PageTiming[]) => ps.map((p) => p.readyMs ?? Infinity);
const me = (p: PageTiming) => p.apiTimeline.find((c) => c.call === '/v1/me');
const meStart = (ps: PageTiming[]) => ps.map((p) => me(p)?.startMs ?? NaN);
const meEnd = (ps: PageTiming[]) => ps.map((p) => me(p)?.endMs ?? NaN);
const lastEnd = (ps: PageTiming[]) => ps.map((p) => Math.max(...p.apiTimeline.map((c) => c.endMs)));

/** The bench's table: each figure with its target (or the raw baseline beside it) and pass/miss. */
export function consoleRows(f: ConsoleFigures): Row[] {
  const T = CONSOLE_TARGETS;
  const timing = (measure: string, xs: number[], target?: number): Row => ({
    measure,
    value: `${ms(p50(xs))} p50`,
    target: target === undefined ? `p99 ${ms(p99(xs))}` : `≤ ${target} ms p50 (p99 ${ms(p99(xs))})`,
    result: target === undefined ? undefined : passMiss(p50(xs) <= target),
  });
  const calls = (ps: PageTiming[]) => {
    const n = ps.map((p) => p.apiCalls.length);
    return Math.min(...n) === Math.max(...n) ? `${n[0]}` : `${Math.min(...n)}–${Math.max(...n)}`;
  };
  const { bundle, checks } = f;
  const rows: Row[] = [
    timing('raw: GET /health/live, same server and client', f.healthMs),
    ...[...f.perCall].map(([name, xs]) => timing(`  ${name}`, xs, T.apiP50Ms)),
    timing('overview: GET /v1/me, then 9 calls together (6 sockets)', f.overviewMs, T.apiP50Ms),
    timing(
      'raw: /health/live in a new browser context (loadEventEnd)',
      f.statics.map((s) => s.loadEventEndMs),
    ),
    timing(
      '  /app: domInteractive',
      f.pages.map((p) => p.domInteractiveMs),
    ),
    timing(
      '  /app: loadEventEnd',
      f.pages.map((p) => p.loadEventEndMs),
    ),
    {
      measure: '  /app: GET /v1/me starts / ends, last API call ends',
      value: `${ms(p50(meStart(f.pages)))} / ${ms(p50(meEnd(f.pages)))} / ${ms(p50(lastEnd(f.pages)))}`,
      target: 'p50, from navigation start',
    },
    timing('/app interactive (console:overview-ready mark)', ready(f.pages), T.readyMs),
    {
      measure: '  API calls per load of /app',
      value: calls(f.pages),
      target: `${fmt(p50(f.pages.map((p) => p.transferBytes)) / 1000, 1)} kB transferred (p50)`,
    },
    timing(`/app?tz=${f.timeZone} interactive (ready mark)`, ready(f.zoned), T.readyMs),
    { measure: '  API calls per load of /app?tz=…', value: calls(f.zoned), target: '' },
    {
      measure: `initial JS (${bundle.js.length} chunk${bundle.js.length === 1 ? '' : 's'}), gzip -9`,
      value: kB(bundle.jsGzipBytes),
      target: `≤ ${kB(T.initialJsGzipBytes)} (raw ${kB(bundle.jsBytes)})`,
      result: passMiss(bundle.jsGzipBytes <= T.initialJsGzipBytes),
    },
    {
      measure: '  initial CSS, gzip -9',
      value: kB(bundle.cssGzipBytes),
      target: `raw ${kB(bundle.cssBytes)}; ${bundle.lazyChunks} lazy chunks not counted`,
    },
    {
      measure: 'check: NPS n of the last 30 days, API = answers',
      value: fmt(checks.apiNpsN),
      target: `counted ${fmt(checks.rawNpsN)}`,
      result: passMiss(checks.exact),
    },
    {
      measure: 'check: each page shows the NPS n it fetched',
      value: f.pages[0]?.shownNpsN ?? 'n/a',
      target: `${f.pages.length + f.zoned.length} loads`,
      result: passMiss(checks.shownRight),
    },
  ];
  if (f.load)
    rows.push({
      measure: 'bulk load / rollup rebuild',
      value: `${f.load.loadS.toFixed(1)} / ${f.load.rebuildS.toFixed(1)} s`,
      target: `${fmt(f.load.invitations)} invitations, ${fmt(f.load.rollupRows)} rollup rows`,
    });
  return rows;
}

/** The figures as they go into the results JSON. */
export function consoleSummary(f: ConsoleFigures) {
  const pct = (xs: number[]) => ({ p50Ms: p50(xs), p99Ms: p99(xs) });
  return {
    api: [...f.perCall].map(([name, xs]) => ({ name, ...pct(xs), runs: xs })),
    overview: { ...pct(f.overviewMs), runs: f.overviewMs },
    healthLive: pct(f.healthMs),
    page: {
      ready: pct(ready(f.pages)),
      readyWithZone: pct(ready(f.zoned)),
      staticLoadEventEnd: pct(f.statics.map((s) => s.loadEventEndMs)),
      loads: f.pages,
      loadsWithZone: f.zoned,
      statics: f.statics,
    },
    bundle: f.bundle,
    checks: f.checks,
  };
}
