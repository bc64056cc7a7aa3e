import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { badRequest } from '../common/problem';
import { ApiZod, parseQuery } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { CallerTeamScope, TeamScope } from '../workspaces/principal';
import { ResponseListItem, ResponsesQueryService } from './responses-query.service';

const listQuery = z.object({
  campaignId: z.string().uuid().optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

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
@ApiBearerAuth()
@Controller('v1/responses')
export class ResponsesController {
  constructor(private readonly responses: ResponsesQueryService) {}

  @Get()
  @RequirePermission('responses:read', { teamScoped: true })
  @ApiQuery({ name: 'campaignId', required: false })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor from the previous page' })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiZod({
    response: z.object({ data: z.array(responseSchema), nextCursor: z.string().nullable() }),
    description: 'Newest first.',
  })
  async list(
    @WorkspaceId() ws: string,
    @Query() query: unknown,
    @CallerTeamScope() scope: TeamScope | null,
  ): Promise<{ data: ResponseListItem[]; nextCursor: string | null }> {
    const q = parseQuery(listQuery, query);
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    const page = await this.responses.list({
      workspaceId: ws,
      campaignId: q.campaignId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      after,
      limit: q.limit,
      onlyTeam: scope ? { team: scope.team } : undefined,
    });
    const last = page.length === q.limit ? page[page.length - 1] : undefined;
    return {
      data: page.map(({ position: _position, ...item }) => item),
      nextCursor: last ? encodeCursor(last.position!, last.id) : null,
    };
  }
}

/** Keyset cursor (created_at to the microsecond, id): stable while new responses arrive at the top. */
function encodeCursor(position: string, id: string): string {
  return Buffer.from(`${position}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { position: string; id: string } {
  const [position, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (
    !id ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(position ?? '') ||
    !/^[0-9a-f-]{36}$/.test(id)
  ) {
    throw badRequest('The cursor is not one this API gave out.', [{ path: 'cursor', message: 'Invalid cursor' }]);
  }
  return { position, id };
}
