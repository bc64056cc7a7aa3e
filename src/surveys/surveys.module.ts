import { Module } from '@nestjs/common';

import { SurveyUsageRepository } from './survey-usage.repository';
import { SurveysController } from './surveys.controller';
import { SurveysRepository } from './surveys.repository';
import { SurveysService } from './surveys.service';

@Module({
  controllers: [SurveysController],
  providers: [SurveysRepository, SurveyUsageRepository, SurveysService],
  exports: [SurveysService],
})
export class SurveysModule {}
