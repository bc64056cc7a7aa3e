import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';

import { IdPipe } from '../../common/id.pipe';
import { QueryParams } from '../../common/query-params';
import { RequirePermission } from '../../workspaces/access';
import { AllowQueryToken, WorkspaceId } from '../../workspaces/auth.guard';
import { LiveService } from './live.service';

/** Read by the auth guard (AllowQueryToken), declared here so it is documented and allowed. */
const liveQuery = z
  .object({
    access_token: z
      .string()
      .optional()
      .describe('The API key, for EventSource clients that cannot send Authorization. Prefer the header.'),
  })
  .strict();

const DESCRIPTION = [
  'Server-sent events for dashboards. `event: scores` (the body of GET /v1/scores for this campaign) on connect and then',
  'at most once a second while responses arrive; `event: response` for each response created or answered',
  '(responseId, campaignId, invitationId, contact.externalId, channel, completed, late, createdAt, completedAt,',
  'answers[{questionId, value, comment}]). A `: keep-alive` comment every 15 s. A reconnecting client',
  '(Last-Event-ID) gets fresh scores; missed responses are not replayed: list them with GET /v1/responses.',
  'A client that reads too slowly skips `response` events and gets the newest scores when it catches up.',
].join(' ');

@ApiTags('scores')
@Controller('v1/campaigns')
export class LiveController {
  constructor(private readonly live: LiveService) {}

  @Get(':campaignId/live')
  @ApiOperation({ operationId: 'streamCampaignLive', summary: 'Live scores and answers (server-sent events)' })
  @RequirePermission('responses:read')
  // EventSource cannot send headers; see AllowQueryToken for the trade-off.
  @AllowQueryToken()
  @QueryParams(liveQuery)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: DESCRIPTION })
  async stream(
    @WorkspaceId() ws: string,
    @Param('campaignId', IdPipe) campaignId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.live.open(ws, campaignId, req, res);
  }
}
