import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { notFound } from '../common/problem';
import { ApiZod } from '../common/zod-validation';
import { InvitationsService } from '../invitations/invitations.service';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { EventsService } from './events.service';

const looseObject = z.object({}).passthrough();

/** Why someone was or was not surveyed: every decision, per event and per contact. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1')
export class DecisionLogController {
  constructor(
    private readonly events: EventsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('events/:id')
  @RequirePermission('events:read')
  @ApiZod({
    response: looseObject,
    description: 'An event with the decision of every campaign it matched, and what it cancelled.',
  })
  async event(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.events.view(ws, id)) ?? throwNotFound('Event');
  }

  @Get('contacts/:id/decisions')
  @RequirePermission('events:read')
  @ApiZod({
    response: looseObject,
    description:
      "A contact's recent events with their decisions, and their invitations with where each stands and why.",
  })
  async forContact(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    const [events, invitations] = await Promise.all([
      this.events.forContact(ws, id),
      this.invitations.forContact(ws, id),
    ]);
    return { contactId: id, events, invitations };
  }
}

function throwNotFound(what: string): never {
  throw notFound(what);
}
