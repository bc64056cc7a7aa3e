import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Sql } from '../database/sql';
import { QueueService } from '../queue/queue.service';

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
    private readonly db: Sql,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'invitations.recover', everyMs: SWEEP_EVERY_MS, run: () => this.sweep() });
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
