import { Module } from '@nestjs/common';

import { SurveysModule } from '../surveys/surveys.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { CampaignRunsRepository } from './campaign-runs.repository';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [SurveysModule, WorkspacesModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignsRepository, CampaignRunsRepository],
  exports: [CampaignsService],
})
export class CampaignsModule {}
