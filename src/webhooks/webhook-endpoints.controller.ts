import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { sequencePosition } from '../common/cursor';
import { IdPipe } from '../common/id.pipe';
import { cursorParam, keysetPageParams, limitParam, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from '../workspaces/access';
import { WorkspaceId } from '../workspaces/auth.guard';
import { WEBHOOK_EVENT_TYPES } from './event-payloads';
import { WebhookEndpointsService } from './webhook-endpoints.service';

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .refine((types) => new Set(types).size === types.length, 'event types must not repeat')
  .describe('The event types this endpoint receives.');

const createSchema = z
  .object({
    url: z
      .string()
      .min(1)
      .describe(
        'https URL of the receiver; private, loopback and link-local addresses are refused unless the operator allows them.',
      ),
    description: z.string().max(500).nullable().optional(),
    eventTypes,
  })
  .strict();

const updateSchema = z
  .object({
    url: z.string().min(1).optional(),
    description: z.string().max(500).nullable().optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional().describe('false pauses deliveries (they wait); true resumes them.'),
  })
  .strict();

const rotateSchema = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional()
      .describe('How long the old secret keeps signing too (default 86400).'),
  })
  .strict();

const replaySchema = z.union([
  z.object({ messageId: z.string().min(1).max(255) }).strict(),
  z
    .object({
      since: z.iso
        .datetime({ offset: true })
        .describe('Every failed delivery of this endpoint created at or after this time.'),
    })
    .strict(),
]);

const deliveriesQuery = z
  .object({
    status: z
      .enum(['pending', 'delivered', 'failed', 'disabled'])
      .optional()
      .describe('Only deliveries in this state.'),
    limit: limitParam,
    cursor: cursorParam(sequencePosition).optional(),
  })
  .strict();

const listQuery = z.object(keysetPageParams).strict();

const endpointSchema = z.object({
  id: z.string().uuid(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  previousSecretExpiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

@ApiTags('webhooks')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @ApiOperation({ operationId: 'createWebhookEndpoint', summary: 'Register a webhook endpoint' })
  @RequirePermission('webhooks:write')
  @ApiZod({
    body: createSchema,
    response: endpointSchema.extend({ secret: z.string() }),
    status: 201,
    description: 'The whsec_ secret is shown only in this response.',
  })
  create(@WorkspaceId() ws: string, @Body() body: unknown) {
    return this.endpoints.create(ws, parseBody(createSchema, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhookEndpoints', summary: 'List webhook endpoints' })
  @RequirePermission('webhooks:read')
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(endpointSchema), description: 'Newest first.' })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.endpoints.list(ws, q);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhookEndpoint', summary: 'Get a webhook endpoint' })
  @RequirePermission('webhooks:read')
  @ApiZod({ response: endpointSchema })
  get(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.endpoints.get(ws, id);
  }

  @Patch(':id')
  @ApiOperation({ operationId: 'updateWebhookEndpoint', summary: 'Change a webhook endpoint' })
  @RequirePermission('webhooks:write')
  @ApiZod({ body: updateSchema, response: endpointSchema })
  update(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    return this.endpoints.update(ws, id, parseBody(updateSchema, body));
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'deleteWebhookEndpoint', summary: 'Delete a webhook endpoint' })
  @RequirePermission('webhooks:write')
  @HttpCode(204)
  async remove(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    await this.endpoints.remove(ws, id);
  }

  @Post(':id/rotate-secret')
  @ApiOperation({ operationId: 'rotateWebhookSecret', summary: "Rotate a webhook endpoint's secret" })
  @RequirePermission('webhooks:write')
  @HttpCode(200)
  @ApiZod({
    body: rotateSchema,
    response: endpointSchema.extend({ secret: z.string() }),
    description: 'The new secret is shown only here; the old one also signs until previousSecretExpiresAt.',
  })
  rotate(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    const { graceSeconds } = parseBody(rotateSchema, body);
    return this.endpoints.rotateSecret(ws, id, graceSeconds === undefined ? undefined : graceSeconds * 1000);
  }

  @Post(':id/enable')
  @ApiOperation({ operationId: 'enableWebhookEndpoint', summary: 'Re-enable a webhook endpoint' })
  @RequirePermission('webhooks:write')
  @HttpCode(200)
  @ApiZod({
    response: endpointSchema,
    description: 'Re-enables the endpoint (after a 410 Gone); what it missed goes out again.',
  })
  enable(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string) {
    return this.endpoints.enable(ws, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "List an endpoint's deliveries" })
  @RequirePermission('webhooks:read')
  @QueryParams(deliveriesQuery)
  @ApiZod({ description: 'The delivery log, newest first: `{ data, nextCursor }`.' })
  deliveries(
    @WorkspaceId() ws: string,
    @Param('id', IdPipe) id: string,
    @ValidQuery() q: z.output<typeof deliveriesQuery>,
  ) {
    return this.endpoints.deliveries(ws, id, q);
  }

  @Get(':id/messages/:messageId/attempts')
  @ApiOperation({ operationId: 'listWebhookAttempts', summary: 'List the attempts of one message' })
  @RequirePermission('webhooks:read')
  @ApiZod({ description: 'The message body and every attempt to deliver it here: HTTP status, latency, error.' })
  attempts(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Param('messageId') messageId: string) {
    return this.endpoints.attempts(ws, id, messageId);
  }

  @Post(':id/replay')
  @ApiOperation({ operationId: 'replayWebhookMessages', summary: 'Send past messages again' })
  @RequirePermission('webhooks:write')
  @HttpCode(202)
  @ApiZod({ body: replaySchema, response: z.object({ replayed: z.number().int() }), status: 202 })
  replay(@WorkspaceId() ws: string, @Param('id', IdPipe) id: string, @Body() body: unknown) {
    const input = parseBody(replaySchema, body);
    return this.endpoints.replay(
      ws,
      id,
      'messageId' in input ? { messageId: input.messageId } : { since: new Date(input.since) },
    );
  }
}
