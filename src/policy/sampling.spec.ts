import { sampledIn, samplePercentSchema, samplingKey, samplingPoint } from './sampling';

const keys = Array.from({ length: 10_000 }, (_, i) => samplingKey('3f2a9c1e-campaign', `evt-${i}`));

describe('sampledIn', () => {
  it('lands within 28–32% at 30% over 10,000 events, and identically on replay', () => {
    const first = keys.map((k) => sampledIn(k, 30));
    const share = first.filter(Boolean).length / keys.length;
    expect(share).toBeGreaterThanOrEqual(0.28);
    expect(share).toBeLessThanOrEqual(0.32);
    expect(keys.map((k) => sampledIn(k, 30))).toEqual(first);
  });

  it('gives the same answer in every process: a fixed key has a fixed point', () => {
    // Pinned values: if these change, every stored sampling decision stops being reproducible.
    expect(samplingKey('c1', 'evt-1')).toBe('["c1","evt-1"]');
    expect(samplingPoint('["c1","evt-1"]')).toBeCloseTo(0.0616307052, 9);
    expect(sampledIn('["c1","evt-1"]', 7)).toBe(true);
    expect(sampledIn('["c1","evt-1"]', 6)).toBe(false);
  });

  it.each([
    [0, 0],
    [100, 10_000],
  ])('at %d%% takes exactly %d of 10,000', (percent, expected) => {
    expect(keys.filter((k) => sampledIn(k, percent)).length).toBe(expected);
  });

  it.each([1, 10, 50, 90, 99.5])('lands near %d%% over 10,000 events', (percent) => {
    const share = (keys.filter((k) => sampledIn(k, percent)).length / keys.length) * 100;
    expect(Math.abs(share - percent)).toBeLessThan(2);
  });

  it('only adds events when the percentage rises', () => {
    const at30 = keys.filter((k) => sampledIn(k, 30));
    expect(at30.every((k) => sampledIn(k, 31))).toBe(true);
  });

  it('samples each campaign independently', () => {
    const a = Array.from({ length: 10_000 }, (_, i) => sampledIn(samplingKey('campaign-a', `evt-${i}`), 50));
    const b = Array.from({ length: 10_000 }, (_, i) => sampledIn(samplingKey('campaign-b', `evt-${i}`), 50));
    const both = a.filter((x, i) => x && b[i]).length / 10_000;
    expect(Math.abs(both - 0.25)).toBeLessThan(0.02);
  });

  it('keeps key pairs apart that plain concatenation would merge', () => {
    expect(samplingKey('ab', 'c')).not.toBe(samplingKey('a', 'bc'));
  });

  it.each([-1, 100.01, Number.NaN])('refuses %d%%', (percent) => {
    expect(() => sampledIn('k', percent)).toThrow(RangeError);
  });
});

describe('samplePercentSchema', () => {
  it.each([
    [0, true],
    [30, true],
    [12.5, true],
    [100, true],
    [-1, false],
    [101, false],
    ['30', false],
  ])('%j → %s', (input, ok) => {
    expect(samplePercentSchema.safeParse(input).success).toBe(ok);
  });
  it('says what is wrong', () => {
    expect(samplePercentSchema.safeParse(150).error!.issues[0].message).toBe('The sample cannot be above 100%');
  });
});
