import { decideAfterAttempt, signingSecrets } from './delivery-outcome';
import { MAX_ATTEMPTS } from './retry-schedule';
import type { PostResult } from './webhook-http-client';

const now = new Date('2026-11-02T10:00:00Z');
const attemptedAt = new Date('2026-11-02T09:59:59Z');
const midpoint = () => 0.5; // no jitter
const response = (status: number, retryAfter?: string): PostResult => ({
  outcome: { kind: 'response', status, retryAfter },
  latencyMs: 12,
  error: status < 300 ? null : `HTTP ${status}`,
});
const delivery = (attempts: number, replayBase = 0) => ({ id: '7', attempts, replayBase });

describe('decideAfterAttempt', () => {
  it('marks a 2xx delivered and logs it as the next attempt number', () => {
    expect(decideAfterAttempt(delivery(2), response(204), attemptedAt, now, midpoint)).toEqual({
      record: {
        deliveryId: '7',
        attempt: 3,
        attemptedAt,
        httpStatus: 204,
        latencyMs: 12,
        error: null,
        status: 'delivered',
        nextAttemptAt: null,
      },
      disableEndpoint: false,
    });
  });

  it('schedules the next attempt from the spec schedule', () => {
    const first = decideAfterAttempt(delivery(0), response(500), attemptedAt, now, midpoint);
    expect(first.record).toMatchObject({
      status: 'pending',
      attempt: 1,
      httpStatus: 500,
      error: 'HTTP 500',
      nextAttemptAt: new Date(now.getTime() + 5000),
    });
    const second = decideAfterAttempt(delivery(1), response(500), attemptedAt, now, midpoint);
    expect(second.record.nextAttemptAt).toEqual(new Date(now.getTime() + 5 * 60_000));
  });

  it('lets Retry-After push the next attempt later', () => {
    const d = decideAfterAttempt(delivery(0), response(429, '120'), attemptedAt, now, midpoint);
    expect(d.record.nextAttemptAt).toEqual(new Date(now.getTime() + 120_000));
  });

  it('disables the endpoint on 410', () => {
    const d = decideAfterAttempt(delivery(0), response(410), attemptedAt, now, midpoint);
    expect(d).toMatchObject({
      disableEndpoint: true,
      record: { status: 'disabled', httpStatus: 410, nextAttemptAt: null },
    });
  });

  it('fails for good after the last attempt, and a replay starts the schedule again', () => {
    expect(
      decideAfterAttempt(delivery(MAX_ATTEMPTS - 1), response(500), attemptedAt, now, midpoint).record.status,
    ).toBe('failed');
    const replayed = decideAfterAttempt(
      delivery(MAX_ATTEMPTS, MAX_ATTEMPTS),
      response(500),
      attemptedAt,
      now,
      midpoint,
    );
    expect(replayed.record).toMatchObject({
      status: 'pending',
      attempt: MAX_ATTEMPTS + 1,
      nextAttemptAt: new Date(now.getTime() + 5000),
    });
  });

  it('records a timeout without a status', () => {
    const d = decideAfterAttempt(
      delivery(0),
      { outcome: { kind: 'timeout' }, latencyMs: 15000, error: 'no complete response within 15000 ms' },
      attemptedAt,
      now,
      midpoint,
    );
    expect(d.record).toMatchObject({
      status: 'pending',
      httpStatus: null,
      latencyMs: 15000,
      error: expect.stringContaining('15000'),
    });
  });
});

describe('signingSecrets', () => {
  it('adds the previous secret only while its grace period lasts', () => {
    const later = new Date(now.getTime() + 1000);
    expect(signingSecrets('new', 'old', later, now)).toEqual(['new', 'old']);
    expect(signingSecrets('new', 'old', now, now)).toEqual(['new']);
    expect(signingSecrets('new', null, null, now)).toEqual(['new']);
  });
});
