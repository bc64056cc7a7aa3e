import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import {
  actorLabel,
  addAuditDetails,
  CallerTeamScope,
  CurrentPrincipal,
  Principal,
  TeamScope,
} from '../workspaces/principal';
import { responseFilterOf } from './response-filter-params';
import { ResponsePageService } from './response-page.service';
import {
  responseListItem,
  responseListQuery,
  responsePageSchema,
  tagCountsAnswer,
  tagCountsQuery,
  tagsAnswer,
  tagsBody,
} from './responses.schema';
import { ResponsesQueryService } from './responses-query.service';

@ApiTags('responses')
@Controller('v1/responses')
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesQueryService,
    private readonly pages: ResponsePageService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listResponses', summary: 'List responses' })
  @RequirePermission('responses:read', { teamScoped: true })
  @QueryParams(responseListQuery)
  @ApiZod({ response: pageSchema(responseListItem), description: 'Newest first.' })
  list(
    @WorkspaceId() ws: string,
    @ValidQuery() q: z.output<typeof responseListQuery>,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    return this.responses.list({
      workspaceId: ws,
      campaignId: q.campaignId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      filter: responseFilterOf(q),
      cursor: q.cursor,
      limit: q.limit,
      onlyTeam: scope ? { team: scope.team } : undefined,
    });
  }

  // Before ':id', so "tags" is not read as a response id.
  @Get('tags')
  @RequirePermission('responses:read')
  @QueryParams(tagCountsQuery)
  @ApiOperation({ operationId: 'listResponseTags', summary: 'List the tags in use' })
  @ApiZod({ response: tagCountsAnswer, description: 'A ranking for a filter’s choices, most used first; not a page.' })
  tags(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof tagCountsQuery>) {
    return this.pages.tagCounts(ws, q.limit);
  }

  @Get(':id')
  @RequirePermission('responses:read', { teamScoped: true })
  @ApiOperation({ operationId: 'getResponse', summary: 'Get a response with its context' })
  @ApiZod({
    response: responsePageSchema,
    description:
      'Every answer with its question, the contact, the event that triggered the survey, the campaign, the delivery, alerts, tags and themes. An agent gets a 404 for another team’s response.',
  })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @CallerTeamScope() scope: TeamScope | null) {
    return this.pages.page(ws, id, scope);
  }

  @Put(':id/tags')
  @RequirePermission('responses:annotate')
  @ApiOperation({ operationId: 'setResponseTags', summary: 'Set the tags of a response' })
  @ApiZod({ body: tagsBody, response: tagsAnswer, description: 'Replaces the set; tags are trimmed and lower-cased.' })
  async setTags(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @Body() body: unknown,
    @CurrentPrincipal() caller: Principal,
    @Req() req: Request,
  ) {
    const b = parseBody(tagsBody, body);
    const result = await this.pages.setTags(ws, id, b.tags, actorLabel(caller));
    addAuditDetails(req, { added: result.added, removed: result.removed });
    return result;
  }
}
