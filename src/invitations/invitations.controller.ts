import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { notFound } from '../common/problem';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { InvitationsService } from './invitations.service';

const listQuery = z.strictObject({
  status: z
    .enum(['scheduled', 'sending', 'sent', 'failed', 'cancelled'])
    .optional()
    .describe('scheduled, sending, sent, failed or cancelled'),
  delivery: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .describe(
      'A delivery status. `uncertain`: emails handed to the SMTP server whose reply never came, not resent (review them); `resent`: sent again with the same Message-ID (a duplicate is possible).',
    ),
  ...keysetPageParams,
});

const cancelledSchema = z.object({ id: z.string().uuid(), status: z.literal('cancelled'), statusReason: z.string() });

@ApiTags('invitations')
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ operationId: 'listInvitations', summary: 'List invitations' })
  @RequirePermission('invitations:read')
  @QueryParams(listQuery)
  @ApiZod({
    response: pageSchema(z.object({}).passthrough()),
    description: 'Newest first, each as `GET /v1/invitations/{id}` shows it.',
  })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.invitations.list({
      workspaceId: ws,
      status: q.status,
      delivery: q.delivery,
      after: q.cursor,
      limit: q.limit,
    });
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getInvitation', summary: 'Get an invitation' })
  @RequirePermission('invitations:read')
  @ApiZod({
    response: z.object({}).passthrough(),
    description: 'Where an invitation stands and why: status, reason, channel, step, times, delivery and call outcome.',
  })
  async get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.invitations.view(ws, id)) ?? throwNotFound();
  }

  @Post(':id/cancel')
  @ApiOperation({ operationId: 'cancelInvitation', summary: 'Cancel an invitation' })
  @RequirePermission('invitations:write')
  @HttpCode(200)
  @ApiZod({
    response: cancelledSchema,
    description: 'Cancel an invitation that has not gone out yet; 409 once it is being sent or was sent.',
  })
  cancel(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.invitations.cancelByAdmin(ws, id);
  }
}

function throwNotFound(): never {
  throw notFound('Invitation');
}
