import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import {
  DISPATCH_QUEUE,
  PalauteJob,
  PeriodicJobName,
  periodicQueueName,
  queueForChannel,
  sendJobId,
  SendQueueName,
  SMS_QUEUE,
  VOICE_QUEUE,
} from './jobs';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The Twilio queues are paused for every worker when Twilio answers 429 (`rateLimit` in the send
 * consumer). BullMQ honours such a pause only in workers that have a limiter (without one,
 * fetching ignores it and only the worker that was refused waits), so these get one that never
 * limits by itself: a million jobs a second. Per-sender rates are the sender rate limiter's job.
 */
const PAUSE_ONLY_LIMITER = { max: 1_000_000, duration: 1000 };
const PAUSED_BY_429: ReadonlySet<SendQueueName> = new Set([SMS_QUEUE, VOICE_QUEUE]);

/** A send queue's processor: the job, BullMQ's handle on it, the lock token, and the worker (for its rate limiter). */
export type SendJobHandler = (job: PalauteJob, raw: Job, token: string | undefined, worker: Worker) => Promise<unknown>;

/** A task the worker role runs every `everyMs`, one run at a time across all workers. */
export interface PeriodicTask {
  name: PeriodicJobName;
  everyMs: number;
  /**
   * A pause after each run before the next may start. For a task that drains work as fast as it
   * arrives: under load its runs then alternate with rests instead of running back to back, so it
   * yields the database to the hot paths (the follow-up loop rests 250 ms, as it always has).
   */
  restMs?: number;
  run(): Promise<unknown>;
}

interface Consumer {
  queue: SendQueueName;
  handler: SendJobHandler;
  onFailed?: (job: Job | undefined, err: Error) => void;
}

/**
 * Owns the Redis connections, the queues and the one worker lifecycle: modules register their
 * send-queue consumers and periodic tasks while the app initialises (onModuleInit); in the worker
 * role this service starts them all once the app is up and closes them on shutdown.
 */
