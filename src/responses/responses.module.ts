import { Module } from '@nestjs/common';

import { ResponsesController } from './responses.controller';
import { ResponsesService } from './responses.service';
import { ResponsesExportController } from './responses-export.controller';
import { ResponsesExportService } from './responses-export.service';
import { ResponsesQueryService } from './responses-query.service';

// The export controller comes first so /v1/responses/export is matched before any /v1/responses/:id route.
@Module({
  controllers: [ResponsesExportController, ResponsesController],
  providers: [ResponsesService, ResponsesQueryService, ResponsesExportService],
  exports: [ResponsesService],
})
export class ResponsesModule {}
