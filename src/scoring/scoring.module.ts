import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { RollupFolder } from './rollups/rollup-folder';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';

@Module({ imports: [CampaignsModule], controllers: [ScoresController], providers: [ScoresService, RollupFolder] })
export class ScoringModule {}
