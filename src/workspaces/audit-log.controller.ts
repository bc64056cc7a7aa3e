import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { sequencePosition } from '../common/cursor';
import { cursorParam, limitParam, pageSchema } from '../common/pagination';
import { QueryParams, ValidQuery } from '../common/query-params';
import { ApiZod } from '../common/zod-validation';
import { RequirePermission } from './access';
import { AuditLogService } from './audit-log.service';
import { WorkspaceId } from './auth.guard';

const listQuery = z.object({ limit: limitParam, cursor: cursorParam(sequencePosition).optional() }).strict();

const entrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    type: z.enum(['user', 'api-key']),
    id: z.string().uuid(),
    label: z.string().describe("The user's address, or api-key:<id>, as it was at the time."),
  }),
  action: z.string().describe('alerts.resolve, responses.export, settings.workspace.update, users.invite, …'),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  method: z.string().nullable(),
  path: z.string().nullable().describe('The route, with its parameters named (/v1/alerts/:id/resolve).'),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

@ApiTags('people')
@Controller('v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @ApiOperation({ operationId: 'listAuditLog', summary: 'Read the audit log' })
  @RequirePermission('audit-log:read')
  @QueryParams(listQuery)
  @ApiZod({
    response: pageSchema(entrySchema),
    description: 'Who did what and when, newest first: every change made through the API, exports, sign-ins.',
  })
  list(@WorkspaceId() ws: string, @ValidQuery() q: z.output<typeof listQuery>) {
    return this.audit.page(ws, q.limit, q.cursor);
  }
}
