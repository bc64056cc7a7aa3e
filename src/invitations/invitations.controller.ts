import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { notFound } from '../common/problem';
import { ApiZod } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { InvitationsService } from './invitations.service';

const cancelledSchema = z.object({ id: z.string().uuid(), status: z.literal('cancelled'), statusReason: z.string() });

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get(':id')
  @RequirePermission('invitations:read')
  @ApiZod({
    response: z.object({}).passthrough(),
    description: 'Where an invitation stands and why: status, reason, channel, step, times, delivery and call outcome.',
  })
  async get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.invitations.view(ws, id)) ?? throwNotFound();
  }

  @Post(':id/cancel')
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
