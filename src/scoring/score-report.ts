import { pct } from './distribution';
import { wilsonInterval } from './intervals';
import { FactRow } from './rollups/score-facts';
import { round } from './round';
import { cesMetric, csatMetric, denseDistribution, metricFor, npsMetric, ValueCounts } from './score-metrics';

/** The scores of one group (and period): headline per scale type, every question, volumes and response rates. */
export interface ScoreGroup {
  key: Record<string, string>;
  period: string | null;
  nps: ReturnType<typeof npsMetric> & { distribution: Record<string, number> };
  csat: ReturnType<typeof csatMetric> & { distribution: Record<string, number> };
  ces: ReturnType<typeof cesMetric> & { distribution: Record<string, number> };
  questions: Array<{ questionId: string; type: string } & Record<string, unknown>>;
  responses: number;
  invitationsSent: number;
  invitationsDelivered: number;
  /** Of the invitations sent in the period, how many got any answer. */
  respondedInvitations: number;
  responseRate: number | null;
  responseRates: { ofSent: RateFigure; ofDelivered: RateFigure };
}

interface RateFigure {
  pct: number | null;
  interval: { low: number; high: number } | null;
}

function rate(part: number, whole: number): RateFigure {
  const interval = wilsonInterval(Math.min(part, whole), whole);
  return {
    pct: pct(part, whole),
    interval: interval ? { low: round(interval.low, 1), high: round(interval.high, 1) } : null,
  };
}

interface Accumulator {
  key: Record<string, string>;
  period: string | null;
  byType: Record<'nps' | 'csat' | 'ces', ValueCounts>;
  byQuestion: Map<string, { type: string; counts: ValueCounts }>;
  counts: Record<string, number>;
}

const add = (counts: ValueCounts, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

/**
 * Turns counted values into scores, one entry per group and period, in the order the rows came
 * (the query sorts them). Pure: the statistics are in score-metrics and its helpers.
 */
export function buildScoreGroups(rows: FactRow[], minimumAnswers: number): ScoreGroup[] {
  const groups = new Map<string, Accumulator>();
  for (const row of rows) {
    // Group values in groupBy order, then the period: cheaper than a JSON key per row, and as unique.
    let id = row.period ?? '';
    for (const v of Object.values(row.groups)) id += '\u0000' + v;
    let acc = groups.get(id);
    if (!acc) {
      acc = {
        key: row.groups,
        period: row.period,
        byType: { nps: {}, csat: {}, ces: {} },
        byQuestion: new Map(),
        counts: {},
      };
      groups.set(id, acc);
    }
    if (row.questionType === 'response' || row.questionType === 'invitation') {
      add(acc.counts, `${row.questionType}.${row.valueKey}`, row.n);
      continue;
    }
    if (row.questionType === 'nps' || row.questionType === 'csat' || row.questionType === 'ces')
      add(acc.byType[row.questionType], row.valueKey, row.n);
    const q = acc.byQuestion.get(row.questionId) ?? { type: row.questionType, counts: {} };
    add(q.counts, row.valueKey, row.n);
    acc.byQuestion.set(row.questionId, q);
  }
  return [...groups.values()].map((acc) => toGroup(acc, minimumAnswers));
}

/** A group with nothing counted: the shape of an empty result. */
export function emptyScoreGroup(minimumAnswers: number): ScoreGroup {
  return toGroup(
    { key: {}, period: null, byType: { nps: {}, csat: {}, ces: {} }, byQuestion: new Map(), counts: {} },
    minimumAnswers,
  );
}

function toGroup(acc: Accumulator, minimum: number): ScoreGroup {
  const sent = acc.counts['invitation.sent'] ?? 0;
  const delivered = acc.counts['invitation.delivered'] ?? 0;
  const responded = acc.counts['invitation.responded'] ?? 0;
  return {
    key: acc.key,
    period: acc.period,
    nps: { ...npsMetric(acc.byType.nps, minimum), distribution: denseDistribution(acc.byType.nps, 'nps') },
    csat: { ...csatMetric(acc.byType.csat, minimum), distribution: denseDistribution(acc.byType.csat, 'csat') },
    ces: { ...cesMetric(acc.byType.ces, minimum), distribution: denseDistribution(acc.byType.ces, 'ces') },
    questions: [...acc.byQuestion.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([questionId, q]) => ({
        questionId,
        type: q.type,
        ...metricFor(q.type, q.counts, minimum),
        ...(q.type === 'nps' || q.type === 'csat' || q.type === 'ces'
          ? { distribution: denseDistribution(q.counts, q.type) }
          : {}),
      })),
    responses: acc.counts['response.count'] ?? 0,
    invitationsSent: sent,
    invitationsDelivered: delivered,
    respondedInvitations: responded,
    responseRate: pct(responded, sent),
    responseRates: { ofSent: rate(responded, sent), ofDelivered: rate(responded, delivered) },
  };
}
