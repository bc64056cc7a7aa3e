import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type { Logger } from 'pino';

import { ProviderRateLimitedError } from '../channels/channel-adapter';
import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { DISPATCH_QUEUE, PalauteJob, SMS_QUEUE, VOICE_QUEUE } from '../queue/jobs';
import { QueueService } from '../queue/queue.service';
import { SendInvitationProcessor, SendLaterError } from './send-invitation.processor';

const SWEEP_EVERY_MS = 30_000;
/** How long a Twilio queue (SMS, voice) pauses when Twilio answers 429; BullMQ's limiter holds every worker back meanwhile. */
const TWILIO_429_PAUSE_MS = 2000;

/**
 * The worker role: consumes dispatch jobs, and sweeps for invitations that are due but have no job
 * (the API died between commit and enqueue, or Redis lost data). Job ids are deterministic, so a
 * sweep that races a live job adds nothing.
 */
@Injectable()
export class InvitationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: QueueService,
    private readonly db: Sql,
    private readonly sender: SendInvitationProcessor,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    const dispatch = this.startSendWorker(DISPATCH_QUEUE);
    const sms = this.startSendWorker(SMS_QUEUE);
    const voice = this.startSendWorker(VOICE_QUEUE);
    for (const worker of [dispatch, sms, voice]) {
      worker.on('failed', (job, err) => this.onFailed(job, err));
      worker.on('error', (err) => this.log.error({ err: err.message }, 'worker error'));
    }
    void this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  /** A queue whose sends respect quiet hours, a per-sender rate (SMS, calls) and Twilio's 429. */
  private startSendWorker(name: typeof DISPATCH_QUEUE | typeof SMS_QUEUE | typeof VOICE_QUEUE): Worker {
    const worker: Worker = this.queue.startWorker(name, async (job, raw, token) => {
      try {
        return await this.run(job);
      } catch (err) {
        if (err instanceof SendLaterError) {
          // Over the sender's rate, or outside the channel's hours: back in the queue for later, without spending a retry.
          await raw.moveToDelayed(Date.now() + err.delayMs, token);
          throw new DelayedError();
        }
        if (err instanceof ProviderRateLimitedError) {
          this.log.warn({ jobId: raw.id, queue: name }, 'Twilio answered 429; pausing sends on this queue');
          await worker.rateLimit(TWILIO_429_PAUSE_MS);
          throw Worker.RateLimitError();
        }
        throw err;
      }
    });
    return worker;
  }

  private async run(job: PalauteJob): Promise<unknown> {
    switch (job.name) {
      case 'invitation.send':
        return this.sender.process(job.data.invitationId, job.data.step);
      case 'contact.sms-opted-out':
        return this.sender.cancelScheduledSms(job.data.contactId);
      case 'invitation.remind':
        return this.sender.remind(job.data.invitationId, job.data.step);
    }
  }

  private onFailed(job: Job | undefined, err: Error): void {
    this.log.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'job failed');
    // Out of retries: record the failure so the invitation does not sit in `sending` for ever.
    if (job && job.name === 'invitation.send' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void this.db
        .query(
          `UPDATE invitations SET status = 'failed', status_reason = $2, updated_at = now() WHERE id = $1 AND status IN ('scheduled', 'sending')`,
          [job.data.invitationId, `gave up after ${job.attemptsMade} attempts: ${err.message}`.slice(0, 500)],
        )
        .catch((e: Error) => this.log.error({ err: e.message }, 'could not record failed invitation'));
    }
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /** Re-enqueues invitations that should have been picked up by now. Returns how many. */
  async sweep(): Promise<number> {
    try {
      const rows = await this.db.query(
        `SELECT id, step, channel, send_at FROM invitations
         WHERE (status = 'scheduled' AND send_at < now() - interval '60 seconds')
            OR (status = 'sending' AND updated_at < now() - make_interval(secs => $1))
         ORDER BY send_at LIMIT 5000`,
        [(this.config.queueLockMs * 2) / 1000],
      );
      await this.queue.enqueueSends(
        rows.map((r) => ({ invitationId: r.id, step: r.step, channel: r.channel, delayMs: 0 })),
      );
      if (rows.length) this.log.info({ count: rows.length }, 'recovery sweep re-enqueued invitations');
      return rows.length;
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'recovery sweep failed');
      return 0;
    }
  }
}
