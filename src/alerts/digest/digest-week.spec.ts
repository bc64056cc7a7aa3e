import { dueDigestWeek } from './digest-week';

describe('dueDigestWeek', () => {
  it('on Monday after 08:00 local reports the week that just ended', () => {
    const w = dueDigestWeek(new Date('2026-11-23T06:30:00Z'), 'Europe/Helsinki'); // Mon 08:30 EET
    expect(w.weekStart).toBe('2026-11-16');
    expect(w.from.toISOString()).toBe('2026-11-15T22:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-11-22T22:00:00.000Z');
    expect(w.previousFrom.toISOString()).toBe('2026-11-08T22:00:00.000Z');
    expect(w.dueAt.toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });

  it('before 08:00 on Monday the previous week is still the latest due one', () => {
    expect(dueDigestWeek(new Date('2026-11-23T05:59:00Z'), 'Europe/Helsinki').weekStart).toBe('2026-11-09');
  });

  it('later in the week keeps reporting the same week', () => {
    expect(dueDigestWeek(new Date('2026-11-29T21:59:00Z'), 'Europe/Helsinki').weekStart).toBe('2026-11-16');
    expect(dueDigestWeek(new Date('2026-11-29T22:00:00Z'), 'Europe/Helsinki').weekStart).toBe('2026-11-16'); // Mon 00:00, before 08:00
  });

  it('spans a DST change in local time (167 hours in spring)', () => {
    const w = dueDigestWeek(new Date('2026-04-01T12:00:00Z'), 'Europe/Helsinki'); // Wed after the 29 March change
    expect(w.weekStart).toBe('2026-03-23');
    expect((w.to.getTime() - w.from.getTime()) / 3_600_000).toBe(167);
  });

  it('works in UTC on a Sunday', () => {
    expect(dueDigestWeek(new Date('2026-11-22T23:00:00Z'), 'UTC').weekStart).toBe('2026-11-09');
  });
});
