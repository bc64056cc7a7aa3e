import { Module } from '@nestjs/common';

import { OutboxRelay } from './outbox-relay';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookPollProcessor } from './webhook-poll.processor';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. Other modules call WebhooksService.emit inside their transactions. */
@Module({
  controllers: [WebhookEndpointsController],
  providers: [WebhooksService, WebhookEndpointsService, WebhookDispatcher, OutboxRelay, WebhookPollProcessor],
  exports: [WebhooksService],
})
export class WebhooksModule {}
