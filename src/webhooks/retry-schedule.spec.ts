import {
  type AttemptOutcome,
  classifyAttempt,
  JITTER_FRACTION,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  planNextAttempt,
  REQUEST_TIMEOUT_MS,
  RETRY_DELAYS_MS,
  withJitter,
} from './retry-schedule';

const NOW = new Date('2026-11-02T10:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const middle = (): number => 0.5; // no jitter
const response = (status: number, retryAfter?: string): AttemptOutcome => ({ kind: 'response', status, retryAfter });

describe('constants', () => {
  it('follows the spec example schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(RETRY_DELAYS_MS).toEqual([0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]);
    expect(MAX_ATTEMPTS).toBe(10);
  });

  it('adds up to the spec table total of 75:35:05 from first attempt to last', () => {
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe(75 * H + 35 * M + 5 * S);
  });

  it('times a request out after 15 s and jitters by 10 %', () => {
    expect(REQUEST_TIMEOUT_MS).toBe(15_000);
    expect(JITTER_FRACTION).toBe(0.1);
  });
});

describe('classifyAttempt', () => {
  it.each<[string, AttemptOutcome, ReturnType<typeof classifyAttempt>]>([
    ['200', response(200), { result: 'delivered' }],
    ['201', response(201), { result: 'delivered' }],
    ['204', response(204), { result: 'delivered' }],
    ['299', response(299), { result: 'delivered' }],
    ['410 Gone', response(410), { result: 'endpoint_gone' }],
    ['410 Gone even with Retry-After', response(410, '60'), { result: 'endpoint_gone' }],
    [
      '301 (redirects are not followed)',
      response(301),
      { result: 'failed', reason: 'redirect', throttle: false, retryAfterMs: null },
    ],
    ['304', response(304), { result: 'failed', reason: 'redirect', throttle: false, retryAfterMs: null }],
    ['400', response(400), { result: 'failed', reason: 'client_error', throttle: false, retryAfterMs: null }],
    ['401', response(401), { result: 'failed', reason: 'client_error', throttle: false, retryAfterMs: null }],
    ['404', response(404), { result: 'failed', reason: 'client_error', throttle: false, retryAfterMs: null }],
    ['413', response(413), { result: 'failed', reason: 'client_error', throttle: false, retryAfterMs: null }],
    ['429', response(429), { result: 'failed', reason: 'rate_limited', throttle: true, retryAfterMs: null }],
    [
      '429 with Retry-After: 120',
      response(429, '120'),
      { result: 'failed', reason: 'rate_limited', throttle: true, retryAfterMs: 120 * S },
    ],
    ['500', response(500), { result: 'failed', reason: 'server_error', throttle: false, retryAfterMs: null }],
    ['502 (throttle)', response(502), { result: 'failed', reason: 'server_error', throttle: true, retryAfterMs: null }],
    [
      '503 with Retry-After',
      response(503, '30'),
      { result: 'failed', reason: 'server_error', throttle: false, retryAfterMs: 30 * S },
    ],
    ['504 (throttle)', response(504), { result: 'failed', reason: 'server_error', throttle: true, retryAfterMs: null }],
    ['101', response(101), { result: 'failed', reason: 'invalid_status', throttle: false, retryAfterMs: null }],
    ['0', response(0), { result: 'failed', reason: 'invalid_status', throttle: false, retryAfterMs: null }],
    ['600', response(600), { result: 'failed', reason: 'invalid_status', throttle: false, retryAfterMs: null }],
    ['timeout', { kind: 'timeout' }, { result: 'failed', reason: 'timeout', throttle: false, retryAfterMs: null }],
    [
      'connection refused',
      { kind: 'network', code: 'ECONNREFUSED' },
      { result: 'failed', reason: 'network', throttle: false, retryAfterMs: null },
    ],
  ])('%s', (_name, outcome, expected) => {
    expect(classifyAttempt(outcome, NOW)).toEqual(expected);
  });
});

