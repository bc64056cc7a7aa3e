import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { LiveController } from './live/live.controller';
import { LiveService } from './live/live.service';
import { RollupFolder } from './rollups/rollup-folder';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';

@Module({ imports: [CampaignsModule], controllers: [ScoresController, LiveController], providers: [ScoresService, LiveService, RollupFolder] })
export class ScoringModule {}
