import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { badRequest, notFound } from '../common/problem';
import { ApiZod, parseQuery } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { InvitationsService } from './invitations.service';

const listQuery = z.strictObject({
  status: z.enum(['scheduled', 'sending', 'sent', 'failed', 'cancelled']).optional(),
  delivery: z.string().min(1).max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const cancelledSchema = z.object({ id: z.string().uuid(), status: z.literal('cancelled'), statusReason: z.string() });

@ApiTags('invitations')
@ApiBearerAuth()
@Controller('v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @RequirePermission('invitations:read')
  @ApiQuery({ name: 'status', required: false, description: 'scheduled, sending, sent, failed or cancelled' })
  @ApiQuery({
    name: 'delivery',
    required: false,
    description:
      'A delivery status. `uncertain`: emails handed to the SMTP server whose reply never came, not resent (review them); `resent`: sent again with the same Message-ID (a duplicate is possible).',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor from the previous page' })
  @ApiQuery({ name: 'limit', required: false, example: 50 })
  @ApiZod({
    response: z.object({ data: z.array(z.object({}).passthrough()), nextCursor: z.string().nullable() }),
    description: 'Newest first, each as `GET /v1/invitations/{id}` shows it.',
  })
  async list(@WorkspaceId() ws: string, @Query() query: unknown) {
    const q = parseQuery(listQuery, query);
    const page = await this.invitations.list({
      workspaceId: ws,
      status: q.status,
      delivery: q.delivery,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit,
    });
    const last = page.length === q.limit ? page[page.length - 1] : undefined;
    return {
      data: page.map(({ position: _position, ...view }) => view),
      nextCursor: last ? Buffer.from(`${last.position}|${last.id}`).toString('base64url') : null,
    };
  }

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

/** Keyset cursor (created_at to the microsecond, id), as the responses list has it. */
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

function throwNotFound(): never {
  throw notFound('Invitation');
}
