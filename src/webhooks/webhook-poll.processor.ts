import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';

import { LOGGER } from '../common/logger';
import { APP_CONFIG, AppConfig } from '../config/config';
import { NotificationListener } from '../database/notification.listener';
import { QueueService } from '../queue/queue.service';
import { OutboxRelay } from './outbox-relay';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WEBHOOKS_CHANNEL } from './webhooks-channel';

/**
 * Wakes the outbox relay and the dispatcher in the worker role. A notification on
 * palaute_webhooks wakes them the moment work commits (payload 'outbox' from the triggers, ''
 * from emit); the `webhooks.poll` job every WEBHOOK_POLL_MS finds retries that came due and
 * anything a lost notification left behind.
 */
@Injectable()
export class WebhookPollProcessor implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener?: NotificationListener;

  constructor(
    private readonly queue: QueueService,
    private readonly relay: OutboxRelay,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onModuleInit(): void {
    this.queue.schedule({ name: 'webhooks.poll', everyMs: this.config.webhooks.pollMs, run: async () => this.wake() });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queue.runsWorkers) return;
    this.listener = new NotificationListener({
      databaseUrl: this.config.databaseUrl,
      channel: WEBHOOKS_CHANNEL,
      applicationName: 'palaute-webhooks',
      onNotification: (payload) => (payload === 'outbox' ? this.relay.wake() : this.dispatcher.wake()),
      // Notifications sent while the connection was away are lost: look for their work now.
      onReconnected: () => this.wake(),
      log: this.log,
    });
    await this.listener.startOrRetry();
    this.wake();
  }

  private wake(): void {
    this.relay.wake();
    this.dispatcher.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
    await this.relay.drain().catch(() => undefined);
    await this.dispatcher.stop();
  }
}
