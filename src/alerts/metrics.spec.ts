import {
  type AlertTimes,
  durationStats,
  followUpStats,
  followUpStatsBy,
  openAlertsByAge,
  quantileSorted,
} from './metrics';

const T0 = new Date('2026-03-02T08:00:00Z');
const plus = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

type Row = AlertTimes & { team: string | null };
const row = (team: string | null, ackS: number | null, resS: number | null, status?: AlertTimes['status']): Row => ({
  team,
  status: status ?? (resS !== null ? 'resolved' : ackS !== null ? 'acknowledged' : 'open'),
  createdAt: T0,
  acknowledgedAt: ackS === null ? null : plus(ackS),
  resolvedAt: resS === null ? null : plus(resS),
});

describe('quantileSorted', () => {
  it.each<[number[], number, number | null]>([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[10, 20], 0.5, 15],
    [[10, 20, 30], 0.5, 20],
    [[10, 20, 30, 40], 0.5, 25],
    [[10, 20, 30, 40], 0.9, 37],
    [[10, 20, 30, 40], 0, 10],
    [[10, 20, 30, 40], 1, 40],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
  ])('%p q=%p → %p', (values, q, expected) => {
    const got = quantileSorted(values, q);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });
});

describe('durationStats', () => {
  it.each<
    [
      number[],
      number,
      {
        n: number;
        pending: number;
        medianSeconds: number | null;
        p90Seconds: number | null;
        meanSeconds: number | null;
      },
    ]
  >([
    [[], 3, { n: 0, pending: 3, medianSeconds: null, p90Seconds: null, meanSeconds: null }],
    [[100], 0, { n: 1, pending: 0, medianSeconds: 100, p90Seconds: 100, meanSeconds: 100 }],
    [[40, 10, 30, 20], 0, { n: 4, pending: 0, medianSeconds: 25, p90Seconds: 37, meanSeconds: 25 }],
    [
      [60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
      1,
      { n: 10, pending: 1, medianSeconds: 330, p90Seconds: 546, meanSeconds: 330 },
    ],
    // One slow case drags the mean, not the median: why both are reported.
    [[60, 60, 60, 60, 86400], 0, { n: 5, pending: 0, medianSeconds: 60, p90Seconds: 51864, meanSeconds: 17328 }],
    [[0.4, 0.4, 1.6], 0, { n: 3, pending: 0, medianSeconds: 0, p90Seconds: 1, meanSeconds: 1 }],
  ])('%p', (seconds, pending, expected) => {
    expect(durationStats(seconds, pending)).toEqual(expected);
  });
});

describe('followUpStats', () => {
  it('measures acknowledgement for every acknowledged alert and resolution for resolved ones', () => {
    const stats = followUpStats([row('a', 60, 3600), row('a', 120, null), row('a', null, null), row('a', 300, 600)]);
    expect(stats).toEqual({
      alerts: 4,
      timeToAcknowledge: { n: 3, pending: 1, medianSeconds: 120, p90Seconds: 264, meanSeconds: 160 },
      timeToResolve: { n: 2, pending: 2, medianSeconds: 2100, p90Seconds: 3300, meanSeconds: 2100 },
    });
  });

  it('does not count a reopened alert as resolved, but keeps its first acknowledgement', () => {
    const reopened: AlertTimes = { status: 'open', createdAt: T0, acknowledgedAt: plus(60), resolvedAt: null };
    expect(followUpStats([reopened])).toMatchObject({
      timeToAcknowledge: { n: 1, medianSeconds: 60 },
      timeToResolve: { n: 0, pending: 1 },
    });
  });

  it('never reports a negative duration', () => {
    expect(followUpStats([row('a', -30, -10)]).timeToAcknowledge.medianSeconds).toBe(0);
  });

  it('is all null for no alerts', () => {
    expect(followUpStats([])).toEqual({
      alerts: 0,
      timeToAcknowledge: { n: 0, pending: 0, medianSeconds: null, p90Seconds: null, meanSeconds: null },
      timeToResolve: { n: 0, pending: 0, medianSeconds: null, p90Seconds: null, meanSeconds: null },
    });
  });
});

describe('followUpStatsBy', () => {
  it('groups by any key, sorted, with the null group last', () => {
    const rows = [
      row('support', 600, 7200),
      row(null, 60, null),
      row('billing', 60, 120),
      row('billing', 180, 360),
      row('support', 1200, null),
    ];
    const stats = followUpStatsBy(rows, (r) => r.team);
    expect(
      stats.map((s) => [s.key, s.alerts, s.timeToAcknowledge.medianSeconds, s.timeToResolve.medianSeconds]),
    ).toEqual([
      ['billing', 2, 120, 240],
      ['support', 2, 900, 7200],
      [null, 1, 60, null],
    ]);
  });

  it('gives no groups for no alerts', () => {
    expect(followUpStatsBy([] as Row[], (r) => r.team)).toEqual([]);
  });
});

describe('openAlertsByAge', () => {
  const NOW = new Date('2026-03-20T12:00:00Z');
  const aged = (days: number, status: AlertTimes['status'] = 'open'): AlertTimes => ({
    status,
    createdAt: new Date(NOW.getTime() - days * 86400_000),
    acknowledgedAt: status === 'open' ? null : NOW,
    resolvedAt: status === 'resolved' ? NOW : null,
  });
  const totals = (alerts: AlertTimes[]) =>
    openAlertsByAge(alerts, NOW).map((b) => `${b.label}: ${b.open}+${b.acknowledged}=${b.total}`);

  it.each<[string, AlertTimes[], string[]]>([
    ['none', [], ['< 1 day: 0+0=0', '1–3 days: 0+0=0', '3–7 days: 0+0=0', '> 7 days: 0+0=0']],
    [
      'one of each age',
      [aged(0.1), aged(2), aged(5), aged(30)],
      ['< 1 day: 1+0=1', '1–3 days: 1+0=1', '3–7 days: 1+0=1', '> 7 days: 1+0=1'],
    ],
    [
      'bounds belong to the older bucket',
      [aged(1), aged(3), aged(7)],
      ['< 1 day: 0+0=0', '1–3 days: 1+0=1', '3–7 days: 1+0=1', '> 7 days: 1+0=1'],
    ],
    [
      'just under a bound',
      [aged(0.999), aged(2.999), aged(6.999)],
      ['< 1 day: 1+0=1', '1–3 days: 1+0=1', '3–7 days: 1+0=1', '> 7 days: 0+0=0'],
    ],
    [
      'acknowledged counted apart, resolved left out',
      [aged(2, 'acknowledged'), aged(2), aged(2, 'resolved')],
      ['< 1 day: 0+0=0', '1–3 days: 1+1=2', '3–7 days: 0+0=0', '> 7 days: 0+0=0'],
    ],
    [
      'created after now (clock skew)',
      [aged(-0.01)],
      ['< 1 day: 1+0=1', '1–3 days: 0+0=0', '3–7 days: 0+0=0', '> 7 days: 0+0=0'],
    ],
  ])('%s', (_what, alerts, expected) => {
    expect(totals(alerts)).toEqual(expected);
  });

  it('carries the bucket bounds for the digest', () => {
    expect(openAlertsByAge([], NOW).map((b) => [b.fromDays, b.toDays])).toEqual([
      [0, 1],
      [1, 3],
      [3, 7],
      [7, Infinity],
    ]);
  });
});
