import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';

import { APP_CONFIG, AppConfig } from '../config/config';
import { DISPATCH_QUEUE, PalauteJob, queueForChannel, sendJobId,SMS_QUEUE, VOICE_QUEUE } from './jobs';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type QueueName = typeof DISPATCH_QUEUE | typeof SMS_QUEUE | typeof VOICE_QUEUE;

/** Owns the Redis connections, the queues and (in worker role) their workers. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  readonly connection: Redis;
  private readonly queues: Record<QueueName, Queue>;
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    const open = (name: QueueName) =>
      new Queue(name, {
        connection: this.connection,
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
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
    const byQueue = new Map<QueueName, typeof sends>();
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

  /** Starts a worker on a queue. Only the worker role calls this. */
  startWorker(name: QueueName, processor: (job: PalauteJob, raw: Job, token?: string) => Promise<unknown>): Worker {
    const connection = this.connection.duplicate();
    this.workerConnections.push(connection);
    const worker = new Worker(name, (job: Job, token?: string) => processor(job as unknown as PalauteJob, job, token), {
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
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
    // BullMQ leaves connections it was handed open; they are ours to close.
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }
}
