import { Module } from '@nestjs/common';

import { OutboxRelay } from './outbox-relay';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryLogRepository } from './webhook-delivery-log.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookMessagesRepository } from './webhook-messages.repository';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { WebhookPollProcessor } from './webhook-poll.processor';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. Other modules call WebhooksService.emit inside their transactions. */
@Module({
  controllers: [WebhookEndpointsController],
  providers: [
    WebhookEndpointsRepository,
    WebhookMessagesRepository,
    WebhookDeliveriesRepository,
    WebhookDeliveryLogRepository,
    WebhookOutboxRepository,
    WebhooksService,
    WebhookEndpointsService,
    WebhookDispatcher,
    OutboxRelay,
    WebhookPollProcessor,
  ],
  exports: [WebhooksService],
})
export class WebhooksModule {}
