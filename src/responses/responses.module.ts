import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { ReplyInvitationsRepository } from './reply-invitations.repository';
import { ResponsePageRepository } from './response-page.repository';
import { ResponsePageService } from './response-page.service';
import { ResponseTagsRepository } from './response-tags.repository';
import { ResponsesController } from './responses.controller';
import { ResponsesRepository } from './responses.repository';
import { ResponsesService } from './responses.service';
import { ResponsesExportController } from './responses-export.controller';
import { ResponsesExportRepository } from './responses-export.repository';
import { ResponsesExportService } from './responses-export.service';
import { ResponsesListRepository } from './responses-list.repository';
import { ResponsesQueryService } from './responses-query.service';

// The export controller comes first so /v1/responses/export is matched before any /v1/responses/:id route.
@Module({
  imports: [CampaignsModule],
  controllers: [ResponsesExportController, ResponsesController],
  providers: [
    ResponsesService,
    ResponsesQueryService,
    ResponsesExportService,
    ResponsesRepository,
    ReplyInvitationsRepository,
    ResponsesListRepository,
    ResponsesExportRepository,
    ResponsePageService,
    ResponsePageRepository,
    ResponseTagsRepository,
  ],
  exports: [ResponsesService],
})
export class ResponsesModule {}
