import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AlertNotifier } from './alert-notifier';
import { DigestService } from './digest/digest.service';
import { FollowUpProcessor } from './follow-up.processor';

const TICK_MS = 250;
const DIGEST_CHECK_MS = 60_000;

/**
 * The worker role's follow-up loop: due responses → alerts and webhooks, pending alerts → owner
 * emails, and once a minute the weekly digests that are due. Every step claims its rows with
 * SKIP LOCKED (or, for digests, a row per workspace and week), so workers can be scaled out.
 */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastDigestCheck = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly followUps: FollowUpProcessor,
    private readonly notifier: AlertNotifier,
    private readonly digests: DigestService,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass of every step; tests call it instead of waiting for the timer. */
  async tick(now = Date.now()): Promise<void> {
    await this.followUps.drain();
    while ((await this.notifier.runOnce()) > 0);
    if (now - this.lastDigestCheck >= DIGEST_CHECK_MS) {
      this.lastDigestCheck = now;
      await this.digests.sendDue();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: Error) => this.log.error({ err: err.message }, 'follow-up loop failed'))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, TICK_MS);
    this.timer.unref();
  }
}
