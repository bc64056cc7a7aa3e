import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { ResponsesModule } from '../responses/responses.module';
import { SurveysModule } from '../surveys/surveys.module';
import { SurveyPageController } from './survey-page.controller';
import { SurveyPageService } from './survey-page.service';

@Module({
  imports: [ContactsModule, ResponsesModule, SurveysModule],
  controllers: [SurveyPageController],
  providers: [SurveyPageService],
})
export class RepliesModule {}
