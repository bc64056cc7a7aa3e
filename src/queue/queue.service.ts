import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { isRequestId } from '../common/request-id';
import { unreachableAtStartup } from '../common/startup-error';
import { APP_CONFIG, AppConfig } from '../config/config';
import {
  Caused,
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

/** Job data with the causing request's id, when there is one. */
function withCause<T extends object>(data: T, requestId: string | undefined): T & Caused {
  return requestId ? { ...data, requestId } : data;
}

/** The id of the request that caused a job (checked: job data is read back from Redis). */
export function requestIdOfJob(job: Job | undefined): string | undefined {
  const id: unknown = (job?.data as Caused | undefined)?.requestId;
  return isRequestId(id) ? id : undefined;
}

/** Send jobs retry SEND_ATTEMPTS times in all, waiting SEND_BACKOFF_MS, then twice as long each time. */
const sendJobOptions = (config: AppConfig): JobsOptions => ({
  attempts: config.sendAttempts,
  backoff: { type: 'exponential', delay: config.sendBackoffMs },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});

/**
 * Rebuilds, from Postgres, queue state that Redis lost (it restarted without persistence, or was
 * replaced): the delayed sends and reminders that were waiting.
 */
export type QueueStateRestorer = () => Promise<unknown>;

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
export class QueueService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly connection: Redis;
  /** Settles with the connection's first outcome: ready, or the error that says why not. */
  private readonly firstConnect: Promise<void>;
  private readonly restorers: QueueStateRestorer[] = [];
  private shuttingDown = false;
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
    this.firstConnect = new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        this.connection.off('ready', settle);
        this.connection.off('error', settle);
        if (err) reject(err);
        else resolve();
      };
      this.connection.on('ready', settle);
      this.connection.on('error', settle);
    });
    // Awaited in onModuleInit; never an unhandled rejection if boot fails earlier for another reason.
    this.firstConnect.catch(() => undefined);
    const open = (name: SendQueueName) => this.openQueue(name, sendJobOptions(config));
    this.queues = {
      [DISPATCH_QUEUE]: open(DISPATCH_QUEUE),
      [SMS_QUEUE]: open(SMS_QUEUE),
      [VOICE_QUEUE]: open(VOICE_QUEUE),
    };
  }

  /**
   * Schedules invitation sends on their channel's queue; `delayMs` ≤ 0 means now. One round trip
   * per queue. A send the caller names a `requestId` for carries it (the events a request posted),
   * so the worker's lines about that job say which request caused it.
   */
  async enqueueSends(
    sends: Array<{ invitationId: string; step: number; channel: string; delayMs: number; requestId?: string }>,
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
            data: withCause({ invitationId: s.invitationId, step: s.step }, s.requestId) satisfies PalauteJob['data'],
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
    await this.enqueueReminders([{ invitationId, step, delayMs }]);
  }

  /** Reminders in one round trip (restoring them after Redis lost its data). */
  async enqueueReminders(reminders: Array<{ invitationId: string; step: number; delayMs: number }>): Promise<void> {
    if (reminders.length === 0) return;
    await this.queues[DISPATCH_QUEUE].addBulk(
      reminders.map((r) => ({
        name: 'invitation.remind',
        data: { invitationId: r.invitationId, step: r.step },
        opts: { jobId: `remind-${r.invitationId}-${r.step}`, delay: Math.max(0, r.delayMs) },
      })),
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

  /**
   * Registers a restorer, run by one worker when it finds Redis without this deployment's queue
   * state (see checkQueueState). Call from onModuleInit.
   */
  onQueueStateLost(restore: QueueStateRestorer): void {
    this.restorers.push(restore);
  }

  /** A Redis that cannot be reached at boot stops the start with a message naming REDIS_URL (no silent retry loop). */
  async onModuleInit(): Promise<void> {
    try {
      await this.firstConnect;
    } catch (error) {
      this.connection.disconnect();
      throw unreachableAtStartup({
        variable: 'REDIS_URL',
        service: 'Redis',
        url: this.config.redisUrl,
        defaultPort: 6379,
        error,
        hint: 'Is Redis running there and reachable from this host? The URL reads redis://[:password@]host:port[/db].',
      });
    }
  }

  /** Whether this process runs workers (ROLE worker or all). */
  get runsWorkers(): boolean {
    return this.config.role !== 'api';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runsWorkers) return;
    for (const c of this.consumers) this.startConsumer(c);
    for (const task of this.periodicTasks.values()) await this.startPeriodic(task);
    await this.checkQueueState(true);
    // After every reconnect: Redis may have come back empty (restarted without persistence).
    this.connection.on('ready', () => {
      if (!this.shuttingDown) void this.afterReconnect();
    });
  }

  /**
   * The job schedulers live in Redis: put them back (an upsert changes nothing when they are
   * there), then see whether the rest of the queue state was lost.
   */
  private async afterReconnect(): Promise<void> {
    try {
      for (const task of this.periodicTasks.values())
        await this.ensureSchedule(this.periodic.get(task.name)!.queue, task);
      await this.checkQueueState(false);
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'could not check the queue state after Redis reconnected');
    }
  }

  /**
   * A marker key written when Redis first holds this deployment's queues. When it is missing,
   * Redis is empty for us: a first start, or a restart that lost its data (no AOF or RDB), which
   * took every delayed send and reminder with it. The one worker that puts the marker back runs
   * the restorers, which re-enqueue that work from Postgres (deterministic job ids: a job that
   * is still there is not doubled).
   */
  private async checkQueueState(atBoot: boolean): Promise<void> {
    const marker = `${this.config.queuePrefix}:queue-state-since`;
    if ((await this.connection.set(marker, new Date().toISOString(), 'NX')) !== 'OK') return;
    if (!atBoot)
      this.log.warn(
        'Redis came back without our queue state (restarted without persistence?); restoring it from Postgres',
      );
    for (const restore of this.restorers) {
      try {
        await restore();
      } catch (err) {
        // The recovery sweep still re-enqueues overdue sends on its own schedule.
        this.log.error({ err: (err as Error).message }, 'restoring queue state from Postgres failed');
      }
    }
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
      async (raw, token) => {
        const started = Date.now();
        const result = await c.handler(raw as unknown as PalauteJob, raw, token, worker);
        this.log.debug(
          { queue: c.queue, job: raw.name, jobId: raw.id, requestId: requestIdOfJob(raw), ms: Date.now() - started },
          'job done',
        );
        return result;
      },
      PAUSED_BY_429.has(c.queue) ? PAUSE_ONLY_LIMITER : undefined,
    );
    worker.on('failed', (job, err) => c.onFailed?.(job, err));
  }

  private async startPeriodic(task: PeriodicTask): Promise<void> {
    const queue = this.openQueue(periodicQueueName(task.name), { removeOnComplete: true, removeOnFail: 100 });
    await this.ensureSchedule(queue, task);
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

  /**
   * One run at a time however many workers consume the queue: the scheduler adds the next job
   * when a run starts, and it waits until that run is done.
   */
  private async ensureSchedule(queue: Queue, task: PeriodicTask): Promise<void> {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(task.name, { every: task.everyMs }, { name: task.name, data: {} });
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
    this.shuttingDown = true;
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
