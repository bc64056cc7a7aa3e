import { Body, Controller, Header, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';

import { badRequest } from '../common/problem';
import { requestIdOf } from '../common/request-id';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { eventAcceptedSchema, eventInputSchema } from './event.schema';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @ApiOperation({ operationId: 'ingestEvent', summary: 'Post a journey event' })
  @RequirePermission('events:ingest', { audit: false })
  @HttpCode(202)
  // Named as Nest names the @Headers() parameter below, so the document lists one optional header, not two.
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    schema: { type: 'string', minLength: 1, maxLength: 200 },
    description:
      "Optional, 1 to 200 characters (400 otherwise). A repeat with the same key replays the first 202 answer byte for byte and creates nothing; the same key with a different body is a 409 naming Idempotency-Key. Without it, the event's `id` is the key; without either, every post is a new event.",
  })
  // The answer goes out as the exact JSON text that is kept for replays (see IngestResult).
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiZod({
    body: eventInputSchema,
    response: eventAcceptedSchema,
    status: 202,
    description: 'One decision per matching campaign.',
  })
  async ingest(
    @WorkspaceId() ws: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Headers('idempotency-key') key?: string,
  ): Promise<string> {
    if (key !== undefined && (key.length === 0 || key.length > 200)) {
      throw badRequest('Idempotency-Key must be 1 to 200 characters.', [
        { path: 'Idempotency-Key', message: 'Invalid length' },
      ]);
    }
    return (await this.events.ingest(ws, parseBody(eventInputSchema, body), body, key, requestIdOf(req))).json;
  }
}
