import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';

import { Clock } from '../common/clock';
import { GroupCommit } from '../common/group-commit';
import { LOGGER } from '../common/logger';
import { CounterMetric, HistogramMetric, Metrics } from '../common/metrics';
import { openSecret } from '../common/secret-box';
import { APP_CONFIG, AppConfig } from '../config/config';
import { decideAfterAttempt, signingSecrets } from './delivery-outcome';
import { buildWebhookHeaders, toUnixSeconds } from './standard-webhooks';
import { AttemptRecord, ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { PostResult, WebhookHttpClient } from './webhook-http-client';

/** A delivery's state after an attempt, as the metric names what came of the attempt. */
const ATTEMPT_OUTCOMES: Record<AttemptRecord['status'], string> = {
  delivered: 'delivered',
  pending: 'retry',
  failed: 'failed',
  disabled: 'disabled',
};

/** Rows per claim statement. */
const CLAIM_BATCH = 200;
/** Sockets per receiver: enough for a fast CRM, a cap on what one slow CRM can tie up. */
const SOCKETS_PER_HOST = 64;
/** A claim lasts well past one attempt's deadline; after it the delivery is due again for any worker. */
const LEASE_MARGIN_MS = 45_000;

/**
 * Delivers due webhook deliveries: claims them in batches, POSTs them concurrently over keep-alive
 * sockets, and writes the results in batches (deliveries and attempt log in one statement). It
 * refills when half its slots are free, so a slow receiver holds only its own slots, never a batch.
 *
 * Due times come from the injected Clock (tests move it); the `webhook-timestamp` header is the
 * real wall-clock time of the attempt, because receivers check it against theirs.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly http: WebhookHttpClient;
  private readonly writer: GroupCommit<AttemptRecord, void>;
  private readonly concurrency: number;
  private readonly opened = new Map<string, string>();
  private inFlight = 0;
  private filling: Promise<number> | null = null;
  /** A wake-up came after the running claim began: claim again when it ends, or its commit may be missed. */
  private wakePending = false;
  /** The last claim found less than it asked for: wait for a wake-up or the poll before asking again. */
  private exhausted = false;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;
  private readonly attempts: CounterMetric<'outcome'>;
  private readonly attemptLatency: HistogramMetric<'outcome'>;

  constructor(
    private readonly store: WebhookDeliveriesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.attempts = metrics.counter(
      'palaute_webhook_attempts_total',
      'Webhook delivery attempts by what came of them: delivered, retry (scheduled again), failed (gave up), disabled (410 Gone).',
      ['outcome'],
    );
    this.attemptLatency = metrics.histogram(
      'palaute_webhook_attempt_duration_seconds',
      'How long one webhook attempt took (connect to response or error), by outcome.',
      ['outcome'],
    );
    this.concurrency = config.webhooks.concurrency;
    this.http = new WebhookHttpClient({
      timeoutMs: config.webhooks.timeoutMs,
      maxSocketsPerHost: SOCKETS_PER_HOST,
      allowPrivate: config.webhooks.allowPrivateNetworks,
    });
    this.writer = new GroupCommit(
      (records) => this.store.write(records).then(() => records.map(() => undefined)),
      500,
      2,
    );
  }

  /** New work may be due: claim what fits. Cheap to call often; claims never overlap in a process. */
  wake(): void {
    this.wakePending = true;
    this.kick();
  }

  /**
   * Delivers everything due now and waits for the results to be written; repeats until nothing is
   * due. Tests call it after moving the clock; the worker's loop does not need it.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      this.exhausted = false;
      const claimed = await this.fill();
      total += claimed;
      await this.idle();
      if (claimed === 0) return total;
    }
  }

  /** Stops claiming and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.filling;
    await this.idle();
    this.http.close();
  }

  private kick(): void {
    if (this.stopped || this.filling) return;
    void this.fill();
  }

  /** Claims until the slots are full or nothing more is due; one fill at a time per process. */
  private fill(): Promise<number> {
    if (this.filling) return this.filling.then(() => this.fill());
    this.filling = this.claimAndStart()
      .catch((err: Error) => {
        this.log.error({ err: err.message }, 'webhooks: claiming deliveries failed; retrying at the next poll');
        return 0;
      })
      .finally(() => {
        this.filling = null;
        if (this.wakePending) {
          this.exhausted = false;
          this.kick();
        }
      });
    return this.filling;
  }

  private async claimAndStart(): Promise<number> {
    let total = 0;
    // Consumed even when every slot is busy: completions refill then, and a wake-up left pending
    // here would make the next fill start again at once, forever.
    this.wakePending = false;
    while (!this.stopped && this.inFlight < this.concurrency) {
      const want = Math.min(CLAIM_BATCH, this.concurrency - this.inFlight);
      const now = this.clock.now();
      const claimed = await this.store.claim(
        now,
        new Date(now.getTime() + this.config.webhooks.timeoutMs + LEASE_MARGIN_MS),
        want,
      );
      total += claimed.length;
      const parked = claimed.filter((d) => !d.enabled).map((d) => d.id);
      if (parked.length) await this.store.park(parked);
      for (const delivery of claimed) if (delivery.enabled) this.start(delivery);
      this.exhausted = claimed.length < want;
      if (this.exhausted) break;
    }
    return total;
  }

  private start(delivery: ClaimedDelivery): void {
    this.inFlight++;
    this.attempt(delivery)
      .catch((err: Error) =>
        this.log.error(
          { err: err.message, deliveryId: delivery.id },
          'webhooks: recording an attempt failed; the lease will bring it back',
        ),
      )
      .finally(() => {
        this.inFlight--;
        if (this.inFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
        if (!this.exhausted && this.inFlight <= this.concurrency / 2) this.kick();
      });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const attemptedAt = this.clock.now();
    let result: PostResult;
    try {
      const secrets = signingSecrets(
        this.open(delivery.secretSealed),
        delivery.previousSecretSealed && this.open(delivery.previousSecretSealed),
        delivery.previousSecretExpiresAt,
        attemptedAt,
      );
      const headers = buildWebhookHeaders({
        id: delivery.messageId,
        timestamp: toUnixSeconds(new Date()),
        body: delivery.payload,
        secrets,
      });
      result = await this.http.post(delivery.url, headers, delivery.payload);
    } catch (err) {
      // Cannot sign (SECRETS_KEY missing or changed): a failed attempt that retries on schedule.
      result = {
        outcome: { kind: 'network', code: 'ESIGN' },
        latencyMs: 0,
        error: `cannot sign: ${(err as Error).message}`,
      };
    }
    const decision = decideAfterAttempt(delivery, result, attemptedAt, this.clock.now());
    const outcome = ATTEMPT_OUTCOMES[decision.record.status];
    this.attempts.inc({ outcome });
    this.attemptLatency.observe({ outcome }, result.latencyMs / 1000);
    if (decision.disableEndpoint) {
      await this.store.disableEndpoint(delivery.endpointId, 'The receiver answered 410 Gone.', this.clock.now());
      this.log.warn({ endpointId: delivery.endpointId }, 'webhooks: endpoint answered 410 Gone; disabled');
    }
    await this.writer.submit(decision.record);
  }

  /** Opened secrets by their sealed text: a rotation changes the sealed text, so the cache never goes stale. */
  private open(sealed: string): string {
    let secret = this.opened.get(sealed);
    if (secret === undefined) {
      if (!this.config.secretsKey) throw new Error('SECRETS_KEY is not set');
      secret = openSecret(sealed, this.config.secretsKey);
      if (this.opened.size > 10_000) this.opened.clear();
      this.opened.set(sealed, secret);
    }
    return secret;
  }

  private idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
