import { Module } from '@nestjs/common';

import { OutboxRelay } from './outbox-relay';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookWorker } from './webhook-worker';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. Other modules call WebhooksService.emit inside their transactions. */
@Module({
  controllers: [WebhookEndpointsController],
  providers: [WebhooksService, WebhookEndpointsService, WebhookDispatcher, OutboxRelay, WebhookWorker],
  exports: [WebhooksService],
})
export class WebhooksModule {}
