import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { QueueService } from '../queue/queue.service';
import { InvitationsRepository } from './invitations.repository';

const SWEEP_EVERY_MS = 30_000;

/**
 * The `invitations.recover` job: re-enqueues invitations that are due but have no job (the API
 * died between commit and enqueue, or Redis lost data) or whose send stalled. Job ids are
 * deterministic, so a sweep that races a live job adds nothing.
 */
@Injectable()
export class RecoverInvitationsProcessor implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: QueueService,
    private readonly invitations: InvitationsRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'invitations.recover', everyMs: SWEEP_EVERY_MS, run: () => this.sweep() });
  }

  /** Re-enqueues invitations that should have been picked up by now. Returns how many. */
  async sweep(): Promise<number> {
    try {
      // A send is stalled once its queue lock had time to expire twice.
      const rows = await this.invitations.dueWithoutJob((this.config.queueLockMs * 2) / 1000);
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
