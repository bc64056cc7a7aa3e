import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ianaTimeZone } from '../common/zod-fields';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { ScoresService } from './scores.service';

const settingsSchema = z
  .object({
    dayZone: ianaTimeZone.describe(
      'The zone your team reports in: day rollups are cut at midnight there, so its weekly and monthly breakdowns read whole days.',
    ),
  })
  .strict();

@ApiTags('scores')
@ApiBearerAuth()
@Controller('v1/settings/scores')
export class ScoreSettingsController {
  constructor(private readonly scores: ScoresService) {}

  @Get()
  @RequirePermission('settings:read')
  async get(@WorkspaceId() ws: string) {
    return { dayZone: await this.scores.dayZone(ws) };
  }

  /** Recomputes the workspace's rollups in the new zone before answering (about 70 s per million responses on a 2-core machine). */
  @Put()
  @RequirePermission('settings:write')
  @ApiZod({
    body: settingsSchema,
    description: 'Sets the reporting zone and rebuilds the rollups in it, atomically; answers when done.',
  })
  put(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.scores.setDayZone(ws, parseBody(settingsSchema, body).dayZone);
  }
}
