import { describe, expect, it } from 'vitest';

import { clearlyAbove, type Rankable, rankedApart, rankLabel, type RankRange, rankSlices } from './rank';

interface Slice extends Rankable {
  name: string;
}

const s = (name: string, low: number, high: number, score = (low + high) / 2, tooFewToJudge = false): Slice => ({
  name,
  score,
  interval: { low, high },
  tooFewToJudge,
});

const board = (slices: Slice[]) => rankSlices(slices, (x) => x.name);
const ranks = (slices: Slice[]) =>
  Object.fromEntries(board(slices).ranked.map((r) => [r.slice.name, rankLabel(r.rank)]));

/** A small reproducible generator, so the property checks fail the same way every time. */
function lcg(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe('ranking slices by their intervals', () => {
  it('ranks nothing when there is nothing', () => expect(board([])).toEqual({ ranked: [], unranked: [] }));

  it('gives a lone slice the first rank', () => expect(ranks([s('Billing', 10, 30)])).toEqual({ Billing: '1' }));

  it('ranks slices apart only when their intervals are apart', () =>
    expect(ranks([s('C', 0, 10), s('A', 40, 50), s('B', 20, 30)])).toEqual({ A: '1', B: '2', C: '3' }));

  it('shares every rank when all intervals overlap, however different the scores', () =>
    expect(ranks([s('A', 10, 60, 50), s('B', 5, 40, 20), s('C', 30, 70, 45)])).toEqual({
      A: '1–3',
      B: '1–3',
      C: '1–3',
    }));

  it('reads a chain as it is: the ends differ, the middle overlaps both', () =>
    // Billing and Support do not overlap; Onboarding overlaps each of them.
    expect(ranks([s('Billing', 37, 73), s('Onboarding', 5, 45), s('Support', -25, 15)])).toEqual({
      Billing: '1–2',
      Onboarding: '1–3',
      Support: '2–3',
    }));

  it('counts touching ends as overlapping', () => {
    expect(clearlyAbove({ low: 30, high: 40 }, { low: 20, high: 30 })).toBe(false);
    expect(ranks([s('A', 30, 40), s('B', 20, 30)])).toEqual({ A: '1–2', B: '1–2' });
    expect(ranks([s('A', 30.1, 40), s('B', 20, 30)])).toEqual({ A: '1', B: '2' });
  });

  it('shares the rank of identical intervals and of zero-width ones at the same point', () => {
    expect(ranks([s('A', 20, 30), s('B', 20, 30)])).toEqual({ A: '1–2', B: '1–2' });
    expect(ranks([s('A', 100, 100), s('B', 100, 100), s('C', 50, 60)])).toEqual({ A: '1–2', B: '1–2', C: '3' });
  });

  it('lists slices with too few answers, or no score, apart and leaves them out of the count', () => {
    const small = s('Tiny', 60, 100, 90, true);
    const none: Slice = { name: 'Empty', score: null, interval: null, tooFewToJudge: true };
    const noInterval: Slice = { name: 'Odd', score: 10, interval: null, tooFewToJudge: false };
    const result = board([s('A', 40, 50), small, none, noInterval, s('B', 20, 30)]);
    expect(result.unranked.map((x) => x.name)).toEqual(['Tiny', 'Empty', 'Odd']);
    expect(result.ranked.map((r) => [r.slice.name, rankLabel(r.rank)])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it('refuses an interval that is not one', () => {
    const result = board([s('A', 50, 40), s('B', Number.NaN, 10), s('C', 0, 10)]);
    expect(result.unranked.map((x) => x.name)).toEqual(['A', 'B']);
    expect(result.ranked.map((r) => rankLabel(r.rank))).toEqual(['1']);
  });

  it('orders the board by best rank, then worst, then score, then name', () => {
    const result = board([s('Zeta', 0, 100, 50), s('Alpha', 0, 100, 50), s('Top', 60, 100, 95), s('Low', -10, 0)]);
    expect(result.ranked.map((r) => `${r.slice.name} ${rankLabel(r.rank)}`)).toEqual([
      'Top 1–3',
      'Alpha 1–4',
      'Zeta 1–4',
      'Low 2–4',
    ]);
  });

  it('works for negative NPS and CES means alike', () =>
    expect(ranks([s('A', -80, -60), s('B', -55, -20), s('C', 4.1, 4.6), s('D', 4.5, 5.2)])).toEqual({
      C: '1–2',
      D: '1–2',
      B: '3',
      A: '4',
    }));

  it('says a label the same way in every language', () => {
    expect(rankLabel({ best: 2, worst: 2 })).toBe('2');
    expect(rankLabel({ best: 1, worst: 3 })).toBe('1–3');
  });
});

describe('what the ranks promise, on many random boards', () => {
  const random = lcg(15);
  const boards = Array.from({ length: 300 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 9) }, (_, i) => {
      // Whole numbers, so equal ends (touching intervals) come up often.
      const score = Math.round(random() * 200 - 100);
      return s(`S${i}`, score - Math.round(random() * 30), score + Math.round(random() * 30), score);
    }),
  );

  it('never ranks apart two slices whose intervals overlap', () => {
    for (const slices of boards) {
      const { ranked } = board(slices);
      for (const a of ranked)
        for (const b of ranked) {
          const overlap =
            !clearlyAbove(a.slice.interval!, b.slice.interval!) && !clearlyAbove(b.slice.interval!, a.slice.interval!);
          if (overlap) expect(rankedApart(a.rank, b.rank)).toBe(false);
        }
    }
  });

  it('always puts a clearly better slice higher at both ends of its range', () => {
    for (const slices of boards) {
      const { ranked } = board(slices);
      for (const a of ranked)
        for (const b of ranked)
          if (clearlyAbove(a.slice.interval!, b.slice.interval!)) {
            expect(a.rank.best).toBeLessThan(b.rank.best);
            expect(a.rank.worst).toBeLessThan(b.rank.worst);
          }
    }
  });

  it('holds the plain order by score inside every range', () => {
    for (const slices of boards) {
      const { ranked } = board(slices);
      const byScore = [...ranked].sort((a, b) => b.slice.score! - a.slice.score!);
      for (const r of byScore) {
        // Ties in score may take either place; the range must hold one of them.
        const places = byScore.flatMap((o, j) => (o.slice.score === r.slice.score ? [j + 1] : []));
        expect(places.some((p) => p >= r.rank.best && p <= r.rank.worst)).toBe(true);
      }
    }
  });

  it('keeps every range within 1 and the number ranked', () => {
    for (const slices of boards) {
      const { ranked } = board(slices);
      for (const { rank } of ranked as Array<{ rank: RankRange }>) {
        expect(rank.best).toBeGreaterThanOrEqual(1);
        expect(rank.worst).toBeLessThanOrEqual(ranked.length);
        expect(rank.best).toBeLessThanOrEqual(rank.worst);
      }
    }
  });
});
