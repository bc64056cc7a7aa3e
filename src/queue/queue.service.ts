import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DISPATCH_QUEUE, PalauteJob, sendJobId } from './jobs';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Owns the Redis connections, the dispatch queue and (in worker role) its workers. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  readonly connection: Redis;
  private readonly queue: Queue;
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue(DISPATCH_QUEUE, { connection: this.connection, prefix: config.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  /** Schedules invitation sends; `delayMs` ≤ 0 means now. One round trip for the whole batch. */
  async enqueueSends(sends: Array<{ invitationId: string; step: number; delayMs: number }>): Promise<void> {
    if (sends.length === 0) return;
    await this.queue.addBulk(
      sends.map((s) => ({
        name: 'invitation.send' as const,
        data: { invitationId: s.invitationId, step: s.step } satisfies PalauteJob['data'],
        opts: { jobId: sendJobId(s.invitationId, s.step), delay: Math.max(0, s.delayMs) },
      })),
    );
  }

  /** Starts a worker on the dispatch queue. Only the worker role calls this. */
  startWorker(processor: (job: PalauteJob) => Promise<unknown>): Worker {
    const connection = this.connection.duplicate();
    this.workerConnections.push(connection);
    const worker = new Worker(DISPATCH_QUEUE, (job: Job) => processor(job as unknown as PalauteJob), {
      connection,
      prefix: this.config.queuePrefix,
      concurrency: this.config.sendConcurrency,
      lockDuration: this.config.queueLockMs,
      stalledInterval: Math.max(1000, Math.floor(this.config.queueLockMs / 2)),
      // A crash mid-send leaves the job stalled; let it be picked up again rather than failed.
      maxStalledCount: 5,
    });
    this.workers.push(worker);
    return worker;
  }

  async ping(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    // Closing a worker waits for its active jobs, so a deploy never cuts a send in half.
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.close();
    // BullMQ leaves connections it was handed open; they are ours to close.
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }
}
