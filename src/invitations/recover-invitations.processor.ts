import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { QueueService } from '../queue/queue.service';
import { InvitationsRepository } from './invitations.repository';

const SWEEP_EVERY_MS = 30_000;
const RESTORE_PAGE = 5000;

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
    this.queue.onQueueStateLost(() => this.restore());
  }

  /**
   * Redis lost its data: every scheduled send gets its job back, due when the invitation is (at
   * once for those that fell due meanwhile), and every pending reminder too. A job that survived
   * keeps its deterministic id, so nothing is doubled; the send and the reminder re-check their
   * row before acting. Sends cut off in `sending` are left to the sweep, which waits for their
   * lock to expire (a live worker may still be in the middle of one). Returns how many.
   */
  async restore(): Promise<{ sends: number; reminders: number }> {
    let sends = 0;
    let reminders = 0;
    for (let after: { sendAt: Date; id: string } | null = null; ;) {
      const rows = await this.invitations.scheduledPage(after, RESTORE_PAGE);
      const now = Date.now();
      await this.queue.enqueueSends(
        rows.map((r) => ({ invitationId: r.id, step: r.step, channel: r.channel, delayMs: r.send_at.getTime() - now })),
      );
      sends += rows.length;
      if (rows.length < RESTORE_PAGE) break;
      after = { sendAt: rows[rows.length - 1].send_at, id: rows[rows.length - 1].id };
    }
    for (let afterId: string | null = null; ;) {
      const rows = await this.invitations.pendingRemindersPage(afterId, RESTORE_PAGE);
      const now = Date.now();
      await this.queue.enqueueReminders(
        rows.map((r) => ({ invitationId: r.id, step: Number(r.step) + 1, delayMs: r.remind_at.getTime() - now })),
      );
      reminders += rows.length;
      if (rows.length < RESTORE_PAGE) break;
      afterId = rows[rows.length - 1].id;
    }
    this.log.info({ sends, reminders }, 'queue state restored from Postgres');
    return { sends, reminders };
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
