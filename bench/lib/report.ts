import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { CpuUse } from './proc-stats';

export interface Row {
  measure: string;
  value: string;
  target?: string;
  result?: string;
}

/** Plain fixed-width table: readable in a terminal and in a CI log. */
export function renderTable(rows: Row[]): string {
  const header: Row = { measure: 'measure', value: 'value', target: 'target', result: 'result' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((r) => (r[key] ?? '').length));
  const w = { measure: width('measure'), value: width('value'), target: width('target') };
  const line = (r: Row) =>
    `  ${r.measure.padEnd(w.measure)}  ${r.value.padStart(w.value)}  ${(r.target ?? '').padEnd(w.target)}  ${r.result ?? ''}`.trimEnd();
  const rule = `  ${'-'.repeat(w.measure)}  ${'-'.repeat(w.value)}  ${'-'.repeat(w.target)}  ------`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';

/**
 * The CPU lines under a bench's table: a header, then one line per phase measured (in `phases`
 * order, names padded to `nameWidth`), each group's share of one core beside the machine's load.
 */
export function renderCpuPhases(
  cpu: Record<string, CpuUse>,
  phases: string[],
  nameWidth: number,
  busyBeforeStartPct: unknown,
): string[] {
  const cores = os.cpus().length;
  const line = (name: string) => {
    const c = cpu[name];
    if (!c) return '';
    const parts = Object.entries(c.percentOfOneCore)
      .map(([k, v]) => `${k} ${v}%`)
      .join(', ');
    return `  ${name.padEnd(nameWidth)} ${c.wallS.toFixed(1).padStart(6)} s  machine ${String(c.machineBusyPct).padStart(3)}% busy  | ${parts}`;
  };
  return [
    `CPU per phase (% of one core; ${cores} cores = ${cores * 100}%; machine ${busyBeforeStartPct}% busy before start):`,
    ...phases.map(line).filter(Boolean),
  ];
}

export const passMiss = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Writes bench/results/<name>-<timestamp>.json and, for a complete run, <name>-latest.json. */
export function writeResults(
  resultsDir: string,
  name: string,
  isoTimestamp: string,
  data: unknown,
  alsoLatest: boolean,
): string {
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(data, null, 2)}\n`;
  const file = path.join(resultsDir, `${name}-${isoTimestamp.replace(/:/g, '-')}.json`);
  writeFileSync(file, json);
  if (alsoLatest) writeFileSync(path.join(resultsDir, `${name}-latest.json`), json);
  return file;
}
