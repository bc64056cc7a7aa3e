import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type { Logger } from 'pino';

import { ProviderRateLimitedError, ProviderUnavailableError } from '../channels/channel-adapter';
import { LOGGER } from '../common/logger';
import { DISPATCH_QUEUE, PalauteJob, SendQueueName, SMS_QUEUE, VOICE_QUEUE } from '../queue/jobs';
import { QueueService, requestIdOfJob } from '../queue/queue.service';
import { InvitationsRepository } from './invitations.repository';
import { SendInvitationProcessor, SendLaterError } from './send-invitation.processor';

/** How long a Twilio queue (SMS, voice) pauses when Twilio answers 429; BullMQ's limiter holds every worker back meanwhile. */
const TWILIO_429_PAUSE_MS = 2000;

/**
 * Consumes the three send queues (email and housekeeping, SMS, voice) in the worker role: routes
 * each job to the send processor, puts a send that must wait back in the queue, pauses a queue
 * Twilio throttles or whose provider cannot be reached, and records an invitation that ran out of
 * retries.
 */
@Injectable()
export class SendQueueConsumer implements OnModuleInit {
  /** When each queue last said its provider was unavailable: one log line per pause, not one per job. */
  private readonly unavailableLoggedAt = new Map<SendQueueName, number>();

  constructor(
    private readonly queue: QueueService,
    private readonly invitations: InvitationsRepository,
    private readonly sender: SendInvitationProcessor,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    for (const name of [DISPATCH_QUEUE, SMS_QUEUE, VOICE_QUEUE] as const) {
      this.queue.consume(
        name,
        (job, raw, token, worker) => this.handle(name, job, raw, token, worker),
        (job, err) => this.onFailed(job, err),
      );
    }
  }

  /** A send respects quiet hours, a per-sender rate (SMS, calls) and Twilio's 429. */
  private async handle(name: SendQueueName, job: PalauteJob, raw: Job, token: string | undefined, worker: Worker) {
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
      if (err instanceof ProviderUnavailableError) {
        // The server is down, not the message: every worker of this queue waits, then one probe finds out.
        if (Date.now() - (this.unavailableLoggedAt.get(name) ?? 0) >= err.retryAfterMs) {
          this.unavailableLoggedAt.set(name, Date.now());
          this.log.warn(
            { queue: name, retryInMs: err.retryAfterMs, err: err.message },
            'provider unavailable; pausing sends',
          );
        }
        await worker.rateLimit(err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw err;
    }
  }

  private async run(job: PalauteJob): Promise<unknown> {
    switch (job.name) {
      case 'invitation.send':
        return this.sender.process(job.data.invitationId, job.data.step);
      case 'contact.sms-opted-out':
        return this.sender.cancelScheduledSms(job.data.contactId);
      case 'invitation.remind':
        return this.sender.remind(job.data.invitationId, job.data.step);
      default:
        throw new Error(`job ${job.name} does not belong on a send queue`);
    }
  }

  private onFailed(job: Job | undefined, err: Error): void {
    this.log.warn(
      { jobId: job?.id, attempt: job?.attemptsMade, requestId: requestIdOfJob(job), err: err.message },
      'job failed',
    );
    // Out of retries: record the failure so the invitation does not sit in `sending` for ever.
    if (job && job.name === 'invitation.send' && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      void this.invitations
        .markGaveUp(job.data.invitationId, `gave up after ${job.attemptsMade} attempts: ${err.message}`.slice(0, 500))
        .catch((e: Error) => this.log.error({ err: e.message }, 'could not record failed invitation'));
    }
  }
}
