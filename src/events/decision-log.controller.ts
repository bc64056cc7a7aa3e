import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { encodeCursor, keysetPosition } from '../common/cursor';
import { IdPipe } from '../common/id.pipe';
import { cursorParam, limitParam } from '../common/pagination';
import { notFound } from '../common/problem';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { ContactsService } from '../contacts/contacts.service';
import { InvitationsService } from '../invitations/invitations.service';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { EventsService } from './events.service';

const looseObject = z.object({}).passthrough();

/** Where each of the two lists stands: the key to continue after, or `end` once it is exhausted. */
const listPosition = z.union([keysetPosition, z.literal('end')]);
const decisionsCursor = z.object({ events: listPosition, invitations: listPosition }).strict();

const decisionsQuery = z.object({ limit: limitParam, cursor: cursorParam(decisionsCursor).optional() }).strict();

/** Why someone was or was not surveyed: every decision, per event and per contact. */
@ApiTags('events')
@Controller('v1')
export class DecisionLogController {
  constructor(
    private readonly events: EventsService,
    private readonly invitations: InvitationsService,
    private readonly contacts: ContactsService,
  ) {}

  @Get('events/:id')
  @ApiOperation({ operationId: 'getEvent', summary: 'Get an event and its decisions' })
  @RequirePermission('events:read')
  @ApiZod({
    response: looseObject,
    description: 'An event with the decision of every campaign it matched, and what it cancelled.',
  })
  async event(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return (await this.events.view(ws, id)) ?? throwNotFound('Event');
  }

  @Get('contacts/:id/decisions')
  @ApiOperation({ operationId: 'listContactDecisions', summary: "List a contact's events and invitations" })
  @RequirePermission('events:read')
  @QueryParams(decisionsQuery)
  @ApiZod({
    response: z.object({
      contactId: z.string().uuid(),
      events: z.array(looseObject),
      invitations: z.array(looseObject),
      nextCursor: z.string().nullable(),
    }),
    description:
      "A contact's events with their decisions, and their invitations with where each stands and why, both newest first. A page holds up to `limit` of each; `nextCursor` continues whichever list has more (null when neither has).",
  })
  async forContact(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @ValidQuery() q: z.output<typeof decisionsQuery>,
  ) {
    if (!(await this.contacts.exists(ws, id))) throwNotFound('Contact');
    const at = q.cursor ?? { events: undefined, invitations: undefined };
    const [events, invitations] = await Promise.all([
      at.events === 'end' ? null : this.events.forContact(ws, id, at.events, q.limit),
      at.invitations === 'end' ? null : this.invitations.forContact(ws, id, at.invitations, q.limit),
    ]);
    const next = { events: nextOf(events?.nextKey), invitations: nextOf(invitations?.nextKey) };
    return {
      contactId: id,
      events: events?.data ?? [],
      invitations: invitations?.data ?? [],
      nextCursor: next.events === 'end' && next.invitations === 'end' ? null : encodeCursor(next),
    };
  }
}

/** A list's next key as the cursor carries it: `[at, id]`, or `end`. */
function nextOf(key: [string, string] | null | undefined): [string, string] | 'end' {
  return key ?? 'end';
}

function throwNotFound(what: string): never {
  throw notFound(what);
}
