import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';

import { Metrics } from '../common/metrics';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DISPATCH_QUEUE, PERIODIC_JOBS, periodicQueueName, SMS_QUEUE, VOICE_QUEUE } from './jobs';
import { QueueService } from './queue.service';

/** Job states counted per queue (BullMQ's names). */
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children', 'failed'] as const;

/** How one queue stands: what it holds, how long its oldest jobs have waited or run, and how many are stuck. */
export interface QueueStanding {
  queue: string;
  counts: Record<(typeof STATES)[number], number>;
  /** Seconds since the oldest waiting job fell due (created, plus its delay); 0 when none waits. */
  oldestWaitingSeconds: number;
  /** Seconds the longest-running active job has been running; 0 when none is active. */
  oldestActiveSeconds: number;
  /** Active jobs running for longer than QUEUE_STUCK_MS. */
  stuck: number;
}

/** Readings older than this are read again: one scrape reads Redis once for all its gauges. */
const FRESH_MS = 1000;
const DEADLINE_MS = 2000;

/**
 * Watches every queue (the three send queues and each periodic task's) from any process, API or
 * worker: the figures are the cluster's, read from Redis. Feeds the palaute_queue_* gauges and the
 * readiness check, which reports a queue whose oldest active job outlived QUEUE_STUCK_MS.
 */
@Injectable()
export class QueueMonitor implements OnApplicationShutdown {
  private readonly queues: Queue[];
  private reading?: { at: number; standings: Promise<QueueStanding[]> };

  constructor(
    queueService: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    const names = [DISPATCH_QUEUE, SMS_QUEUE, VOICE_QUEUE, ...PERIODIC_JOBS.map(periodicQueueName)];
    this.queues = names.map(
      (name) => new Queue(name, { connection: queueService.connection, prefix: config.queuePrefix }),
    );
    // The shared connection's errors are reported once, by QueueService's own queues.
    for (const q of this.queues) q.on('error', () => undefined);
    metrics.gauge(
      'palaute_queue_jobs',
      'Jobs per queue and state, read from Redis (the same figure from every process).',
      ['queue', 'state'],
      async (gauge) => {
        for (const s of await this.standings())
          for (const state of STATES) gauge.set({ queue: s.queue, state }, s.counts[state]);
      },
    );
    metrics.gauge(
      'palaute_queue_oldest_waiting_age_seconds',
      'How long the oldest waiting job of each queue has been due.',
      ['queue'],
      async (gauge) => {
        for (const s of await this.standings()) gauge.set({ queue: s.queue }, s.oldestWaitingSeconds);
      },
    );
    metrics.gauge(
      'palaute_queue_oldest_active_age_seconds',
      'How long the longest-running active job of each queue has been running.',
      ['queue'],
      async (gauge) => {
        for (const s of await this.standings()) gauge.set({ queue: s.queue }, s.oldestActiveSeconds);
      },
    );
    metrics.gauge(
      'palaute_queue_stuck_jobs',
      'Active jobs running for longer than QUEUE_STUCK_MS (readiness says degraded while any is).',
      ['queue'],
      async (gauge) => {
        for (const s of await this.standings()) gauge.set({ queue: s.queue }, s.stuck);
      },
    );
  }

  /** After how long an active job counts as stuck (QUEUE_STUCK_MS). */
  get stuckAfterSeconds(): number {
    return this.config.queueStuckMs / 1000;
  }

  /** Every queue's standing (cached for a second; rejects when Redis does not answer within 2 s). */
  standings(): Promise<QueueStanding[]> {
    const now = Date.now();
    if (this.reading && now - this.reading.at < FRESH_MS) return this.reading.standings;
    const standings = withDeadline(Promise.all(this.queues.map((q) => this.read(q, now))), DEADLINE_MS);
    this.reading = { at: now, standings };
    standings.catch(() => (this.reading = undefined));
    return standings;
  }

  async onApplicationShutdown(): Promise<void> {
    // They share QueueService's connection, which it closes itself.
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
  }

  private async read(queue: Queue, now: number): Promise<QueueStanding> {
    const [counts, active, [oldestWaiting]] = await Promise.all([
      queue.getJobCounts(...STATES),
      queue.getJobs(['active']),
      queue.getJobs(['wait'], 0, 0, true),
    ]);
    const runningMs = active.map((job: Job) => now - (job.processedOn ?? now));
    const dueAt = oldestWaiting ? oldestWaiting.timestamp + (oldestWaiting.delay ?? 0) : now;
    return {
      queue: queue.name,
      counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as QueueStanding['counts'],
      oldestWaitingSeconds: Math.max(0, now - dueAt) / 1000,
      oldestActiveSeconds: Math.max(0, ...runningMs) / 1000,
      stuck: runningMs.filter((ms) => ms > this.config.queueStuckMs).length,
    };
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
