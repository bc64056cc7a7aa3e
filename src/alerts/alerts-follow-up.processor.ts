import { Injectable, OnModuleInit } from '@nestjs/common';

import { QueueService } from '../queue/queue.service';
import { AlertNotifier } from './alert-notifier';
import { DigestService } from './digest/digest.service';
import { ResponseFollowUpService } from './response-follow-up.service';

const TICK_MS = 250;
const DIGEST_CHECK_MS = 60_000;

/**
 * The `alerts.follow-up` job, four times a second: due responses → alerts and webhooks, pending
 * alerts → owner emails, and once a minute the weekly digests that are due. Every step claims its
 * rows with SKIP LOCKED (or, for digests, a row per workspace and week), so a run that another
 * worker repeats adds nothing.
 */
@Injectable()
export class AlertsFollowUpProcessor implements OnModuleInit {
  private lastDigestCheck = 0;

  constructor(
    private readonly queue: QueueService,
    private readonly followUps: ResponseFollowUpService,
    private readonly notifier: AlertNotifier,
    private readonly digests: DigestService,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'alerts.follow-up', everyMs: TICK_MS, restMs: TICK_MS, run: () => this.tick() });
  }

  /** One pass of every step; tests call it instead of waiting for the schedule. */
  async tick(now = Date.now()): Promise<void> {
    await this.followUps.drain();
    while ((await this.notifier.runOnce()) > 0);
    if (now - this.lastDigestCheck >= DIGEST_CHECK_MS) {
      this.lastDigestCheck = now;
      await this.digests.sendDue();
    }
  }
}