describe('parseRetryAfter', () => {
  it.each<[string, string | null | undefined, number | null]>([
    ['absent', undefined, null],
    ['null', null, null],
    ['empty', '  ', null],
    ['0 seconds', '0', 0],
    ['120 seconds', '120', 120 * S],
    ['seconds with spaces', ' 30 ', 30 * S],
    ['a week, clamped to 24 h', String(7 * 24 * 3600), MAX_RETRY_AFTER_MS],
    ['IMF-fixdate 90 s ahead', 'Mon, 02 Nov 2026 10:01:30 GMT', 90 * S],
    ['rfc850 date 1 h ahead', 'Monday, 02-Nov-26 11:00:00 GMT', H],
    ['asctime date 2 min ahead (read as GMT)', 'Mon Nov  2 10:02:00 2026', 2 * M],
    ['a date in the past', 'Mon, 02 Nov 2026 09:00:00 GMT', 0],
    ['a date 3 days ahead, clamped', 'Thu, 05 Nov 2026 10:00:00 GMT', MAX_RETRY_AFTER_MS],
    ['negative seconds', '-5', null],
    ['fractional seconds', '1.5', null],
    ['an ISO timestamp', '2026-11-02T10:01:00Z', null],
    ['garbage', 'soon', null],
    ['an invalid date', 'Mon, 99 Foo 2026 10:00:00 GMT', null],
  ])('%s', (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('withJitter', () => {
  it.each([
    [0, 0, 0],
    [0, 0.99, 0],
    [10 * S, 0, 9 * S],
    [10 * S, 0.5, 10 * S],
    [10 * S, 0.75, 10.5 * S],
    [2 * H, 0, 108 * M],
  ])('%i ms with random %d gives %i ms', (delay, r, expected) => {
    expect(withJitter(delay, () => r)).toBe(expected);
  });

  it('stays within ±10 % with the real random source', () => {
    for (let i = 0; i < 1000; i++) {
      const value = withJitter(5 * M, Math.random);
      expect(value).toBeGreaterThanOrEqual(4.5 * M);
      expect(value).toBeLessThanOrEqual(5.5 * M);
    }
  });
});

describe('planNextAttempt', () => {
  it.each(RETRY_DELAYS_MS.slice(1).map((delay, i) => [i + 1, delay] as const))(
    'after failed attempt %i waits %i ms',
    (attemptsMade, delay) => {
      expect(planNextAttempt({ attemptsMade, outcome: response(500), now: NOW, random: middle })).toEqual({
        action: 'retry',
        delayMs: delay,
        reason: 'server_error',
        throttle: false,
      });
    },
  );

  it('gives up after the tenth failed attempt', () => {
    expect(planNextAttempt({ attemptsMade: 10, outcome: { kind: 'timeout' }, now: NOW })).toEqual({
      action: 'give_up',
      reason: 'timeout',
    });
    expect(planNextAttempt({ attemptsMade: 11, outcome: response(503), now: NOW })).toEqual({
      action: 'give_up',
      reason: 'server_error',
    });
  });

  it('is done on 2xx and disables on 410, whatever the attempt number', () => {
    for (const attemptsMade of [1, 5, 10]) {
      expect(planNextAttempt({ attemptsMade, outcome: response(200), now: NOW })).toEqual({ action: 'done' });
      expect(planNextAttempt({ attemptsMade, outcome: response(410), now: NOW })).toEqual({
        action: 'disable_endpoint',
      });
    }
  });

  it.each([
    ['longer than the schedule wins', 2, '600', 600 * S],
    ['shorter than the schedule loses', 3, '10', 30 * M],
    ['zero cannot pull a retry forward', 2, '0', 5 * M],
    ['a month is clamped to 24 h', 2, String(30 * 24 * 3600), MAX_RETRY_AFTER_MS],
    ['an HTTP date 3 h ahead wins over 2 h', 4, 'Mon, 02 Nov 2026 13:00:00 GMT', 3 * H],
  ])('Retry-After %s', (_name, attemptsMade, retryAfter, expected) => {
    const step = planNextAttempt({ attemptsMade, outcome: response(429, retryAfter), now: NOW, random: middle });
    expect(step).toEqual({ action: 'retry', delayMs: expected, reason: 'rate_limited', throttle: true });
  });

  it('does not grant an extra attempt for a Retry-After on the last one', () => {
    expect(planNextAttempt({ attemptsMade: MAX_ATTEMPTS, outcome: response(429, '5'), now: NOW })).toEqual({
      action: 'give_up',
      reason: 'rate_limited',
    });
  });

  it('applies jitter to the scheduled delay', () => {
    const low = planNextAttempt({ attemptsMade: 2, outcome: response(500), now: NOW, random: () => 0 });
    const high = planNextAttempt({ attemptsMade: 2, outcome: response(500), now: NOW, random: () => 0.999999 });
    expect(low).toMatchObject({ delayMs: 4.5 * M });
    expect(high).toMatchObject({ delayMs: Math.round(5 * M * 1.0999998) });
  });

  it.each([0, -1, 1.5])('refuses attemptsMade = %d', (attemptsMade) => {
    expect(() => planNextAttempt({ attemptsMade, outcome: response(500), now: NOW })).toThrow(/attemptsMade/);
  });

  it('replays the issue scenario: fails twice, then succeeds, on the third attempt', () => {
    const outcomes = [response(500), { kind: 'timeout' } as const, response(200)];
    const steps = outcomes.map((outcome, i) =>
      planNextAttempt({ attemptsMade: i + 1, outcome, now: NOW, random: middle }),
    );
    expect(steps.map((s) => s.action)).toEqual(['retry', 'retry', 'done']);
    expect(steps.slice(0, 2).map((s) => (s.action === 'retry' ? s.delayMs : null))).toEqual([5 * S, 5 * M]);
  });
});
