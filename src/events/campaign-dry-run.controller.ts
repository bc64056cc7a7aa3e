import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { CampaignDryRunService } from './campaign-dry-run.service';

const dryRunBody = z
  .object({ from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }) })
  .strict()
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { message: 'to must be after from', path: ['to'] })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= 366 * 86_400_000, {
    message: 'A dry run covers at most a year',
    path: ['to'],
  });
const dryRunSchema = z.object({
  campaignId: z.string(),
  from: z.string(),
  to: z.string(),
  events: z.number(),
  matched: z.number(),
  wouldSurvey: z.number(),
  byChannel: z.record(z.string(), z.number()),
  skipped: z.record(z.string(), z.number()),
});

/** A campaign's dry run, under the campaign's path: it replays recorded events, so it lives with them. */
@ApiTags('campaigns')
@Controller('v1/campaigns')
export class CampaignDryRunController {
  constructor(private readonly dryRuns: CampaignDryRunService) {}

  @Post(':id/dry-run')
  @ApiOperation({ operationId: 'dryRunCampaign', summary: 'Replay a campaign over past events' })
  @RequirePermission('campaigns:read', { audit: false })
  @HttpCode(200)
  @ApiZod({
    body: dryRunBody,
    response: dryRunSchema,
    description:
      'Replays the campaign (draft or active) over the events of a past period: who would have been surveyed, by channel, and who skipped, by reason. Sends nothing.',
  })
  dryRun(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    const { from, to } = parseBody(dryRunBody, body);
    return this.dryRuns.run(ws, id, new Date(from), new Date(to));
  }
}
