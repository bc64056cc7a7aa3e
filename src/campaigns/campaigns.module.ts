import { Module } from '@nestjs/common';

import { SurveysModule } from '../surveys/surveys.module';
import { CampaignDryRunService } from './campaign-dry-run.service';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({
  imports: [SurveysModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignDryRunService],
  exports: [CampaignsService],
})
export class CampaignsModule {}
