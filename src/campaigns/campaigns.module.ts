import { Module } from '@nestjs/common';
import { SurveysModule } from '../surveys/surveys.module';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

@Module({ imports: [SurveysModule], controllers: [CampaignsController], providers: [CampaignsService], exports: [CampaignsService] })
export class CampaignsModule {}
