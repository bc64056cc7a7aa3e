import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { IdPipe } from '../common/id.pipe';
import { keysetPageParams, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod, parseBody } from '../common/zod-validation';
import { RequirePermission } from './access';
import { WorkspaceId } from './auth.guard';
import { WorkspacesService } from './workspaces.service';

const createKeySchema = z.object({
  name: z.string().trim().min(1).max(200),
  scope: z.enum(['admin', 'ingest']),
});

const keySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  scope: z.enum(['admin', 'ingest']),
  prefix: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const listQuery = z.object(keysetPageParams).strict();

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key' })
  @RequirePermission('api-keys:write')
  @ApiZod({
    body: createKeySchema,
    response: keySchema.extend({ apiKey: z.string() }),
    status: 201,
    description: 'The key is shown only in this response.',
  })
  create(@WorkspaceId() workspaceId: string, @Body() body: unknown) {
    const input = parseBody(createKeySchema, body);
    return this.workspaces.createKey(workspaceId, input.name, input.scope);
  }

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys' })
  @RequirePermission('api-keys:read')
  @QueryParams(listQuery)
  @ApiZod({ response: pageSchema(keySchema), description: 'Newest first.' })
  list(@WorkspaceId() workspaceId: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.workspaces.listKeys(workspaceId, q);
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key' })
  @RequirePermission('api-keys:write')
  @HttpCode(200)
  @ApiZod({ response: keySchema, description: 'Revokes the key; it stops working at once on this process.' })
  revoke(@WorkspaceId() workspaceId: string, @Param('id', IdPipe) id: string) {
    return this.workspaces.revokeKey(workspaceId, id);
  }
}
