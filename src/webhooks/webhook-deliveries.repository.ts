import { Injectable } from '@nestjs/common';

import { Queryable, Sql } from '../database/sql';

/** Where a delivery stands: waiting (or in flight), done, given up, or parked with its endpoint. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'disabled';

/** A delivery taken by one worker for one attempt, with what it needs to sign and send. */
export interface ClaimedDelivery {
  id: string;
  /** Attempts made before this one (all time); this attempt is number attempts + 1. */
  attempts: number;
  /** `attempts` at the last replay: the retry schedule counts from here. */
  replayBase: number;
  messageId: string;
  payload: string;
  endpointId: string;
  url: string;
  enabled: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/** The outcome of one attempt, as written back. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  attemptedAt: Date;
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  status: DeliveryStatus;
  /** When to try again (status pending). */
  nextAttemptAt: Date | null;
}

/**
 * Takes due deliveries. The claim pushes next_attempt_at to the lease's end: a worker that dies
 * mid-attempt leaves its deliveries due again once the lease runs out, with no sweeper. SKIP LOCKED
 * lets several workers claim side by side without waiting on each other.
 */
const CLAIM_SQL = `
  UPDATE webhook_deliveries d SET lease_until = $2, next_attempt_at = $2
  FROM webhook_messages m, webhook_endpoints e
  WHERE d.id IN (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= $1
      ORDER BY next_attempt_at LIMIT $3
      FOR UPDATE SKIP LOCKED)
    AND m.id = d.message_id AND e.id = d.endpoint_id
  RETURNING d.id, d.attempts, d.replay_base, d.message_id, m.payload, e.id AS endpoint_id, e.url, e.enabled,
            e.secret_sealed, e.previous_secret_sealed, e.previous_secret_expires_at`;

/**
 * Every result of a batch in one statement: the deliveries' new state and the attempt log. A result
 * does not move a delivery that left 'pending' meanwhile (its endpoint was disabled), unless it
 * was delivered after all.
 */
const WRITE_SQL = `
  WITH r AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::timestamptz[], $4::int[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
      AS r(id, attempt, attempted_at, http_status, latency_ms, error, status, next_at)
  ), updated AS (
    UPDATE webhook_deliveries d SET
      status = r.status, attempts = GREATEST(d.attempts, r.attempt), lease_until = NULL,
      next_attempt_at = COALESCE(r.next_at, d.next_attempt_at),
      last_status = r.http_status, last_error = r.error, last_attempt_at = r.attempted_at,
      delivered_at = CASE WHEN r.status = 'delivered' THEN r.attempted_at ELSE d.delivered_at END
    FROM r WHERE d.id = r.id AND (d.status = 'pending' OR r.status = 'delivered')
  )
  INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status, latency_ms, error)
  SELECT id, attempt, attempted_at, http_status, latency_ms, error FROM r`;

/** A claimed delivery as the claim statement returns it. */
interface ClaimRow {
  /** bigint: pg returns it as text. */
  id: string;
  attempts: number;
  replay_base: number;
  message_id: string;
  payload: string;
  endpoint_id: string;
  url: string;
  enabled: boolean;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

/** The deliveries table as the dispatcher sees it: claims, results, parking. Rows are mapped to camelCase here. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly db: Sql) {}

  async claim(now: Date, leaseUntil: Date, limit: number, tx: Queryable = this.db): Promise<ClaimedDelivery[]> {
    const rows = await tx.query<ClaimRow>(CLAIM_SQL, [now, leaseUntil, limit], 'webhooks-claim');
    return rows.map((r) => ({
      id: String(r.id),
      attempts: r.attempts,
      replayBase: r.replay_base,
      messageId: r.message_id,
      payload: r.payload,
      endpointId: r.endpoint_id,
      url: r.url,
      enabled: r.enabled,
      secretSealed: r.secret_sealed,
      previousSecretSealed: r.previous_secret_sealed,
      previousSecretExpiresAt: r.previous_secret_expires_at,
    }));
  }

  async write(records: readonly AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    const col = <T>(f: (r: AttemptRecord) => T) => records.map(f);
    await this.db.query<never>(
      WRITE_SQL,
      [
        col((r) => r.deliveryId),
        col((r) => r.attempt),
        col((r) => r.attemptedAt),
        col((r) => r.httpStatus),
        col((r) => r.latencyMs),
        col((r) => r.error),
        col((r) => r.status),
        col((r) => r.nextAttemptAt),
      ],
      'webhooks-write',
    );
  }

  /** The receiver answered 410 Gone: no more deliveries until someone re-enables the endpoint. */
  async disableEndpoint(endpointId: string, reason: string, at: Date): Promise<void> {
    await this.db.query<never>(
      `WITH e AS (UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = $3, updated_at = $3 WHERE id = $1 AND enabled RETURNING id)
       UPDATE webhook_deliveries SET status = 'disabled', lease_until = NULL WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpointId, reason, at],
    );
  }

  /** Claimed deliveries whose endpoint was disabled meanwhile: parked without an attempt. */
  async park(deliveryIds: string[]): Promise<void> {
    await this.db.query<never>(
      `UPDATE webhook_deliveries SET status = 'disabled', lease_until = NULL WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
      [deliveryIds],
    );
  }
}
