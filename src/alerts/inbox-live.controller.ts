import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';

import { QueryParams } from '../common/query-params';
import { RequirePermission } from '../workspaces/access';
import { AllowQueryToken, WorkspaceId } from '../workspaces/auth.guard';
import { CallerTeamScope, TeamScope } from '../workspaces/principal';
import { InboxLiveService } from './inbox-live.service';

/** Read by the auth guard (AllowQueryToken), declared here so it is documented and allowed. */
const liveQuery = z
  .object({
    access_token: z
      .string()
      .optional()
      .describe('An API key, for EventSource clients that cannot send Authorization. The console sends its cookie.'),
  })
  .strict();

const DESCRIPTION = [
  'Server-sent events for the alerts inbox, for the whole workspace (an agent: only what they may see).',
  '`event: ready` on connect; `event: alert` when an alert is raised or its status or assignee changes',
  '(id, change: created|updated, status, assignee, team, campaignId, responseId, createdAt, at);',
  '`event: response` when a response is created or answered (as the campaign stream, plus team);',
  '`event: resync` when changes may have been missed (refetch the lists); `: keep-alive` every 15 s.',
  'Missed events are not replayed: after a reconnect, read GET /v1/alerts and GET /v1/responses.',
].join(' ');

@ApiTags('alerts')
@Controller('v1/live')
export class InboxLiveController {
  constructor(private readonly live: InboxLiveService) {}

  @Get()
  @RequirePermission('alerts:read', { teamScoped: true })
  @AllowQueryToken()
  @QueryParams(liveQuery)
  @ApiOperation({ operationId: 'streamInbox', summary: 'Stream alert and response changes' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: DESCRIPTION })
  async stream(
    @WorkspaceId() ws: string,
    @CallerTeamScope() scope: TeamScope | null,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.live.open(ws, scope, req, res);
  }
}
