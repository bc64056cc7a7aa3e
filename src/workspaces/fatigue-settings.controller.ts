import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from './access';
import { WorkspaceId } from './auth.guard';
import { WorkspacesService } from './workspaces.service';

const fatigueSchema = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .nullable()
      .describe('At most one survey per contact per this many days, across all campaigns; null: no cap.'),
  })
  .strict();

@ApiTags('settings')
@Controller('v1/settings/survey-fatigue')
export class FatigueSettingsController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiOperation({ operationId: 'getSurveyFatigueSettings', summary: 'Get the survey fatigue cap' })
  @RequirePermission('settings:read')
  @ApiZod({ response: fatigueSchema })
  async get(@WorkspaceId() ws: string) {
    return { days: await this.workspaces.fatigueDays(ws) };
  }

  @Put()
  @ApiOperation({ operationId: 'setSurveyFatigueSettings', summary: 'Set the survey fatigue cap' })
  @RequirePermission('settings:write')
  @ApiZod({
    body: fatigueSchema,
    response: fatigueSchema,
    description: 'The workspace-wide survey fatigue cap (campaigns add their own with fatigueDays).',
  })
  async put(@WorkspaceId() ws: string, @Body() body: unknown) {
    const { days } = parseBody(fatigueSchema, body);
    return { days: await this.workspaces.setFatigueDays(ws, days) };
  }
}
