import { Module } from '@nestjs/common';

import { CampaignsModule } from '../campaigns/campaigns.module';
import { LiveController } from './live/live.controller';
import { LiveService } from './live/live.service';
import { FoldRollupsProcessor } from './rollups/fold-rollups.processor';
import { ScoreSettingsController } from './score-settings.controller';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';
import { TextInsightsController } from './text-insights.controller';
import { TextInsightsService } from './text-insights.service';

@Module({
  imports: [CampaignsModule],
  controllers: [ScoresController, ScoreSettingsController, LiveController, TextInsightsController],
  providers: [ScoresService, LiveService, FoldRollupsProcessor, TextInsightsService],
  exports: [ScoresService, TextInsightsService],
})
export class ScoringModule {}
