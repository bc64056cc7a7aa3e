import { Module } from '@nestjs/common';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks. Other modules call WebhooksService.emit inside their transactions. */
@Module({ providers: [WebhooksService], exports: [WebhooksService] })
export class WebhooksModule {}
