import { senderRateKey, slotDecision, slotIntervalUs } from './sender-rate-limiter';

describe('slotIntervalUs', () => {
  it.each([
    // [messages per second, microseconds between slots]
    [1, 1_000_000], // a US long code
    [5, 200_000],
    [10, 100_000], // SMS_PER_SECOND's default
    [100, 10_000], // a short code
    [3, 333_333], // rounded to the nearest microsecond
    [0.5, 2_000_000], // one message every two seconds
    [10_000, 100], // the configurable maximum
    [3_000_000, 1], // faster than a microsecond still spaces by one
  ])('%d/s → %d µs', (perSecond, us) => {
    expect(slotIntervalUs(perSecond)).toBe(us);
  });
});

describe('slotDecision', () => {
  it.each([
    // [script reply, decision]
    [[1, 0], { reserved: true, waitMs: 0 }],
    [[1, 999], { reserved: true, waitMs: 0 }], // under a millisecond: send now
    [[1, 1000], { reserved: true, waitMs: 1 }],
    [[1, 199_999], { reserved: true, waitMs: 199 }], // rounded down: the slot is already near
    [[1, 1_000_000], { reserved: true, waitMs: 1000 }], // exactly maxWait is still reserved
    [[0, 1_000_001], { reserved: false, waitMs: 1001 }], // refused: rounded up, never early
    [[0, 2_500_000], { reserved: false, waitMs: 2500 }],
  ] as Array<[[number, number], { reserved: boolean; waitMs: number }]>)('%j → %j', (reply, decision) => {
    expect(slotDecision(reply)).toEqual(decision);
  });
});

describe('senderRateKey', () => {
  it('keys the schedule by queue prefix and sender, so calls and texts of one account keep separate schedules', () => {
    expect(senderRateKey('palaute', '+15005550006')).toBe('palaute:sms-rate:+15005550006');
    expect(senderRateKey('palaute', 'calls:AC00')).toBe('palaute:sms-rate:calls:AC00');
    expect(senderRateKey('a', 'MG1')).not.toBe(senderRateKey('b', 'MG1'));
  });
});
