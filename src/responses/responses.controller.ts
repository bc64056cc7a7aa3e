import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { keysetPageParams, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { CallerTeamScope, TeamScope } from '../workspaces/principal';
import { ResponsesQueryService } from './responses-query.service';

const listQuery = z
  .object({
    campaignId: z
      .string()
      .uuid()
      .optional()
      .describe("Only this campaign's responses (404 when the workspace has none such)"),
    from: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe('Responses created at or after (ISO 8601 with offset)'),
    to: z.string().datetime({ offset: true }).optional().describe('Responses created before'),
    ...keysetPageParams,
  })
  .strict();

const responseSchema = z.object({
  id: z.string().uuid(),
  invitationId: z.string().uuid(),
  campaignId: z.string().uuid(),
  contact: z.object({ externalId: z.string() }),
  channel: z.string(),
  completed: z.boolean(),
  late: z.boolean().describe('Arrived after the invitation expired: kept, never scored.'),
  unparsedText: z.string().nullable().describe('Replies we could not read (SMS), kept as written.'),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  answers: z.array(
    z.object({
      questionId: z.string(),
      value: z.union([z.number(), z.string()]).nullable().describe('Null for a phone recording not (yet) transcribed.'),
      comment: z.string().nullable().describe('Words sent with a score ("9, quick and friendly").'),
      recording: z
        .object({ url: z.string(), seconds: z.number() })
        .nullable()
        .describe('An open answer given on the phone; `value` holds its transcription when Twilio provides one.'),
    }),
  ),
});

@ApiTags('responses')
@Controller('v1/responses')
export class ResponsesController {
  constructor(private readonly responses: ResponsesQueryService) {}

  @Get()
  @ApiOperation({ operationId: 'listResponses', summary: 'List responses' })
  @RequirePermission('responses:read', { teamScoped: true })
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(responseSchema), description: 'Newest first.' })
  list(
    @WorkspaceId() ws: string,
    @ValidQuery() q: z.output<typeof listQuery>,
    @CallerTeamScope() scope: TeamScope | null,
  ) {
    return this.responses.list({
      workspaceId: ws,
      campaignId: q.campaignId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      cursor: q.cursor,
      limit: q.limit,
      onlyTeam: scope ? { team: scope.team } : undefined,
    });
  }
}
