import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
const settingsView = z.object({ dayZone: z.string().describe('IANA zone the day rollups are cut in (default UTC).') });

@ApiTags('scores')
@Controller('v1/settings/scores')
export class ScoreSettingsController {
  constructor(private readonly scores: ScoresService) {}

  @Get()
  @ApiOperation({ operationId: 'getScoreSettings', summary: 'Get the reporting time zone' })
  @RequirePermission('settings:read')
  @ApiZod({ response: settingsView })
  async get(@WorkspaceId() ws: string): Promise<z.output<typeof settingsView>> {
    return { dayZone: await this.scores.dayZone(ws) };
  }

  /** Recomputes the workspace's rollups in the new zone before answering (about 70 s per million responses on a 2-core machine). */
  @Put()
  @ApiOperation({ operationId: 'setScoreSettings', summary: 'Set the reporting time zone' })
  @RequirePermission('settings:write')
  @ApiZod({
    body: settingsSchema,
    response: settingsView.extend({ rollupRows: z.number().int().min(0).describe('Rollup rows rebuilt.') }),
    description: 'Sets the reporting zone and rebuilds the rollups in it, atomically; answers when done.',
  })
  put(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.scores.setDayZone(ws, parseBody(settingsSchema, body).dayZone);
  }
}
