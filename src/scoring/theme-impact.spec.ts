import { mentionCounts, themeImpact } from './theme-impact';

describe('themeImpact', () => {
  it('is the NPS of everyone minus the NPS without the theme, with the scaled comparison interval', () => {
    // 100 responses: 40 promoters, 30 detractors (NPS +10). 20 mention "queue": 2 promoters, 14 detractors (−60).
    // Without them: 80 responses, 38 promoters, 16 detractors: NPS +27.5. Impact = 10 − 27.5 = −17.5
    // = 0.2 × (−60 − 27.5). Interval: compareNps's, × 0.2.
    // SE of the difference: √(v_m/20 + v_w/80); v_m = 0.8 − (−0.6)² = 0.44, v_w = 0.675 − 0.275² = 0.599375.
    const se = 100 * Math.sqrt(0.44 / 20 + 0.599375 / 80);
    const r = themeImpact({ n: 20, promoters: 2, detractors: 14 }, { n: 100, promoters: 40, detractors: 30 });
    expect(r.mentioning).toEqual({ n: 20, score: -60 });
    expect(r.without.n).toBe(80);
    expect(r.without.score).toBeCloseTo(27.5, 9);
    expect(r.impact).toBeCloseTo(-17.5, 9);
    expect(r.interval!.low).toBeCloseTo(0.2 * (-87.5 - 1.96 * se), 9);
    expect(r.interval!.high).toBeCloseTo(0.2 * (-87.5 + 1.96 * se), 9);
    expect(r.significant).toBe(true);
    expect(r.reason).toBeNull();
  });

  it('says why when no response, or every response, mentions the theme', () => {
    const all = { n: 10, promoters: 5, detractors: 2 };
    expect(themeImpact({ n: 0, promoters: 0, detractors: 0 }, all)).toMatchObject({
      impact: null,
      interval: null,
      significant: false,
      reason: 'no scored response mentions this theme',
    });
    expect(themeImpact(all, all)).toMatchObject({
      impact: null,
      reason: expect.stringContaining('every scored response'),
    });
  });

  it('refuses a theme counted more often than the whole', () => {
    expect(() => themeImpact({ n: 3, promoters: 3, detractors: 0 }, { n: 2, promoters: 2, detractors: 0 })).toThrow(
      RangeError,
    );
  });
});

describe('mentionCounts', () => {
  const doc = (language: 'en' | 'fi', nps: number | null, ...keys: string[]) => ({
    language,
    nps,
    themes: new Map(keys.map((k) => [k, k])),
  });

  it('counts the scored responses mentioning each theme in its own language', () => {
    const docs = [
      doc('en', 2, 'queu', 'long queu'),
      doc('en', 10, 'queu'),
      doc('en', 8, 'queu', 'staff'),
      doc('en', null, 'queu'),
      doc('fi', 3, 'queu'),
    ];
    expect(
      mentionCounts(docs, [
        { language: 'en', key: 'queu' },
        { language: 'en', key: 'long queu' },
        { language: 'fi', key: 'jono' },
      ]),
    ).toEqual([
      { n: 3, promoters: 1, detractors: 1 },
      { n: 1, promoters: 0, detractors: 1 },
      { n: 0, promoters: 0, detractors: 0 },
    ]);
  });
});
