import { Global, Module } from '@nestjs/common';

import { QueueService } from './queue.service';
import { QueueMonitor } from './queue-monitor';

@Global()
@Module({ providers: [QueueService, QueueMonitor], exports: [QueueService, QueueMonitor] })
export class QueueModule {}
