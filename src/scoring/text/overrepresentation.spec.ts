import { logOddsWithPrior, overrepresentedThemes } from './overrepresentation';
import type { TextDocument } from './themes';

const fi = (text: string): TextDocument => ({ text, language: 'fi' });
const en = (text: string): TextDocument => ({ text, language: 'en' });
const sv = (text: string): TextDocument => ({ text, language: 'sv' });

describe('logOddsWithPrior', () => {
  it('is zero when both groups mention a theme at the same rate', () => {
    const r = logOddsWithPrior(5, 20, 5, 20, 10);
    expect(r.logOdds).toBeCloseTo(0, 12);
    expect(r.z).toBeCloseTo(0, 12);
  });

  it('is antisymmetric in the groups', () => {
    const ab = logOddsWithPrior(6, 10, 1, 10, 10);
    const ba = logOddsWithPrior(1, 10, 6, 10, 10);
    expect(ab.logOdds).toBeCloseTo(-ba.logOdds, 12);
    expect(ab.variance).toBeCloseTo(ba.variance, 12);
  });

  it('matches a hand calculation', () => {
    // rate = 6.5/21, alpha = 10·rate, beta = 10 − alpha; cells 6+α, 4+β, 0+α, 10+β.
    const alpha = (10 * 6.5) / 21;
    const beta = 10 - alpha;
    const expected = Math.log((6 + alpha) / (4 + beta)) - Math.log(alpha / (10 + beta));
    const variance = 1 / (6 + alpha) + 1 / (4 + beta) + 1 / alpha + 1 / (10 + beta);
    const r = logOddsWithPrior(6, 10, 0, 10, 10);
    expect(r.logOdds).toBeCloseTo(expected, 12);
    expect(r.z).toBeCloseTo(expected / Math.sqrt(variance), 12);
  });

  it.each([
    // Same 30% vs 0% split: more answers behind it, more confidence.
    [3, 10, 0, 10, 30, 100, 0, 100],
    [6, 20, 0, 20, 60, 200, 0, 200],
  ])('grows in z with sample size (%p/%p vs %p/%p → %p/%p vs %p/%p)', (a1, n1, b1, m1, a2, n2, b2, m2) => {
    expect(logOddsWithPrior(a2, n2, b2, m2, 10).z).toBeGreaterThan(logOddsWithPrior(a1, n1, b1, m1, 10).z);
  });

  it('shrinks harder with a stronger prior', () => {
    expect(logOddsWithPrior(4, 10, 0, 10, 50).logOdds).toBeLessThan(logOddsWithPrior(4, 10, 0, 10, 5).logOdds);
  });

  it('stays finite when every response, or none in one group, mentions the theme', () => {
    for (const r of [
      logOddsWithPrior(10, 10, 10, 10, 10),
      logOddsWithPrior(3, 3, 0, 0, 10),
      logOddsWithPrior(0, 5, 0, 5, 0.1),
    ]) {
      expect(Number.isFinite(r.logOdds)).toBe(true);
      expect(Number.isFinite(r.z)).toBe(true);
    }
  });

  it.each([
    [-1, 10, 0, 10, 10],
    [11, 10, 0, 10, 10],
    [1, 10, 0, 10, 0],
    [1, 10, 0, 10, Number.NaN],
  ])('rejects impossible input (%p/%p vs %p/%p, prior %p)', (a, nA, b, nB, prior) => {
    expect(() => logOddsWithPrior(a, nA, b, nB, prior)).toThrow(RangeError);
  });
});

describe('overrepresentedThemes', () => {
  const detractors = [
    fi('Jonotus kesti liian kauan'),
    fi('Jouduin jonottamaan puoli tuntia'),
    fi('Jonossa meni ikuisuus, henkilökunta oli kyllä ystävällinen'),
    fi('Jonotusaika puhelimessa oli pitkä'),
    fi('Hinta oli liian korkea'),
    en('The queue was too long'),
    en('Long queue and rude staff'),
    sv('Kön var lång'),
  ];
  const promoters = [
    fi('Henkilökunta oli ystävällinen'),
    fi('Ystävällinen ja nopea palvelu'),
    fi('Nopea palvelu, ei jonoa'),
    fi('Kaikki toimi hyvin'),
    fi('Ystävällinen henkilökunta'),
    en('Friendly staff'),
    en('Friendly and helpful staff'),
    sv('Trevlig personal'),
  ];

  it('puts the queue on top for Finnish detractors', () => {
    const [top] = overrepresentedThemes(detractors, promoters);
    expect(top).toMatchObject({
      language: 'fi',
      key: 'jono',
      detractors: 4,
      detractorResponses: 5,
      promoters: 1,
      promoterResponses: 5,
    });
    expect(top.z).toBeGreaterThan(0);
    expect(top.logOdds).toBeGreaterThan(0);
  });

  it('leaves out themes that lean towards promoters', () => {
    const keys = overrepresentedThemes(detractors, promoters).map((t) => t.key);
    expect(keys).not.toContain('ystävällin');
    expect(keys).not.toContain('friendli');
  });

  it('ranks by z, best first', () => {
    const zs = overrepresentedThemes(detractors, promoters, { minDocuments: 2 }).map((t) => t.z);
    expect(zs).toEqual([...zs].sort((a, b) => b - a));
  });

  it('measures shares within the theme\u2019s own language', () => {
    const queue = overrepresentedThemes(detractors, promoters, { minDocuments: 2 }).find(
      (t) => t.language === 'en' && t.key === 'queue',
    );
    expect(queue).toMatchObject({ detractors: 2, detractorResponses: 2, promoters: 0, promoterResponses: 2 });
  });

  it('applies the minimum support over both groups', () => {
    const keys = overrepresentedThemes(detractors, promoters, { minDocuments: 3 }).map((t) => t.key);
    expect(keys).toEqual(['jono']);
  });

  it('honours minZ and limit', () => {
    expect(overrepresentedThemes(detractors, promoters, { minDocuments: 1, limit: 2 })).toHaveLength(2);
    expect(overrepresentedThemes(detractors, promoters, { minDocuments: 1, minZ: 100 })).toEqual([]);
  });

  it('is empty with no answers', () => {
    expect(overrepresentedThemes([], [])).toEqual([]);
  });
});
