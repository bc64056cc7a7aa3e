import { planGrains, Range } from './grain-plan';

const at = (iso: string) => Date.parse(iso);
const iso = (ranges: Range[]) =>
  ranges.map(([a, b]) => [new Date(a).toISOString().slice(0, 16), new Date(b).toISOString().slice(0, 16)]);

describe('planGrains', () => {
  it('reads a year as whole days with hours and buckets only at the ragged ends', () => {
    const plan = planGrains(at('2026-01-01T10:15:00Z'), at('2027-01-01T03:30:00Z'));
    expect(iso(plan.days)).toEqual([['2026-01-02T00:00', '2027-01-01T00:00']]);
    expect(iso(plan.hours)).toEqual([
      ['2026-01-01T11:00', '2026-01-02T00:00'],
      ['2027-01-01T00:00', '2027-01-01T03:00'],
    ]);
    expect(iso(plan.buckets)).toEqual([
      ['2026-01-01T10:15', '2026-01-01T11:00'],
      ['2027-01-01T03:00', '2027-01-01T03:30'],
    ]);
  });

  it('never lets a day or an hour straddle a period: Helsinki days start at 22:00 UTC in winter', () => {
    const plan = planGrains(at('2026-11-01T00:00:00Z'), at('2026-11-08T00:00:00Z'), 'day', 'Europe/Helsinki');
    expect(plan.days).toEqual([]);
    // Every hour, in one range per Helsinki day (so each range can be summed as one row of its period).
    expect(iso(plan.hours)).toEqual([
      ['2026-11-01T00:00', '2026-11-01T22:00'],
      ['2026-11-01T22:00', '2026-11-02T22:00'],
      ['2026-11-02T22:00', '2026-11-03T22:00'],
      ['2026-11-03T22:00', '2026-11-04T22:00'],
      ['2026-11-04T22:00', '2026-11-05T22:00'],
      ['2026-11-05T22:00', '2026-11-06T22:00'],
      ['2026-11-06T22:00', '2026-11-07T22:00'],
      ['2026-11-07T22:00', '2026-11-08T00:00'],
    ]);
    expect(plan.buckets).toEqual([]);
  });

  it('uses whole days inside Helsinki weeks and hours around their Monday-midnight starts', () => {
    const plan = planGrains(at('2026-11-01T00:00:00Z'), at('2026-11-30T00:00:00Z'), 'week', 'Europe/Helsinki');
    // Weeks start on Monday 00:00 Helsinki = Sunday 22:00 UTC (Nov 1, 8, 15, 22, 29 are Sundays).
    expect(iso(plan.days)).toEqual([
      ['2026-11-02T00:00', '2026-11-08T00:00'],
      ['2026-11-09T00:00', '2026-11-15T00:00'],
      ['2026-11-16T00:00', '2026-11-22T00:00'],
      ['2026-11-23T00:00', '2026-11-29T00:00'],
    ]);
    // Each Sunday's 24 hours, cut at 22:00 where the next week starts.
    expect(plan.hours).toHaveLength(10);
    expect(iso(plan.hours.slice(0, 2))).toEqual([
      ['2026-11-01T00:00', '2026-11-01T22:00'],
      ['2026-11-01T22:00', '2026-11-02T00:00'],
    ]);
    expect(plan.buckets).toEqual([]);
  });

  it('falls back to 15-minute buckets around period starts in half-hour zones', () => {
    const plan = planGrains(at('2026-11-01T00:00:00Z'), at('2026-11-03T00:00:00Z'), 'day', 'Asia/Kolkata');
    // Kolkata midnight is 18:30 UTC: the 18:00–19:00 hour is read as four buckets.
    expect(iso(plan.buckets)).toEqual([
      ['2026-11-01T18:00', '2026-11-01T18:30'],
      ['2026-11-01T18:30', '2026-11-01T19:00'],
      ['2026-11-02T18:00', '2026-11-02T18:30'],
      ['2026-11-02T18:30', '2026-11-02T19:00'],
    ]);
    expect(plan.days).toEqual([]);
  });

  it('reads Helsinki weeks as whole days when the day rollups are cut in Helsinki, across the DST change', () => {
    const plan = planGrains(
      at('2026-03-15T22:00:00Z'),
      at('2026-04-05T21:00:00Z'),
      'week',
      'Europe/Helsinki',
      'Europe/Helsinki',
    );
    expect(iso(plan.days)).toEqual([
      ['2026-03-15T22:00', '2026-03-22T22:00'],
      ['2026-03-22T22:00', '2026-03-29T21:00'],
      ['2026-03-29T21:00', '2026-04-05T21:00'],
    ]);
    expect(plan.hours).toEqual([]);
    expect(plan.buckets).toEqual([]);
  });

  it('reads Kolkata months as whole Kolkata days, with hours and buckets only at the ragged ends', () => {
    const plan = planGrains(
      at('2026-01-01T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
      'month',
      'Asia/Kolkata',
      'Asia/Kolkata',
    );
    expect(iso(plan.days)).toEqual([
      ['2026-01-01T18:30', '2026-01-31T18:30'],
      ['2026-01-31T18:30', '2026-02-28T18:30'],
    ]);
    expect(iso(plan.buckets)).toEqual([
      ['2026-01-01T18:00', '2026-01-01T18:30'],
      ['2026-02-28T18:30', '2026-02-28T19:00'],
    ]);
  });

  it('uses days of another zone only where they fit the periods asked for', () => {
    // Day rollups in Helsinki, a UTC weekly trend: the Helsinki day that straddles Monday 00:00 UTC is not used.
    const plan = planGrains(at('2026-11-02T00:00:00Z'), at('2026-11-16T00:00:00Z'), 'week', 'UTC', 'Europe/Helsinki');
    expect(iso(plan.days)).toEqual([
      ['2026-11-02T22:00', '2026-11-08T22:00'],
      ['2026-11-09T22:00', '2026-11-15T22:00'],
    ]);
  });

  it('covers the range exactly once', () => {
    for (const [interval, zone, dayZone] of [
      [undefined, 'UTC', 'UTC'],
      ['day', 'America/St_Johns', 'UTC'],
      ['month', 'Europe/Oslo', 'Europe/Oslo'],
      ['week', 'Pacific/Chatham', 'Asia/Kolkata'],
      ['day', 'UTC', 'America/St_Johns'],
    ] as const) {
      const from = at('2026-02-27T13:45:00Z');
      const to = at('2026-04-03T07:15:00Z');
      const plan = planGrains(from, to, interval, zone, dayZone);
      const all = [...plan.days, ...plan.hours, ...plan.buckets].sort((a, b) => a[0] - b[0]);
      expect(all[0][0]).toBe(from);
      expect(all[all.length - 1][1]).toBe(to);
      for (let i = 1; i < all.length; i++) expect(all[i][0]).toBe(all[i - 1][1]);
    }
  });
});
