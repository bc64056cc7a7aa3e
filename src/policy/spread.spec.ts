import { isInsideWindow, SendingWindow } from './sending-window';
import { spreadSendTime } from './spread';

const SMS: SendingWindow = {
  ranges: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '20:00' },
    { days: ['sat'], start: '10:00', end: '16:00' },
  ],
};
const ids = Array.from({ length: 10_000 }, (_, i) => `inv-${i}`);
const HOUR = 3_600_000;

describe('spreadSendTime', () => {
  const period = { start: new Date('2026-11-24T08:00:00Z'), end: new Date('2026-11-24T18:00:00Z') };

  it('gives an invitation the same time on every retry', () => {
    expect(spreadSendTime('inv-42', period)).toEqual(spreadSendTime('inv-42', period));
    expect(spreadSendTime('inv-42', period)).not.toEqual(spreadSendTime('inv-43', period));
  });

  it('pins the time of a known id, so other processes and releases agree', () => {
    expect(spreadSendTime('inv-1', period).toISOString()).toBe('2026-11-24T08:35:26.293Z');
  });

  it('stays within [start, end) and spreads evenly by the hour', () => {
    const perHour = new Array(10).fill(0);
    for (const id of ids) {
      const t = spreadSendTime(id, period).getTime();
      expect(t).toBeGreaterThanOrEqual(period.start.getTime());
      expect(t).toBeLessThan(period.end.getTime());
      perHour[Math.floor((t - period.start.getTime()) / HOUR)]++;
    }
    for (const n of perHour) expect(Math.abs(n - 1000)).toBeLessThan(150);
  });

  it('uses only the open time of a sending window, in proportion to its length', () => {
    // Friday 14:00 to Monday 10:00 Helsinki: Fri 14–20 (6 h), Sat 10–16 (6 h), Mon 09–10 (1 h).
    const weekend = { start: new Date('2026-11-27T12:00:00Z'), end: new Date('2026-11-30T08:00:00Z') };
    const byDay: Record<string, number> = {};
    for (const id of ids) {
      const t = spreadSendTime(id, weekend, { window: SMS, zone: 'Europe/Helsinki' });
      expect(isInsideWindow(t, SMS, 'Europe/Helsinki')).toBe(true);
      expect(t >= weekend.start && t < weekend.end).toBe(true);
      const day = t.toISOString().slice(0, 10);
      byDay[day] = (byDay[day] ?? 0) + 1;
    }
    expect(Object.keys(byDay).sort()).toEqual(['2026-11-27', '2026-11-28', '2026-11-30']);
    expect(Math.abs(byDay['2026-11-27'] / 10_000 - 6 / 13)).toBeLessThan(0.03);
    expect(Math.abs(byDay['2026-11-30'] / 10_000 - 1 / 13)).toBeLessThan(0.02);
  });

  it('skips holidays inside the period', () => {
    // Monday 6 December 2027 is Independence Day: a Mon–Tue spread goes out on Tuesday only.
    const days = { start: new Date('2027-12-05T22:00:00Z'), end: new Date('2027-12-07T22:00:00Z') };
    for (const id of ids.slice(0, 500)) {
      const t = spreadSendTime(id, days, { window: SMS, zone: 'Europe/Helsinki', holidays: { country: 'FI' } });
      expect(t.toISOString().slice(0, 10)).toBe('2027-12-07');
    }
  });

  it('defers to the next opening when the period has no open time (never dropped)', () => {
    const sunday = { start: new Date('2026-11-29T08:00:00Z'), end: new Date('2026-11-29T12:00:00Z') };
    expect(spreadSendTime('inv-1', sunday, { window: SMS, zone: 'Europe/Helsinki' }).toISOString()).toBe(
      '2026-11-30T07:00:00.000Z',
    );
  });

  it('refuses an empty period', () => {
    expect(() => spreadSendTime('inv-1', { start: period.end, end: period.end })).toThrow(RangeError);
  });
});
