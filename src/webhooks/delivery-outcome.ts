import { MAX_ATTEMPTS, planNextAttempt } from './retry-schedule';
import type { AttemptRecord } from './webhook-deliveries.repository';
import type { PostResult } from './webhook-http-client';

/** Where a delivery stands before an attempt. */
export interface DeliveryState {
  id: string;
  /** Attempts made before this one, all time. */
  attempts: number;
  /** `attempts` at the last replay; the retry schedule counts from here. */
  replayBase: number;
}

export interface AttemptDecision {
  record: AttemptRecord;
  /** The receiver answered 410 Gone: disable the endpoint and park its pending deliveries. */
  disableEndpoint: boolean;
}

/**
 * What to write after one attempt: the log line and the delivery's next state. A replay starts the
 * schedule again (attemptsMade counts from the replay) while the log keeps numbering attempts.
 */
export function decideAfterAttempt(
  delivery: DeliveryState,
  result: PostResult,
  attemptedAt: Date,
  now: Date,
  random: () => number = Math.random,
): AttemptDecision {
  const attempt = delivery.attempts + 1;
  const attemptsMade = Math.min(Math.max(attempt - delivery.replayBase, 1), MAX_ATTEMPTS);
  const step = planNextAttempt({ attemptsMade, outcome: result.outcome, now, random });
  const httpStatus = result.outcome.kind === 'response' ? result.outcome.status : null;
  const base = {
    deliveryId: delivery.id,
    attempt,
    attemptedAt,
    httpStatus,
    latencyMs: result.latencyMs,
    error: result.error,
  };
  switch (step.action) {
    case 'done':
      return { record: { ...base, status: 'delivered', nextAttemptAt: null }, disableEndpoint: false };
    case 'disable_endpoint':
      return {
        record: { ...base, error: result.error ?? 'HTTP 410', status: 'disabled', nextAttemptAt: null },
        disableEndpoint: true,
      };
    case 'retry':
      return {
        record: { ...base, status: 'pending', nextAttemptAt: new Date(now.getTime() + step.delayMs) },
        disableEndpoint: false,
      };
    case 'give_up':
      return { record: { ...base, status: 'failed', nextAttemptAt: null }, disableEndpoint: false };
  }
}

/**
 * The secrets that sign an attempt, newest first: the current one, plus the previous one while its
 * rotation grace period lasts, so receivers can switch keys whenever they like within it.
 */
export function signingSecrets(
  current: string,
  previous: string | null,
  previousExpiresAt: Date | null,
  now: Date,
): string[] {
  return previous && previousExpiresAt && previousExpiresAt.getTime() > now.getTime() ? [current, previous] : [current];
}
