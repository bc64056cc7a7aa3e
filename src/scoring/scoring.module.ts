import { Module } from '@nestjs/common';

import { SurveysModule } from '../surveys/surveys.module';
import { LiveController } from './live/live.controller';
import { LiveService } from './live/live.service';
import { LiveResponsesRepository } from './live/live-responses.repository';
import { OpenAnswersRepository } from './open-answers.repository';
import { FoldRollupsProcessor } from './rollups/fold-rollups.processor';
import { ScoreFactsRepository } from './rollups/score-facts.repository';
import { ScoreRollupsRepository } from './rollups/score-rollups.repository';
import { ScoreSettingsController } from './score-settings.controller';
import { ScoreSettingsRepository } from './score-settings.repository';
import { ScoredCampaignsRepository } from './scored-campaigns.repository';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';
import { TextInsightsController } from './text-insights.controller';
import { TextInsightsService } from './text-insights.service';
import { ThemeCorrectionsController } from './theme-corrections.controller';
import { ThemeCorrectionsRepository } from './theme-corrections.repository';
import { ThemeCorrectionsService } from './theme-corrections.service';

@Module({
  imports: [SurveysModule],
  controllers: [
    ScoresController,
    ScoreSettingsController,
    LiveController,
    TextInsightsController,
    ThemeCorrectionsController,
  ],
  providers: [
    ScoresService,
    LiveService,
    FoldRollupsProcessor,
    TextInsightsService,
    ScoreRollupsRepository,
    ScoreFactsRepository,
    ScoreSettingsRepository,
    ScoredCampaignsRepository,
    LiveResponsesRepository,
    OpenAnswersRepository,
    ThemeCorrectionsRepository,
    ThemeCorrectionsService,
  ],
  exports: [ScoresService, TextInsightsService, ThemeCorrectionsService, LiveResponsesRepository],
})
export class ScoringModule {}