@Injectable()
export class QueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly connection: Redis;
  private readonly queues: Record<SendQueueName, Queue>;
  private readonly consumers: Consumer[] = [];
  private readonly periodicTasks = new Map<PeriodicJobName, PeriodicTask>();
  private readonly periodic = new Map<PeriodicJobName, { queue: Queue; worker: Worker }>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    const open = (name: SendQueueName) => this.openQueue(name, DEFAULT_JOB_OPTIONS);
    this.queues = {
      [DISPATCH_QUEUE]: open(DISPATCH_QUEUE),
      [SMS_QUEUE]: open(SMS_QUEUE),
      [VOICE_QUEUE]: open(VOICE_QUEUE),
    };
  }

  /** Schedules invitation sends on their channel's queue; `delayMs` ≤ 0 means now. One round trip per queue. */
  async enqueueSends(
    sends: Array<{ invitationId: string; step: number; channel: string; delayMs: number }>,
  ): Promise<void> {
    const byQueue = new Map<SendQueueName, typeof sends>();
    for (const s of sends) {
      const name = queueForChannel(s.channel);
      byQueue.set(name, [...(byQueue.get(name) ?? []), s]);
    }
    await Promise.all(
      [...byQueue].map(([name, list]) =>
        this.queues[name].addBulk(
          list.map((s) => ({
            name: 'invitation.send' as const,
            data: { invitationId: s.invitationId, step: s.step } satisfies PalauteJob['data'],
            opts: { jobId: sendJobId(s.invitationId, s.step), delay: Math.max(0, s.delayMs) },
          })),
        ),
      ),
    );
  }

  /** After SMS opt-outs: a job per contact cancels its scheduled texts (each opt-out gets its own job, so a later one is never collapsed into an earlier). */
  async enqueueSmsOptOutCleanup(contactIds: string[]): Promise<void> {
    if (contactIds.length === 0) return;
    const at = Date.now();
    await this.queues[DISPATCH_QUEUE].addBulk(
      contactIds.map((contactId) => ({
        name: 'contact.sms-opted-out',
        data: { contactId },
        opts: { jobId: `sms-opt-out-${contactId}-${at}` },
      })),
    );
  }

  /** A reminder for an invitation step, due in `delayMs`; deterministic id, so a repeat adds nothing. */
  async enqueueReminder(invitationId: string, step: number, delayMs: number): Promise<void> {
    await this.queues[DISPATCH_QUEUE].add(
      'invitation.remind',
      { invitationId, step },
      { jobId: `remind-${invitationId}-${step}`, delay: Math.max(0, delayMs) },
    );
  }

  /** Registers the processor of a send queue; started in the worker role. Call from onModuleInit. */
  consume(queue: SendQueueName, handler: SendJobHandler, onFailed?: Consumer['onFailed']): void {
    this.consumers.push({ queue, handler, onFailed });
  }

  /** Registers a periodic task; started in the worker role. Call from onModuleInit. */
  schedule(task: PeriodicTask): void {
    this.periodicTasks.set(task.name, task);
  }

  /** Whether this process runs workers (ROLE worker or all). */
  get runsWorkers(): boolean {
    return this.config.role !== 'api';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsWorkers) return;
    for (const c of this.consumers) this.startConsumer(c);
    for (const task of this.periodicTasks.values()) await this.startPeriodic(task);
  }

  /**
   * Stops one periodic task in this process (waits for a run in progress). Tests that drive a
   * task by hand call it so no background run races them.
   */
  async stopPeriodic(name: PeriodicJobName): Promise<void> {
    // Paused, not closed: its connections stay until shutdown closes everything in order.
    await this.periodic.get(name)?.worker.pause();
  }

  private startConsumer(c: Consumer): void {
    const worker: Worker = this.startWorker(
      c.queue,
      this.config.sendConcurrency,
      (raw, token) => c.handler(raw as unknown as PalauteJob, raw, token, worker),
      PAUSED_BY_429.has(c.queue) ? PAUSE_ONLY_LIMITER : undefined,
    );
    worker.on('failed', (job, err) => c.onFailed?.(job, err));
  }

  private async startPeriodic(task: PeriodicTask): Promise<void> {
    const queue = this.openQueue(periodicQueueName(task.name), { removeOnComplete: true, removeOnFail: 100 });
    // One run at a time however many workers consume the queue: the scheduler adds the next job
    // when a run starts, and it waits until that run is done.
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(task.name, { every: task.everyMs }, { name: task.name, data: {} });
    const worker = this.startWorker(periodicQueueName(task.name), 1, async () => {
      try {
        await task.run();
      } catch (err) {
        this.log.error(
          { job: task.name, err: (err as Error).message },
          'periodic job failed; it runs again on schedule',
        );
      }
      // The job stays active while it rests, so the queue's one slot keeps the next run waiting.
      if (task.restMs) await new Promise((resolve) => setTimeout(resolve, task.restMs));
    });
    this.periodic.set(task.name, { queue, worker });
  }

  private openQueue(name: string, defaultJobOptions: JobsOptions): Queue {
    const queue = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix, defaultJobOptions });
    // A Redis hiccup is reported by ioredis on every client; without a listener it would crash the process.
    queue.on('error', (err) => this.log.warn({ queue: name, err: err.message }, 'queue connection error'));
    return queue;
  }

  private startWorker(
    name: string,
    concurrency: number,
    processor: (job: Job, token?: string) => Promise<unknown>,
    limiter?: { max: number; duration: number },
  ): Worker {
    const connection = this.connection.duplicate();
    this.workerConnections.push(connection);
    const worker = new Worker(name, processor, {
      connection,
      prefix: this.config.queuePrefix,
      concurrency,
      lockDuration: this.config.queueLockMs,
      stalledInterval: Math.max(1000, Math.floor(this.config.queueLockMs / 2)),
      // A crash mid-send leaves the job stalled; let it be picked up again rather than failed.
      maxStalledCount: 5,
      ...(limiter ? { limiter } : {}),
    });
    worker.on('error', (err) => this.log.error({ queue: name, err: err.message }, 'worker error'));
    this.workers.push(worker);
    return worker;
  }

  async ping(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    // Closing a worker waits for its active jobs, so a deploy never cuts a send in half.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(
      [...Object.values(this.queues), ...[...this.periodic.values()].map((p) => p.queue)].map((q) => q.close()),
    );
    // BullMQ leaves connections it was handed open; they are ours to close.
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }
}
