import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OutboxRelay } from './outbox-relay';
import { WakeupListener } from './wakeup.listener';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WEBHOOKS_CHANNEL } from './webhooks.service';

/**
 * Worker role: runs the outbox relay and the dispatcher. A notification on palaute_webhooks wakes
 * them the moment work commits (payload 'outbox' from the triggers, '' from emit); the poll finds
 * retries that came due and anything a lost notification left behind.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener?: WakeupListener;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly relay: OutboxRelay,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'api') return;
    this.listener = new WakeupListener(
      this.config.databaseUrl,
      WEBHOOKS_CHANNEL,
      (payload) => (payload === 'outbox' ? this.relay.wake() : this.dispatcher.wake()),
      this.log,
    );
    await this.listener.start();
    this.timer = setInterval(() => {
      this.relay.wake();
      this.dispatcher.wake();
    }, this.config.webhooks.pollMs);
    this.timer.unref();
    this.relay.wake();
    this.dispatcher.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.stop();
    await this.relay.drain().catch(() => undefined);
    await this.dispatcher.stop();
  }
}
