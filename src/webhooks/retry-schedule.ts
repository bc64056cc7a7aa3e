/**
 * When to try a webhook message again, and what a response means. Pure: the caller passes the
 * attempt's outcome, the clock and the random source.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The spec recommends 15–30 s; the short end keeps a slow receiver from pinning workers. */
export const REQUEST_TIMEOUT_MS = 15 * SECOND;

/**
 * Delay before each attempt, measured from the previous attempt's failure: the example schedule
 * of the Standard Webhooks spec ("Deliverability and reliability"), ten attempts over about three
 * days and eleven hours. Index 0 is the first delivery.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;

/**
 * Each retry delay moves by a uniform random amount of up to ±10 %, so messages that failed
 * together (one receiver outage) do not all come back in the same second.
 */
export const JITTER_FRACTION = 0.1;

/**
 * A `Retry-After` beyond this is clamped: a receiver must not be able to park a message, or a
 * worker's delayed job, for weeks.
 */
export const MAX_RETRY_AFTER_MS = 24 * HOUR;

/** What one HTTP attempt produced, as the delivery worker saw it. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfter?: string | null }
  | { kind: 'timeout' }
  | { kind: 'network'; code?: string };

export type FailureReason =
  'timeout' | 'network' | 'redirect' | 'rate_limited' | 'server_error' | 'client_error' | 'invalid_status';

export type Classification =
  | { result: 'delivered' }
  | { result: 'endpoint_gone' }
  | {
      result: 'failed';
      reason: FailureReason;
      /** 429, 502 and 504: the spec asks senders to slow down to this endpoint, not just retry. */
      throttle: boolean;
      /** From `Retry-After`, clamped to MAX_RETRY_AFTER_MS; null when absent or unreadable. */
      retryAfterMs: number | null;
    };

const THROTTLE_STATUSES = new Set([429, 502, 504]);

/**
 * Per the spec: 2xx is success; 410 means the receiver wants no more webhooks, so the endpoint is
 * disabled; everything else (3xx included, because redirects are not followed) is a failure that
 * goes through the retry schedule. Other 4xx are retried too: a 401/404 from a CRM is usually a
 * deploy or a key rotation in progress, and giving up at once would lose the event.
 */
export function classifyAttempt(outcome: AttemptOutcome, now: Date): Classification {
  if (outcome.kind === 'timeout') return { result: 'failed', reason: 'timeout', throttle: false, retryAfterMs: null };
  if (outcome.kind === 'network') return { result: 'failed', reason: 'network', throttle: false, retryAfterMs: null };
  const { status } = outcome;
  if (status >= 200 && status <= 299) return { result: 'delivered' };
  if (status === 410) return { result: 'endpoint_gone' };
  const retryAfterMs = parseRetryAfter(outcome.retryAfter, now);
  const throttle = THROTTLE_STATUSES.has(status);
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return { result: 'failed', reason: 'invalid_status', throttle, retryAfterMs };
  const reason: FailureReason =
    status === 429
      ? 'rate_limited'
      : status >= 500
        ? 'server_error'
        : status >= 400
          ? 'client_error'
          : status >= 300
            ? 'redirect'
            : 'invalid_status';
  return { result: 'failed', reason, throttle, retryAfterMs };
}

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * A date in the past reads as 0. Anything unreadable is ignored rather than guessed at.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === '') return null;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * SECOND;
  } else {
    // Date.parse also reads ISO strings and signed numbers; require one of the three HTTP-date
    // shapes. asctime carries no zone and Date.parse would read it as server-local time.
    if (!/^[A-Za-z]{3,9},? /.test(text)) return null;
    const at = Date.parse(/GMT$/.test(text) ? text : `${text} GMT`);
    if (Number.isNaN(at)) return null;
    ms = Math.max(0, at - now.getTime());
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** `delayMs` moved by up to ±JITTER_FRACTION; `random` returns [0, 1) like Math.random. */
export function withJitter(delayMs: number, random: () => number): number {
  if (delayMs === 0) return 0;
  return Math.round(delayMs * (1 + JITTER_FRACTION * (2 * random() - 1)));
}

export type NextStep =
  | { action: 'done' }
  | { action: 'disable_endpoint' }
  | { action: 'retry'; delayMs: number; reason: FailureReason; throttle: boolean }
  | { action: 'give_up'; reason: FailureReason };

export interface PlanInput {
  /** Attempts made so far, including the one that produced `outcome` (1 after the first POST). */
  attemptsMade: number;
  outcome: AttemptOutcome;
  now: Date;
  random?: () => number;
}

/**
 * What the delivery worker does after an attempt. A `Retry-After` can push the next attempt
 * later than the schedule but never earlier: the schedule is the floor that protects a
 * struggling receiver, and `Retry-After: 0` would otherwise turn ten attempts into a burst.
 * A Retry-After does not grant extra attempts; after MAX_ATTEMPTS the message fails for good
 * and can only come back through a manual replay.
 */
export function planNextAttempt(input: PlanInput): NextStep {
  const classification = classifyAttempt(input.outcome, input.now);
  if (classification.result === 'delivered') return { action: 'done' };
  if (classification.result === 'endpoint_gone') return { action: 'disable_endpoint' };
  if (!Number.isInteger(input.attemptsMade) || input.attemptsMade < 1)
    throw new Error('attemptsMade must be a positive integer');
  if (input.attemptsMade >= MAX_ATTEMPTS) return { action: 'give_up', reason: classification.reason };
  const scheduled = withJitter(RETRY_DELAYS_MS[input.attemptsMade], input.random ?? Math.random);
  const delayMs = Math.max(scheduled, classification.retryAfterMs ?? 0);
  return { action: 'retry', delayMs, reason: classification.reason, throttle: classification.throttle };
}
