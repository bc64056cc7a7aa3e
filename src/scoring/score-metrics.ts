import { SCALE_RANGES } from '../surveys/survey-definition';
import { cesFromDistribution } from './ces';
import { csatFromDistribution } from './csat';
import { pct } from './distribution';
import { Interval, meanInterval, npsMargin, wilsonInterval } from './intervals';
import type { Distribution } from './metric-types';
import { momentsFromDistribution } from './moments';
import { npsFromDistribution } from './nps';
import { round } from './round';
import { tooFewToJudge } from './sample-size';

/** Counts per answer value of one question (or of every question of one type): numbers for scales, ids for yes/no and choices. */
export type ValueCounts = Record<string, number>;

const roundInterval = (i: Interval | null, digits = 1): Interval | null =>
  i ? { low: round(i.low, digits), high: round(i.high, digits) } : null;

function numeric(counts: ValueCounts): Distribution {
  const dist: Distribution = {};
  for (const [k, n] of Object.entries(counts)) if (/^-?\d+$/.test(k)) dist[Number(k)] = n;
  return dist;
}

/** The judgement every figure carries: how many answers it rests on, and whether that is too few. */
function sample(n: number, minimum: number) {
  return { n, tooFewToJudge: tooFewToJudge(n, minimum) };
}

/** NPS with its 95% margin of error, 1.96 × 100 × √((p + d − (p − d)²) / n), and the interval it spans. */
export function npsMetric(counts: ValueCounts, minimum: number) {
  const nps = npsFromDistribution(numeric(counts));
  const margin = npsMargin(nps.promoters, nps.detractors, nps.n);
  return {
    ...nps,
    ...sample(nps.n, minimum),
    marginOfError: margin === null ? null : round(margin, 1),
    interval:
      nps.score === null || margin === null
        ? null
        : { low: round(Math.max(-100, nps.score - margin), 1), high: round(Math.min(100, nps.score + margin), 1) },
  };
}

/** CSAT: % of 4–5 with its Wilson interval, and the mean with its t-interval. */
export function csatMetric(counts: ValueCounts, minimum: number) {
  const dist = numeric(counts);
  const csat = csatFromDistribution(dist);
  const m = momentsFromDistribution(dist, SCALE_RANGES.csat.min, SCALE_RANGES.csat.max);
  const mi = meanInterval(m.n, m.sum, m.sumOfSquares);
  return {
    ...csat,
    ...sample(csat.n, minimum),
    interval: roundInterval(wilsonInterval(csat.satisfied, csat.n)),
    meanInterval: roundInterval(mi, 2),
  };
}

/** CES: the mean of 1–7 with its t-interval, and the % of 5–7 with its Wilson interval. */
export function cesMetric(counts: ValueCounts, minimum: number) {
  const dist = numeric(counts);
  const ces = cesFromDistribution(dist);
  const m = momentsFromDistribution(dist, SCALE_RANGES.ces.min, SCALE_RANGES.ces.max);
  let easy = 0;
  for (let v = 5; v <= 7; v++) easy += dist[v] ?? 0;
  return {
    ...ces,
    ...sample(ces.n, minimum),
    interval: roundInterval(meanInterval(m.n, m.sum, m.sumOfSquares), 2),
    easyInterval: roundInterval(wilsonInterval(easy, ces.n)),
  };
}

/** Yes/no as the % of yes (first-contact resolution is the usual one), with its Wilson interval. */
export function yesNoMetric(counts: ValueCounts, minimum: number) {
  const yes = counts.yes ?? 0;
  const no = counts.no ?? 0;
  const n = yes + no;
  return { yes, no, ...sample(n, minimum), score: pct(yes, n), interval: roundInterval(wilsonInterval(yes, n)) };
}

/** A single-choice question: each option's count and share, with Wilson intervals. */
export function choiceMetric(counts: ValueCounts, minimum: number) {
  const n = Object.values(counts).reduce((a, b) => a + b, 0);
  const options = Object.fromEntries(
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([id, count]) => [id, { count, pct: pct(count, n), interval: roundInterval(wilsonInterval(count, n)) }]),
  );
  return { ...sample(n, minimum), options };
}

export type QuestionType = 'nps' | 'csat' | 'ces' | 'yes_no' | 'single_choice';

export function metricFor(type: string, counts: ValueCounts, minimum: number) {
  switch (type) {
    case 'nps':
      return npsMetric(counts, minimum);
    case 'csat':
      return csatMetric(counts, minimum);
    case 'ces':
      return cesMetric(counts, minimum);
    case 'yes_no':
      return yesNoMetric(counts, minimum);
    case 'single_choice':
      return choiceMetric(counts, minimum);
    default:
      return null;
  }
}

/** Every scale point present, zeros included, so a chart needs no gap filling. */
export function denseDistribution(counts: ValueCounts, type: 'nps' | 'csat' | 'ces'): Record<string, number> {
  const { min, max } = SCALE_RANGES[type];
  const out: Record<string, number> = {};
  for (let v = min; v <= max; v++) out[v] = counts[String(v)] ?? 0;
  return out;
}
